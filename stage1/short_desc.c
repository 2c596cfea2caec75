/* Short-descriptor table building and walking; see short_desc.h. */
#include "stage1/short_desc.h"
#include <stdbool.h>
#include <stddef.h>

#define SPACE        (1ull << 32)   /* 32-bit VAs and PAs */
#define SECTION_MASK (SD_SECTION_SIZE - 1)
#define PAGE_MASK    (SD_PAGE_SIZE - 1)

/* L1 entries: bits[1:0] give the type; bit 18 makes a section a supersection. */
#define L1_TYPE_MASK  3u
#define L1_FAULT      0u
#define L1_TABLE      1u
#define L1_SECTION    2u
#define L1_SUPER      (1u << 18)
#define L1_TABLE_ADDR 0xfffffc00u
#define SECTION_ADDR  0xfff00000u
/* L2 entries: bit 1 set is a small page (bits[1:0] = 0b01 is a large page). */
#define L2_SMALL      (1u << 1)
#define L2_TYPE_MASK  3u
#define PAGE_ADDR     0xfffff000u

/* The access flags as two independent bits. */
#define ACCESS_RO     0x2u
#define ACCESS_USR    0x4u

/* A descriptor's attribute fields, the same in both formats, only placed
 * at different bit positions. */
struct fields {
	uint32_t tex, c, b, s, ap10, ap2, xn, ng;
};

static struct fields from_attrs(unsigned int attrs)
{
	bool device = attrs & SD_MEM_DEVICE;
	struct fields f = {
		/* Normal WB-WA is TEX=001 C=1 B=1; shareable device TEX=000 C=0 B=1. */
		.tex = device ? 0 : 1,
		.c = !device,
		.b = 1,
		.s = !device,         /* device memory ignores S: TEX=000 B=1 is shareable */
		.ap10 = attrs & ACCESS_USR ? 3 : 1,
		.ap2 = (attrs & ACCESS_RO) != 0,
		.xn = device || (attrs & SD_XN),   /* no speculative fetch from devices */
		.ng = (attrs & SD_NG) != 0,
	};
	return f;
}

static unsigned int to_attrs(struct fields f)
{
	return (f.c ? SD_MEM_NORMAL : SD_MEM_DEVICE) | (f.ap10 == 3 ? ACCESS_USR : 0) |
	       (f.ap2 ? ACCESS_RO : 0) | (f.xn ? SD_XN : 0) | (f.ng ? SD_NG : 0);
}

static uint32_t place_section(uint32_t base, struct fields f)
{
	return (base & SECTION_ADDR) | f.ng << 17 | f.s << 16 | f.ap2 << 15 |
	       f.tex << 12 | f.ap10 << 10 | f.xn << 4 | f.c << 3 | f.b << 2 | L1_SECTION;
}

static struct fields section_fields(uint32_t e)
{
	struct fields f = {
		.tex = (e >> 12) & 7, .c = (e >> 3) & 1, .b = (e >> 2) & 1, .s = (e >> 16) & 1,
		.ap10 = (e >> 10) & 3, .ap2 = (e >> 15) & 1, .xn = (e >> 4) & 1, .ng = (e >> 17) & 1,
	};
	return f;
}

static uint32_t place_page(uint32_t base, struct fields f)
{
	return (base & PAGE_ADDR) | f.ng << 11 | f.s << 10 | f.ap2 << 9 |
	       f.tex << 6 | f.ap10 << 4 | f.c << 3 | f.b << 2 | L2_SMALL | f.xn;
}

static struct fields page_fields(uint32_t e)
{
	struct fields f = {
		.tex = (e >> 6) & 7, .c = (e >> 3) & 1, .b = (e >> 2) & 1, .s = (e >> 10) & 1,
		.ap10 = (e >> 4) & 3, .ap2 = (e >> 9) & 1, .xn = e & 1, .ng = (e >> 11) & 1,
	};
	return f;
}

