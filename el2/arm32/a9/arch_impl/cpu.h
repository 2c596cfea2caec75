/* The Cortex-A9 for el2/arch/cpu.h: no HYP, so no HTPIDR (each core's
 * struct pcpu is found by its CPU number, MPIDR's Aff0, which the A9 MPCore
 * numbers 0-3), and no generic timer: the system counter is the MPCore's
 * global timer (el2/arm32/a9/global_timer.c). Chosen over the HYP port's
 * el2/arm32/arch_impl/cpu.h by the A9 build's include order (a9.mk). */
#ifndef TANDEM_ARM32_A9_CPU_IMPL_H
#define TANDEM_ARM32_A9_CPU_IMPL_H
#include <stdint.h>
#include "el2/arm32/cp15.h"
#include "el2/arm32/a9/global_timer.h"

#define A9_MAX_CORES 4
extern void *a9_pcpu[A9_MAX_CORES];

static inline unsigned int a9_core_number(void)
{
	return read_cp15(MPIDR) & (A9_MAX_CORES - 1);
}

static inline void *arch_cpu_self(void)
{
	return a9_pcpu[a9_core_number()];
}

static inline void arch_cpu_set_self(void *pcpu)
{
	a9_pcpu[a9_core_number()] = pcpu;
}

/* MPIDR's Aff2-Aff0. */
static inline uint64_t arch_cpu_affinity(void)
{
	return read_cp15(MPIDR) & 0xffffff;
}

static inline uint64_t arch_counter_now(void)
{
	return global_timer_now();
}

static inline uint64_t arch_counter_hz(void)
{
	return global_timer_hz;
}

#endif
