/* ARMv7-A for el2/arch/stage2.h: VTTBR holds the VMID in bits 55:48. */
#ifndef TANDEM_ARM32_STAGE2_IMPL_H
#define TANDEM_ARM32_STAGE2_IMPL_H
#include <stdint.h>

static inline uint64_t arch_stage2_root(uint64_t table_pa, uint16_t vmid)
{
	return ((uint64_t)(vmid & 0xff) << 48) | table_pa;
}

/* LPAE: 40-bit physical addresses. */
static inline unsigned int arch_pa_bits(void)
{
	return 40;
}

static inline void arch_stage2_sync_tables(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

#endif
