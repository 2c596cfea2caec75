/* The SBSA generic watchdog's register logic (el2/gwdt.c): what each write
 * does, when WS0 and WS1 rise given the time, and what a hostile guest's
 * writes cannot do (a WOR beyond 48 bits, writes to read-only registers,
 * wrong sizes and offsets, deadlines past the end of time). */
#include <check.h>
#include <stdint.h>
#include "el2/gwdt.h"
#include "tests/unit/suites.h"

static struct gwdt w;

static enum gwdt_signal ctl(uint32_t off, uint64_t value, uint64_t now)
{
	return gwdt_write(&w, false, off, 4, value, now);
}

static uint64_t rd(uint32_t off)
{
	return gwdt_read(&w, false, off, 4);
}

START_TEST(power_on_is_disabled_and_quiet)
{
	gwdt_reset(&w);
	ck_assert_uint_eq(rd(GWDT_WCS), 0);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WOR, 8), 0);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WCV, 8), 0);
	ck_assert_uint_eq(gwdt_deadline(&w), GWDT_NEVER);
	ck_assert_int_eq(gwdt_advance(&w, UINT64_MAX), GWDT_QUIET);
	/* W_IIDR in both frames: architecture revision 1. */
	ck_assert_uint_eq((rd(GWDT_W_IIDR) >> 16) & 0xf, 1);
	ck_assert_uint_eq(gwdt_read(&w, true, GWDT_W_IIDR, 4), GWDT_IIDR_VALUE);
}
END_TEST

/* Linux's sbsa_gwdt with action=0: WOR = half the timeout, enable, ping. */
START_TEST(ws0_then_ws1_without_refresh)
{
	gwdt_reset(&w);
	ck_assert_int_eq(ctl(GWDT_WOR, 1000, 100), GWDT_QUIET);
	ck_assert_int_eq(ctl(GWDT_WOR + 4, 0, 100), GWDT_QUIET);
	ck_assert_int_eq(ctl(GWDT_WCS, GWDT_WCS_EN, 200), GWDT_QUIET);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WCV, 8), 1200);
	ck_assert_uint_eq(gwdt_deadline(&w), 1200);
	ck_assert_int_eq(gwdt_advance(&w, 1199), GWDT_QUIET);
	ck_assert_int_eq(gwdt_advance(&w, 1200), GWDT_RAISED_WS0);
	ck_assert_uint_eq(rd(GWDT_WCS), GWDT_WCS_EN | GWDT_WCS_WS0);
	/* The timeout refresh: WCV = now + WOR. */
	ck_assert_uint_eq(gwdt_deadline(&w), 2200);
	ck_assert_int_eq(gwdt_advance(&w, 2199), GWDT_QUIET);
	ck_assert_int_eq(gwdt_advance(&w, 2200), GWDT_RAISED_WS1);
	ck_assert_uint_eq(rd(GWDT_WCS), GWDT_WCS_EN | GWDT_WCS_WS0 | GWDT_WCS_WS1);
	/* Raised once: nothing more to watch until a refresh. */
	ck_assert_uint_eq(gwdt_deadline(&w), GWDT_NEVER);
	ck_assert_int_eq(gwdt_advance(&w, 5000), GWDT_QUIET);
}
END_TEST

START_TEST(every_refresh_clears_the_signals)
{
	static const struct { bool refresh; uint32_t off; uint64_t value; } how[] = {
		{ true, GWDT_WRR, 0 },
		{ false, GWDT_WCS, GWDT_WCS_EN },
		{ false, GWDT_WOR, 1000 },
	};

	for (unsigned int i = 0; i < 3; i++) {
		gwdt_reset(&w);
		ctl(GWDT_WOR, 1000, 0);
		ctl(GWDT_WCS, GWDT_WCS_EN, 0);
		ck_assert_int_eq(gwdt_advance(&w, 1000), GWDT_RAISED_WS0);
		ck_assert_int_eq(gwdt_write(&w, how[i].refresh, how[i].off, 4, how[i].value, 1500),
				 GWDT_QUIET);
		ck_assert_uint_eq(rd(GWDT_WCS), GWDT_WCS_EN);
		ck_assert_uint_eq(gwdt_deadline(&w), 2500);
	}
	/* Disabling: no deadline, no signal, whatever the time. */
	ctl(GWDT_WCS, 0, 1600);
	ck_assert_uint_eq(rd(GWDT_WCS), 0);
	ck_assert_uint_eq(gwdt_deadline(&w), GWDT_NEVER);
	ck_assert_int_eq(gwdt_advance(&w, UINT64_MAX), GWDT_QUIET);
}
END_TEST

