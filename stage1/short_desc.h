/* The ARMv7-A short-descriptor translation-table format (ARM ARM B3.5) as the
 * Cortex-A9 walks it: TTBCR.N = 0 (one 16 KiB L1 table for all 4 GiB), TEX
 * remap off (SCTLR.TRE = 0), AFE = 0, every entry in domain 0, no PXN and no
 * LPAE (32-bit physical addresses). Serves Tandem's own MMU in SVC mode and
 * each paravirtualized guest's address space. Pure logic: it only stores
 * descriptors; TLB and cache maintenance after a change is the caller's.
 *
 * Table pages come from a caller-supplied allocator and are referenced by
 * their address: they must be identity-mapped (address == physical address)
 * and below 4 GiB (on the host, tests allocate them with MAP_32BIT). */
#ifndef TANDEM_SHORT_DESC_H
#define TANDEM_SHORT_DESC_H
#include <stdint.h>

#define SD_L1_ENTRIES   4096u
#define SD_L1_SIZE      16384u      /* and alignment (TTBCR.N = 0) */
#define SD_L2_ENTRIES   256u
#define SD_L2_SIZE      1024u
#define SD_PAGE_SIZE    4096u
#define SD_SECTION_SIZE 0x100000u

/* Attributes, format-neutral flags OR'ed together: */
#define SD_MEM_NORMAL   0x0u   /* normal memory, write-back write-allocate, shareable */
#define SD_MEM_DEVICE   0x1u   /* shareable device memory (always execute-never) */
#define SD_PL1_RW       0x0u   /* access: PL1 read/write, USR none (AP=0b001) */
#define SD_PL1_RO       0x2u   /* PL1 read-only, USR none (AP=0b101) */
#define SD_USR_RW       0x4u   /* PL1 and USR read/write (AP=0b011) */
#define SD_USR_RO       0x6u   /* PL1 and USR read-only (AP=0b111) */
#define SD_ACCESS_MASK  0x6u
#define SD_XN           0x8u   /* execute-never */
#define SD_NG           0x10u  /* not global: tagged with the ASID (CONTEXTIDR) */

enum { SD_OK = 0, SD_ERR_ALIGN = -1, SD_ERR_NOMEM = -2, SD_ERR_EXISTS = -3, SD_ERR_RANGE = -4 };

struct sd_alloc {            /* one zeroed, 4 KiB-aligned 4 KiB page, or NULL */
	void *(*page)(void *ctx);
	void *ctx;
};

struct sd_table {
	uint32_t *l1;                 /* 16 KiB-aligned, 4096 entries */
	const struct sd_alloc *alloc;
	uint32_t *spare;              /* the rest of the last page carved into L2 tables */
	unsigned int spare_left;      /* L2 tables (1 KiB each) still free in it */
};

/* l1 is cleared; every later L2 table comes from alloc (four per page).
 * SD_ERR_ALIGN if l1 is not 16 KiB aligned. */
int sd_init(struct sd_table *t, uint32_t *l1, const struct sd_alloc *alloc);

/* Maps [va, va+size) to [pa, pa+size): 4 KiB aligned; 1 MiB sections wherever
 * va, pa and the rest of the range allow it and the L1 entry is free, small
 * pages otherwise. Errors, checked in this order, all before any store:
 * SD_ERR_ALIGN (misaligned, or size 0), SD_ERR_RANGE (va+size or pa+size
 * passes 4 GiB), SD_ERR_EXISTS (some page of the range is already mapped).
 * SD_ERR_NOMEM (the allocator ran out, or gave a page above 4 GiB) comes
 * while mapping: the part of the range before the failure STAYS mapped (the
 * caller unmaps [va, va+size) to undo; pages are installed in address order).
 * Attribute bits other than the flags above are ignored. */
int sd_map(struct sd_table *t, uint32_t va, uint64_t pa, uint64_t size, unsigned int attrs);

/* Unmaps [va, va+size) (4 KiB aligned, size > 0, within 4 GiB: SD_ERR_ALIGN,
 * SD_ERR_RANGE; unmapped pages are fine). A section partly unmapped is first
 * split into small pages with the same attributes (an L2 table each, at most
 * two: SD_ERR_NOMEM and nothing changed). An emptied L2 table stays (its L1
 * entry then takes only small pages). After a split the caller must
 * invalidate the TLB for the whole section, not just the unmapped pages. */
int sd_unmap(struct sd_table *t, uint32_t va, uint64_t size);

/* The translation of va: 0 and *pa, *attrs (the flags above; a device
 * mapping reads back as SD_MEM_DEVICE | SD_XN), or -1 if unmapped. Only
 * sections and small pages (what this file writes) are decoded. */
int sd_lookup(const struct sd_table *t, uint32_t va, uint64_t *pa, unsigned int *attrs);

/* The descriptors themselves, for the MMU code and tests (pa's low bits
 * below the section or page are dropped): */
uint32_t sd_section_desc(uint64_t pa, unsigned int attrs);
uint32_t sd_page_desc(uint64_t pa, unsigned int attrs);

#endif
