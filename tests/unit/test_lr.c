/* List registers: GICv3 and GICv2 encodings (field placement checked against
 * the architecture's layout), and the allocation policy: priority order,
 * eviction of pending-only entries, never of active ones, underflow. */
#include <check.h>
#include <string.h>
#include "vgic/lr.h"
#include "tests/unit/suites.h"

START_TEST(v3_encoding_places_fields)
{
	struct lr lr = { .vintid = 27, .pintid = 27, .priority = 0xa0, .state = LR_PENDING,
			 .hw = true, .group1 = true };
	uint64_t raw = lr_encode_v3(&lr);

	/* State[63:62] HW[61] Group[60] Priority[55:48] pINTID[41:32] vINTID[31:0] */
	ck_assert_uint_eq(raw, (1ull << 62) | (1ull << 61) | (1ull << 60) | (0xa0ull << 48) |
			       (27ull << 32) | 27);
	struct lr back = lr_decode_v3(raw);
	ck_assert_uint_eq(back.vintid, 27);
	ck_assert_uint_eq(back.pintid, 27);
	ck_assert_uint_eq(back.priority, 0xa0);
	ck_assert_uint_eq(back.state, LR_PENDING);
	ck_assert(back.hw && back.group1 && !back.eoi);
}
END_TEST

/* vgic.c empties an LR by writing 0: what either encoding makes of an
 * all-zero struct lr (state invalid, nothing else). */
START_TEST(empty_lr_is_zero_in_both_encodings)
{
	struct lr empty = { 0 };

	ck_assert_uint_eq(lr_encode_v3(&empty), 0);
	ck_assert_uint_eq(lr_encode_v2(&empty), 0);
	ck_assert_uint_eq(lr_decode_v3(0).state, LR_INVALID);
	ck_assert_uint_eq(lr_decode_v2(0).state, LR_INVALID);
}
END_TEST

START_TEST(v3_software_level_interrupt_requests_eoi_maintenance)
{
	struct lr lr = { .vintid = 33, .priority = 0x80, .state = LR_ACTIVE, .eoi = true };
	uint64_t raw = lr_encode_v3(&lr);

	ck_assert_uint_eq(raw, (2ull << 62) | (1ull << 41) | (0x80ull << 48) | 33);
	ck_assert(lr_decode_v3(raw).eoi);
	/* With HW set, bit 41 is part of pINTID, never an EOI request. */
	lr.hw = true;
	lr.pintid = 0x3ff;
	ck_assert(!lr_decode_v3(lr_encode_v3(&lr)).eoi);
	ck_assert_uint_eq(lr_decode_v3(lr_encode_v3(&lr)).pintid, 0x3ff);
}
END_TEST

START_TEST(v2_encoding_places_fields)
{
	struct lr lr = { .vintid = 27, .pintid = 27, .priority = 0xa8, .state = LR_PENDING_ACTIVE,
			 .hw = true };
	uint32_t raw = lr_encode_v2(&lr);

	/* HW[31] Grp1[30] State[29:28] Priority[27:23] PhysicalID[19:10] VirtualID[9:0] */
	ck_assert_uint_eq(raw, (1u << 31) | (3u << 28) | ((0xa8u >> 3) << 23) | (27u << 10) | 27);
	struct lr back = lr_decode_v2(raw);
	ck_assert_uint_eq(back.priority, 0xa8);
	ck_assert_uint_eq(back.pintid, 27);
	ck_assert_uint_eq(back.state, LR_PENDING_ACTIVE);
}
END_TEST

START_TEST(v2_sgi_carries_its_source_and_low_priority_bits_are_lost)
{
	struct lr lr = { .vintid = 3, .priority = 0xa7, .state = LR_PENDING, .source = 5 };
	uint32_t raw = lr_encode_v2(&lr);

	ck_assert_uint_eq((raw >> 10) & 7, 5);       /* CPUID */
	ck_assert_uint_eq(raw & 0x3ff, 3);
	ck_assert_uint_eq(lr_decode_v2(raw).source, 5);
	ck_assert_uint_eq(lr_decode_v2(raw).priority, 0xa0);   /* 5 bits kept */
	/* An SPI never carries a source. */
	lr.vintid = 40;
	ck_assert_uint_eq((lr_encode_v2(&lr) >> 10) & 7, 0);
}
END_TEST

