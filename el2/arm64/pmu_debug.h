/* A guest's view of the PMU and of self-hosted debug (docs/security.md):
 * by default every PMU register and every debug register but MDSCR_EL1
 * traps to Tandem, which shows them as zero; a VM with `profiling` owns
 * the PMU's lower counters directly, switched with it when it shares a
 * core. Its cycle counter is left running across the switch: like the
 * generic timer it tells how much time passed, as on a core of its own,
 * and the RTOS relies on the two agreeing. */
#ifndef TANDEM_ARM64_PMU_DEBUG_H
#define TANDEM_ARM64_PMU_DEBUG_H
#include <stdbool.h>
#include <stdint.h>

/* Event counters a profiling VM may use and Tandem switches; any above stay
 * reserved to EL2 (MDCR_EL2.HPMN), out of every guest's reach. */
#define PMU_GUEST_COUNTERS 6

struct pmu_context {
	uint64_t cntenset, userenr;   /* the event counters it enabled; EL0's access */
	uint64_t intenset, ovsset, selr;
	uint64_t evcntr[PMU_GUEST_COUNTERS], evtyper[PMU_GUEST_COUNTERS];
};

/* Per core, at boot: debug breakpoints and watchpoints off (no guest can
 * write them), the PMU stopped and closed to EL0. */
void arch_pmu_debug_cpu_init(void);
/* MDCR_EL2 for a vCPU of a VM with or without `profiling`. */
uint64_t arch_mdcr_for(bool profiling);
/* A profiling vCPU leaves the core: its event counters stop (they would
 * count the next vCPU's events) and EL0 is closed, noting what was on.
 * Two reads when it used neither, as the RTOS does (cycle counter only);
 * true if there is something for arch_pmu_unpark() to turn back on. */
bool arch_pmu_park(struct pmu_context *c);   /* true: it left something on */
/* A profiling vCPU comes back: what arch_pmu_park() stopped, on again. */
void arch_pmu_unpark(const struct pmu_context *c);
/* The event counters' values and settings move from the vCPU that last had
 * them on this core (NULL: none) to `to`: only when the owner changes. */
void arch_pmu_switch_owner(struct pmu_context *from, const struct pmu_context *to);
/* A profiling vCPU's PMU as at reset: stopped, nothing enabled. */
void arch_pmu_reset_values(struct pmu_context *c);
/* The loaded vCPU's MDSCR_EL1 (switched with its EL1 context). */
uint64_t arch_mdscr_read(void);
void arch_mdscr_write(uint64_t value);

#endif
