/* ARMv7 short-descriptor table builder: the descriptor bits against constants
 * worked out by hand from the ARM ARM (B3.5), sections versus small pages,
 * lookups, refusals that leave the table unchanged, section splitting on a
 * partial unmap, and four L2 tables carved from each allocated page. */
#define _GNU_SOURCE   /* MAP_32BIT */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "stage1/short_desc.h"
#include "tests/unit/suites.h"

/* L1 entries hold L2 tables' addresses in 32 bits: the pool of table pages
 * lies in the host's low 2 GiB. */
#define POOL_PAGES 16
static uint8_t *pool;
static int pages_given;
static int page_budget;

static void *pool_page(void *ctx)
{
	(void)ctx;
	if (pages_given >= page_budget || pages_given >= POOL_PAGES)
		return NULL;
	return pool + 4096 * pages_given++;   /* mmap's pages are zero */
}

static const struct sd_alloc low_alloc = { pool_page, NULL };

static struct sd_table t;
static uint32_t *l1;

static void setup(void)
{
	pool = mmap(NULL, POOL_PAGES * 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	ck_assert(pool != MAP_FAILED);
	ck_assert_uint_eq((uintptr_t)pool >> 32, 0);
	pages_given = 0;
	page_budget = POOL_PAGES;
	l1 = aligned_alloc(SD_L1_SIZE, SD_L1_SIZE);
	memset(l1, 0xa5, SD_L1_SIZE);   /* sd_init must clear it */
	ck_assert_int_eq(sd_init(&t, l1, &low_alloc), SD_OK);
}

static void teardown(void)
{
	munmap(pool, POOL_PAGES * 4096);
	free(l1);
}

static uint32_t *l2_table(uint32_t va)
{
	uint32_t e = l1[va >> 20];

	ck_assert_uint_eq(e & 0x3ff, 0x001);   /* a page-table entry, domain 0, bit 2 (PXN) 0 */
	return (uint32_t *)(uintptr_t)(e & 0xfffffc00u);
}

static void expect(uint32_t va, uint64_t pa, unsigned int attrs)
{
	uint64_t got_pa = 0;
	unsigned int got_attrs = 0;

	ck_assert_int_eq(sd_lookup(&t, va, &got_pa, &got_attrs), 0);
	ck_assert_uint_eq(got_pa, pa);
	ck_assert_uint_eq(got_attrs, attrs);
}

static void expect_unmapped(uint32_t va)
{
	ck_assert_int_eq(sd_lookup(&t, va, NULL, NULL), -1);
}

START_TEST(init_clears_and_wants_16k_alignment)
{
	for (unsigned int i = 0; i < SD_L1_ENTRIES; i++)
		ck_assert_uint_eq(l1[i], 0);
	ck_assert_int_eq(sd_init(&t, l1 + 1024, &low_alloc), SD_ERR_ALIGN);   /* 4 KiB aligned only */
}
END_TEST

/* Section: base[31:20] nG17 S16 AP2 15 TEX[14:12] AP[11:10] domain[8:5] XN4 C3 B2 0b10. */
START_TEST(section_descriptor_bits)
{
	static const struct { unsigned int attrs; uint64_t pa; uint32_t desc; } cases[] = {
		/* normal: TEX=001 C=1 B=1 S=1 -> 0x11000 | 0xc */
		{ SD_MEM_NORMAL | SD_PL1_RW, 0x60000000, 0x6001140e },          /* AP=001 */
		{ SD_MEM_NORMAL | SD_PL1_RO, 0x60000000, 0x6001940e },          /* AP=101 */
		{ SD_MEM_NORMAL | SD_USR_RW, 0x60000000, 0x60011c0e },          /* AP=011 */
		{ SD_MEM_NORMAL | SD_USR_RO, 0x60000000, 0x60019c0e },          /* AP=111 */
		{ SD_MEM_NORMAL | SD_PL1_RW | SD_XN, 0x60000000, 0x6001141e },
		{ SD_MEM_NORMAL | SD_USR_RW | SD_NG, 0x60000000, 0x60031c0e },
		{ SD_MEM_NORMAL | SD_USR_RO | SD_XN | SD_NG, 0xfff00000, 0xfff39c1e },
		/* device: TEX=000 C=0 B=1, XN forced */
		{ SD_MEM_DEVICE | SD_PL1_RW, 0x1e000000, 0x1e000416 },
		{ SD_MEM_DEVICE | SD_PL1_RW | SD_XN, 0x1e000000, 0x1e000416 },
		{ SD_MEM_DEVICE | SD_PL1_RO, 0x1e000000, 0x1e008416 },
		{ SD_MEM_DEVICE | SD_USR_RW, 0x1e000000, 0x1e000c16 },
		{ SD_MEM_DEVICE | SD_USR_RO | SD_NG, 0x1e000000, 0x1e028c16 },
		/* the offset inside the section is not the descriptor's */
		{ SD_MEM_NORMAL | SD_PL1_RW, 0x600fffff, 0x6001140e },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(sd_section_desc(cases[i].pa, cases[i].attrs) == cases[i].desc,
			      "case %u: %#x, want %#x", i,
			      sd_section_desc(cases[i].pa, cases[i].attrs), cases[i].desc);
}
END_TEST

/* Small page: base[31:12] nG11 S10 AP2 9 TEX[8:6] AP[5:4] C3 B2 1 XN0. */
START_TEST(small_page_descriptor_bits)
{
	static const struct { unsigned int attrs; uint64_t pa; uint32_t desc; } cases[] = {
		/* normal: TEX=001 C=1 B=1 S=1 -> 0x440 | 0xc */
		{ SD_MEM_NORMAL | SD_PL1_RW, 0x60123000, 0x6012345e },          /* AP=001 */
		{ SD_MEM_NORMAL | SD_PL1_RO, 0x60123000, 0x6012365e },          /* AP=101 */
		{ SD_MEM_NORMAL | SD_USR_RW, 0x60123000, 0x6012347e },          /* AP=011 */
		{ SD_MEM_NORMAL | SD_USR_RO, 0x60123000, 0x6012367e },          /* AP=111 */
		{ SD_MEM_NORMAL | SD_PL1_RW | SD_XN, 0x60123000, 0x6012345f },
		{ SD_MEM_NORMAL | SD_USR_RW | SD_NG, 0x60123000, 0x60123c7e },
		{ SD_MEM_NORMAL | SD_USR_RO | SD_XN | SD_NG, 0xfffff000, 0xfffffe7f },
		/* device: TEX=000 C=0 B=1, XN forced */
		{ SD_MEM_DEVICE | SD_PL1_RW, 0x10009000, 0x10009017 },
		{ SD_MEM_DEVICE | SD_PL1_RW | SD_XN, 0x10009000, 0x10009017 },
		{ SD_MEM_DEVICE | SD_PL1_RO, 0x10009000, 0x10009217 },
		{ SD_MEM_DEVICE | SD_USR_RW, 0x10009000, 0x10009037 },
		{ SD_MEM_DEVICE | SD_USR_RO | SD_NG, 0x10009000, 0x10009a37 },
		{ SD_MEM_NORMAL | SD_PL1_RW, 0x60123fff, 0x6012345e },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(sd_page_desc(cases[i].pa, cases[i].attrs) == cases[i].desc,
			      "case %u: %#x, want %#x", i,
			      sd_page_desc(cases[i].pa, cases[i].attrs), cases[i].desc);
}
END_TEST

START_TEST(aligned_2mib_is_two_sections)
{
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0x200000, SD_PL1_RW), SD_OK);
	ck_assert_uint_eq(l1[0x800], 0x6001140e);
	ck_assert_uint_eq(l1[0x801], 0x6011140e);
	ck_assert_uint_eq(l1[0x7ff], 0);
	ck_assert_uint_eq(l1[0x802], 0);
	ck_assert_int_eq(pages_given, 0);
	expect(0x80000000, 0x60000000, SD_PL1_RW);
	expect(0x801fffff, 0x601fffff, SD_PL1_RW);
	expect_unmapped(0x80200000);
	expect_unmapped(0x7ffff000);
}
END_TEST

START_TEST(unaligned_ranges_use_small_pages)
{
	/* 1 MiB + 4 KiB from a va that is not section aligned: pages only,
	 * in two L2 tables (0x80001000..0x80101000 crosses one boundary). */
	ck_assert_int_eq(sd_map(&t, 0x80001000, 0x60001000, 0x101000, SD_USR_RW), SD_OK);
	ck_assert_int_eq(pages_given, 1);
	ck_assert_uint_eq(l2_table(0x80001000)[1], 0x6000147e);
	ck_assert_uint_eq(l2_table(0x80001000)[0], 0);
	ck_assert_uint_eq(l2_table(0x80100000)[0], 0x6010047e);
	ck_assert_uint_eq(l2_table(0x80100000)[1], 0x6010147e);
	ck_assert_uint_eq(l2_table(0x80100000)[2], 0);
	expect(0x80101abc, 0x60101abc, SD_USR_RW);
	expect_unmapped(0x80000000);
	expect_unmapped(0x80102000);

	/* va aligned, pa not: pages. */
	ck_assert_int_eq(sd_map(&t, 0x90000000, 0x70001000, 0x100000, SD_PL1_RW), SD_OK);
	ck_assert_uint_eq(l1[0x900] & 3, 1);
	expect(0x900ff000, 0x70100000, SD_PL1_RW);

	/* Both aligned, 1 MiB + 4 KiB: one section then one page. */
	ck_assert_int_eq(sd_map(&t, 0xa0000000, 0x70000000, 0x101000, SD_PL1_RO), SD_OK);
	ck_assert_uint_eq(l1[0xa00], 0x7001940e);
	ck_assert_uint_eq(l2_table(0xa0100000)[0], 0x7010065e);
	ck_assert_uint_eq(l2_table(0xa0100000)[1], 0);
	expect(0xa0100000, 0x70100000, SD_PL1_RO);
}
END_TEST

START_TEST(lookup_gives_back_every_attribute_combination)
{
	unsigned int access[] = { SD_PL1_RW, SD_PL1_RO, SD_USR_RW, SD_USR_RO };
	uint32_t va = 0x40000000;

	for (unsigned int a = 0; a < 4; a++)
		for (unsigned int extra = 0; extra < 8; extra++) {
			unsigned int attrs = access[a] | (extra & 1 ? SD_MEM_DEVICE : 0) |
					     (extra & 2 ? SD_XN : 0) | (extra & 4 ? SD_NG : 0);
			unsigned int want = attrs | (attrs & SD_MEM_DEVICE ? SD_XN : 0);

			/* one section and one page each */
			ck_assert_int_eq(sd_map(&t, va, 0x80000000u + (va & 0x0ff00000), 0x101000, attrs), SD_OK);
			expect(va + 0x12345, 0x80000000u + (va & 0x0ff00000) + 0x12345, want);
			expect(va + 0x100fff, 0x80000000u + (va & 0x0ff00000) + 0x100fff, want);
			va += 0x200000;
		}
}
END_TEST

START_TEST(exists_leaves_the_table_unchanged)
{
	ck_assert_int_eq(sd_map(&t, 0x80200000, 0x60000000, 0x1000, SD_PL1_RW), SD_OK);
	ck_assert_int_eq(sd_map(&t, 0x80400000, 0x60400000, 0x100000, SD_PL1_RW), SD_OK);

	uint32_t *l1_before = malloc(SD_L1_SIZE);
	uint8_t *pool_before = malloc(POOL_PAGES * 4096);
	struct sd_table t_before = t;

	memcpy(l1_before, l1, SD_L1_SIZE);
	memcpy(pool_before, pool, POOL_PAGES * 4096);
	/* Sections would fit 0x80000000-0x80200000 but the last page is taken. */
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x50000000, 0x201000, SD_USR_RW), SD_ERR_EXISTS);
	/* Pages that would precede an existing section. */
	ck_assert_int_eq(sd_map(&t, 0x803ff000, 0x50000000, 0x2000, SD_USR_RW), SD_ERR_EXISTS);
	ck_assert_int_eq(sd_map(&t, 0x80480000, 0x50000000, 0x1000, SD_USR_RW), SD_ERR_EXISTS);
	ck_assert(memcmp(l1_before, l1, SD_L1_SIZE) == 0);
	ck_assert(memcmp(pool_before, pool, POOL_PAGES * 4096) == 0);
	ck_assert(t.spare == t_before.spare && t.spare_left == t_before.spare_left);
	ck_assert_int_eq(pages_given, 1);
	free(l1_before);
	free(pool_before);

	/* The free neighbour of the taken page is still free. */
	ck_assert_int_eq(sd_map(&t, 0x801ff000, 0x50000000, 0x1000, SD_USR_RW), SD_OK);
}
END_TEST

