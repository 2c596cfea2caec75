/* AArch64 for el2/arch/cpu.h: TPIDR_EL2 holds the core's struct pcpu. */
#ifndef TANDEM_ARM64_CPU_IMPL_H
#define TANDEM_ARM64_CPU_IMPL_H
#include <stdint.h>
#include "el2/arm64/sysreg.h"

static inline void *arch_cpu_self(void)
{
	return (void *)read_sysreg(tpidr_el2);
}

static inline void arch_cpu_set_self(void *pcpu)
{
	write_sysreg(tpidr_el2, pcpu);
}

static inline uint64_t arch_cpu_affinity(void)
{
	return read_sysreg(mpidr_el1) & 0xff00ffffffull;
}

static inline uint64_t arch_counter_now(void)
{
	return read_sysreg(cntpct_el0);
}

static inline uint64_t arch_counter_hz(void)
{
	return read_sysreg(cntfrq_el0);
}

#endif
