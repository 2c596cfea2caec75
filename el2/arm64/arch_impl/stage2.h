/* AArch64 for el2/arch/stage2.h: VTTBR_EL2 holds the VMID in bits 63:48. */
#ifndef TANDEM_ARM64_STAGE2_IMPL_H
#define TANDEM_ARM64_STAGE2_IMPL_H
#include <stdint.h>
#include "el2/arm64/mmu.h"

static inline uint64_t arch_stage2_root(uint64_t table_pa, uint16_t vmid)
{
	return ((uint64_t)vmid << 48) | table_pa;
}

/* Physical address bits of the machine (what stage 2 may output). */
static inline unsigned int arch_pa_bits(void)
{
	return mmu_pa_bits();
}

static inline void arch_stage2_sync_tables(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

#endif
