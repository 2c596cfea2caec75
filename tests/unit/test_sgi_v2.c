/* GICv2 per-source SGI bookkeeping (vgic/sgi_v2.h): one source per LR, the
 * lowest first; an EOI maintenance request whenever others wait, so that no
 * source waits for an unrelated exit; [SC]PENDSGIR's view. The model at the
 * end plays a guest and the GICv2 virtual CPU interface (EISR: an invalid
 * LR with its EOI bit) against the decisions, for every set of senders. */
#include <check.h>
#include "vgic/sgi_v2.h"
#include "tests/unit/suites.h"

START_TEST(fill_takes_the_lowest_source_and_asks_eoi_when_others_wait)
{
	struct lr lr = { .vintid = 1, .state = LR_PENDING, .eoi = false };
	uint8_t waiting = 0xa8;   /* 3, 5, 7 */

	ck_assert_uint_eq(sgi_v2_fill(&lr, &waiting), 3);
	ck_assert_uint_eq(lr.source, 3);
	ck_assert_uint_eq(waiting, 0xa0);
	ck_assert(lr.eoi);
	/* The encoding carries both: CPUID and the EOI bit. */
	ck_assert_uint_eq((lr_encode_v2(&lr) >> 10) & 7, 3);
	ck_assert(lr_decode_v2(lr_encode_v2(&lr)).eoi);

	waiting = 0x80;
	ck_assert_uint_eq(sgi_v2_fill(&lr, &waiting), 7);
	ck_assert_uint_eq(waiting, 0);
	ck_assert(!lr.eoi);   /* the last one: nothing to be told about */
}
END_TEST

START_TEST(an_lr_with_sources_behind_it_needs_an_eoi_request)
{
	struct lr lr = { .vintid = 2, .state = LR_PENDING, .source = 0 };

	ck_assert(sgi_v2_needs_eoi(&lr, 0x02));
	lr.state = LR_ACTIVE;   /* the same source again, while the guest handles it */
	ck_assert(sgi_v2_needs_eoi(&lr, 0x01));
	lr.state = LR_PENDING_ACTIVE;
	ck_assert(sgi_v2_needs_eoi(&lr, 0x01));
	ck_assert(!sgi_v2_needs_eoi(&lr, 0));          /* none waiting */
	lr.eoi = true;
	ck_assert(!sgi_v2_needs_eoi(&lr, 0x02));       /* asked already */
	lr.eoi = false;
	lr.state = LR_INVALID;
	ck_assert(!sgi_v2_needs_eoi(&lr, 0x02));       /* completed: the sync releases it */
	lr.state = LR_PENDING;
	lr.vintid = 40;
	ck_assert(!sgi_v2_needs_eoi(&lr, 0x02));       /* not an SGI */
	lr.vintid = 2;
	lr.hw = true;
	ck_assert(!sgi_v2_needs_eoi(&lr, 0x02));       /* bit 19 is pINTID with HW */
}
END_TEST

START_TEST(pendsgir_shows_waiting_sources_and_the_unacknowledged_lr)
{
	ck_assert_uint_eq(sgi_v2_pending(0x30, true, 1), 0x32);
	ck_assert_uint_eq(sgi_v2_pending(0x30, false, 1), 0x30);   /* acknowledged */
	ck_assert_uint_eq(sgi_v2_pending(0, true, 7), 0x80);
}
END_TEST

START_TEST(cpendsgir_clears_waiting_sources_and_withdraws_the_lr)
{
	uint8_t waiting = 0x0c;

	ck_assert(!sgi_v2_clear(&waiting, 0x04, true, 1));   /* not the LR's source */
	ck_assert_uint_eq(waiting, 0x08);
	ck_assert(sgi_v2_clear(&waiting, 0x02, true, 1));    /* the LR's, unacknowledged */
	ck_assert_uint_eq(waiting, 0x08);
	ck_assert(!sgi_v2_clear(&waiting, 0x02, false, 1));  /* acknowledged: too late */
	ck_assert(!sgi_v2_clear(&waiting, 0xff, false, 1));
	ck_assert_uint_eq(waiting, 0);
}
END_TEST

