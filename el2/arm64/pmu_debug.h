/* A guest's view of the PMU and of self-hosted debug (docs/security.md):
 * by default every PMU register and every debug register but MDSCR_EL1
 * traps to Tandem, which shows them as zero; a VM with `profiling` owns
 * the PMU's lower counters directly, switched with it when it shares a core. */
#ifndef TANDEM_ARM64_PMU_DEBUG_H
#define TANDEM_ARM64_PMU_DEBUG_H
#include <stdbool.h>
#include <stdint.h>

/* Event counters a profiling VM may use and Tandem switches; any above stay
 * reserved to EL2 (MDCR_EL2.HPMN), out of every guest's reach. */
#define PMU_GUEST_COUNTERS 6

struct pmu_context {
	uint64_t pmcr, ccfiltr, cntenset, intenset, ovsset, userenr, selr, ccntr;
	uint64_t evcntr[PMU_GUEST_COUNTERS], evtyper[PMU_GUEST_COUNTERS];
};

/* Per core, at boot: debug breakpoints and watchpoints off (no guest can
 * write them), the PMU stopped and closed to EL0. */
void arch_pmu_debug_cpu_init(void);
/* MDCR_EL2 for a vCPU of a VM with or without `profiling`. */
uint64_t arch_mdcr_for(bool profiling);
/* A profiling vCPU's PMU state in and out of the registers; out leaves the
 * PMU stopped, so that nobody counts the next vCPU's time on its behalf. */
void arch_pmu_save_and_stop(struct pmu_context *c);
void arch_pmu_restore(const struct pmu_context *c);
/* A profiling vCPU's PMU as at reset: stopped, nothing enabled. */
void arch_pmu_reset_values(struct pmu_context *c);
/* The PMU closed to a guest that does not own it (EL0 accesses UNDEF). */
void arch_pmu_close(void);
/* Paravirtual path (Tandem at EL1): EL0 may read the cycle counter, or not. */
void arch_pmu_el0_cycle_counter(bool allowed);
/* The loaded vCPU's MDSCR_EL1 (switched with its EL1 context). */
uint64_t arch_mdscr_read(void);
void arch_mdscr_write(uint64_t value);

#endif