START_TEST(wcv_write_sets_the_deadline_itself)
{
	gwdt_reset(&w);
	ctl(GWDT_WOR, 100, 0);
	ctl(GWDT_WCS, GWDT_WCS_EN, 0);
	ck_assert_int_eq(gwdt_write(&w, false, GWDT_WCV, 8, 0x123456789ull, 10), GWDT_QUIET);
	ck_assert_uint_eq(gwdt_deadline(&w), 0x123456789ull);
	ck_assert_uint_eq(rd(GWDT_WCV), 0x23456789);
	ck_assert_uint_eq(rd(GWDT_WCV + 4), 0x1);
	/* A compare value in the past: WS0 at once; with WS0 set, WS1 at once. */
	ck_assert_int_eq(ctl(GWDT_WCV + 4, 0, 50), GWDT_QUIET);
	ck_assert_int_eq(ctl(GWDT_WCV, 20, 50), GWDT_RAISED_WS0);
	ck_assert_uint_eq(gwdt_deadline(&w), 150);
	ck_assert_int_eq(ctl(GWDT_WCV, 20, 60), GWDT_RAISED_WS1);
}
END_TEST

START_TEST(hostile_writes_are_clamped_or_ignored)
{
	gwdt_reset(&w);
	/* WOR keeps 48 bits, whatever is written, whole or by halves. */
	gwdt_write(&w, false, GWDT_WOR, 8, UINT64_MAX, 0);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WOR, 8), GWDT_WOR_MAX);
	ck_assert_uint_eq(rd(GWDT_WOR + 4), 0xffff);
	ctl(GWDT_WOR + 4, 0xffffffff, 0);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WOR, 8), GWDT_WOR_MAX);
	/* WCS keeps only EN: WS0 and WS1 are read-only. */
	ctl(GWDT_WCS, 0xffffffff, 0);
	ck_assert_uint_eq(rd(GWDT_WCS), GWDT_WCS_EN);
	/* No wrap: now + WOR past the end of time is the end of time. */
	ctl(GWDT_WCS, GWDT_WCS_EN, UINT64_MAX - 5);
	ck_assert_uint_eq(gwdt_deadline(&w), GWDT_NEVER);
	ck_assert_int_eq(gwdt_advance(&w, UINT64_MAX - 1), GWDT_QUIET);
	/* Read-only W_IIDR, wrong sizes and offsets: nothing changes. */
	gwdt_reset(&w);
	ctl(GWDT_WOR, 500, 0);
	ck_assert_int_eq(ctl(GWDT_W_IIDR, 0, 0), GWDT_QUIET);
	ck_assert_uint_eq(rd(GWDT_W_IIDR), GWDT_IIDR_VALUE);
	ck_assert_int_eq(gwdt_write(&w, false, GWDT_WCS, 2, GWDT_WCS_EN, 0), GWDT_QUIET);
	ck_assert_int_eq(gwdt_write(&w, false, GWDT_WCS, 1, GWDT_WCS_EN, 0), GWDT_QUIET);
	ck_assert_int_eq(gwdt_write(&w, false, GWDT_WCS, 8, GWDT_WCS_EN, 0), GWDT_QUIET);
	ck_assert_int_eq(gwdt_write(&w, false, GWDT_WOR + 2, 4, 7, 0), GWDT_QUIET);
	ck_assert_int_eq(gwdt_write(&w, false, GWDT_WOR + 4, 8, 7, 0), GWDT_QUIET);
	ck_assert_int_eq(gwdt_write(&w, false, 0x18, 4, 7, 0), GWDT_QUIET);
	ck_assert_int_eq(gwdt_write(&w, true, 0x4, 4, 7, 0), GWDT_QUIET);
	ck_assert_uint_eq(rd(GWDT_WCS), 0);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WOR, 8), 500);
	ck_assert_uint_eq(gwdt_read(&w, false, GWDT_WCS, 2), 0);
	ck_assert_uint_eq(gwdt_read(&w, true, GWDT_WRR, 4), 0);
	ck_assert_uint_eq(gwdt_read(&w, false, 0x800, 4), 0);
}
END_TEST

/* WOR 0: WS0 and WS1 together, at the enabling write, and never more. */
START_TEST(zero_offset_raises_both_at_once)
{
	gwdt_reset(&w);
	ck_assert_int_eq(ctl(GWDT_WCS, GWDT_WCS_EN, 77), GWDT_RAISED_WS1);
	ck_assert_uint_eq(rd(GWDT_WCS), GWDT_WCS_EN | GWDT_WCS_WS0 | GWDT_WCS_WS1);
	ck_assert_uint_eq(gwdt_deadline(&w), GWDT_NEVER);
	ck_assert_uint_eq(gwdt_add_sat(UINT64_MAX - 1, 2), GWDT_NEVER);
	ck_assert_uint_eq(gwdt_add_sat(1, 2), 3);
}
END_TEST

Suite *gwdt_suite(void)
{
	Suite *s = suite_create("gwdt");
	TCase *t = tcase_create("registers");

	tcase_add_test(t, power_on_is_disabled_and_quiet);
	tcase_add_test(t, ws0_then_ws1_without_refresh);
	tcase_add_test(t, every_refresh_clears_the_signals);
	tcase_add_test(t, wcv_write_sets_the_deadline_itself);
	tcase_add_test(t, hostile_writes_are_clamped_or_ignored);
	tcase_add_test(t, zero_offset_raises_both_at_once);
	suite_add_tcase(s, t);
	return s;
}
