/* A paravirtualized vCPU's virtual interrupts: only the INTIDs the VM owns
 * can be enabled or raised; an interrupt waits only if it is pending and
 * enabled; the guest acknowledges the lowest INTID first, across the 64-bit
 * words of the bitmaps; nothing more is delivered while one is active; only
 * the active INTID can be ended; lowering withdraws a pending one; INTIDs at
 * or beyond PV_VIRQ_LIMIT are refused. */
#include <check.h>
#include "pv/virq.h"
#include "tests/unit/suites.h"

/* Owns and enables each INTID of a list. */
static void own_and_enable(struct pv_virq *q, const unsigned int *intids, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		ck_assert_int_eq(pv_virq_own(q, intids[i]), 0);
		ck_assert_int_eq(pv_virq_enable(q, intids[i], true), 0);
	}
}

START_TEST(not_owned_intids_cannot_be_enabled_and_raising_them_does_nothing)
{
	struct pv_virq q;

	pv_virq_init(&q);
	ck_assert_int_eq(pv_virq_enable(&q, 27, true), -1);
	ck_assert_int_eq(pv_virq_enable(&q, 27, false), -1);
	pv_virq_raise(&q, 27);
	ck_assert(!pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);

	/* Owning a neighbour gives nothing for 27 itself. */
	ck_assert_int_eq(pv_virq_own(&q, 28), 0);
	ck_assert_int_eq(pv_virq_enable(&q, 27, true), -1);
	pv_virq_raise(&q, 27);
	ck_assert(!pv_virq_waiting(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);

	/* Once owned, it can be enabled and raised. */
	ck_assert_int_eq(pv_virq_own(&q, 27), 0);
	ck_assert_int_eq(pv_virq_enable(&q, 27, true), 0);
	ck_assert(!pv_virq_waiting(&q));   /* the earlier raises were dropped */
	pv_virq_raise(&q, 27);
	ck_assert(pv_virq_waiting(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 27);
}
END_TEST

START_TEST(pending_but_disabled_is_neither_waiting_nor_deliverable)
{
	struct pv_virq q;

	pv_virq_init(&q);
	ck_assert_int_eq(pv_virq_own(&q, 30), 0);
	pv_virq_raise(&q, 30);
	ck_assert(!pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);

	/* Enabling it later makes the pending one due. */
	ck_assert_int_eq(pv_virq_enable(&q, 30, true), 0);
	ck_assert(pv_virq_waiting(&q));
	ck_assert(pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 30);
}
END_TEST

START_TEST(ack_takes_the_lowest_intid_first_across_the_word_boundary)
{
	static const unsigned int intids[] = { 100, 33, 70, 27 };
	static const unsigned int order[] = { 27, 33, 70, 100 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 4);
	for (unsigned int i = 0; i < 4; i++)   /* raised out of order */
		pv_virq_raise(&q, intids[i]);

	for (unsigned int i = 0; i < 4; i++) {
		ck_assert(pv_virq_deliverable(&q));
		ck_assert_uint_eq(pv_virq_ack(&q), order[i]);
		ck_assert_int_eq(pv_virq_eoi(&q, order[i]), 0);
	}
	ck_assert(!pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
}
END_TEST

START_TEST(the_word_edges_are_acknowledged_in_order)
{
	static const unsigned int intids[] = { 127, 64, 63, 0 };
	static const unsigned int order[] = { 0, 63, 64, 127 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 4);
	for (unsigned int i = 0; i < 4; i++)
		pv_virq_raise(&q, intids[i]);
	for (unsigned int i = 0; i < 4; i++) {
		ck_assert_uint_eq(pv_virq_ack(&q), order[i]);
		ck_assert_int_eq(pv_virq_eoi(&q, order[i]), 0);
	}
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
}
END_TEST

START_TEST(ack_with_nothing_pending_returns_none)
{
	struct pv_virq q;

	pv_virq_init(&q);
	ck_assert_uint_eq(PV_VIRQ_NONE, 1023);
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);

	/* Owned and enabled but never raised: still nothing. */
	ck_assert_int_eq(pv_virq_own(&q, 5), 0);
	ck_assert_int_eq(pv_virq_enable(&q, 5, true), 0);
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
	/* A spurious ack activates nothing: an eoi of 5 fails. */
	ck_assert_int_eq(pv_virq_eoi(&q, 5), -1);
}
END_TEST

START_TEST(nothing_is_delivered_while_one_is_active)
{
	static const unsigned int intids[] = { 27, 33 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 2);
	pv_virq_raise(&q, 27);
	ck_assert(pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 27);

	/* 27 active, nothing else pending. */
	ck_assert(!pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));

	/* 33 arrives: it waits (wakes an idle guest) but is not delivered. */
	pv_virq_raise(&q, 33);
	ck_assert(pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));

	/* The eoi of 27 lets it through. */
	ck_assert_int_eq(pv_virq_eoi(&q, 27), 0);
	ck_assert(pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 33);
	ck_assert_int_eq(pv_virq_eoi(&q, 33), 0);
	ck_assert(!pv_virq_deliverable(&q));
}
END_TEST

