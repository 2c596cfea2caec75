/* Who owns each range of physical RAM: Tandem, a boot module, a VM, or
 * nobody. Every allocation of guest memory goes through here, so no page is
 * ever given to two owners. Pure logic, unit-tested on the host. */
#ifndef TANDEM_MEMMAP_H
#define TANDEM_MEMMAP_H
#include <stdbool.h>
#include <stdint.h>

#define MEMMAP_MAX_REGIONS 64

enum memmap_owner_kind {
	OWNER_FREE,
	OWNER_TANDEM,
	OWNER_FIRMWARE,   /* the platform DTB and reserved-memory */
	OWNER_MODULE,     /* a boot module (payload, overlay) */
	OWNER_VM,
};

struct memmap_region {
	uint64_t base, size;
	enum memmap_owner_kind kind;
	int id;           /* VM id or module index */
};

struct memmap {
	struct memmap_region r[MEMMAP_MAX_REGIONS];  /* sorted, non-overlapping */
	int n;
};

enum memmap_err {
	MEMMAP_OK = 0,
	MEMMAP_ERR_NOT_RAM,     /* range is not (entirely) RAM */
	MEMMAP_ERR_OWNED,       /* part of the range already has an owner */
	MEMMAP_ERR_NO_SPACE,    /* no free range of that size and alignment */
	MEMMAP_ERR_FULL,        /* too many regions to track */
	MEMMAP_ERR_ALIGN,
};

void memmap_init(struct memmap *m);
/* Declares [base, base+size) as RAM, free. */
enum memmap_err memmap_add_ram(struct memmap *m, uint64_t base, uint64_t size);
/* Claims an exact range for an owner; it must be RAM and free. */
enum memmap_err memmap_claim(struct memmap *m, uint64_t base, uint64_t size,
			     enum memmap_owner_kind kind, int id);
/* Finds and claims a free range, lowest address first. */
enum memmap_err memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
			     enum memmap_owner_kind kind, int id, uint64_t *base);
/* Returns every range owned by (kind, id) to the free pool. */
void memmap_release(struct memmap *m, enum memmap_owner_kind kind, int id);
/* The region containing addr, or NULL if addr is not RAM. */
const struct memmap_region *memmap_find(const struct memmap *m, uint64_t addr);
/* First owned region overlapping [base, base+size), or NULL. */
const struct memmap_region *memmap_first_owned(const struct memmap *m,
					       uint64_t base, uint64_t size);
const char *memmap_owner_name(enum memmap_owner_kind kind);

#endif