START_TEST(range_stops_at_4gib)
{
	ck_assert_int_eq(sd_map(&t, 0xfffff000, 0x60000000, 0x2000, SD_PL1_RW), SD_ERR_RANGE);
	ck_assert_uint_eq(l1[0xfff], 0);
	ck_assert_uint_eq(l1[0], 0);   /* no wrap to va 0 */
	ck_assert_int_eq(sd_map(&t, 0x1000, 0xfffff000, 0x2000, SD_PL1_RW), SD_ERR_RANGE);
	ck_assert_int_eq(sd_map(&t, 0x1000, 0x100000000ull, 0x1000, SD_PL1_RW), SD_ERR_RANGE);
	ck_assert_int_eq(sd_map(&t, 0x0, 0x0, 0x100001000ull, SD_PL1_RW), SD_ERR_RANGE);
	ck_assert_int_eq(sd_unmap(&t, 0xfffff000, 0x2000), SD_ERR_RANGE);
	ck_assert_int_eq(pages_given, 0);
	for (unsigned int i = 0; i < SD_L1_ENTRIES; i++)
		ck_assert_uint_eq(l1[i], 0);

	/* The very last page and section are fine. */
	ck_assert_int_eq(sd_map(&t, 0xfffff000, 0xfffff000, 0x1000, SD_PL1_RW), SD_OK);
	expect(0xffffffff, 0xffffffff, SD_PL1_RW);
	ck_assert_int_eq(sd_map(&t, 0xffe00000, 0xfff00000, 0x100000, SD_PL1_RW), SD_OK);
	expect(0xffefffff, 0xffffffff, SD_PL1_RW);
	ck_assert_int_eq(sd_unmap(&t, 0xfff00000, 0x100000), SD_OK);
	expect_unmapped(0xfffff000);
}
END_TEST