/* The model: one SGI of one vCPU, one LR. Senders are a set of sources,
 * sent at once; `again` re-sends one source while the first is active (a
 * source that is still waiting then is pending once, as on the GIC). The
 * loop is what Tandem and the guest do in turn: a sync (at any exit: a
 * kick, the maintenance interrupt), then the guest acknowledges and
 * completes what the LR holds. After the completion Tandem runs again only
 * if the hardware raises a maintenance interrupt (an EOI-requested LR that
 * went invalid) - nothing else makes the idle vCPU exit. Every source must
 * be delivered, each exactly once per sending, and nothing may be left. */
struct model {
	uint8_t waiting;
	bool in_lr;
	struct lr lr;
	unsigned int delivered[8];
};

static void model_sync(struct model *m)
{
	if (m->in_lr && m->lr.state == LR_INVALID)
		m->in_lr = false;   /* completed: released */
	if (m->in_lr && sgi_v2_needs_eoi(&m->lr, m->waiting))
		m->lr.eoi = true;
	if (!m->in_lr && m->waiting) {
		m->lr = (struct lr){ .vintid = 5, .state = LR_PENDING };
		sgi_v2_fill(&m->lr, &m->waiting);
		m->in_lr = true;
	}
}

/* The guest takes the interrupt (a source it sees in GICV_IAR) and
 * completes it; whether the maintenance interrupt fires. */
static bool model_guest(struct model *m, int again)
{
	if (!m->in_lr || m->lr.state != LR_PENDING)
		return false;
	m->lr.state = LR_ACTIVE;
	m->delivered[m->lr.source]++;
	if (again >= 0) {   /* a sender sends again while it is active: an exit */
		m->waiting |= (uint8_t)(1u << again);
		model_sync(m);
	}
	m->lr.state = LR_INVALID;
	return m->lr.eoi;   /* GICH_EISR: invalid, software, EOI bit */
}

START_TEST(every_source_is_delivered_with_no_unrelated_exit)
{
	for (unsigned int senders = 1; senders < 256; senders++) {
		for (int again = -1; again < 8; again++) {
			struct model m = { .waiting = (uint8_t)senders };
			unsigned int expect[8] = { 0 };
			int rounds = 0;

			for (unsigned int s = 0; s < 8; s++)
				expect[s] = (senders >> s) & 1;
			/* Sent again while still waiting: the same pending state. */
			if (again >= 0 && !((senders & (senders - 1)) >> again & 1))
				expect[again]++;
			model_sync(&m);   /* the kick that came with the sending */
			while (model_guest(&m, rounds == 0 ? again : -1)) {
				model_sync(&m);   /* the maintenance interrupt's exit */
				rounds++;
				ck_assert_int_lt(rounds, 32);
			}
			for (unsigned int s = 0; s < 8; s++)
				ck_assert_msg(m.delivered[s] == expect[s],
					      "senders 0x%02x again %d: source %u delivered %u times, want %u",
					      senders, again, s, m.delivered[s], expect[s]);
			ck_assert_uint_eq(m.waiting, 0);
		}
	}
}
END_TEST

/* Without the EOI request (the old behaviour) the model does lose sources:
 * the test above can fail. */
START_TEST(the_model_catches_a_missing_eoi_request)
{
	struct model m = { .waiting = 0x06 };

	model_sync(&m);
	m.lr.eoi = false;   /* what fill_lrs wrote before */
	ck_assert(!model_guest(&m, -1));   /* no maintenance: nothing runs */
	ck_assert_uint_eq(m.waiting, 0x04);   /* source 2 is stranded */
}
END_TEST

Suite *sgi_v2_suite(void)
{
	Suite *s = suite_create("sgi_v2");
	TCase *tc = tcase_create("sources");

	tcase_add_test(tc, fill_takes_the_lowest_source_and_asks_eoi_when_others_wait);
	tcase_add_test(tc, an_lr_with_sources_behind_it_needs_an_eoi_request);
	tcase_add_test(tc, pendsgir_shows_waiting_sources_and_the_unacknowledged_lr);
	tcase_add_test(tc, cpendsgir_clears_waiting_sources_and_withdraws_the_lr);
	tcase_add_test(tc, every_source_is_delivered_with_no_unrelated_exit);
	tcase_add_test(tc, the_model_catches_a_missing_eoi_request);
	suite_add_tcase(s, tc);
	return s;
}
