/* LPAE table builder: block and page mappings, overlaps and misalignment
 * refused, lookups, unmapping, concatenated stage-2 roots. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stage2/lpae.h"
#include "tests/unit/suites.h"

static int tables_allocated;
static int table_budget = 1000;
static void *allocated[1000];

static void *alloc_table(void *ctx)
{
	(void)ctx;
	if (tables_allocated >= table_budget)
		return NULL;
	void *p = aligned_alloc(4096, 4096);

	allocated[tables_allocated++] = p;
	return p ? memset(p, 0, 4096) : NULL;
}

static uint64_t to_phys(const void *p) { return (uint64_t)(uintptr_t)p; }
static void *to_virt(uint64_t pa) { return (void *)(uintptr_t)pa; }

static int tables_freed;

static void free_table(void *ctx, void *table)
{
	(void)ctx;
	for (int i = 0; i < tables_allocated; i++)
		if (allocated[i] == table) {
			free(table);
			allocated[i] = NULL;   /* teardown frees the rest */
			tables_freed++;
			return;
		}
	ck_abort_msg("a page that was never a table was freed");
}

static const struct lpae_alloc host_alloc = { alloc_table, NULL, to_phys, to_virt, free_table };

static struct lpae_table t;
static uint64_t *root_table;

static void setup(void)
{
	root_table = aligned_alloc(8192, 8192);
	memset(root_table, 0, 8192);
	tables_allocated = 0;
	tables_freed = 0;
	table_budget = 1000;
	ck_assert_int_eq(lpae_init(&t, root_table, 39, 44, &host_alloc), LPAE_OK);
}

static void teardown(void)
{
	for (int i = 0; i < tables_allocated; i++)
		free(allocated[i]);
	free(root_table);
}

/* A removed VM's tables all go back to the pool, whatever they mapped. */
START_TEST(destroy_gives_every_table_back)
{
	uint64_t pa;

	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x80000000, 0x200000, 0), LPAE_OK);      /* a block */
	ck_assert_int_eq(lpae_map(&t, 0x40201000, 0x90000000, 0x3000, 0), LPAE_OK);        /* pages */
	ck_assert_int_eq(lpae_map(&t, 0x7f00000000ull, 0x1000, 0x1000, 0), LPAE_OK);       /* far away */
	ck_assert_int_gt(tables_allocated, 3);
	ck_assert_uint_eq(t.tables, (size_t)tables_allocated + 1);
	lpae_destroy(&t);
	ck_assert_int_eq(tables_freed, tables_allocated);
	ck_assert_uint_eq(t.tables, 1);   /* the root, the caller's */
	ck_assert_int_eq(lpae_lookup(&t, 0x40000000, &pa, NULL, NULL), LPAE_ERR_NOT_MAPPED);
	ck_assert_int_eq(lpae_lookup(&t, 0x40201000, &pa, NULL, NULL), LPAE_ERR_NOT_MAPPED);
	/* The emptied table maps again from scratch. */
	ck_assert_int_eq(lpae_map(&t, 0x40201000, 0x90000000, 0x1000, 0), LPAE_OK);
	ck_assert_int_eq(lpae_lookup(&t, 0x40201000, &pa, NULL, NULL), LPAE_OK);
	ck_assert_uint_eq(pa, 0x90000000);
}
END_TEST

START_TEST(start_level_follows_input_size)
{
	struct lpae_table x;
	uint64_t *root = aligned_alloc(8192, 8192);

	ck_assert_int_eq(lpae_init(&x, root, 39, 40, &host_alloc), LPAE_OK);
	ck_assert_uint_eq(x.start_level, 1);
	ck_assert_int_eq(lpae_init(&x, root, 40, 40, &host_alloc), LPAE_OK);
	ck_assert_uint_eq(x.start_level, 1);   /* two concatenated level-1 tables */
	ck_assert_int_eq(lpae_init(&x, root, 48, 48, &host_alloc), LPAE_OK);
	ck_assert_uint_eq(x.start_level, 0);
	ck_assert_int_eq(lpae_init(&x, root, 12, 40, &host_alloc), LPAE_ERR_RANGE);
	free(root);
}
END_TEST