START_TEST(misalignment_is_refused)
{
	ck_assert_int_eq(sd_map(&t, 0x80000800, 0x60000000, 0x1000, SD_PL1_RW), SD_ERR_ALIGN);
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000010, 0x1000, SD_PL1_RW), SD_ERR_ALIGN);
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0x1800, SD_PL1_RW), SD_ERR_ALIGN);
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0, SD_PL1_RW), SD_ERR_ALIGN);
	ck_assert_int_eq(sd_unmap(&t, 0x80000800, 0x1000), SD_ERR_ALIGN);
	ck_assert_int_eq(sd_unmap(&t, 0x80000000, 0x800), SD_ERR_ALIGN);
	ck_assert_int_eq(sd_unmap(&t, 0x80000000, 0), SD_ERR_ALIGN);
	ck_assert_int_eq(pages_given, 0);
	expect_unmapped(0x80000000);
}
END_TEST

START_TEST(nomem_when_the_allocator_runs_out)
{
	page_budget = 1;   /* four L2 tables */
	for (uint32_t i = 0; i < 4; i++)
		ck_assert_int_eq(sd_map(&t, 0x80000000 + (i << 20), 0x60000000, 0x1000, SD_PL1_RW), SD_OK);
	ck_assert_int_eq(sd_map(&t, 0x80400000, 0x60000000, 0x1000, SD_PL1_RW), SD_ERR_NOMEM);
	ck_assert_uint_eq(l1[0x804], 0);
	expect_unmapped(0x80400000);
	for (uint32_t i = 0; i < 4; i++)
		expect(0x80000000 + (i << 20), 0x60000000, SD_PL1_RW);
	/* Sections need no table. */
	ck_assert_int_eq(sd_map(&t, 0x90000000, 0x60000000, 0x300000, SD_PL1_RW), SD_OK);
	/* Documented: the part before the failure stays (a section here). */
	ck_assert_int_eq(sd_map(&t, 0xa0000000, 0x60000000, 0x101000, SD_PL1_RW), SD_ERR_NOMEM);
	expect(0xa0000000, 0x60000000, SD_PL1_RW);
	expect_unmapped(0xa0100000);
	ck_assert_int_eq(sd_unmap(&t, 0xa0000000, 0x101000), SD_OK);
	expect_unmapped(0xa0000000);
}
END_TEST