static struct lr_slot slot(bool used, uint32_t intid, uint8_t prio, uint8_t state)
{
	return (struct lr_slot){ used, intid, prio, state };
}

/* The fast path's raw encodings must be exactly the general encoder's, for
 * software edges (pintid 0) and hardware-linked interrupts, every priority. */
START_TEST(raw_pending_encodings_match_the_encoder)
{
	static const uint32_t ids[][2] = { { 0, 0 }, { 7, 0 }, { 27, 27 }, { 31, 0 },
					   { 33, 0 }, { 79, 79 }, { 1019, 1019 } };

	for (unsigned int i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		for (unsigned int prio = 0; prio < 256; prio += 8) {
			struct lr v3 = { .vintid = ids[i][0], .pintid = ids[i][1], .priority = (uint8_t)prio,
					 .state = LR_PENDING, .hw = ids[i][1] != 0, .group1 = true };
			struct lr v2 = v3;

			v2.group1 = false;
			ck_assert_uint_eq(lr_raw_pending_v3(ids[i][0], ids[i][1], (uint8_t)prio),
					  lr_encode_v3(&v3));
			ck_assert_uint_eq(lr_raw_pending_v2(ids[i][0], ids[i][1], (uint8_t)prio),
					  lr_encode_v2(&v2));
			ck_assert_uint_eq(lr_raw_state(lr_encode_v3(&v3), true), LR_PENDING);
			ck_assert_uint_eq(lr_raw_state(lr_encode_v2(&v2), false), LR_PENDING);
		}
	}
	/* The GICv2 timer's software entry with an EOI maintenance request. */
	struct lr eoi = { .vintid = 27, .priority = 0xa0, .state = LR_PENDING, .eoi = true };

	ck_assert_uint_eq(lr_raw_pending_v2_eoi(27, 0xa0), lr_encode_v2(&eoi));
	ck_assert(lr_decode_v2(lr_raw_pending_v2_eoi(27, 0xa0)).eoi);

	struct lr act = { .vintid = 40, .state = LR_PENDING_ACTIVE, .group1 = true };
	ck_assert_uint_eq(lr_raw_state(lr_encode_v3(&act), true), LR_PENDING_ACTIVE);
	act.group1 = false;
	act.state = LR_ACTIVE;
	ck_assert_uint_eq(lr_raw_state(lr_encode_v2(&act), false), LR_ACTIVE);
}
END_TEST

START_TEST(free_slots_take_best_candidates_in_priority_order)
{
	struct lr_slot s[4] = { slot(false, 0, 0, 0), slot(true, 40, 0x80, LR_PENDING),
				slot(false, 0, 0, 0), slot(false, 0, 0, 0) };
	struct lr_candidate c[3] = { { 50, 0xa0 }, { 51, 0x20 }, { 33, 0xa0 } };
	struct lr_plan p;

	lr_allocate(s, 4, c, 3, &p);
	ck_assert_uint_eq(p.nfill, 3);
	ck_assert_uint_eq(p.nevict, 0);
	ck_assert(!p.underflow);
	/* Sorted: 51 (0x20), then 33 and 50 (0xa0, lower INTID first). */
	ck_assert_uint_eq(c[p.fill[0].candidate].intid, 51);
	ck_assert_uint_eq(p.fill[0].slot, 0);
	ck_assert_uint_eq(c[p.fill[1].candidate].intid, 33);
	ck_assert_uint_eq(p.fill[1].slot, 2);
	ck_assert_uint_eq(c[p.fill[2].candidate].intid, 50);
	ck_assert_uint_eq(p.fill[2].slot, 3);
}
END_TEST

START_TEST(more_candidates_than_slots_asks_for_underflow)
{
	struct lr_slot s[2] = { slot(false, 0, 0, 0), slot(false, 0, 0, 0) };
	struct lr_candidate c[3] = { { 34, 0x80 }, { 35, 0x80 }, { 36, 0x80 } };
	struct lr_plan p;

	lr_allocate(s, 2, c, 3, &p);
	ck_assert_uint_eq(p.nfill, 2);
	ck_assert(p.underflow);
	ck_assert_uint_eq(c[p.fill[0].candidate].intid, 34);
	ck_assert_uint_eq(c[p.fill[1].candidate].intid, 35);
}
END_TEST

