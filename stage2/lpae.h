/* The VMSAv8 long-descriptor (LPAE) translation-table format with a 4 KiB
 * granule, shared by Tandem's own EL2 stage-1 tables and every VM's stage-2
 * tables (the same format serves AArch32 LPAE too). Pure logic: table pages
 * come from a caller-supplied allocator, so this also builds on the host. */
#ifndef TANDEM_LPAE_H
#define TANDEM_LPAE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LPAE_PAGE_SIZE    4096ull
#define LPAE_ENTRIES      512
#define LPAE_VALID        (1ull << 0)
#define LPAE_TABLE        (1ull << 1)   /* at levels 0-2; "page" at level 3 */
#define LPAE_AF           (1ull << 10)
#define LPAE_SH_INNER     (3ull << 8)
#define LPAE_ADDR_MASK    0x0000fffffffff000ull
#define LPAE_ATTR_MASK    (~LPAE_ADDR_MASK & ~3ull)

/* Stage-1 (EL2 regime) attributes. AP[1] is RES1 in a one-privilege regime. */
#define S1_ATTRIDX(n)     ((uint64_t)(n) << 2)
#define S1_AP_RW          (1ull << 6)
#define S1_AP_RO          (3ull << 6)
#define S1_XN             (1ull << 54)
#define MAIR_IDX_NORMAL   0   /* Normal, inner/outer write-back */
#define MAIR_IDX_DEVICE   1   /* Device-nGnRE */
#define MAIR_EL2_VALUE    0x04ffull

/* Stage-2 attributes. */
#define S2_MEMATTR_NORMAL (0xfull << 2) /* Normal, inner/outer write-back */
#define S2_MEMATTR_DEVICE (0x1ull << 2) /* Device-nGnRE */
#define S2_AP_RO          (1ull << 6)
#define S2_AP_RW          (3ull << 6)
#define S2_XN             (1ull << 54)

enum lpae_err {
	LPAE_OK = 0,
	LPAE_ERR_MISALIGNED,  /* address or size not a multiple of 4 KiB */
	LPAE_ERR_RANGE,       /* beyond the table's input or output size */
	LPAE_ERR_OVERLAP,     /* part of the range is already mapped */
	LPAE_ERR_NOMEM,       /* the allocator ran out of table pages */
	LPAE_ERR_NOT_MAPPED,  /* lookup or unmap of an address with no mapping */
};

struct lpae_alloc {
	/* Returns a zeroed, 4 KiB-aligned table page, or NULL. */
	void *(*alloc_table)(void *ctx);
	void *ctx;
	/* Physical address of a table page and back (identity at EL2). */
	uint64_t (*to_phys)(const void *table);
	void *(*to_virt)(uint64_t phys);
	/* Takes back a table page (lpae_destroy); NULL if tables are never freed. */
	void (*free_table)(void *ctx, void *table);
};

struct lpae_table {
	uint64_t *root;        /* start-level table (may be 2 concatenated pages) */
	unsigned int start_level;
	unsigned int input_bits;   /* T0SZ = 64 - input_bits */
	unsigned int output_bits;  /* physical address size */
	bool allow_blocks;
	const struct lpae_alloc *alloc;
	size_t tables;         /* table pages in use, root included */
};

/* Sets up an empty table; root must be zeroed and aligned to its size. */
enum lpae_err lpae_init(struct lpae_table *t, uint64_t *root,
			unsigned int input_bits, unsigned int output_bits,
			const struct lpae_alloc *alloc);

/* Maps [va, va+size) to [pa, pa+size) with the given attribute bits, using
 * 1 GiB and 2 MiB blocks where alignment allows. Refuses any overlap with an
 * existing mapping and leaves the table unchanged on error except for empty
 * intermediate tables it may have added. */
enum lpae_err lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa,
		       uint64_t size, uint64_t attrs);

/* Removes the mapping of [va, va+size); blocks must be removed whole. */
enum lpae_err lpae_unmap(struct lpae_table *t, uint64_t va, uint64_t size);

/* Gives every table page below the root back to alloc->free_table and
 * empties the root (the caller's, as in lpae_init): nothing stays mapped. */
void lpae_destroy(struct lpae_table *t);

/* Translates va; on success gives the output address, the leaf's attribute
 * bits and the level of the leaf (1 or 2 for a block, 3 for a page). */
enum lpae_err lpae_lookup(const struct lpae_table *t, uint64_t va,
			  uint64_t *pa, uint64_t *attrs, unsigned int *level);

/* Bytes covered by one entry at a level: 512 GiB, 1 GiB, 2 MiB, 4 KiB. */
static inline uint64_t lpae_level_size(unsigned int level)
{
	return 1ull << (12 + 9 * (3 - level));
}

const char *lpae_strerror(enum lpae_err e);

#endif