static void *high_page(void *ctx)
{
	return ctx;
}

START_TEST(a_page_above_4gib_is_no_memory)
{
	void *high = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sd_alloc alloc = { high_page, high };

	ck_assert(high != MAP_FAILED);
	ck_assert_uint_ne((uint64_t)(uintptr_t)high >> 32, 0);
	ck_assert_int_eq(sd_init(&t, l1, &alloc), SD_OK);
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0x1000, SD_PL1_RW), SD_ERR_NOMEM);
	ck_assert_uint_eq(l1[0x800], 0);
	munmap(high, 4096);
}
END_TEST

START_TEST(unmap_inside_a_section_splits_it)
{
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0x100000, SD_USR_RO | SD_NG), SD_OK);
	ck_assert_int_eq(sd_map(&t, 0x80100000, 0x1e000000, 0x100000, SD_MEM_DEVICE | SD_PL1_RW), SD_OK);
	ck_assert_int_eq(pages_given, 0);
	ck_assert_int_eq(sd_unmap(&t, 0x80005000, 0x1000), SD_OK);
	ck_assert_int_eq(pages_given, 1);

	uint32_t *l2 = l2_table(0x80000000);

	/* TEX=001 C B S, AP=111, nG: 0x800 | 0x400 | 0x200 | 0x40 | 0x30 | 0xe */
	ck_assert_uint_eq(l2[0], 0x60000e7e);
	ck_assert_uint_eq(l2[4], 0x60004e7e);
	ck_assert_uint_eq(l2[5], 0);
	ck_assert_uint_eq(l2[6], 0x60006e7e);
	ck_assert_uint_eq(l2[255], 0x600ffe7e);
	expect(0x80004fff, 0x60004fff, SD_USR_RO | SD_NG);
	expect(0x80006000, 0x60006000, SD_USR_RO | SD_NG);
	expect_unmapped(0x80005000);
	ck_assert_uint_eq(l1[0x801], 0x1e000416);   /* the neighbour section untouched */

	/* Across two sections, cutting both: the device one keeps XN. */
	ck_assert_int_eq(sd_unmap(&t, 0x800ff000, 0x2000), SD_OK);
	expect_unmapped(0x800ff000);
	expect_unmapped(0x80100000);
	expect(0x800fe000, 0x600fe000, SD_USR_RO | SD_NG);
	expect(0x80101000, 0x1e001000, SD_MEM_DEVICE | SD_PL1_RW | SD_XN);
	ck_assert_uint_eq(l2_table(0x80100000)[1], 0x1e001017);

	/* A section wholly inside the range goes without a table. */
	ck_assert_int_eq(sd_map(&t, 0x90000000, 0x60000000, 0x300000, SD_PL1_RW), SD_OK);
	ck_assert_int_eq(sd_unmap(&t, 0x90000000, 0x300000), SD_OK);
	ck_assert_uint_eq(l1[0x900] | l1[0x901] | l1[0x902], 0);
	ck_assert_int_eq(pages_given, 1);   /* the two splits: two of the page's four tables */
}
END_TEST