START_TEST(gib_aligned_range_uses_one_block)
{
	uint64_t pa, attrs;
	unsigned int level;

	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x80000000, 1ull << 30, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(tables_allocated, 0);   /* a level-1 block in the root */
	ck_assert_int_eq(lpae_lookup(&t, 0x40001234, &pa, &attrs, &level), LPAE_OK);
	ck_assert_uint_eq(pa, 0x80001234);
	ck_assert_uint_eq(level, 1);
	ck_assert_uint_eq(attrs & S2_AP_RW, S2_AP_RW);
	ck_assert(attrs & LPAE_AF);
}
END_TEST

START_TEST(two_mib_aligned_range_uses_level2_blocks)
{
	unsigned int level;

	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50000000, 4ull << 20, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(tables_allocated, 1);   /* one level-2 table */
	ck_assert_int_eq(lpae_lookup(&t, 0x40300000, NULL, NULL, &level), LPAE_OK);
	ck_assert_uint_eq(level, 2);
}
END_TEST

START_TEST(misaligned_pa_falls_back_to_pages)
{
	uint64_t pa;
	unsigned int level;

	/* IPA 2 MiB-aligned but PA only 4 KiB-aligned: pages, not blocks. */
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50001000, 2ull << 20, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(lpae_lookup(&t, 0x401ff008, &pa, NULL, &level), LPAE_OK);
	ck_assert_uint_eq(level, 3);
	ck_assert_uint_eq(pa, 0x50200008);
}
END_TEST

START_TEST(mixed_range_uses_pages_then_blocks)
{
	unsigned int level;

	/* 4 KiB short of a 2 MiB boundary, then two whole blocks. */
	ck_assert_int_eq(lpae_map(&t, 0x401ff000, 0x601ff000, 0x401000, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(lpae_lookup(&t, 0x401ff000, NULL, NULL, &level), LPAE_OK);
	ck_assert_uint_eq(level, 3);
	ck_assert_int_eq(lpae_lookup(&t, 0x40200000, NULL, NULL, &level), LPAE_OK);
	ck_assert_uint_eq(level, 2);
	ck_assert_int_eq(lpae_lookup(&t, 0x405ff000, NULL, NULL, &level), LPAE_OK);
	ck_assert_int_eq(lpae_lookup(&t, 0x40600000, NULL, NULL, &level), LPAE_ERR_NOT_MAPPED);
}
END_TEST

START_TEST(overlap_is_refused_and_leaves_mapping)
{
	uint64_t pa;

	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50000000, 0x10000, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(lpae_map(&t, 0x4000f000, 0x60000000, 0x2000, S2_AP_RW), LPAE_ERR_OVERLAP);
	ck_assert_int_eq(lpae_map(&t, 0x40000000 - 0x200000, 0x60000000, 1ull << 30, S2_AP_RW),
			 LPAE_ERR_OVERLAP);
	/* The page after the overlap attempt was not mapped either. */
	ck_assert_int_eq(lpae_lookup(&t, 0x40010000, &pa, NULL, NULL), LPAE_ERR_NOT_MAPPED);
	ck_assert_int_eq(lpae_lookup(&t, 0x4000f000, &pa, NULL, NULL), LPAE_OK);
	ck_assert_uint_eq(pa, 0x5000f000);
}
END_TEST

START_TEST(overlap_with_block_is_refused)
{
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x40000000, 2ull << 20, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(lpae_map(&t, 0x40100000, 0x70000000, 0x1000, S2_AP_RW), LPAE_ERR_OVERLAP);
}
END_TEST

START_TEST(misalignment_is_refused)
{
	ck_assert_int_eq(lpae_map(&t, 0x40000800, 0x50000000, 0x1000, S2_AP_RW), LPAE_ERR_MISALIGNED);
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50000010, 0x1000, S2_AP_RW), LPAE_ERR_MISALIGNED);
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50000000, 0x1001, S2_AP_RW), LPAE_ERR_MISALIGNED);
	ck_assert_int_eq(tables_allocated, 0);
}
END_TEST

