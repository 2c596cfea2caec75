/* libFuzzer target: the emulated CFI flash's command decoder
 * (el2/cfi_flash.c), which parses every write a firmware guest makes to its
 * flash. Input: accesses (offset, mostly near the interesting CFI offsets
 * or a block boundary, else anywhere; size, any, 1-8 or not; value, mostly
 * a command byte replicated in both lanes) on a read-only bank and a
 * writable one of two blocks each.
 *
 * What must hold: the read-only bank's contents never change and every
 * program or erase on it is counted as refused; on the writable bank a byte
 * only ever loses bits (programming) or becomes 0xff with its whole block
 * (erasing); reads in read-array mode return the contents, reads in any
 * other mode are a chip's answer in each 16-bit lane (high byte 0); the
 * status always says ready; nothing is read or written outside the bank
 * (AddressSanitizer: the banks are heap blocks of exactly their size). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "el2/cfi_flash.h"
#include "tests/fuzz/fuzz_input.h"

#define BANK (2 * CFI_BLOCK_SIZE)
#define MAX_OPS 128

static uint64_t pick_offset(struct input *in)
{
	static const uint64_t near[] = { 0, 0x55 * 4, 0xaa * 4, 0x10 * 4, 0x27 * 4, 8,
					 CFI_BLOCK_SIZE - 4, CFI_BLOCK_SIZE, BANK - 8, BANK - 1, 0x80, 0xfc };
	uint8_t how = u8(in);

	if (how < 160)
		return near[how % (sizeof(near) / sizeof(near[0]))] + (u8(in) & 0x87);
	if (how < 250)
		return u32(in) % BANK;
	return u64(in);
}

static uint64_t pick_value(struct input *in)
{
	static const uint8_t cmds[] = { 0xff, 0x70, 0x50, 0x98, 0x90, 0x40, 0x10, 0xe8, 0x20,
					0xd0, 0x60, 0x01, 0x2f, 0x00, 0xf0, 0xb0 };
	uint8_t how = u8(in);

	if (how < 170) {
		uint8_t c = cmds[u8(in) % sizeof(cmds)];

		return (uint32_t)c << 16 | c;
	}
	if (how < 200)
		return u8(in) & 0x3f;   /* a buffer word count */
	return u64(in);
}

static void run(struct input *in, bool writable)
{
	uint8_t *data = malloc(BANK), *before = malloc(BANK);
	struct cfi_flash f;

	for (size_t i = 0; i < BANK; i++)
		data[i] = (uint8_t)(i * 13 + 5);
	memcpy(before, data, BANK);
	cfi_flash_init(&f, data, BANK, writable);
	for (unsigned int op = 0; op < MAX_OPS && in->n; op++) {
		uint8_t kind = u8(in);
		uint64_t off = pick_offset(in);
		unsigned int size = kind & 0x40 ? 1u << (kind & 3) : kind & 0xf;

		if (kind & 0x80) {
			uint64_t v = cfi_flash_read(&f, off, size);
			bool fits = size && size <= 8 && off < BANK && size <= BANK - off;

			if (!fits) {
				CHECK(v == 0, "a read outside the bank gave 0x%llx", (unsigned long long)v);
				continue;
			}
			for (unsigned int i = 0; i < size; i++) {
				uint8_t b = (uint8_t)(v >> (8 * i));

				if (cfi_flash_reads_array(&f))
					CHECK(b == data[off + i], "read-array byte differs from the contents");
				else if ((off + i) & 1)
					CHECK(b == 0, "a lane's high byte is 0x%x", b);
			}
			continue;
		}
		cfi_flash_write(&f, off, size, pick_value(in));
		CHECK(f.status & CFI_SR_READY, "the chip is never busy");
		if (!memcmp(data, before, BANK))
			continue;   /* most writes are commands */
		CHECK(writable, "the read-only bank changed");
		for (size_t b = 0; b < BANK; b += CFI_BLOCK_SIZE) {
			bool erased = true;

			for (size_t i = b; i < b + CFI_BLOCK_SIZE && erased; i++)
				erased = data[i] == 0xff;
			for (size_t i = b; i < b + CFI_BLOCK_SIZE && !erased; i++)
				CHECK(!(data[i] & ~before[i]), "a program set bits at 0x%zx", i);
		}
		memcpy(before, data, BANK);
	}
	if (!writable)
		CHECK(f.refused <= MAX_OPS, "refusals counted");
	free(data);
	free(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct input in = { data, len };

	run(&in, u8(&in) & 1);
	return 0;
}
