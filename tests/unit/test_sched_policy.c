/* The per-core scheduling decisions: the highest runnable priority wins,
 * the running vCPU keeps the core among equals until its slice expires, then
 * equals take turns in circular order; nothing runnable means idle. */
#include <check.h>
#include "el2/sched_policy.h"
#include "tests/unit/suites.h"

#define E(p, r) { .priority = (p), .runnable = (r) }

START_TEST(nothing_runnable_is_idle)
{
	struct sched_entry e[] = { E(10, false), E(200, false) };

	ck_assert_int_eq(sched_pick(e, 2, -1, false), -1);
	ck_assert_int_eq(sched_pick(e, 2, 1, true), -1);
	ck_assert_int_eq(sched_pick(e, 0, -1, false), -1);
	ck_assert(!sched_needs_slice(e, 2, -1));
}
END_TEST

START_TEST(highest_priority_runnable_wins)
{
	struct sched_entry e[] = { E(10, true), E(200, true), E(100, true) };

	ck_assert_int_eq(sched_pick(e, 3, -1, false), 1);
	ck_assert_int_eq(sched_pick(e, 3, 0, false), 1);   /* preempts the one running */
	ck_assert_int_eq(sched_pick(e, 3, 2, true), 1);
	e[1].runnable = false;                              /* it waits: the next one */
	ck_assert_int_eq(sched_pick(e, 3, 1, false), 2);
	e[2].runnable = false;
	ck_assert_int_eq(sched_pick(e, 3, 2, false), 0);
}
END_TEST

START_TEST(the_running_one_keeps_the_core_among_equals)
{
	struct sched_entry e[] = { E(50, true), E(50, true), E(50, true) };

	ck_assert_int_eq(sched_pick(e, 3, 1, false), 1);
	ck_assert_int_eq(sched_pick(e, 3, 2, false), 2);
	ck_assert(sched_needs_slice(e, 3, 1));
}
END_TEST

START_TEST(equals_take_turns_when_the_slice_expires)
{
	struct sched_entry e[] = { E(50, true), E(50, true), E(50, true), E(10, true) };
	int last = 0;

	/* 0 -> 1 -> 2 -> 0: the lower one never gets a turn. */
	last = sched_pick(e, 4, last, true);
	ck_assert_int_eq(last, 1);
	last = sched_pick(e, 4, last, true);
	ck_assert_int_eq(last, 2);
	last = sched_pick(e, 4, last, true);
	ck_assert_int_eq(last, 0);
	/* One of them waits: the turn skips it. */
	e[1].runnable = false;
	ck_assert_int_eq(sched_pick(e, 4, 0, true), 2);
	ck_assert_int_eq(sched_pick(e, 4, 2, true), 0);
}
END_TEST

START_TEST(a_lone_vcpu_keeps_the_core_after_its_slice)
{
	struct sched_entry e[] = { E(50, true), E(10, true) };

	ck_assert_int_eq(sched_pick(e, 2, 0, true), 0);
	ck_assert(!sched_needs_slice(e, 2, 0));
}
END_TEST

START_TEST(the_first_pick_starts_from_the_first_entry)
{
	struct sched_entry e[] = { E(50, true), E(50, true) };

	ck_assert_int_eq(sched_pick(e, 2, -1, false), 1);   /* after "-1": circular from 0 */
	ck_assert(sched_needs_slice(e, 2, 1));
}
END_TEST

START_TEST(slices_only_between_equal_runnable_priorities)
{
	struct sched_entry e[] = { E(200, true), E(100, true), E(100, false) };

	ck_assert(!sched_needs_slice(e, 3, 0));
	ck_assert(!sched_needs_slice(e, 3, 1));   /* its equal waits */
	e[2].runnable = true;
	ck_assert(sched_needs_slice(e, 3, 1));
}
END_TEST

START_TEST(earliest_deadline)
{
	uint64_t d[] = { SCHED_NEVER, 500, 20, SCHED_NEVER, 21 };
	uint64_t none[] = { SCHED_NEVER, SCHED_NEVER };

	ck_assert_uint_eq(sched_earliest(d, 5), 20);
	ck_assert_uint_eq(sched_earliest(none, 2), SCHED_NEVER);
	ck_assert_uint_eq(sched_earliest(d, 0), SCHED_NEVER);
}
END_TEST

Suite *sched_policy_suite(void)
{
	Suite *s = suite_create("sched_policy");
	TCase *tc = tcase_create("pick");

	tcase_add_test(tc, nothing_runnable_is_idle);
	tcase_add_test(tc, highest_priority_runnable_wins);
	tcase_add_test(tc, the_running_one_keeps_the_core_among_equals);
	tcase_add_test(tc, equals_take_turns_when_the_slice_expires);
	tcase_add_test(tc, a_lone_vcpu_keeps_the_core_after_its_slice);
	tcase_add_test(tc, the_first_pick_starts_from_the_first_entry);
	tcase_add_test(tc, slices_only_between_equal_runnable_priorities);
	tcase_add_test(tc, earliest_deadline);
	suite_add_tcase(s, tc);
	return s;
}
