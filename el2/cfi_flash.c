/* The CFI flash command decoder; see cfi_flash.h. Commands follow Intel's
 * command set as QEMU's pflash_cfi01 implements it for virt's two 16-bit
 * chips on a 32-bit bus: a command is the low byte of the written value,
 * and what a read returns outside read-array mode is each chip's answer in
 * its 16-bit lane (low byte, high byte 0). */
#include <string.h>
#include "el2/cfi_flash.h"

#define CHIPS        2u
#define SEQ_ERR      (CFI_SR_PROG_ERR | CFI_SR_ERASE_ERR)   /* improper command sequence */

void cfi_flash_init(struct cfi_flash *f, uint8_t *data, uint64_t size, bool writable)
{
	memset(f, 0, sizeof(*f));
	f->data = data;
	f->size = size;
	f->writable = writable;
	f->mode = CFI_READ_ARRAY;
	f->status = CFI_SR_READY;
}

static unsigned int log2_u64(uint64_t v)
{
	unsigned int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The CFI table of one chip (JESD68): half the bank, half of each block. */
uint8_t cfi_flash_query_byte(const struct cfi_flash *f, uint64_t i)
{
	uint64_t blocks = f->size / CFI_BLOCK_SIZE;
	uint32_t chip_block = CFI_BLOCK_SIZE / CHIPS;

	switch (i) {
	case 0x10: return 'Q';
	case 0x11: return 'R';
	case 0x12: return 'Y';
	case 0x13: return 0x01;   /* primary command set: Intel/Sharp extended */
	case 0x15: return 0x31;   /* its extended table at 0x31 */
	case 0x1b: return 0x45;   /* Vcc min/max, 4.5-5.5 V (QEMU's values) */
	case 0x1c: return 0x55;
	case 0x1f: return 0x07;   /* typical word program: 2^7 us */
	case 0x20: return 0x07;   /* typical buffer write: 2^7 us */
	case 0x21: return 0x0a;   /* typical block erase: 2^10 ms */
	case 0x23: case 0x24: case 0x25: return 0x04;   /* max = typical * 2^4 */
	case 0x27: return (uint8_t)log2_u64(f->size / CHIPS);   /* chip size, 2^n bytes */
	case 0x28: return 0x02;   /* interface: x8/x16 */
	case 0x2a: return (uint8_t)log2_u64(CFI_BUFFER_SIZE / CHIPS);   /* write buffer, 2^n bytes */
	case 0x2c: return 0x01;   /* one erase-block region: uniform blocks */
	case 0x2d: return (uint8_t)(blocks - 1);
	case 0x2e: return (uint8_t)((blocks - 1) >> 8);
	case 0x2f: return (uint8_t)(chip_block >> 8);    /* block size / 256 */
	case 0x30: return (uint8_t)(chip_block >> 16);
	case 0x31: return 'P';
	case 0x32: return 'R';
	case 0x33: return 'I';
	case 0x34: return '1';
	case 0x35: return '0';
	case 0x3b: return 0x01;   /* block status register: the lock bit */
	default: return 0;
	}
}

/* What one chip answers, outside read-array mode, at 32-bit word w. */
static uint8_t chip_answer(const struct cfi_flash *f, uint64_t off)
{
	uint64_t w = off >> 2;

	switch (f->mode) {
	case CFI_READ_QUERY:
		return cfi_flash_query_byte(f, w);
	case CFI_READ_ID:
		/* Block-relative: manufacturer, device, then the block's lock
		 * status (a read-only bank's blocks are locked). */
		switch ((off % CFI_BLOCK_SIZE) >> 2) {
		case 0: return 0x89;   /* Intel, as QEMU's virt flash */
		case 1: return 0x18;
		case 2: return f->writable ? 0 : 1;
		default: return 0;
		}
	default:
		return f->status;   /* status, and every command cycle in progress */
	}
}

uint64_t cfi_flash_read(const struct cfi_flash *f, uint64_t off, unsigned int size)
{
	uint64_t v = 0;

	if (size > 8 || off >= f->size || size > f->size - off)
		return 0;
	for (unsigned int i = 0; i < size; i++) {
		uint64_t b;

		if (f->mode == CFI_READ_ARRAY)
			b = f->data[off + i];
		else   /* each 16-bit lane: the chip's byte, then 0 */
			b = (off + i) & 1 ? 0 : chip_answer(f, off + i);
		v |= b << (8 * i);
	}
	return v;
}

/* A program or erase on a bank the guest may not change: refused as a
 * write-protected chip refuses it, contents untouched. */
static void refuse(struct cfi_flash *f, uint8_t why)
{
	f->status |= why | CFI_SR_LOCKED;
	f->refused++;
	f->mode = CFI_READ_STATUS;
}

static void sequence_error(struct cfi_flash *f)
{
	f->status |= SEQ_ERR;
	f->mode = CFI_READ_STATUS;
}

/* Programming clears bits, never sets them (only an erase does). */
static void program(struct cfi_flash *f, uint64_t off, unsigned int size, uint64_t value)
{
	for (unsigned int i = 0; i < size; i++)
		f->data[off + i] &= (uint8_t)(value >> (8 * i));
}

static void command(struct cfi_flash *f, uint64_t off, uint8_t cmd)
{
	switch (cmd) {
	case 0xff: case 0xf0: case 0x00:
		f->mode = CFI_READ_ARRAY;
		break;
	case 0x70:
		f->mode = CFI_READ_STATUS;
		break;
	case 0x50:   /* clear status: the error bits; the read mode stays */
		f->status = CFI_SR_READY;
		break;
	case 0x98:
		f->mode = CFI_READ_QUERY;
		break;
	case 0x90:
		f->mode = CFI_READ_ID;
		break;
	case 0x40: case 0x10:
		f->mode = CFI_PROGRAM;
		break;
	case 0xe8:   /* given at the block's address (U-Boot) or the data's (EDK2) */
		f->buf_block = off & ~(uint64_t)(CFI_BLOCK_SIZE - 1);
		f->buf_started = false;
		f->mode = CFI_BUFFER_COUNT;
		break;
	case 0x20:
		f->mode = CFI_ERASE;
		break;
	case 0x60:
		f->mode = CFI_LOCK;
		break;
	default:   /* suspend/resume (nothing is ever in progress) or unknown:
		    * back to read-array, as QEMU's pflash_cfi01 does */
		f->mode = CFI_READ_ARRAY;
		break;
	}
}

void cfi_flash_write(struct cfi_flash *f, uint64_t off, unsigned int size, uint64_t value)
{
	uint8_t cmd = (uint8_t)value;

	if (size > 8 || off >= f->size || size > f->size - off)
		return;
	switch (f->mode) {
	case CFI_PROGRAM:
		if (!f->writable)
			refuse(f, CFI_SR_PROG_ERR);
		else {
			program(f, off, size, value);
			f->mode = CFI_READ_STATUS;
		}
		break;
	case CFI_BUFFER_COUNT: {
		uint32_t words = (uint32_t)(value & 0xffff) + 1;

		if (words > CFI_BUFFER_SIZE / 4) {
			sequence_error(f);
			break;
		}
		f->buf_words = words;
		f->mode = CFI_BUFFER_DATA;
		break;
	}
	case CFI_BUFFER_DATA:
		/* The first word places the buffer's window, in the command's
		 * block; each word lands in it, as on a chip: one outside it
		 * aborts the whole sequence. */
		if (!f->buf_started) {
			f->buf_base = off & ~(uint64_t)(CFI_BUFFER_SIZE - 1);
			f->buf_started = true;
			if ((off & ~(uint64_t)(CFI_BLOCK_SIZE - 1)) != f->buf_block) {
				sequence_error(f);
				break;
			}
		}
		if (off < f->buf_base || off + size > f->buf_base + CFI_BUFFER_SIZE) {
			sequence_error(f);
			break;
		}
		if (f->writable)
			program(f, off, size, value);
		if (--f->buf_words == 0)
			f->mode = CFI_BUFFER_CONFIRM;
		break;
	case CFI_BUFFER_CONFIRM:
		if (cmd != 0xd0)
			sequence_error(f);
		else if (!f->writable)
			refuse(f, CFI_SR_PROG_ERR);
		else
			f->mode = CFI_READ_STATUS;
		break;
	case CFI_ERASE:
		if (cmd != 0xd0)
			sequence_error(f);
		else if (!f->writable)
			refuse(f, CFI_SR_ERASE_ERR);
		else {
			memset(f->data + (off & ~(uint64_t)(CFI_BLOCK_SIZE - 1)), 0xff, CFI_BLOCK_SIZE);
			f->mode = CFI_READ_STATUS;
		}
		break;
	case CFI_LOCK:   /* lock, unlock, lock-down: accepted, nothing changes */
		if (cmd != 0x01 && cmd != 0xd0 && cmd != 0x2f)
			sequence_error(f);
		else
			f->mode = CFI_READ_STATUS;
		break;
	default:
		command(f, off, cmd);
		break;
	}
}