uint32_t sd_section_desc(uint64_t pa, unsigned int attrs)
{
	return place_section((uint32_t)pa, from_attrs(attrs));
}

uint32_t sd_page_desc(uint64_t pa, unsigned int attrs)
{
	return place_page((uint32_t)pa, from_attrs(attrs));
}

int sd_init(struct sd_table *t, uint32_t *l1, const struct sd_alloc *alloc)
{
	if ((uintptr_t)l1 & (SD_L1_SIZE - 1))
		return SD_ERR_ALIGN;
	for (unsigned int i = 0; i < SD_L1_ENTRIES; i++)
		l1[i] = 0;
	t->l1 = l1;
	t->alloc = alloc;
	t->spare = NULL;
	t->spare_left = 0;
	return SD_OK;
}

/* Table pages are identity-mapped: an L1 entry holds the L2 table's address. */
static uint32_t *l2_of(uint32_t l1e)
{
	return (uint32_t *)(uintptr_t)(l1e & L1_TABLE_ADDR);
}

static unsigned int l2_index(uint64_t va)
{
	return (unsigned int)(va >> 12) & (SD_L2_ENTRIES - 1);
}

/* The next 1 KiB L2 table: from the last page's rest, else a new page. */
static uint32_t *take_l2(struct sd_table *t)
{
	if (!t->spare_left) {
		void *page = t->alloc->page(t->alloc->ctx);

		/* A page the MMU cannot address is as good as none (and is lost). */
		if (!page || (uint64_t)(uintptr_t)page >> 32 || ((uintptr_t)page & PAGE_MASK))
			return NULL;
		t->spare = page;
		t->spare_left = SD_PAGE_SIZE / SD_L2_SIZE;
	}
	uint32_t *l2 = t->spare;

	t->spare += SD_L2_ENTRIES;
	t->spare_left--;
	return l2;
}

/* Undoes the latest take_l2 (the table is still zero). */
static void give_back_l2(struct sd_table *t, uint32_t *l2)
{
	t->spare = l2;
	t->spare_left++;
}

/* The end of the 1 MiB section holding a, or end if sooner. */
static uint64_t section_end(uint64_t a, uint64_t end)
{
	uint64_t next = (a | SECTION_MASK) + 1;

	return next < end ? next : end;
}

static bool range_free(const struct sd_table *t, uint64_t va, uint64_t end)
{
	for (uint64_t a = va; a < end; a = section_end(a, end)) {
		uint32_t e = t->l1[a >> 20];

		if ((e & L1_TYPE_MASK) == L1_FAULT)
			continue;
		if ((e & L1_TYPE_MASK) != L1_TABLE)
			return false;   /* a section (or anything else not ours) */
		const uint32_t *l2 = l2_of(e);

		for (uint64_t x = a; x < section_end(a, end); x += SD_PAGE_SIZE)
			if (l2[l2_index(x)] & L2_TYPE_MASK)
				return false;
	}
	return true;
}

int sd_map(struct sd_table *t, uint32_t va, uint64_t pa, uint64_t size, unsigned int attrs)
{
	if (!size || ((va | pa | size) & PAGE_MASK))
		return SD_ERR_ALIGN;
	if (size > SPACE - va || pa > SPACE || size > SPACE - pa)
		return SD_ERR_RANGE;
	uint64_t end = (uint64_t)va + size;

	if (!range_free(t, va, end))
		return SD_ERR_EXISTS;
	for (uint64_t a = va; a < end; a = section_end(a, end)) {
		uint32_t *e = &t->l1[a >> 20];
		uint64_t stop = section_end(a, end);
		uint64_t p = pa + (a - va);

		if (!*e && !(a & SECTION_MASK) && stop - a == SD_SECTION_SIZE &&
		    !(p & SECTION_MASK)) {
			*e = sd_section_desc(p, attrs);
			continue;
		}
		if (!*e) {
			uint32_t *fresh = take_l2(t);

			if (!fresh)
				return SD_ERR_NOMEM;
			*e = (uint32_t)(uintptr_t)fresh | L1_TABLE;
		}
		uint32_t *l2 = l2_of(*e);

		for (uint64_t x = a; x < stop; x += SD_PAGE_SIZE)
			l2[l2_index(x)] = sd_page_desc(pa + (x - va), attrs);
	}
	return SD_OK;
}

