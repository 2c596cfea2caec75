/* Bounds on what a guest can make Tandem do (issue 12, docs/security.md):
 * how often it may restart (el2/restart_window.c), how much it may print
 * (el2/output_budget.c), and which trapped registers form the PMU, debug
 * and implementation-defined families (el2/arm64/sysreg_class.c). */
#include <check.h>
#include <string.h>
#include "el2/output_budget.h"
#include "el2/restart_window.h"
#include "el2/arm64/sysreg_class.h"
#include "tests/unit/suites.h"

static struct restart_window w;

START_TEST(restarts_within_the_window_are_bounded)
{
	memset(&w, 0, sizeof(w));
	/* limit 3 in a window of 100: three quick restarts, then no more */
	ck_assert(restart_window_admit(&w, 10, 100, 3));
	ck_assert(restart_window_admit(&w, 11, 100, 3));
	ck_assert(restart_window_admit(&w, 12, 100, 3));
	ck_assert(!restart_window_admit(&w, 13, 100, 3));
	ck_assert(!restart_window_admit(&w, 109, 100, 3));   /* 10 is still inside */
	ck_assert_uint_eq(restart_window_recent(&w, 109, 100), 3);
	ck_assert(restart_window_admit(&w, 110, 100, 3));    /* 10 left the window */
	ck_assert(!restart_window_admit(&w, 110, 100, 3));
	ck_assert(restart_window_admit(&w, 111, 100, 3));
}
END_TEST

START_TEST(slow_restarts_go_on_for_ever)
{
	memset(&w, 0, sizeof(w));
	for (uint64_t t = 0; t < 100000; t += 40)   /* one every 40 with 3 per 100 allowed */
		ck_assert(restart_window_admit(&w, t, 100, 3));
}
END_TEST

START_TEST(restart_limits_at_the_edges)
{
	memset(&w, 0, sizeof(w));
	ck_assert(!restart_window_admit(&w, 0, 100, 0));
	for (unsigned int i = 0; i < RESTART_LIMIT_MAX; i++)
		ck_assert(restart_window_admit(&w, i, ~0ull, RESTART_LIMIT_MAX + 5));
	ck_assert(!restart_window_admit(&w, RESTART_LIMIT_MAX, ~0ull, RESTART_LIMIT_MAX));
	/* a counter that wrapped still compares by difference */
	memset(&w, 0, sizeof(w));
	ck_assert(restart_window_admit(&w, ~0ull - 5, 100, 1));
	ck_assert(!restart_window_admit(&w, 10, 100, 1));
	ck_assert(restart_window_admit(&w, 200, 100, 1));
}
END_TEST

static struct output_budget b;
#define HZ 1000000ull

START_TEST(a_flood_gets_the_burst_then_the_rate)
{
	uint64_t shown = 0, t;

	memset(&b, 0, sizeof(b));
	for (t = 0; t < 10 * HZ; t += HZ / 1000)   /* 100 bytes every ms for 10 s */
		if (output_budget_take(&b, t, HZ, 100))
			shown += 100;
	/* the burst plus about ten seconds of the rate, never more */
	ck_assert_uint_le(shown, OUTPUT_BURST_BYTES + 10 * OUTPUT_RATE_BYTES);
	ck_assert_uint_ge(shown, OUTPUT_BURST_BYTES + 9 * OUTPUT_RATE_BYTES);
	ck_assert_uint_eq(output_budget_report(&b, t, HZ), 1000000 - shown);
	ck_assert_uint_eq(output_budget_report(&b, t, HZ), 0);   /* said once */
}
END_TEST

START_TEST(quiet_output_is_never_dropped)
{
	memset(&b, 0, sizeof(b));
	for (uint64_t t = 0; t < 100 * HZ; t += HZ)   /* a status line a second */
		ck_assert(output_budget_take(&b, t, HZ, 120));
	ck_assert(output_budget_take(&b, 100 * HZ, HZ, 40000));   /* then a boot log */
	ck_assert_uint_eq(output_budget_report(&b, 100 * HZ, HZ), 0);
}
END_TEST

START_TEST(drop_reports_come_at_most_once_a_second)
{
	memset(&b, 0, sizeof(b));
	ck_assert(output_budget_take(&b, 0, HZ, OUTPUT_BURST_BYTES));
	ck_assert(!output_budget_take(&b, 0, HZ, 10));
	ck_assert_uint_eq(output_budget_report(&b, 0, HZ), 10);
	ck_assert(!output_budget_take(&b, 1, HZ, 10));
	ck_assert_uint_eq(output_budget_report(&b, HZ / 2, HZ), 0);
	ck_assert_uint_eq(output_budget_report(&b, HZ, HZ), 10);
	ck_assert(!output_budget_take(&b, HZ, HZ, OUTPUT_BURST_BYTES));
	ck_assert_uint_eq(output_budget_unreported(&b), OUTPUT_BURST_BYTES);   /* at once */
	ck_assert_uint_eq(output_budget_unreported(&b), 0);
	/* a full refill after a long silence, without overflow */
	ck_assert(output_budget_take(&b, ~0ull / 2, HZ, OUTPUT_BURST_BYTES));
}
END_TEST

