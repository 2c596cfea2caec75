/* Scheduling paravirtualized VMs on their cores (pv/sched.c): the VMs of
 * each core and which one runs. */
#ifndef TANDEM_PV_SCHED_H
#define TANDEM_PV_SCHED_H
#include <stdint.h>
#include "pv/vm.h"

void pv_sched_init(unsigned int virtual_timer_intid);
void pv_sched_add(struct pv_vm *vm);
/* TANDEM_PV_TIMER_SET: the VM's timer deadline (~0: none) is now
 * `deadline`. Moving it takes back an expiry not yet acknowledged, as the
 * GIC drops a level interrupt whose line fell. */
void pv_sched_set_deadline(struct pv_vm *vm, uint64_t deadline);
/* The core's timer fired: expired deadlines become virtual interrupts. */
void pv_sched_timer_expired(unsigned int core);
/* The VM the core runs next, its registers loaded (FP/SIMD, the vectors'
 * frame); waits, taking interrupts, while none is runnable. */
struct pv_vm *pv_sched_next(unsigned int core);
unsigned int pv_sched_count(unsigned int core);

/* TANDEM_PV_IDLE, and WFI: back when a virtual interrupt is pending (even
 * masked, as WFI wakes). Meanwhile the core runs another VM or sleeps. */
static inline void pv_sched_idle(struct pv_vm *vm)
{
	vm->idle = true;
}

#endif
