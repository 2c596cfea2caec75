/* vCPU scheduling on a core. A core runs the vCPUs pinned to it: one, with
 * no scheduler on any path (static partitioning), or several of different
 * VMs that share it by fixed priority (docs/scheduling.md): the highest
 * runnable vCPU runs; it gives the core up only when it waits (WFI, PSCI
 * CPU_SUSPEND) or a higher one becomes runnable, at once; equal priorities
 * take turns every SCHED_SLICE_US. A vCPU that waits is woken by an
 * interrupt for it or by its virtual timer's deadline, which Tandem's EL2
 * timer watches while the vCPU is off its core. */
#ifndef TANDEM_SCHED_H
#define TANDEM_SCHED_H
#include <stdbool.h>
#include <stdint.h>
#include "dt/plan.h"

struct vcpu;
struct pcpu;

#define SCHED_SLICE_US 10000

struct sched_core {
	struct vcpu *vcpu[MAX_VCPUS_PER_CORE];   /* pinned here */
	unsigned int n;
	int last;                  /* index of the vCPU chosen last, -1 before */
	bool slice_expired;        /* its turn among equals is over */
	/* What another core asked of this one after boot (a VM created or
	 * removed by the operator): made by this core, in its idle loop. */
	struct vcpu *volatile adopt;   /* a vCPU to add */
	volatile bool changes_pending; /* adopt, or drop its removed VMs' vCPUs */
};

/* At VM creation: v joins the core it is pinned to. */
void sched_add_vcpu(struct vcpu *v);
/* After boot, from any core: core `core` is to look at what was asked of
 * it in its idle loop (sched_apply_changes, el2/vm_runtime.c's work). It
 * is kicked, or, if it is this core, the vCPU in the guest here comes out
 * to the idle loop at the end of this exit. */
void sched_ask(unsigned int core);
/* sched_ask for v's core: v joins it (sched_add_vcpu there), or leaves it
 * (its VM has `removing` set: el2/vm_runtime.c). The idle loop makes the
 * change before it picks what runs. */
void sched_ask_adopt(struct vcpu *v);
void sched_ask_drop(struct vcpu *v);
/* In this core's idle loop: the changes asked for. */
void sched_apply_changes(struct pcpu *c);
/* Whether v's core is shared (then its WFI traps, so that others may run). */
bool sched_core_shared(const struct vcpu *v);

/* In v's exit on its core (WFI, CPU_SUSPEND): unless something is already
 * pending for it, v waits and gives up the core. */
void sched_wait(struct vcpu *v);
/* From any core: v has something to do again (an interrupt, its deadline). */
void sched_wake(struct vcpu *v);
/* On this core, after something may have become runnable here: if the vCPU
 * in the guest should give way, it is asked to (at the end of its exit). */
void sched_reschedule(void);
/* The idle loop: which vCPU this core runs now, or NULL. */
struct vcpu *sched_pick_next(struct pcpu *c);
/* Just before entering v: whether another vCPU should have the core instead. */
bool sched_should_yield(const struct vcpu *v);

/* The EL2 timer said so (hyp_timer.c). */
void sched_slice_expired(void);

#endif
