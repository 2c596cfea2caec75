/* The paravirtual path's architecture interface: each
 * core's timer that Tandem keeps for itself (guests cannot touch it); it
 * carries the deadlines of the core's VMs and the time slice (pv/sched.c). */
#ifndef TANDEM_PV_ARCH_TIMER_H
#define TANDEM_PV_ARCH_TIMER_H
#include <stdint.h>

/* This core's timer fires at counter value `at` / does not fire. */
void pv_arch_timer_arm(uint64_t at);
void pv_arch_timer_disarm(void);

#endif