START_TEST(failed_split_changes_nothing)
{
	page_budget = 1;
	for (uint32_t i = 0; i < 3; i++)   /* three of the page's four tables */
		ck_assert_int_eq(sd_map(&t, 0x70000000 + (i << 20), 0x60000000, 0x1000, SD_PL1_RW), SD_OK);
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0x200000, SD_PL1_RW), SD_OK);

	uint32_t *l1_before = malloc(SD_L1_SIZE);
	struct sd_table t_before = t;

	memcpy(l1_before, l1, SD_L1_SIZE);
	/* Two splits: the first takes the last spare table, the second finds none. */
	ck_assert_int_eq(sd_unmap(&t, 0x800ff000, 0x2000), SD_ERR_NOMEM);
	ck_assert(memcmp(l1_before, l1, SD_L1_SIZE) == 0);
	ck_assert(t.spare == t_before.spare && t.spare_left == t_before.spare_left);
	ck_assert_uint_eq(t.spare_left, 1);
	expect(0x800ff000, 0x600ff000, SD_PL1_RW);
	expect(0x80100000, 0x60100000, SD_PL1_RW);

	page_budget = 2;
	ck_assert_int_eq(sd_unmap(&t, 0x800ff000, 0x2000), SD_OK);
	expect_unmapped(0x800ff000);
	expect_unmapped(0x80100000);
	expect(0x800fe000, 0x600fe000, SD_PL1_RW);
	expect(0x80101000, 0x60101000, SD_PL1_RW);
	free(l1_before);
}
END_TEST

