/* Tandem's own identity mappings, the same on every port: its image W^X
 * with each stack's guard page left unmapped, then every RAM bank around
 * its reserved range and the platform's devices. The port owns the tables
 * (their format, LPAE or ARMv7's short descriptors) and says which
 * attribute bits its translation regime wants. */
#ifndef TANDEM_HYP_MAP_H
#define TANDEM_HYP_MAP_H
#include <stdint.h>
#include "stage2/lpae.h"

struct platform;

/* A table of the port's format and the two changes hyp_map makes to it:
 * an identity mapping of [pa, pa + size) with the port's attribute bits,
 * and its removal; each returns 0 or the table code's (negative) error. */
struct hyp_map_table {
	void *table;
	int (*map)(void *table, uint64_t pa, uint64_t size, uint64_t attrs);
	int (*unmap)(void *table, uint64_t pa, uint64_t size);
};
/* An LPAE table's (arm64's EL2 and EL1 tables, ARMv7-A's HYP table). */
struct hyp_map_table hyp_map_lpae(struct lpae_table *t);

/* Descriptor bits for each kind of mapping in the port's regime. */
struct hyp_map_attrs {
	uint64_t text;     /* read-only, executable */
	uint64_t rodata;   /* read-only, never executable */
	uint64_t data;     /* read-write, never executable */
	uint64_t device;   /* device memory, read-write, never executable */
};

/* The image (TANDEM_RESERVED_SIZE from __image_start); 0 or the first
 * error. */
int hyp_map_image(const struct hyp_map_table *t, const struct hyp_map_attrs *a);
/* What the boot needs before it has read the platform tree: the image, the
 * early UART, and the tree at dtb_pa read-only (unless it lies in the
 * image); 0 or the first error. Runs with the MMU off. */
int hyp_map_early(const struct hyp_map_table *t, uint64_t dtb_pa, const struct hyp_map_attrs *a);
/* Every RAM bank (but Tandem's reserved range, mapped already), the GIC's
 * frames and the console UART, the early tree's window replaced; 0, or -1
 * if one could not be mapped. */
int hyp_map_platform(const struct hyp_map_table *t, const struct platform *p,
		     const struct hyp_map_attrs *a);

#endif
