/* The emulated CFI flash's command decoder (el2/cfi_flash.c): what firmware
 * probes (query, status, ID), program and erase refused on the read-only
 * bank with its contents untouched, acting on the volatile one, and what a
 * hostile guest writes (broken sequences, odd sizes, accesses at the end). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "el2/cfi_flash.h"
#include "tests/unit/suites.h"

#define BANK (2 * CFI_BLOCK_SIZE)

static uint8_t *data, *copy;
static struct cfi_flash f;

static void setup_bank(bool writable)
{
	data = malloc(BANK);
	copy = malloc(BANK);
	for (size_t i = 0; i < BANK; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	memcpy(copy, data, BANK);
	cfi_flash_init(&f, data, BANK, writable);
}

static void teardown(void)
{
	free(data);
	free(copy);
}

/* A command as firmware writes it on the 32-bit bus: one per chip. */
static void cmd(uint64_t off, uint8_t c)
{
	cfi_flash_write(&f, off, 4, (uint32_t)c << 16 | c);
}

START_TEST(read_array_reads_the_contents)
{
	setup_bank(false);
	ck_assert(cfi_flash_reads_array(&f));
	ck_assert_uint_eq(cfi_flash_read(&f, 0x100, 4), *(uint32_t *)(data + 0x100));
	ck_assert_uint_eq(cfi_flash_read(&f, 0x101, 1), data[0x101]);
	teardown();
}
END_TEST

START_TEST(query_answers_qry_and_the_geometry_in_both_lanes)
{
	setup_bank(false);
	cmd(0x55 * 4, 0x98);
	ck_assert(!cfi_flash_reads_array(&f));
	ck_assert_uint_eq(cfi_flash_read(&f, 0x10 * 4, 4), 0x00510051);   /* 'Q' */
	ck_assert_uint_eq(cfi_flash_read(&f, 0x11 * 4, 4), 0x00520052);   /* 'R' */
	ck_assert_uint_eq(cfi_flash_read(&f, 0x12 * 4, 4), 0x00590059);   /* 'Y' */
	ck_assert_uint_eq(cfi_flash_read(&f, 0x13 * 4, 2), 0x0001);       /* Intel command set */
	/* each chip: half the 512 KiB bank, 2^18 bytes; blocks of 128 KiB, two of them */
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x27), 18);
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x2c), 1);
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x2d), 1);
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x2e), 0);
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x2f) | cfi_flash_query_byte(&f, 0x30) << 8, 0x200);
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x2a), 6);   /* 64-byte buffer per chip */
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x31), 'P');
	ck_assert_uint_eq(cfi_flash_query_byte(&f, 0x1000), 0);
	cmd(0, 0xff);
	ck_assert(cfi_flash_reads_array(&f));
	ck_assert_uint_eq(cfi_flash_read(&f, 0x40, 4), *(uint32_t *)(data + 0x40));
	teardown();
}
END_TEST

START_TEST(status_and_id)
{
	setup_bank(false);
	cmd(0, 0x70);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 4), 0x00800080);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 8), 0x0080008000800080ull);
	cmd(0, 0x90);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 4), 0x00890089);
	ck_assert_uint_eq(cfi_flash_read(&f, 4, 4), 0x00180018);
	ck_assert_uint_eq(cfi_flash_read(&f, CFI_BLOCK_SIZE + 8, 4), 0x00010001);   /* locked */
	teardown();
}
END_TEST

START_TEST(read_only_bank_refuses_program_and_erase)
{
	setup_bank(false);
	cmd(0x1000, 0x40);
	cfi_flash_write(&f, 0x1000, 4, 0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 4) & 0xff, CFI_SR_READY | CFI_SR_PROG_ERR | CFI_SR_LOCKED);
	cmd(0, 0x50);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 4), 0x00800080);
	cmd(0, 0x20);
	cmd(0, 0xd0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1), CFI_SR_READY | CFI_SR_ERASE_ERR | CFI_SR_LOCKED);
	cmd(0, 0x50);
	cmd(0x200, 0xe8);
	cfi_flash_write(&f, 0x200, 4, 1);   /* two words */
	cfi_flash_write(&f, 0x200, 4, 0);
	cfi_flash_write(&f, 0x204, 4, 0);
	cmd(0x200, 0xd0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1), CFI_SR_READY | CFI_SR_PROG_ERR | CFI_SR_LOCKED);
	ck_assert_uint_eq(f.refused, 3);
	cmd(0, 0xff);
	ck_assert(memcmp(data, copy, BANK) == 0);
	teardown();
}
END_TEST

START_TEST(volatile_bank_programs_and_erases)
{
	setup_bank(true);
	cmd(0x1000, 0x40);
	cfi_flash_write(&f, 0x1000, 4, 0x0f0f0f0f);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 4), 0x00800080);   /* status after a program */
	cmd(0, 0xff);
	for (int i = 0; i < 4; i++)   /* programming only clears bits */
		ck_assert_uint_eq(data[0x1000 + i], copy[0x1000 + i] & 0x0f);
	cmd(CFI_BLOCK_SIZE + 0x10, 0x20);
	cmd(CFI_BLOCK_SIZE + 0x10, 0xd0);
	cmd(0, 0xff);
	for (size_t i = 0; i < CFI_BLOCK_SIZE; i++)
		ck_assert_uint_eq(data[CFI_BLOCK_SIZE + i], 0xff);
	ck_assert_uint_eq(data[CFI_BLOCK_SIZE - 1], copy[CFI_BLOCK_SIZE - 1]);   /* the block only */
	ck_assert_uint_eq(f.refused, 0);
	teardown();
}
END_TEST