START_TEST(unmapping_what_is_not_mapped_is_fine)
{
	ck_assert_int_eq(sd_unmap(&t, 0x80000000, 0x400000), SD_OK);
	ck_assert_int_eq(sd_map(&t, 0x80001000, 0x60000000, 0x1000, SD_PL1_RW), SD_OK);
	ck_assert_int_eq(sd_unmap(&t, 0x80000000, 0x400000), SD_OK);
	ck_assert_int_eq(sd_unmap(&t, 0x80000000, 0x400000), SD_OK);
	expect_unmapped(0x80001000);
	ck_assert_int_eq(pages_given, 1);
	/* The emptied L2 table stays; an aligned MiB there is mapped with pages. */
	ck_assert_int_eq(sd_map(&t, 0x80000000, 0x60000000, 0x100000, SD_PL1_RW), SD_OK);
	ck_assert_uint_eq(l1[0x800] & 3, 1);
	expect(0x800ff000, 0x600ff000, SD_PL1_RW);
}
END_TEST

START_TEST(four_l2_tables_per_page)
{
	uint32_t *tables[5];

	for (uint32_t i = 0; i < 4; i++) {
		ck_assert_int_eq(sd_map(&t, 0x80000000 + (i << 24), 0x60000000, 0x1000, SD_PL1_RW), SD_OK);
		tables[i] = l2_table(0x80000000 + (i << 24));
	}
	ck_assert_int_eq(pages_given, 1);
	for (uint32_t i = 0; i < 4; i++)
		ck_assert_ptr_eq(tables[i], (uint32_t *)(pool + 1024 * i));
	ck_assert_int_eq(sd_map(&t, 0x84000000, 0x60000000, 0x1000, SD_PL1_RW), SD_OK);
	tables[4] = l2_table(0x84000000);
	ck_assert_int_eq(pages_given, 2);
	ck_assert_ptr_eq(tables[4], (uint32_t *)(pool + 4096));
}
END_TEST

Suite *short_desc_suite(void)
{
	Suite *s = suite_create("short_desc");
	TCase *tc = tcase_create("map");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, init_clears_and_wants_16k_alignment);
	tcase_add_test(tc, section_descriptor_bits);
	tcase_add_test(tc, small_page_descriptor_bits);
	tcase_add_test(tc, aligned_2mib_is_two_sections);
	tcase_add_test(tc, unaligned_ranges_use_small_pages);
	tcase_add_test(tc, lookup_gives_back_every_attribute_combination);
	tcase_add_test(tc, exists_leaves_the_table_unchanged);
	tcase_add_test(tc, range_stops_at_4gib);
	tcase_add_test(tc, misalignment_is_refused);
	tcase_add_test(tc, nomem_when_the_allocator_runs_out);
	tcase_add_test(tc, a_page_above_4gib_is_no_memory);
	tcase_add_test(tc, unmap_inside_a_section_splits_it);
	tcase_add_test(tc, failed_split_changes_nothing);
	tcase_add_test(tc, unmapping_what_is_not_mapped_is_fine);
	tcase_add_test(tc, four_l2_tables_per_page);
	suite_add_tcase(s, tc);
	return s;
}