START_TEST(eoi_ends_only_the_active_intid)
{
	static const unsigned int intids[] = { 27, 33 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 2);
	pv_virq_raise(&q, 27);
	pv_virq_raise(&q, 33);

	/* Nothing acknowledged yet: pending is not active. */
	ck_assert_int_eq(pv_virq_eoi(&q, 27), -1);
	ck_assert_uint_eq(pv_virq_ack(&q), 27);
	ck_assert_int_eq(pv_virq_eoi(&q, 33), -1);   /* pending, not active */
	ck_assert_int_eq(pv_virq_eoi(&q, 40), -1);   /* not even owned */
	ck_assert(!pv_virq_deliverable(&q));         /* 27 is still active */
	ck_assert_int_eq(pv_virq_eoi(&q, 27), 0);
	ck_assert_int_eq(pv_virq_eoi(&q, 27), -1);   /* only once */
	ck_assert_uint_eq(pv_virq_ack(&q), 33);
}
END_TEST

START_TEST(lower_withdraws_a_pending_interrupt)
{
	static const unsigned int intids[] = { 27, 30 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 2);
	pv_virq_raise(&q, 27);
	pv_virq_raise(&q, 30);
	pv_virq_lower(&q, 27);   /* the timer moved */
	ck_assert(pv_virq_waiting(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 30);
	ck_assert_int_eq(pv_virq_eoi(&q, 30), 0);

	pv_virq_lower(&q, 30);   /* lowering what is not pending is harmless */
	ck_assert(!pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
}
END_TEST

START_TEST(lowering_an_active_intid_leaves_it_active)
{
	static const unsigned int intids[] = { 27 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 1);
	pv_virq_raise(&q, 27);
	ck_assert_uint_eq(pv_virq_ack(&q), 27);
	pv_virq_lower(&q, 27);
	ck_assert_int_eq(pv_virq_eoi(&q, 27), 0);
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
}
END_TEST

START_TEST(reraising_an_active_intid_delivers_it_again_after_its_eoi)
{
	static const unsigned int intids[] = { 27 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 1);
	pv_virq_raise(&q, 27);
	ck_assert_uint_eq(pv_virq_ack(&q), 27);
	ck_assert(!pv_virq_waiting(&q));

	pv_virq_raise(&q, 27);   /* fires again while the guest handles it */
	ck_assert(pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));
	ck_assert_int_eq(pv_virq_eoi(&q, 27), 0);
	ck_assert(pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 27);
	ck_assert_int_eq(pv_virq_eoi(&q, 27), 0);
	ck_assert(!pv_virq_waiting(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
}
END_TEST

START_TEST(intids_beyond_the_limit_are_refused)
{
	struct pv_virq q;

	pv_virq_init(&q);
	ck_assert_uint_eq(PV_VIRQ_LIMIT, 128);
	ck_assert_int_eq(pv_virq_own(&q, 127), 0);
	ck_assert_int_eq(pv_virq_own(&q, 128), -1);
	ck_assert_int_eq(pv_virq_own(&q, 129), -1);
	ck_assert_int_eq(pv_virq_own(&q, 1023), -1);
	ck_assert_int_eq(pv_virq_own(&q, 0xffffffffu), -1);

	/* None of them became the VM's. */
	ck_assert_int_eq(pv_virq_enable(&q, 128, true), -1);
	ck_assert_int_eq(pv_virq_enable(&q, 1023, true), -1);
	pv_virq_raise(&q, 128);
	pv_virq_lower(&q, 128);
	ck_assert(!pv_virq_waiting(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);
	ck_assert_int_eq(pv_virq_eoi(&q, 128), -1);
	ck_assert_int_eq(pv_virq_eoi(&q, PV_VIRQ_NONE), -1);
}
END_TEST

START_TEST(disabling_after_raising_keeps_it_pending_but_not_waiting)
{
	static const unsigned int intids[] = { 70 };
	struct pv_virq q;

	pv_virq_init(&q);
	own_and_enable(&q, intids, 1);
	pv_virq_raise(&q, 70);
	ck_assert(pv_virq_waiting(&q));

	ck_assert_int_eq(pv_virq_enable(&q, 70, false), 0);
	ck_assert(!pv_virq_waiting(&q));
	ck_assert(!pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), PV_VIRQ_NONE);

	ck_assert_int_eq(pv_virq_enable(&q, 70, true), 0);   /* still pending */
	ck_assert(pv_virq_waiting(&q));
	ck_assert(pv_virq_deliverable(&q));
	ck_assert_uint_eq(pv_virq_ack(&q), 70);
	ck_assert_int_eq(pv_virq_eoi(&q, 70), 0);
}
END_TEST

Suite *pv_virq_suite(void)
{
	Suite *s = suite_create("pv_virq");
	TCase *tc = tcase_create("virq");

	tcase_add_test(tc, not_owned_intids_cannot_be_enabled_and_raising_them_does_nothing);
	tcase_add_test(tc, pending_but_disabled_is_neither_waiting_nor_deliverable);
	tcase_add_test(tc, ack_takes_the_lowest_intid_first_across_the_word_boundary);
	tcase_add_test(tc, the_word_edges_are_acknowledged_in_order);
	tcase_add_test(tc, ack_with_nothing_pending_returns_none);
	tcase_add_test(tc, nothing_is_delivered_while_one_is_active);
	tcase_add_test(tc, eoi_ends_only_the_active_intid);
	tcase_add_test(tc, lower_withdraws_a_pending_interrupt);
	tcase_add_test(tc, lowering_an_active_intid_leaves_it_active);
	tcase_add_test(tc, reraising_an_active_intid_delivers_it_again_after_its_eoi);
	tcase_add_test(tc, intids_beyond_the_limit_are_refused);
	tcase_add_test(tc, disabling_after_raising_keeps_it_pending_but_not_waiting);
	suite_add_tcase(s, tc);
	return s;
}