START_TEST(buffered_write_stays_in_its_window)
{
	setup_bank(true);
	memset(data, 0xff, BANK);
	cmd(0x80, 0xe8);
	ck_assert_uint_eq(cfi_flash_read(&f, 0x80, 4), 0x00800080);   /* buffer ready */
	cfi_flash_write(&f, 0x80, 4, 0x00010001);   /* 2 words */
	cfi_flash_write(&f, 0x80, 4, 0x11223344);
	cfi_flash_write(&f, 0x84, 4, 0x55667788);
	cmd(0x80, 0xd0);
	cmd(0, 0xff);
	ck_assert_uint_eq(*(uint32_t *)(data + 0x80), 0x11223344);
	ck_assert_uint_eq(*(uint32_t *)(data + 0x84), 0x55667788);
	/* the command at the block's address, the data further in (U-Boot) */
	cmd(0, 0xe8);
	cfi_flash_write(&f, 0, 4, 0);   /* 1 word */
	cfi_flash_write(&f, 0x204, 4, 0x12345678);
	cmd(0, 0xd0);
	cmd(0, 0xff);
	ck_assert_uint_eq(*(uint32_t *)(data + 0x204), 0x12345678);
	/* data in another block than the command's aborts */
	cmd(0, 0xe8);
	cfi_flash_write(&f, 0, 4, 0);
	cfi_flash_write(&f, CFI_BLOCK_SIZE, 4, 0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1), CFI_SR_READY | CFI_SR_PROG_ERR | CFI_SR_ERASE_ERR);
	ck_assert_uint_eq(data[CFI_BLOCK_SIZE], 0xff);
	cmd(0, 0x50);
	/* a word outside the buffer's 128 bytes aborts the sequence */
	cmd(0x100, 0xe8);
	cfi_flash_write(&f, 0x100, 4, 1);   /* 2 words */
	cfi_flash_write(&f, 0x100, 4, 0);
	cfi_flash_write(&f, 0x180, 4, 0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1), CFI_SR_READY | CFI_SR_PROG_ERR | CFI_SR_ERASE_ERR);
	ck_assert_uint_eq(data[0x180], 0xff);
	/* more words than the buffer holds */
	cmd(0, 0x50);
	cmd(0x100, 0xe8);
	cfi_flash_write(&f, 0x100, 4, 0xffff);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1) & CFI_SR_ERASE_ERR, CFI_SR_ERASE_ERR);
	/* a missing confirm */
	cmd(0, 0x50);
	cmd(0x100, 0xe8);
	cfi_flash_write(&f, 0x100, 4, 0);
	cfi_flash_write(&f, 0x100, 4, 0);
	cmd(0x100, 0x70);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1) & CFI_SR_ERASE_ERR, CFI_SR_ERASE_ERR);
	teardown();
}
END_TEST

START_TEST(hostile_sizes_and_offsets)
{
	setup_bank(false);
	/* a byte-wide command, in the high byte's lane: only the low byte of
	 * the value counts, wherever it lands */
	cfi_flash_write(&f, 1, 1, 0x98);
	ck_assert_uint_eq(cfi_flash_read(&f, 0x10 * 4, 1), 'Q');
	ck_assert_uint_eq(cfi_flash_read(&f, 0x10 * 4 + 1, 1), 0);
	/* reads and writes across the end, or of a nonsense size, do nothing */
	ck_assert_uint_eq(cfi_flash_read(&f, BANK - 4, 8), 0);
	ck_assert_uint_eq(cfi_flash_read(&f, BANK, 1), 0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 16), 0);
	cfi_flash_write(&f, BANK - 2, 4, 0xff);
	cfi_flash_write(&f, UINT64_MAX - 1, 4, 0xff);
	ck_assert(!cfi_flash_reads_array(&f));
	/* an unknown command goes back to read-array, as QEMU's flash does */
	cmd(0, 0x84);
	ck_assert(cfi_flash_reads_array(&f));
	/* lock sequences are accepted and change nothing */
	cmd(0, 0x60);
	cmd(0, 0xd0);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1), CFI_SR_READY);
	cmd(0, 0x60);
	cmd(0, 0x42);
	ck_assert_uint_eq(cfi_flash_read(&f, 0, 1), CFI_SR_READY | CFI_SR_PROG_ERR | CFI_SR_ERASE_ERR);
	cmd(0, 0xff);
	ck_assert(memcmp(data, copy, BANK) == 0);
	teardown();
}
END_TEST

Suite *cfi_flash_suite(void)
{
	Suite *s = suite_create("cfi_flash");
	TCase *t = tcase_create("core");

	tcase_add_test(t, read_array_reads_the_contents);
	tcase_add_test(t, query_answers_qry_and_the_geometry_in_both_lanes);
	tcase_add_test(t, status_and_id);
	tcase_add_test(t, read_only_bank_refuses_program_and_erase);
	tcase_add_test(t, volatile_bank_programs_and_erases);
	tcase_add_test(t, buffered_write_stays_in_its_window);
	tcase_add_test(t, hostile_sizes_and_offsets);
	suite_add_tcase(s, t);
	return s;
}
