/* Generic-timer register arithmetic for the emulated EL1 physical timer:
 * CTL.ISTATUS, the signed 32-bit TVAL view of CVAL, and TVAL writes. */
#include <check.h>
#include <stdint.h>
#include "vtimer/vtimer.h"
#include "tests/unit/suites.h"

#define EN   CNT_CTL_ENABLE
#define MASK CNT_CTL_IMASK
#define ST   CNT_CTL_ISTATUS

_Static_assert(EN == 1, "CNTx_CTL.ENABLE is bit 0");
_Static_assert(MASK == 2, "CNTx_CTL.IMASK is bit 1");
_Static_assert(ST == 4, "CNTx_CTL.ISTATUS is bit 2");

START_TEST(fires_only_enabled_unmasked_and_due)
{
	ck_assert(timer_fires(EN, 1000, 1000));           /* exactly at the deadline */
	ck_assert(timer_fires(EN, 1000, 5000));
	ck_assert(!timer_fires(EN, 1000, 999));
	ck_assert(!timer_fires(EN | MASK, 1000, 5000));   /* masked */
	ck_assert(!timer_fires(0, 1000, 5000));           /* disabled */
	ck_assert(!timer_fires(MASK, 1000, 5000));
	ck_assert(!timer_fires(ST, 1000, 5000));          /* ISTATUS is not ENABLE */
	ck_assert(timer_fires(EN | ST, 1000, 5000));
	ck_assert(timer_fires(EN, 0, 0));
	ck_assert(!timer_fires(EN, UINT64_MAX, UINT64_MAX - 1));
	ck_assert(timer_fires(EN, UINT64_MAX, UINT64_MAX));
}
END_TEST

START_TEST(ctl_reads_with_istatus)
{
	ck_assert_uint_eq(timer_ctl_value(EN, 100, 150), EN | ST);
	ck_assert_uint_eq(timer_ctl_value(EN, 100, 100), EN | ST);
	ck_assert_uint_eq(timer_ctl_value(EN, 100, 99), EN);
	/* Masking hides the interrupt, not the status. */
	ck_assert_uint_eq(timer_ctl_value(EN | MASK, 100, 150), EN | MASK | ST);
	ck_assert_uint_eq(timer_ctl_value(EN | MASK, 100, 50), EN | MASK);
	/* Disabled: no status. */
	ck_assert_uint_eq(timer_ctl_value(0, 100, 150), 0);
	ck_assert_uint_eq(timer_ctl_value(MASK, 100, 150), MASK);
	/* A written ISTATUS and the RES0 bits do not stick. */
	ck_assert_uint_eq(timer_ctl_value(EN | ST, 100, 50), EN);
	ck_assert_uint_eq(timer_ctl_value(~0ull, 100, 50), EN | MASK);
	ck_assert_uint_eq(timer_ctl_value(~0ull, 100, 150), EN | MASK | ST);
}
END_TEST

START_TEST(tval_is_the_signed_32bit_distance)
{
	ck_assert_uint_eq(timer_tval_read(1000, 400), 600);
	ck_assert_uint_eq(timer_tval_read(1000, 1000), 0);
	/* Past the deadline: negative, as 32 bits (bits 63:32 read as zero). */
	ck_assert_uint_eq(timer_tval_read(400, 1000), 0xfffffda8u);
	ck_assert_int_eq((int32_t)timer_tval_read(400, 1000), -600);
	ck_assert_uint_eq(timer_tval_read(0, 1), 0xffffffffu);
	/* More than 32 bits away: only the low 32 bits. */
	ck_assert_uint_eq(timer_tval_read(0x100000005ull + 77, 77), 5);
	ck_assert_uint_eq(timer_tval_read(0x180000000ull, 0), 0x80000000u);
	/* Across the 64-bit wrap of the counter. */
	ck_assert_uint_eq(timer_tval_read(10, UINT64_MAX - 9), 20);
}
END_TEST

START_TEST(tval_write_sets_a_deadline_from_now)
{
	ck_assert_uint_eq(timer_cval_from_tval(600, 1000), 1600);
	ck_assert_uint_eq(timer_cval_from_tval(0, 1000), 1000);
	/* Negative TVAL: a deadline in the past. */
	ck_assert_uint_eq(timer_cval_from_tval(0xfffffda8u, 1000), 400);
	ck_assert_uint_eq(timer_cval_from_tval((uint64_t)-600, 1000), 400);
	ck_assert_uint_eq(timer_cval_from_tval(0x80000000u, 0x100000000ull), 0x80000000ull);
	ck_assert_uint_eq(timer_cval_from_tval(0x7fffffffu, 0), 0x7fffffffull);
	/* Bits 63:32 of the written value are ignored. */
	ck_assert_uint_eq(timer_cval_from_tval(0xdeadbeef00000010ull, 1000), 1016);
	ck_assert_uint_eq(timer_cval_from_tval(0x00000001fffffff0ull, 1000), 984);
	/* Wraps like the hardware adder. */
	ck_assert_uint_eq(timer_cval_from_tval(0xfffffffeu, 1), UINT64_MAX);
}
END_TEST

START_TEST(tval_write_then_read_round_trips)
{
	static const int32_t tvals[] = { 0, 1, -1, 600, -600, INT32_MAX, INT32_MIN };
	const uint64_t now = 0x123456789abcull;

	for (unsigned int i = 0; i < sizeof(tvals) / sizeof(tvals[0]); i++) {
		uint64_t cval = timer_cval_from_tval((uint64_t)(uint32_t)tvals[i], now);

		ck_assert_int_eq((int32_t)timer_tval_read(cval, now), tvals[i]);
		ck_assert_int_eq(timer_fires(EN, cval, now), tvals[i] <= 0);
	}
}
END_TEST

Suite *timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("math");

	tcase_add_test(tc, fires_only_enabled_unmasked_and_due);
	tcase_add_test(tc, ctl_reads_with_istatus);
	tcase_add_test(tc, tval_is_the_signed_32bit_distance);
	tcase_add_test(tc, tval_write_sets_a_deadline_from_now);
	tcase_add_test(tc, tval_write_then_read_round_trips);
	suite_add_tcase(s, tc);
	return s;
}
