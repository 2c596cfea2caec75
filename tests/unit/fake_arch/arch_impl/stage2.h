/* Host for el2/arch/stage2.h: arm64's root encoding (VMID in bits 63:48);
 * TLB flushes are counted in fake_arch (fake_arch.c). */
#ifndef TANDEM_FAKE_STAGE2_IMPL_H
#define TANDEM_FAKE_STAGE2_IMPL_H
#include <stdint.h>
#include "tests/unit/fake_arch/fake.h"

static inline uint64_t arch_stage2_root(uint64_t table_pa, uint16_t vmid)
{
	return ((uint64_t)vmid << 48) | table_pa;
}

static inline unsigned int arch_pa_bits(void)    { return fake_arch.pa_bits; }
static inline void arch_stage2_sync_tables(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

#endif