START_TEST(higher_priority_evicts_the_worst_pending_entry)
{
	struct lr_slot s[3] = { slot(true, 33, 0x80, LR_PENDING), slot(true, 34, 0xc0, LR_PENDING),
				slot(true, 35, 0xa0, LR_PENDING) };
	struct lr_candidate c[1] = { { 27, 0x20 } };
	struct lr_plan p;

	lr_allocate(s, 3, c, 1, &p);
	ck_assert_uint_eq(p.nevict, 1);
	ck_assert_uint_eq(p.evict[0], 1);           /* 0xc0 is the worst */
	ck_assert_uint_eq(p.nfill, 1);
	ck_assert_uint_eq(p.fill[0].slot, 1);
	ck_assert(p.underflow);                      /* 34 waits again */
}
END_TEST

START_TEST(active_entries_are_never_evicted)
{
	struct lr_slot s[2] = { slot(true, 33, 0xf0, LR_ACTIVE),
				slot(true, 34, 0xf0, LR_PENDING_ACTIVE) };
	struct lr_candidate c[1] = { { 27, 0x00 } };
	struct lr_plan p;

	lr_allocate(s, 2, c, 1, &p);
	ck_assert_uint_eq(p.nevict, 0);
	ck_assert_uint_eq(p.nfill, 0);
	ck_assert(p.underflow);
}
END_TEST

START_TEST(equal_or_lower_priority_does_not_evict)
{
	struct lr_slot s[1] = { slot(true, 33, 0x80, LR_PENDING) };
	struct lr_candidate c[2] = { { 40, 0x80 }, { 41, 0xff } };
	struct lr_plan p;

	lr_allocate(s, 1, c, 2, &p);
	ck_assert_uint_eq(p.nevict, 0);
	ck_assert_uint_eq(p.nfill, 0);
	ck_assert(p.underflow);
}
END_TEST

START_TEST(several_evictions_take_worst_first)
{
	struct lr_slot s[3] = { slot(true, 33, 0x40, LR_PENDING), slot(true, 34, 0xe0, LR_PENDING),
				slot(true, 35, 0xc0, LR_PENDING) };
	struct lr_candidate c[3] = { { 27, 0x10 }, { 28, 0x10 }, { 29, 0x50 } };
	struct lr_plan p;

	lr_allocate(s, 3, c, 3, &p);
	ck_assert_uint_eq(p.nevict, 2);
	ck_assert_uint_eq(p.evict[0], 1);   /* 0xe0 */
	ck_assert_uint_eq(p.evict[1], 2);   /* 0xc0 */
	ck_assert_uint_eq(p.nfill, 2);      /* 29 (0x50) does not beat 33 (0x40) */
	ck_assert(p.underflow);
}
END_TEST

START_TEST(no_candidates_no_work)
{
	struct lr_slot s[2] = { slot(true, 33, 0x40, LR_PENDING), slot(false, 0, 0, 0) };
	struct lr_plan p;

	lr_allocate(s, 2, NULL, 0, &p);
	ck_assert_uint_eq(p.nfill + p.nevict, 0);
	ck_assert(!p.underflow);
}
END_TEST

Suite *lr_suite(void)
{
	Suite *s = suite_create("lr");
	TCase *tc = tcase_create("encode");

	tcase_add_test(tc, v3_encoding_places_fields);
	tcase_add_test(tc, empty_lr_is_zero_in_both_encodings);
	tcase_add_test(tc, v3_software_level_interrupt_requests_eoi_maintenance);
	tcase_add_test(tc, v2_encoding_places_fields);
	tcase_add_test(tc, v2_sgi_carries_its_source_and_low_priority_bits_are_lost);
	tcase_add_test(tc, raw_pending_encodings_match_the_encoder);
	suite_add_tcase(s, tc);
	tc = tcase_create("allocate");
	tcase_add_test(tc, free_slots_take_best_candidates_in_priority_order);
	tcase_add_test(tc, more_candidates_than_slots_asks_for_underflow);
	tcase_add_test(tc, higher_priority_evicts_the_worst_pending_entry);
	tcase_add_test(tc, active_entries_are_never_evicted);
	tcase_add_test(tc, equal_or_lower_priority_does_not_evict);
	tcase_add_test(tc, several_evictions_take_worst_first);
	tcase_add_test(tc, no_candidates_no_work);
	suite_add_tcase(s, tc);
	return s;
}