START_TEST(out_of_range_is_refused)
{
	ck_assert_int_eq(lpae_map(&t, 1ull << 39, 0, 0x1000, S2_AP_RW), LPAE_ERR_RANGE);
	ck_assert_int_eq(lpae_map(&t, (1ull << 39) - 0x1000, 0, 0x2000, S2_AP_RW), LPAE_ERR_RANGE);
	ck_assert_int_eq(lpae_map(&t, 0, 1ull << 44, 0x1000, S2_AP_RW), LPAE_ERR_RANGE);
	ck_assert_int_eq(lpae_map(&t, 0, 0, 0, S2_AP_RW), LPAE_ERR_RANGE);
}
END_TEST

START_TEST(out_of_table_memory_is_reported)
{
	table_budget = 1;   /* a level-2 table fits, the level-3 one does not */
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50000000, 0x1000, S2_AP_RW), LPAE_ERR_NOMEM);
}
END_TEST

START_TEST(unmap_pages_and_blocks)
{
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x50000000, 4ull << 20, S2_AP_RW), LPAE_OK);
	ck_assert_int_eq(lpae_unmap(&t, 0x40000000, 0x1000), LPAE_ERR_MISALIGNED); /* part of a block */
	ck_assert_int_eq(lpae_unmap(&t, 0x40000000, 2ull << 20), LPAE_OK);
	ck_assert_int_eq(lpae_lookup(&t, 0x40000000, NULL, NULL, NULL), LPAE_ERR_NOT_MAPPED);
	ck_assert_int_eq(lpae_lookup(&t, 0x40200000, NULL, NULL, NULL), LPAE_OK);
	ck_assert_int_eq(lpae_unmap(&t, 0x40000000, 0x1000), LPAE_ERR_NOT_MAPPED);
	/* Unmapped space can be mapped again. */
	ck_assert_int_eq(lpae_map(&t, 0x40000000, 0x70000000, 0x1000, S2_AP_RO), LPAE_OK);
}
END_TEST

START_TEST(attributes_are_kept_but_address_bits_are_not_taken_from_them)
{
	uint64_t attrs;

	ck_assert_int_eq(lpae_map(&t, 0x1000, 0x2000, 0x1000,
				  S2_MEMATTR_DEVICE | S2_AP_RW | S2_XN | 0xfff000ull), LPAE_OK);
	ck_assert_int_eq(lpae_lookup(&t, 0x1000, NULL, &attrs, NULL), LPAE_OK);
	ck_assert_uint_eq(attrs & S2_XN, S2_XN);
	ck_assert_uint_eq(attrs & (0xfull << 2), S2_MEMATTR_DEVICE);
	ck_assert_uint_eq(attrs & LPAE_ADDR_MASK, 0);
}
END_TEST

Suite *lpae_suite(void)
{
	Suite *s = suite_create("lpae");
	TCase *tc = tcase_create("map");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, start_level_follows_input_size);
	tcase_add_test(tc, gib_aligned_range_uses_one_block);
	tcase_add_test(tc, two_mib_aligned_range_uses_level2_blocks);
	tcase_add_test(tc, misaligned_pa_falls_back_to_pages);
	tcase_add_test(tc, mixed_range_uses_pages_then_blocks);
	tcase_add_test(tc, overlap_is_refused_and_leaves_mapping);
	tcase_add_test(tc, overlap_with_block_is_refused);
	tcase_add_test(tc, misalignment_is_refused);
	tcase_add_test(tc, out_of_range_is_refused);
	tcase_add_test(tc, out_of_table_memory_is_reported);
	tcase_add_test(tc, unmap_pages_and_blocks);
	tcase_add_test(tc, destroy_gives_every_table_back);
	tcase_add_test(tc, attributes_are_kept_but_address_bits_are_not_taken_from_them);
	suite_add_tcase(s, tc);
	return s;
}
