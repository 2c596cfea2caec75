/* Physical memory ownership: RAM banks, exact claims, aligned lowest-first
 * allocation, release with merging, and the lookups validation relies on. */
#include <check.h>
#include <stdint.h>
#include "stage2/memmap.h"
#include "tests/unit/suites.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)

static struct memmap m;

static void setup(void)
{
	memmap_init(&m);
}

/* Asserts region i is exactly [base, base+size) with that owner. */
#define ck_region(i, b, s, k, ident) do { \
	ck_assert_int_lt((i), m.n); \
	ck_assert_uint_eq(m.r[i].base, (b)); \
	ck_assert_uint_eq(m.r[i].size, (s)); \
	ck_assert_int_eq(m.r[i].kind, (k)); \
	ck_assert_int_eq(m.r[i].id, (ident)); \
} while (0)

START_TEST(add_ram_keeps_banks_sorted_and_merges_adjacent)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x80000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 256 * MiB), MEMMAP_OK);
	ck_assert_int_eq(m.n, 2);
	ck_region(0, 0x40000000, 256 * MiB, OWNER_FREE, 0);
	ck_region(1, 0x80000000, GiB, OWNER_FREE, 0);
	/* Filling the gap exactly makes one free bank. */
	ck_assert_int_eq(memmap_add_ram(&m, 0x50000000, 0x30000000), MEMMAP_OK);
	ck_assert_int_eq(m.n, 1);
	ck_region(0, 0x40000000, 0x80000000, OWNER_FREE, 0);
}
END_TEST

START_TEST(add_ram_refuses_overlap_empty_and_wrapping_ranges)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_add_ram(&m, 0x7ffff000, 0x2000), MEMMAP_ERR_OWNED);
	ck_assert_int_eq(memmap_add_ram(&m, 0x3ffff000, 0x2000), MEMMAP_ERR_OWNED);
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 0x1000), MEMMAP_ERR_OWNED);
	ck_assert_int_eq(memmap_add_ram(&m, 0x10000000, 0), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(memmap_add_ram(&m, 0xfffffffffffff000ull, 0x2000), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(m.n, 1);
	ck_region(0, 0x40000000, GiB, OWNER_FREE, 0);
}
END_TEST

START_TEST(add_ram_reports_a_full_table)
{
	/* Banks with gaps between them never merge. */
	for (int i = 0; i < MEMMAP_MAX_REGIONS; i++)
		ck_assert_int_eq(memmap_add_ram(&m, (uint64_t)i * 2 * MiB, MiB), MEMMAP_OK);
	ck_assert_int_eq(m.n, MEMMAP_MAX_REGIONS);
	ck_assert_int_eq(memmap_add_ram(&m, 1000 * MiB, MiB), MEMMAP_ERR_FULL);
	/* A claim that would split a bank into three no longer fits either. */
	ck_assert_int_eq(memmap_claim(&m, 0x1000, 0x1000, OWNER_VM, 1), MEMMAP_ERR_FULL);
	ck_assert_int_eq(m.n, MEMMAP_MAX_REGIONS);
	ck_region(0, 0, MiB, OWNER_FREE, 0);
}
END_TEST

START_TEST(claim_exact_bank)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x40000000, GiB, OWNER_VM, 3), MEMMAP_OK);
	ck_assert_int_eq(m.n, 1);
	ck_region(0, 0x40000000, GiB, OWNER_VM, 3);
	/* Everything is owned now. */
	ck_assert_int_eq(memmap_claim(&m, 0x40000000, GiB, OWNER_VM, 4), MEMMAP_ERR_OWNED);
}
END_TEST

START_TEST(claim_partial_splits_the_free_range)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x40200000, 16 * MiB, OWNER_TANDEM, 0), MEMMAP_OK);
	ck_assert_int_eq(m.n, 3);
	ck_region(0, 0x40000000, 0x200000, OWNER_FREE, 0);
	ck_region(1, 0x40200000, 16 * MiB, OWNER_TANDEM, 0);
	ck_region(2, 0x41200000, GiB - 0x200000 - 16 * MiB, OWNER_FREE, 0);

	/* At the very start and the very end of the bank: two pieces each. */
	ck_assert_int_eq(memmap_claim(&m, 0x40000000, 0x1000, OWNER_MODULE, 0), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x7ffff000, 0x1000, OWNER_MODULE, 1), MEMMAP_OK);
	ck_assert_int_eq(m.n, 5);
	ck_region(0, 0x40000000, 0x1000, OWNER_MODULE, 0);
	ck_region(1, 0x40001000, 0x1ff000, OWNER_FREE, 0);
	ck_region(4, 0x7ffff000, 0x1000, OWNER_MODULE, 1);
	ck_region(3, 0x41200000, 0x7ffff000 - 0x41200000, OWNER_FREE, 0);
}
END_TEST