static enum sysreg_class cls(unsigned int op0, unsigned int op1, unsigned int crn,
			     unsigned int crm, unsigned int op2)
{
	struct sysreg_iss s = { op0, op1, crn, crm, op2, 0, true };

	return sysreg_classify(&s);
}

START_TEST(register_families)
{
	ck_assert_int_eq(cls(3, 3, 9, 12, 0), SYSREG_PMU);    /* PMCR_EL0 */
	ck_assert_int_eq(cls(3, 3, 9, 13, 0), SYSREG_PMU);    /* PMCCNTR_EL0 */
	ck_assert_int_eq(cls(3, 3, 9, 14, 0), SYSREG_PMU);    /* PMUSERENR_EL0 */
	ck_assert_int_eq(cls(3, 3, 14, 15, 7), SYSREG_PMU);   /* PMCCFILTR_EL0 */
	ck_assert_int_eq(cls(3, 3, 14, 8, 0), SYSREG_PMU);    /* PMEVCNTR0_EL0 */
	ck_assert_int_eq(cls(3, 3, 14, 12, 5), SYSREG_PMU);   /* PMEVTYPER5_EL0 */
	ck_assert_int_eq(cls(3, 0, 9, 14, 1), SYSREG_PMU);    /* PMINTENSET_EL1 */
	ck_assert_int_eq(cls(3, 0, 9, 14, 2), SYSREG_PMU);    /* PMINTENCLR_EL1 */
	ck_assert_int_eq(cls(2, 0, 0, 2, 2), SYSREG_MDSCR);
	ck_assert_int_eq(cls(2, 0, 0, 0, 5), SYSREG_DEBUG);   /* DBGBCR0_EL1 */
	ck_assert_int_eq(cls(2, 0, 1, 0, 4), SYSREG_DEBUG);   /* OSLAR_EL1 */
	ck_assert_int_eq(cls(2, 3, 0, 4, 0), SYSREG_DEBUG);   /* DBGDTR_EL0 */
	ck_assert_int_eq(cls(3, 1, 15, 2, 0), SYSREG_IMPDEF); /* CPUACTLR_EL1 on A57 */
	ck_assert_int_eq(cls(3, 0, 11, 0, 0), SYSREG_IMPDEF);
	ck_assert_int_eq(cls(3, 3, 14, 2, 1), SYSREG_OTHER);  /* CNTP_CTL_EL0 */
	ck_assert_int_eq(cls(3, 0, 12, 11, 5), SYSREG_OTHER); /* ICC_SGI1R_EL1 */
	ck_assert_int_eq(cls(3, 0, 9, 14, 3), SYSREG_OTHER);  /* not a PMU register */
	ck_assert_int_eq(cls(1, 0, 7, 6, 2), SYSREG_OTHER);   /* DC ISW (op0 1) */
	ck_assert_int_eq(cls(3, 0, 0, 4, 0), SYSREG_ID);      /* ID_AA64PFR0_EL1 */
	ck_assert_int_eq(cls(3, 0, 0, 1, 0), SYSREG_ID);      /* ID_PFR0_EL1 */
	ck_assert_int_eq(cls(3, 0, 0, 7, 7), SYSREG_ID);
	ck_assert_int_eq(cls(3, 0, 0, 0, 0), SYSREG_OTHER);   /* MIDR_EL1: not TID3's */
	ck_assert_int_eq(cls(3, 1, 0, 0, 0), SYSREG_OTHER);   /* CCSIDR_EL1 */
	ck_assert_int_eq(cls(3, 0, 2, 1, 0), SYSREG_PAUTH_KEY); /* APIAKeyLo_EL1 */
	ck_assert_int_eq(cls(3, 0, 2, 2, 3), SYSREG_PAUTH_KEY); /* APDBKeyHi_EL1 */
	ck_assert_int_eq(cls(3, 0, 2, 3, 1), SYSREG_PAUTH_KEY); /* APGAKeyHi_EL1 */
	ck_assert_int_eq(cls(3, 0, 2, 3, 2), SYSREG_OTHER);
	ck_assert_int_eq(cls(3, 0, 2, 0, 0), SYSREG_OTHER);   /* TTBR0_EL1 */
}
END_TEST

Suite *storm_bounds_suite(void)
{
	Suite *s = suite_create("storm-bounds");
	TCase *r = tcase_create("restart-window"), *o = tcase_create("output-budget"),
	      *c = tcase_create("sysreg-class");

	tcase_add_test(r, restarts_within_the_window_are_bounded);
	tcase_add_test(r, slow_restarts_go_on_for_ever);
	tcase_add_test(r, restart_limits_at_the_edges);
	tcase_add_test(o, a_flood_gets_the_burst_then_the_rate);
	tcase_add_test(o, quiet_output_is_never_dropped);
	tcase_add_test(o, drop_reports_come_at_most_once_a_second);
	tcase_add_test(c, register_families);
	suite_add_tcase(s, r);
	suite_add_tcase(s, o);
	suite_add_tcase(s, c);
	return s;
}
