/* ARMv7-A for el2/arch/cpu.h: HTPIDR holds the core's struct pcpu. */
#ifndef TANDEM_ARM32_CPU_IMPL_H
#define TANDEM_ARM32_CPU_IMPL_H
#include <stdint.h>
#include "el2/arm32/cp15.h"

static inline void *arch_cpu_self(void)
{
	return (void *)(uintptr_t)read_cp15(HTPIDR);
}

static inline void arch_cpu_set_self(void *pcpu)
{
	write_cp15(HTPIDR, (uintptr_t)pcpu);
}

/* MPIDR's Aff2-Aff0 (ARMv7 has no Aff3). */
static inline uint64_t arch_cpu_affinity(void)
{
	return read_cp15(MPIDR) & 0xffffff;
}

static inline uint64_t arch_counter_now(void)
{
	isb();   /* no earlier read of the counter overtakes this one */
	return read_cp15_64(CNTPCT_64);
}

static inline uint64_t arch_counter_hz(void)
{
	return read_cp15(CNTFRQ);
}

#endif