START_TEST(claim_overlapping_an_owned_range_is_refused)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x50000000, 64 * MiB, OWNER_VM, 0), MEMMAP_OK);
	/* Starting inside the owned range. */
	ck_assert_int_eq(memmap_claim(&m, 0x53fff000, 0x2000, OWNER_VM, 1), MEMMAP_ERR_OWNED);
	/* Starting in free RAM, running into the owned range. */
	ck_assert_int_eq(memmap_claim(&m, 0x4ffff000, 0x2000, OWNER_VM, 1), MEMMAP_ERR_OWNED);
	/* Covering it entirely. */
	ck_assert_int_eq(memmap_claim(&m, 0x4f000000, 128 * MiB, OWNER_VM, 1), MEMMAP_ERR_OWNED);
	/* Nothing changed. */
	ck_assert_int_eq(m.n, 3);
	ck_region(1, 0x50000000, 64 * MiB, OWNER_VM, 0);
	/* Touching it on either side is fine. */
	ck_assert_int_eq(memmap_claim(&m, 0x4ffff000, 0x1000, OWNER_VM, 1), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x54000000, 0x1000, OWNER_VM, 2), MEMMAP_OK);
	ck_assert_int_eq(m.n, 5);
}
END_TEST

START_TEST(claim_outside_ram_is_refused)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x09000000, 0x1000, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(memmap_claim(&m, 0x80000000, 0x1000, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	/* Beginning below RAM. */
	ck_assert_int_eq(memmap_claim(&m, 0x3ffff000, 0x2000, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	/* Running past the end of RAM. */
	ck_assert_int_eq(memmap_claim(&m, 0x7ffff000, 0x2000, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(memmap_claim(&m, 0x40000000, 0, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(memmap_claim(&m, 0x7ffff000, UINT64_MAX, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(m.n, 1);
	ck_region(0, 0x40000000, GiB, OWNER_FREE, 0);
}
END_TEST

START_TEST(claim_spanning_a_hole_is_refused)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 256 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_add_ram(&m, 0x60000000, 256 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x4ff00000, 0x10200000, OWNER_VM, 0), MEMMAP_ERR_NOT_RAM);
	ck_assert_int_eq(m.n, 2);
	ck_region(0, 0x40000000, 256 * MiB, OWNER_FREE, 0);
	ck_region(1, 0x60000000, 256 * MiB, OWNER_FREE, 0);
}
END_TEST

START_TEST(adjacent_claims_of_one_owner_merge)
{
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x50000000, 0x1000, OWNER_VM, 1), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x50001000, 0x1000, OWNER_VM, 1), MEMMAP_OK);
	ck_assert_int_eq(m.n, 3);
	ck_region(1, 0x50000000, 0x2000, OWNER_VM, 1);
	/* A different VM next to it stays separate. */
	ck_assert_int_eq(memmap_claim(&m, 0x50002000, 0x1000, OWNER_VM, 2), MEMMAP_OK);
	ck_assert_int_eq(m.n, 4);
	ck_region(2, 0x50002000, 0x1000, OWNER_VM, 2);
}
END_TEST

START_TEST(alloc_aligns_the_base)
{
	uint64_t base = 0;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40001000, 64 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_alloc(&m, 2 * MiB, 2 * MiB, OWNER_VM, 0, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40200000);
	ck_region(0, 0x40001000, 0x1ff000, OWNER_FREE, 0);
	ck_region(1, 0x40200000, 2 * MiB, OWNER_VM, 0);
	/* Page alignment uses the space left below. */
	ck_assert_int_eq(memmap_alloc(&m, 0x1000, 0x1000, OWNER_VM, 1, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40001000);
}
END_TEST

START_TEST(alloc_takes_the_lowest_free_range)
{
	uint64_t base = 0;

	ck_assert_int_eq(memmap_add_ram(&m, 0x80000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 4 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x40000000, 0x1000, OWNER_TANDEM, 0), MEMMAP_OK);
	ck_assert_int_eq(memmap_alloc(&m, 0x1000, 0x1000, OWNER_VM, 0, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40001000);
	ck_assert_int_eq(memmap_alloc(&m, 0x1000, 0x1000, OWNER_VM, 1, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40002000);
	/* Too big for the low bank: the next bank. */
	ck_assert_int_eq(memmap_alloc(&m, 8 * MiB, 0x1000, OWNER_VM, 2, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x80000000);
	/* Exactly what is left at the top of the low bank fits. */
	ck_assert_int_eq(memmap_alloc(&m, 4 * MiB - 0x3000, 0x1000, OWNER_VM, 3, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40003000);
	ck_assert_int_eq(memmap_find(&m, 0x403fffff)->kind, OWNER_VM);
	ck_assert_int_eq(memmap_find(&m, 0x403fffff)->id, 3);
}
END_TEST

START_TEST(alloc_without_space_is_refused)
{
	uint64_t base = 0x1234;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 4 * MiB), MEMMAP_OK);
	/* Two free MiB in two pieces, neither large enough. */
	ck_assert_int_eq(memmap_claim(&m, 0x40100000, MiB, OWNER_VM, 0), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x40300000, MiB, OWNER_VM, 0), MEMMAP_OK);
	ck_assert_int_eq(memmap_alloc(&m, 0x180000, 0x1000, OWNER_VM, 1, &base), MEMMAP_ERR_NO_SPACE);
	ck_assert_int_eq(memmap_alloc(&m, 2 * GiB, 0x1000, OWNER_VM, 1, &base), MEMMAP_ERR_NO_SPACE);
	ck_assert_uint_eq(base, 0x1234);   /* untouched by the failures */
	ck_assert_int_eq(m.n, 4);
}
END_TEST

START_TEST(alloc_without_aligned_space_is_refused)
{
	uint64_t base = 0;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 4 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x40000000, 0x1000, OWNER_TANDEM, 0), MEMMAP_OK);
	/* 4 MiB - 4 KiB free: one aligned 2 MiB block fits, at the top. */
	ck_assert_int_eq(memmap_alloc(&m, 2 * MiB, 2 * MiB, OWNER_VM, 0, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40200000);
	/* 2 MiB - 4 KiB left: not enough for another aligned 2 MiB block, and
	 * 1 MiB fits but never at a 4 MiB boundary. */
	ck_assert_int_eq(memmap_alloc(&m, 2 * MiB, 2 * MiB, OWNER_VM, 1, &base), MEMMAP_ERR_NO_SPACE);
	ck_assert_int_eq(memmap_alloc(&m, MiB, 4 * MiB, OWNER_VM, 1, &base), MEMMAP_ERR_NO_SPACE);
	ck_assert_int_eq(memmap_alloc(&m, MiB, 0x1000, OWNER_VM, 1, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40001000);
}
END_TEST

START_TEST(alloc_refuses_bad_alignment_and_size)
{
	uint64_t base;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_alloc(&m, 0x1000, 0, OWNER_VM, 0, &base), MEMMAP_ERR_ALIGN);
	ck_assert_int_eq(memmap_alloc(&m, 0x1000, 0x3000, OWNER_VM, 0, &base), MEMMAP_ERR_ALIGN);
	ck_assert_int_eq(memmap_alloc(&m, 0, 0x1000, OWNER_VM, 0, &base), MEMMAP_ERR_ALIGN);
	ck_assert_int_eq(m.n, 1);
}
END_TEST

START_TEST(release_returns_ranges_and_merges)
{
	uint64_t base;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x40200000, 16 * MiB, OWNER_TANDEM, 0), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x50000000, MiB, OWNER_VM, 1), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x50100000, MiB, OWNER_VM, 2), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x60000000, MiB, OWNER_VM, 1), MEMMAP_OK);
	ck_assert_int_eq(m.n, 8);

	memmap_release(&m, OWNER_VM, 1);
	ck_assert_int_eq(m.n, 5);
	ck_region(2, 0x41200000, 0x50100000 - 0x41200000, OWNER_FREE, 0);
	ck_region(3, 0x50100000, MiB, OWNER_VM, 2);
	ck_region(4, 0x50200000, 0x80000000 - 0x50200000, OWNER_FREE, 0);

	memmap_release(&m, OWNER_VM, 2);
	ck_assert_int_eq(m.n, 3);
	ck_region(1, 0x40200000, 16 * MiB, OWNER_TANDEM, 0);
	ck_region(2, 0x41200000, 0x80000000 - 0x41200000, OWNER_FREE, 0);

	/* Released memory can be allocated again. */
	ck_assert_int_eq(memmap_alloc(&m, 0x200000, 0x200000, OWNER_VM, 9, &base), MEMMAP_OK);
	ck_assert_uint_eq(base, 0x40000000);
	/* Releasing an owner with nothing is harmless. */
	memmap_release(&m, OWNER_VM, 42);
	ck_assert_int_eq(m.n, 3);
}
END_TEST

