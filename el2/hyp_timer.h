/* Tandem's EL2 physical timer (CNTHP), one per core, multiplexed: each vCPU
 * pinned to the core has a slot for its virtual timer's deadline while it is
 * off the core (to wake it), one for its emulated physical timer and one for
 * its VM's watchdog (el2/vwdog.c); the scheduler has one for the time slice. The timer is programmed for the
 * earliest armed slot. Only the core itself touches its slots. */
#ifndef TANDEM_HYP_TIMER_H
#define TANDEM_HYP_TIMER_H
#include <stdint.h>
#include "dt/plan.h"

struct vcpu;

enum hyp_timer_slot_kind {
	HT_VTIMER_WAKE = 0,   /* wake the vCPU: its virtual timer fires */
	HT_PTIMER = 1,        /* re-evaluate its emulated physical timer */
	HT_WDOG = 2,          /* its VM's watchdog may be due (vwdog_timer) */
	HT_KINDS = 3,
};
#define HT_SLICE       (HT_KINDS * MAX_VCPUS_PER_CORE)
#define HT_SLOTS       (HT_SLICE + 1)

struct hyp_timer {
	uint64_t deadline[HT_SLOTS];   /* physical count; SCHED_NEVER: disarmed */
};

/* Per core, at start-up: takes the EL2 timer's interrupt. */
void hyp_timer_cpu_init(unsigned int intid);
/* Arms (or moves) a slot of v's, on v's core; deadline in physical count. */
void hyp_timer_arm_vcpu(struct vcpu *v, enum hyp_timer_slot_kind kind, uint64_t deadline);
void hyp_timer_disarm_vcpu(struct vcpu *v, enum hyp_timer_slot_kind kind);
/* This core's scheduler dropped the vCPU in core slot `slot` (its VM was
 * removed): its deadlines go; those of `moved_from` (the core's last slot,
 * moved into the gap) follow it. moved_from == slot: nothing moved. */
void hyp_timer_core_slot_dropped(unsigned int slot, unsigned int moved_from);
/* The scheduler's slot, on this core. */
void hyp_timer_arm_slice(uint64_t deadline);
void hyp_timer_disarm_slice(void);

#endif
