/* The paravirtual path's architecture interface: what a core changes when
 * it runs another of its VMs (pv/sched.c). The general registers need
 * nothing: the vectors saved them into the vCPU they were told of. */
#ifndef TANDEM_PV_ARCH_SWITCH_H
#define TANDEM_PV_ARCH_SWITCH_H
#include <stdbool.h>
#include "pv/arch/context.h"

struct pv_vcpu;

void pv_arch_fp_save(struct pv_arch_fp *fp);
void pv_arch_fp_restore(const struct pv_arch_fp *fp);
/* The guest may read the cycle counter (a VM with `profiling`), or not. */
void pv_arch_guest_cycle_counter(bool allowed);
/* The vectors save the next exception's registers into v. */
void pv_arch_set_current(struct pv_vcpu *v);

#endif