START_TEST(first_owned_finds_the_lowest_overlap)
{
	const struct memmap_region *r;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, GiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x50000000, MiB, OWNER_VM, 1), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x60000000, MiB, OWNER_MODULE, 4), MEMMAP_OK);

	ck_assert_ptr_null(memmap_first_owned(&m, 0x40000000, 0x10000000));  /* ends at 0x50000000 */
	ck_assert_ptr_null(memmap_first_owned(&m, 0x50100000, 0x0ff00000));  /* between them */
	r = memmap_first_owned(&m, 0x40000000, 0x10000001);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->base, 0x50000000);
	ck_assert_int_eq(r->kind, OWNER_VM);
	r = memmap_first_owned(&m, 0x400ff000, GiB);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->id, 1);
	r = memmap_first_owned(&m, 0x600fffff, 1);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, OWNER_MODULE);
	ck_assert_int_eq(r->id, 4);
	ck_assert_ptr_null(memmap_first_owned(&m, 0x60100000, 0x1000));
}
END_TEST

START_TEST(find_returns_the_region_holding_an_address)
{
	const struct memmap_region *r;

	ck_assert_int_eq(memmap_add_ram(&m, 0x40000000, 256 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_add_ram(&m, 0x60000000, 256 * MiB), MEMMAP_OK);
	ck_assert_int_eq(memmap_claim(&m, 0x60000000, MiB, OWNER_VM, 5), MEMMAP_OK);

	r = memmap_find(&m, 0x4fffffff);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->base, 0x40000000);
	ck_assert_int_eq(r->kind, OWNER_FREE);
	ck_assert_ptr_null(memmap_find(&m, 0x50000000));   /* the hole */
	ck_assert_ptr_null(memmap_find(&m, 0x3fffffff));
	ck_assert_ptr_null(memmap_find(&m, 0x70000000));   /* one past the end */
	r = memmap_find(&m, 0x600fffff);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, OWNER_VM);
	ck_assert_int_eq(r->id, 5);
	r = memmap_find(&m, 0x60100000);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, OWNER_FREE);
	ck_assert_uint_eq(r->base, 0x60100000);
}
END_TEST

