/* Guest payload inspection: raw binaries and arm64 Linux Image headers
 * (Documentation/arch/arm64/booting.rst: code0/code1, text_offset at 8,
 * image_size at 16, flags at 24, "ARM\x64" magic at 0x38, little-endian). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "firmware/boot_image.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"

static struct boot_image img;
static char msg[128];
static uint8_t payload[8192];

static void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* An arm64 Image header at the start of payload. */
static void image_header(uint64_t text_offset, uint64_t image_size)
{
	memset(payload, 0, sizeof(payload));
	put_le64(payload + 0, 0x14000010);      /* b #0x40 */
	put_le64(payload + 8, text_offset);
	put_le64(payload + 16, image_size);
	put_le64(payload + 24, 0xa);            /* flags: LE, 4K pages, anywhere */
	memcpy(payload + 0x38, "ARM\x64", 4);
}

static void setup(void)
{
	memset(&img, 0xa5, sizeof(img));
	memset(msg, 0, sizeof(msg));
}

/* issue 15: an ARM zImage (magic 0x016f2818 at 0x24) is recognised and
 * loaded as it is, at offset 0. */
START_TEST(arm_zimage)
{
	static const uint8_t magic[4] = { 0x18, 0x28, 0x6f, 0x01 };

	memset(payload, 0, sizeof(payload));
	memcpy(payload + 0x24, magic, 4);
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), 0);
	ck_assert(img.arm_zimage);
	ck_assert(!img.arm64_image);
	ck_assert_uint_eq(img.load_offset, 0);
	ck_assert_uint_eq(img.mem_size, sizeof(payload));
	/* Too short to hold the magic: a raw binary. */
	ck_assert_int_eq(boot_image_inspect(payload, 0x27, &img, msg, sizeof(msg)), 0);
	ck_assert(!img.arm_zimage);
}
END_TEST

START_TEST(raw_binary)
{
	memset(payload, 0, sizeof(payload));
	memcpy(payload, "\x00\x00\x80\xd2", 4);   /* mov x0, #0 */
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), 0);
	ck_assert(!img.arm64_image);
	ck_assert_uint_eq(img.load_offset, 0);
	ck_assert_uint_eq(img.file_size, sizeof(payload));
	ck_assert_uint_eq(img.mem_size, sizeof(payload));
	ck_assert_str_eq(msg, "");
}
END_TEST

START_TEST(raw_binary_shorter_than_a_header)
{
	/* Shorter than the 64-byte header: not an Image, magic or not. */
	image_header(0, 0x100000);
	ck_assert_int_eq(boot_image_inspect(payload, 0x3c, &img, msg, sizeof(msg)), 0);
	ck_assert(!img.arm64_image);
	ck_assert_uint_eq(img.file_size, 0x3c);
	ck_assert_uint_eq(img.mem_size, 0x3c);
	ck_assert_int_eq(boot_image_inspect(payload, 1, &img, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(img.file_size, 1);
}
END_TEST

START_TEST(wrong_magic_is_a_raw_binary)
{
	image_header(0x80000, 0x100000);
	memcpy(payload + 0x38, "\x64MRA", 4);    /* byte-swapped */
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), 0);
	ck_assert(!img.arm64_image);
	ck_assert_uint_eq(img.load_offset, 0);
	ck_assert_uint_eq(img.mem_size, sizeof(payload));
}
END_TEST

START_TEST(arm64_image_header)
{
	image_header(0x80000, 0x1000000);
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), 0);
	ck_assert(img.arm64_image);
	ck_assert_uint_eq(img.load_offset, 0x80000);
	ck_assert_uint_eq(img.file_size, sizeof(payload));
	/* image_size covers the BSS beyond the file. */
	ck_assert_uint_eq(img.mem_size, 0x1000000);
}
END_TEST

START_TEST(arm64_image_with_text_offset_zero)
{
	image_header(0, 0x2345000);
	ck_assert_int_eq(boot_image_inspect(payload, 64, &img, msg, sizeof(msg)), 0);
	ck_assert(img.arm64_image);
	ck_assert_uint_eq(img.load_offset, 0);
	ck_assert_uint_eq(img.file_size, 64);
	ck_assert_uint_eq(img.mem_size, 0x2345000);
}
END_TEST

START_TEST(image_size_smaller_than_the_file)
{
	/* mem_size never shrinks below what is copied. */
	image_header(0, 0x1000);
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), 0);
	ck_assert(img.arm64_image);
	ck_assert_uint_eq(img.mem_size, sizeof(payload));
}
END_TEST

START_TEST(legacy_image_size_zero_loads_at_0x80000)
{
	/* Before Linux 3.17 image_size is 0 and text_offset's endianness is
	 * unknown: the offset is 0x80000 whatever the field says. */
	image_header(0x0000080000000000ull, 0);
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), 0);
	ck_assert(img.arm64_image);
	ck_assert_uint_eq(img.load_offset, 0x80000);
	ck_assert_uint_eq(img.mem_size, sizeof(payload));
	ck_assert_uint_eq(img.file_size, sizeof(payload));
}
END_TEST

START_TEST(misaligned_text_offset_is_refused)
{
	image_header(0x80800, 0x100000);
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "arm64 Image text_offset 0x80800 is not page aligned");
	image_header(0x1, 0x100000);
	ck_assert_int_eq(boot_image_inspect(payload, sizeof(payload), &img, msg, sizeof(msg)), -1);
	ck_assert_contains(msg, "text_offset 0x1 ");
}
END_TEST

START_TEST(empty_payload_is_refused)
{
	ck_assert_int_eq(boot_image_inspect(payload, 0, &img, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "payload is empty");
	ck_assert(!img.arm64_image);
	ck_assert_uint_eq(img.file_size, 0);
	ck_assert_int_eq(boot_image_inspect(NULL, 0, &img, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "payload is empty");
}
END_TEST

Suite *boot_image_suite(void)
{
	Suite *s = suite_create("boot_image");
	TCase *tc = tcase_create("inspect");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, raw_binary);
	tcase_add_test(tc, arm_zimage);
	tcase_add_test(tc, raw_binary_shorter_than_a_header);
	tcase_add_test(tc, wrong_magic_is_a_raw_binary);
	tcase_add_test(tc, arm64_image_header);
	tcase_add_test(tc, arm64_image_with_text_offset_zero);
	tcase_add_test(tc, image_size_smaller_than_the_file);
	tcase_add_test(tc, legacy_image_size_zero_loads_at_0x80000);
	tcase_add_test(tc, misaligned_text_offset_is_refused);
	tcase_add_test(tc, empty_payload_is_refused);
	suite_add_tcase(s, tc);
	return s;
}
