/* Tandem's own stage-1 translation, at EL2 (or at EL1 on the paravirtual
 * path, where guests run at EL0 and never reach these pages): an identity
 * map of its image (W^X, stacks above unmapped guard pages), of RAM, and of
 * the devices it drives. */
#ifndef TANDEM_ARM64_MMU_H
#define TANDEM_ARM64_MMU_H
#include <stdint.h>

#include "el2/arch/boot.h"    /* mmu_init_early(), mmu_map_platform() */
#include "el2/arch/cache.h"   /* cache_clean_range() and the others */

/* Turns the MMU on for a secondary core with the primary's tables. */
void mmu_enable_secondary(void);
struct lpae_table;
/* The paravirtual path: Tandem's image (its text, data and stacks, never
 * EL0's) into a guest address space's table, so that exceptions from EL0
 * land on mapped vectors and stacks; and Tandem's own table's address. */
void mmu_map_image_into(struct lpae_table *t);
uint64_t mmu_root(void);
/* Physical address size of this machine, in bits. */
unsigned int mmu_pa_bits(void);
/* Encoding of that size for TCR_EL2.PS / VTCR_EL2.PS. */
unsigned int mmu_pa_range(void);

/* Cache maintenance by virtual (= physical) address range. */

#endif