/* A section at L1 index idx that [va, end) covers only in part. */
static bool partly_unmapped_section(const struct sd_table *t, uint32_t idx,
				    uint64_t va, uint64_t end)
{
	uint64_t base = (uint64_t)idx << 20;

	return (t->l1[idx] & L1_TYPE_MASK) == L1_SECTION &&
	       (va > base || end < base + SD_SECTION_SIZE);
}

/* The same mapping as 256 small pages: the L2 table is filled before the L1
 * entry points at it. */
static void split_section(struct sd_table *t, uint32_t idx, uint32_t *l2)
{
	uint32_t e = t->l1[idx];
	struct fields f = section_fields(e);

	for (unsigned int i = 0; i < SD_L2_ENTRIES; i++)
		l2[i] = place_page((e & SECTION_ADDR) + i * SD_PAGE_SIZE, f);
	t->l1[idx] = (uint32_t)(uintptr_t)l2 | L1_TABLE;
}

int sd_unmap(struct sd_table *t, uint32_t va, uint64_t size)
{
	if (!size || ((va | size) & PAGE_MASK))
		return SD_ERR_ALIGN;
	if (size > SPACE - va)
		return SD_ERR_RANGE;
	uint64_t end = (uint64_t)va + size;
	uint32_t first = va >> 20, last = (uint32_t)((end - 1) >> 20);
	uint32_t *l2_first = NULL, *l2_last = NULL;

	/* Only the first and last sections can be cut; take their tables before
	 * any store so that running out changes nothing. */
	if (partly_unmapped_section(t, first, va, end) && !(l2_first = take_l2(t)))
		return SD_ERR_NOMEM;
	if (last != first && partly_unmapped_section(t, last, va, end) &&
	    !(l2_last = take_l2(t))) {
		if (l2_first)
			give_back_l2(t, l2_first);
		return SD_ERR_NOMEM;
	}
	if (l2_first)
		split_section(t, first, l2_first);
	if (l2_last)
		split_section(t, last, l2_last);

	for (uint64_t a = va; a < end; a = section_end(a, end)) {
		uint32_t *e = &t->l1[a >> 20];

		if ((*e & L1_TYPE_MASK) == L1_FAULT)
			continue;
		if ((*e & L1_TYPE_MASK) != L1_TABLE) {
			*e = 0;   /* a section wholly inside the range */
			continue;
		}
		uint32_t *l2 = l2_of(*e);

		for (uint64_t x = a; x < section_end(a, end); x += SD_PAGE_SIZE)
			l2[l2_index(x)] = 0;
	}
	return SD_OK;
}

int sd_lookup(const struct sd_table *t, uint32_t va, uint64_t *pa, unsigned int *attrs)
{
	uint32_t e = t->l1[va >> 20];

	if ((e & L1_TYPE_MASK) == L1_TABLE) {
		uint32_t p = l2_of(e)[l2_index(va)];

		if (!(p & L2_SMALL))
			return -1;
		if (pa)
			*pa = (p & PAGE_ADDR) | (va & PAGE_MASK);
		if (attrs)
			*attrs = to_attrs(page_fields(p));
		return 0;
	}
	if ((e & L1_TYPE_MASK) != L1_SECTION || (e & L1_SUPER))
		return -1;
	if (pa)
		*pa = (e & SECTION_ADDR) | (va & SECTION_MASK);
	if (attrs)
		*attrs = to_attrs(section_fields(e));
	return 0;
}
