/* Escape sequences in a VM's console output (el2/esc_filter.c): taken out
 * whole, the cursor-position query recognised, control characters never
 * lost inside a broken sequence. */
#include <check.h>
#include <string.h>
#include "el2/esc_filter.h"
#include "suites.h"

/* Feeds s; returns what was shown, and how many questions were asked. */
static const char *run(const char *s, size_t n, unsigned int *asks)
{
	static char shown[1024];
	struct esc_filter f = { 0 };
	size_t k = 0;

	*asks = 0;
	for (size_t i = 0; i < n; i++) {
		enum esc_verdict v = esc_filter_feed(&f, s[i]);

		if (v == ESC_SHOW)
			shown[k++] = s[i];
		*asks += v == ESC_ASK_POSITION;
	}
	shown[k] = '\0';
	return shown;
}

#define RUN(s, asks) run(s, sizeof(s) - 1, asks)

START_TEST(plain_text_passes)
{
	unsigned int a;

	ck_assert_str_eq(RUN("hello\tworld\r\n", &a), "hello\tworld\r\n");
	ck_assert_uint_eq(a, 0);
}
END_TEST

START_TEST(colours_and_moves_are_taken_out)
{
	unsigned int a;

	ck_assert_str_eq(RUN("\x1b[0;32mok\x1b[0m done", &a), "ok done");
	ck_assert_str_eq(RUN("a\x1b[2J\x1b[H\x1b[?25lb", &a), "ab");
	ck_assert_str_eq(RUN("\x1b" "7x\x1b" "8", &a), "x");        /* save/restore cursor */
	ck_assert_str_eq(RUN("\x1b(Bq\x1b(0r", &a), "qr");          /* character sets */
	ck_assert_uint_eq(a, 0);
}
END_TEST

START_TEST(the_position_query_is_recognised)
{
	unsigned int a;

	/* busybox's prompt: "~ # " then ESC [ 6 n */
	ck_assert_str_eq(RUN("~ # \x1b[6n", &a), "~ # ");
	ck_assert_uint_eq(a, 1);
	/* Other device-status requests and look-alikes are not. */
	ck_assert_str_eq(RUN("\x1b[5n\x1b[66n\x1b[16n\x1b[6;1n\x1b[?6n\x1b[6m", &a), "");
	ck_assert_uint_eq(a, 0);
}
END_TEST

START_TEST(strings_end_at_bel_or_st)
{
	unsigned int a;

	ck_assert_str_eq(RUN("\x1b]0;title\x07" "a\x1b]2;t\x1b\\b", &a), "ab");
	ck_assert_str_eq(RUN("\x1bPq#0;2;0;0;0\x1b\\c", &a), "c");
	/* A string never hides a line's end. */
	ck_assert_str_eq(RUN("\x1b]0;no end\nnext", &a), "\nnext");
	ck_assert_uint_eq(a, 0);
}
END_TEST

START_TEST(a_control_character_ends_a_broken_sequence)
{
	unsigned int a;

	ck_assert_str_eq(RUN("\x1b[12\nnext", &a), "\nnext");
	ck_assert_str_eq(RUN("x\x1b\ny", &a), "x\ny");
	/* An ESC inside a sequence starts a new one. */
	ck_assert_str_eq(RUN("\x1b[1\x1b[6n!", &a), "!");
	ck_assert_uint_eq(a, 1);
}
END_TEST

START_TEST(an_endless_sequence_is_bounded)
{
	unsigned int a;
	char s[4096];
	struct esc_filter f = { 0 };

	/* A long CSI: swallowed up to its final byte, then text. */
	s[0] = 0x1b;
	s[1] = '[';
	memset(s + 2, '1', 100);
	memcpy(s + 102, "mZ", 3);
	ck_assert_str_eq(run(s, 104, &a), "Z");
	/* One with no end: text again after ESC_SEQ_MAX * 8 bytes. */
	memset(s + 2, '1', 1000);
	memcpy(s + 1002, "mZ", 3);
	ck_assert_uint_eq(strlen(run(s, 1004, &a)), 1004 - ESC_SEQ_MAX * 8);
	/* A string that never ends gives the text back after a bound. */
	s[0] = 0x1b;
	s[1] = ']';
	memset(s + 2, 'x', sizeof(s) - 2);
	for (size_t i = 0; i < sizeof(s); i++)
		if (esc_filter_feed(&f, s[i]) == ESC_SHOW) {
			ck_assert_uint_lt(i, ESC_SEQ_MAX * 8 + 4);
			return;
		}
	ck_abort_msg("an unterminated string swallowed everything");
}
END_TEST

Suite *esc_filter_suite(void)
{
	Suite *s = suite_create("esc_filter");
	TCase *tc = tcase_create("sequences");

	tcase_add_test(tc, plain_text_passes);
	tcase_add_test(tc, colours_and_moves_are_taken_out);
	tcase_add_test(tc, the_position_query_is_recognised);
	tcase_add_test(tc, strings_end_at_bel_or_st);
	tcase_add_test(tc, a_control_character_ends_a_broken_sequence);
	tcase_add_test(tc, an_endless_sequence_is_bounded);
	suite_add_tcase(s, tc);
	return s;
}
