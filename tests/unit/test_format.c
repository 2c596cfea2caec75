/* snformat/vsnformat: conversions, flags, widths, length modifiers, and
 * truncation (C99 snprintf semantics for the return value). */
#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <format.h>
#include "tests/unit/suites.h"

static char buf[128];

/* Formats into buf (sized to it) and checks the text and returned length. */
#define ck_format(expect, ...) do { \
	memset(buf, 'x', sizeof(buf)); \
	int n_ = snformat(buf, sizeof(buf), __VA_ARGS__); \
	ck_assert_str_eq(buf, (expect)); \
	ck_assert_int_eq(n_, (int)strlen(expect)); \
} while (0)

/* Without the printf format check, for flag combinations gcc warns about. */
static int unchecked(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnformat(out, size, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(signed_decimal)
{
	ck_format("42", "%d", 42);
	ck_format("-42", "%d", -42);
	ck_format("0", "%d", 0);
	ck_format("-7", "%i", -7);
	ck_format("2147483647", "%d", INT_MAX);
	ck_format("-2147483648", "%d", INT_MIN);
	ck_format("a=1 b=-2 c=3", "a=%d b=%d c=%d", 1, -2, 3);
}
END_TEST

START_TEST(unsigned_and_hex)
{
	ck_format("4294967295", "%u", UINT_MAX);
	ck_format("0", "%u", 0u);
	ck_format("deadbeef", "%x", 0xdeadbeefu);
	ck_format("DEADBEEF", "%X", 0xdeadbeefu);
	ck_format("0", "%x", 0u);
	ck_format("ffffffff", "%x", (unsigned int)-1);
}
END_TEST

START_TEST(pointer_string_char_percent)
{
	ck_format("0x1234abcd", "%p", (void *)(uintptr_t)0x1234abcd);
	ck_format("0x0", "%p", (void *)0);
	ck_format("hello, world", "%s, %s", "hello", "world");
	ck_format("", "%s", "");
	ck_format("x", "%c", 'x');
	ck_format("[A]", "[%c]", 65);
	ck_format("100%", "%d%%", 100);
	ck_format("%", "%%");
	ck_format("plain text", "plain text");
}
END_TEST

START_TEST(null_string)
{
	const char *null = NULL;

	/* gcc knows %s of NULL is undefined for printf; snformat defines it. */
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(unchecked(buf, sizeof(buf), "[%s]", null), 8);
	ck_assert_str_eq(buf, "[(null)]");
}
END_TEST

START_TEST(widths_and_padding)
{
	ck_format("   42", "%5d", 42);
	ck_format("00042", "%05d", 42);
	ck_format("42   |", "%-5d|", 42);
	ck_format("12345", "%2d", 12345);        /* never truncated by a width */
	ck_format("0000beef", "%08x", 0xbeefu);
	ck_format("    BEEF", "%8X", 0xbeefu);
	ck_format("      ab", "%8s", "ab");
	ck_format("ab      |", "%-8s|", "ab");
	ck_format("abcdef", "%3s", "abcdef");
	ck_format("  z", "%3c", 'z');
	ck_format("z  |", "%-3c|", 'z');
	ck_format("   7", "%4u", 7u);
	ck_format("0x0000ff", "0x%06x", 0xffu);
}
END_TEST

START_TEST(left_alignment_overrides_zero_padding)
{
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(unchecked(buf, sizeof(buf), "%-08x|", 0xbeefu), 9);
	ck_assert_str_eq(buf, "beef    |");
	ck_assert_int_eq(unchecked(buf, sizeof(buf), "%0-6d|", -5), 7);
	ck_assert_str_eq(buf, "-5    |");
}
END_TEST

START_TEST(negative_numbers_with_padding)
{
	ck_format("-0042", "%05d", -42);          /* sign before the zeros */
	ck_format("  -42", "%5d", -42);
	ck_format("-42  |", "%-5d|", -42);
	ck_format("-42", "%03d", -42);            /* width already used up */
	ck_format("-42", "%02d", -42);
	ck_format("-00000000001", "%012lld", -1LL);
}
END_TEST

START_TEST(long_and_long_long)
{
	ck_format("-9223372036854775808", "%lld", LLONG_MIN);
	ck_format("9223372036854775807", "%lld", LLONG_MAX);
	ck_format("18446744073709551615", "%llu", ULLONG_MAX);
	ck_format("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
	ck_format("FFFFFFFFFFFFFFFF", "%llX", ~0ull);
	ck_format("-1", "%ld", -1L);
	ck_format("4294967296", "%lu", 4294967296UL);
	ck_format("7fffffffffffffff", "%lx", (unsigned long)LONG_MAX);
	/* An int after a long long still comes from the right argument. */
	ck_format("1 2 3", "%lld %d %llu", 1LL, 2, 3ULL);
}
END_TEST

START_TEST(size_t_values)
{
	ck_format("123456789012", "%zu", (size_t)123456789012ull);
	ck_format("0", "%zu", (size_t)0);
	ck_format("ffffffffffffffff", "%zx", SIZE_MAX);
	ck_format("    4096", "%8zu", sizeof(char[4096]));
}
END_TEST

START_TEST(truncation_keeps_the_full_length_and_terminates)
{
	char small[16];

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(snformat(small, 8, "hello world"), 11);
	ck_assert_str_eq(small, "hello w");
	ck_assert_int_eq(small[8], 'x');          /* nothing written past size */

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(snformat(small, 4, "%d", 123456), 6);
	ck_assert_str_eq(small, "123");
	ck_assert_int_eq(small[4], 'x');

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(snformat(small, 6, "%08x|%s", 0xabu, "tail"), 13);
	ck_assert_str_eq(small, "00000");

	/* Exactly fits: the terminator takes the last byte. */
	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(snformat(small, 6, "abcde"), 5);
	ck_assert_str_eq(small, "abcde");
	ck_assert_int_eq(snformat(small, 5, "abcde"), 5);
	ck_assert_str_eq(small, "abcd");

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(snformat(small, 1, "abc"), 3);
	ck_assert_int_eq(small[0], '\0');
	ck_assert_int_eq(small[1], 'x');
}
END_TEST

START_TEST(size_zero_writes_nothing)
{
	char small[4] = { 'q', 'q', 'q', 'q' };

	ck_assert_int_eq(snformat(small, 0, "abc%d", 12345), 8);
	ck_assert_int_eq(small[0], 'q');
	/* The usual "how long would it be" call. */
	ck_assert_int_eq(snformat(NULL, 0, "%s=%llu", "total", 18446744073709551615ull), 26);
}
END_TEST

START_TEST(malformed_formats_do_not_overrun)
{
	memset(buf, 'x', sizeof(buf));
	ck_assert_int_eq(unchecked(buf, sizeof(buf), "%q"), 2);   /* unknown: printed as is */
	ck_assert_str_eq(buf, "%q");
	memset(buf, 'x', sizeof(buf));
	int n = unchecked(buf, sizeof(buf), "abc%");             /* a lone trailing % */
	ck_assert_int_le(n, 4);
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_int_eq(strncmp(buf, "abc", 3), 0);
	memset(buf, 'x', sizeof(buf));
	n = unchecked(buf, sizeof(buf), "abc%08");                /* flags, width, no conversion */
	ck_assert_int_eq(n, (int)strlen(buf));
	ck_assert_int_eq(strncmp(buf, "abc", 3), 0);
}
END_TEST

Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("snformat");

	tcase_add_test(tc, signed_decimal);
	tcase_add_test(tc, unsigned_and_hex);
	tcase_add_test(tc, pointer_string_char_percent);
	tcase_add_test(tc, null_string);
	tcase_add_test(tc, widths_and_padding);
	tcase_add_test(tc, left_alignment_overrides_zero_padding);
	tcase_add_test(tc, negative_numbers_with_padding);
	tcase_add_test(tc, long_and_long_long);
	tcase_add_test(tc, size_t_values);
	tcase_add_test(tc, truncation_keeps_the_full_length_and_terminates);
	tcase_add_test(tc, size_zero_writes_nothing);
	tcase_add_test(tc, malformed_formats_do_not_overrun);
	suite_add_tcase(s, tc);
	return s;
}
