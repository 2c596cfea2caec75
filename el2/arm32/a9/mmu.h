/* Tandem's short-descriptor tables on the Cortex-A9 (mmu.c), for the
 * paravirtual path's address spaces (pv/arm32). */
#ifndef TANDEM_ARM32_A9_MMU_H
#define TANDEM_ARM32_A9_MMU_H
#include <stdint.h>
#include "stage1/short_desc.h"

/* TTBR0's walk attributes: inner and outer write-back write-allocate,
 * shareable, inner shareable (IRGN 01, S, RGN 01, NOS). */
#define A9_TTBR_WALK 0x6au
#define TLBIASIDIS   0, c8, c3, 2

extern const struct sd_alloc a9_table_pages;
/* TTBR0 for Tandem's own table. */
uint32_t a9_mmu_tandem_ttbr(void);
/* Tandem's image (closed to USR) and the MPCore's page into a guest's table. */
int a9_mmu_map_tandem_into(struct sd_table *t);
/* A device page of Tandem's (PL1 only), unless a mapping covers it: 0 / -1. */
int a9_mmu_map_device(uint64_t pa);
/* Every translation tagged with asid forgotten, on every core. */
void a9_tlb_flush_asid(unsigned int asid);

#endif
