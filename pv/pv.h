/* The paravirtual path's VMs (docs/paravirt.md): on a core without the
 * virtualization extensions Tandem runs at EL1 and each paravirtualized
 * guest at EL0, in an address space Tandem builds and owns: its RAM at its
 * memory-base, Tandem's image for EL1 only, nothing else. Guests call
 * Tandem with SVC #0 (the ABI of docs/paravirt.md); any fault stops the
 * guest, and only it. One vCPU per VM; VMs share cores by priority
 * (pv/sched.c). The entry points el2/main.c calls. */
#ifndef TANDEM_PV_PV_H
#define TANDEM_PV_PV_H
#include <stddef.h>
#include "dt/plan.h"

/* This core's EL1 vectors (pv/<arch>/vectors.S), FP access, and what EL0
 * may read of the counter and the PMU (the architecture's, pv/<arch>/). */
void pv_core_setup(void);
/* Builds the VM of an accepted plan entry (pv/vm_create.c); 0, or -1 after
 * saying why. */
int pv_vm_create(const struct vm_plan *plan, const void *plat_fdt, const struct platform *plat,
		 const void *overlay, size_t overlay_size);
/* With the GIC's distributor initialized: starts the other cores and runs
 * every VM on its core (pv/run.c); does not return. */
void pv_run(const struct platform *plat) __attribute__((noreturn));

#endif