START_TEST(owner_names)
{
	ck_assert_str_eq(memmap_owner_name(OWNER_FREE), "free");
	ck_assert_str_eq(memmap_owner_name(OWNER_TANDEM), "Tandem");
	ck_assert_str_eq(memmap_owner_name(OWNER_FIRMWARE), "memory the firmware reserves");
	ck_assert_str_eq(memmap_owner_name(OWNER_MODULE), "a boot module");
	ck_assert_str_eq(memmap_owner_name(OWNER_VM), "a VM");
}
END_TEST

Suite *memmap_suite(void)
{
	Suite *s = suite_create("memmap");
	TCase *tc = tcase_create("memmap");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, add_ram_keeps_banks_sorted_and_merges_adjacent);
	tcase_add_test(tc, add_ram_refuses_overlap_empty_and_wrapping_ranges);
	tcase_add_test(tc, add_ram_reports_a_full_table);
	tcase_add_test(tc, claim_exact_bank);
	tcase_add_test(tc, claim_partial_splits_the_free_range);
	tcase_add_test(tc, claim_overlapping_an_owned_range_is_refused);
	tcase_add_test(tc, claim_outside_ram_is_refused);
	tcase_add_test(tc, claim_spanning_a_hole_is_refused);
	tcase_add_test(tc, adjacent_claims_of_one_owner_merge);
	tcase_add_test(tc, alloc_aligns_the_base);
	tcase_add_test(tc, alloc_takes_the_lowest_free_range);
	tcase_add_test(tc, alloc_without_space_is_refused);
	tcase_add_test(tc, alloc_without_aligned_space_is_refused);
	tcase_add_test(tc, alloc_refuses_bad_alignment_and_size);
	tcase_add_test(tc, release_returns_ranges_and_merges);
	tcase_add_test(tc, first_owned_finds_the_lowest_overlap);
	tcase_add_test(tc, find_returns_the_region_holding_an_address);
	tcase_add_test(tc, owner_names);
	suite_add_tcase(s, tc);
	return s;
}
