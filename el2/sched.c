/* vCPU scheduling on a core; see sched.h and docs/scheduling.md.
 *
 * Every decision is taken by the core itself, from its own idle loop or at
 * the end of an exit of the vCPU it runs; other cores only change a vCPU's
 * state (waiting, on) and kick the core. So nothing here needs a lock: a
 * kick that races with a decision causes another exit, which decides again. */
#include <stddef.h>
#include "el2/sched.h"
#include "el2/sched_policy.h"
#include "el2/cpu.h"
#include "el2/hyp_timer.h"
#include "el2/irq.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/vm_runtime.h"
#include "el2/arch/barrier.h"
#include "el2/arch/cpu.h"
#include "el2/arch/timer.h"
#include "vgic/vgic.h"
#include "vtimer/vtimer.h"

void sched_add_vcpu(struct vcpu *v)
{
	struct sched_core *s = &pcpus[v->pcpu].sched;

	v->priority = (uint8_t)v->vm->cfg.priority;
	v->core_slot = s->n;
	s->vcpu[s->n++] = v;
	s->last = -1;
	/* Sharing starts now for every vCPU of the core: their WFI must trap. */
	for (unsigned int i = 0; s->n > 1 && i < s->n; i++)
		arch_vcpu_trap_wfi(s->vcpu[i], true);
}

/* On this core, in an exit or the idle loop: the vCPU in the guest here,
 * if any, comes out to the idle loop at the end of its exit. */
static void leave_guest_here(void)
{
	struct vcpu *cur = this_cpu()->loaded;

	if (cur && cur->in_guest)
		vcpu_request_attention(cur);
}

void sched_ask(unsigned int core)
{
	mb_shared();   /* what is asked (adopt, a VM's `removing`, the work) first */
	pcpus[core].sched.changes_pending = true;
	sync_shared();
	if (core == this_cpu()->id)
		leave_guest_here();
	else
		cpu_kick(core);
}

void sched_ask_adopt(struct vcpu *v)
{
	pcpus[v->pcpu].sched.adopt = v;
	sched_ask(v->pcpu);
}

void sched_ask_drop(struct vcpu *v)
{
	sched_ask(v->pcpu);
}

/* The vCPUs of removed VMs leave; the core's last slot fills each gap
 * (with its EL2 timer deadlines). */
static void drop_removed(struct pcpu *c)
{
	struct sched_core *s = &c->sched;

	for (unsigned int i = 0; i < s->n;) {
		struct vcpu *v = s->vcpu[i];
		unsigned int last = s->n - 1;

		if (!v->vm->removing) {
			i++;
			continue;
		}
		if (c->loaded == v)
			vcpu_unload(c);   /* its timer and registers off the core */
		s->vcpu[i] = s->vcpu[last];
		s->vcpu[i]->core_slot = i;
		s->n = last;
		s->last = -1;
		hyp_timer_core_slot_dropped(i, last);
		vm_runtime_dropped(v->vm);
	}
	if (s->n == 1)   /* alone again: its WFI need not trap */
		arch_vcpu_trap_wfi(s->vcpu[0], false);
}

void sched_apply_changes(struct pcpu *c)
{
	struct sched_core *s = &c->sched;
	struct vcpu *v;

	if (!s->changes_pending)
		return;
	s->changes_pending = false;
	mb_shared();
	drop_removed(c);
	v = s->adopt;
	if (v) {
		s->adopt = NULL;
		sched_add_vcpu(v);
	}
}

bool sched_core_shared(const struct vcpu *v)
{
	return pcpus[v->pcpu].sched.n > 1;
}

static int pick(struct sched_core *s, bool rotate)
{
	struct sched_entry e[MAX_VCPUS_PER_CORE];

	for (unsigned int i = 0; i < s->n; i++) {
		e[i].priority = s->vcpu[i]->priority;
		e[i].runnable = vcpu_runnable(s->vcpu[i]);
	}
	return sched_pick(e, s->n, s->last, rotate);
}

static bool needs_slice(struct sched_core *s, int chosen)
{
	struct sched_entry e[MAX_VCPUS_PER_CORE];

	for (unsigned int i = 0; i < s->n; i++) {
		e[i].priority = s->vcpu[i]->priority;
		e[i].runnable = vcpu_runnable(s->vcpu[i]);
	}
	return sched_needs_slice(e, s->n, chosen);
}

/* Something that would end a WFI now: an interrupt pending in its list
 * registers or queued for them, or its virtual timer asserting. */
static bool has_work(struct vcpu *v)
{
	return vgic_pending_for(v) || vtimer_asserted() || v->attention;
}

/* A vCPU with its core to itself (reached only by PSCI CPU_SUSPEND: its
 * WFI does not trap) waits right here, in its exit, for any interrupt. */
static void wait_here(struct vcpu *v)
{
	if (has_work(v))
		return;
	interrupt_wait();
	irq_poll();
	if (v->vgic.needs_flush)
		vgic_flush(v);
}

void sched_wait(struct vcpu *v)
{
	uint64_t ctl = arch_vtimer_ctl();

	if (!sched_core_shared(v)) {
		wait_here(v);
		return;
	}
	/* Withdraw what is no longer due (a timer interrupt the guest took by
	 * polling with interrupts masked, then disabled): not a reason to run. */
	vgic_flush(v);
	v->waiting = true;
	sync_shared();   /* against vgic_update: it queues, then looks at `waiting` */
	if (has_work(v)) {
		v->waiting = false;
		return;
	}
	/* Off its core, its virtual timer cannot interrupt anything: the EL2
	 * timer watches its deadline (in physical count) instead. */
	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE) {
		uint64_t cval = arch_vtimer_cval(), off = v->vm->cntvoff;

		hyp_timer_arm_vcpu(v, HT_VTIMER_WAKE, cval + off < cval ? SCHED_NEVER - 1
									 : cval + off);
	}
	vcpu_request_attention(v);   /* parked at the end of this exit */
}

void sched_wake(struct vcpu *v)
{
	if (!v->waiting)
		return;
	v->waiting = false;
	sync_shared();
	if (v->pcpu == this_cpu()->id)
		sched_reschedule();
	else
		cpu_kick(v->pcpu);
}

void sched_reschedule(void)
{
	struct pcpu *c = this_cpu();
	struct sched_core *s = &c->sched;
	struct vcpu *cur = c->loaded;
	int next;

	if (__builtin_expect(s->changes_pending, 0)) {
		leave_guest_here();   /* the idle loop makes them */
		return;
	}
	if (s->n < 2 || !cur || !cur->in_guest)
		return;   /* a lone vCPU, or the idle loop, which decides anyway */
	next = pick(s, s->slice_expired);
	if (next >= 0 && s->vcpu[next] != cur)
		vcpu_request_attention(cur);
	else if (next >= 0 && needs_slice(s, next))
		hyp_timer_arm_slice(arch_counter_now() +
				    arch_counter_hz() / 1000000 * SCHED_SLICE_US);
}

struct vcpu *sched_pick_next(struct pcpu *c)
{
	struct sched_core *s = &c->sched;
	int next;

	if (s->n == 1)   /* static partitioning: nothing to decide */
		return vcpu_runnable(s->vcpu[0]) ? s->vcpu[0] : NULL;
	next = pick(s, s->slice_expired);
	s->slice_expired = false;
	if (next < 0) {
		hyp_timer_disarm_slice();
		return NULL;
	}
	if (needs_slice(s, next)) {
		if (next != s->last)
			hyp_timer_arm_slice(arch_counter_now() +
					    arch_counter_hz() / 1000000 * SCHED_SLICE_US);
	} else {
		hyp_timer_disarm_slice();
	}
	s->last = next;
	return s->vcpu[next];
}

bool sched_should_yield(const struct vcpu *v)
{
	struct sched_core *s = &pcpus[v->pcpu].sched;
	int next;

	if (s->n < 2)
		return false;
	next = pick(s, false);
	return next >= 0 && s->vcpu[next] != v;
}

void sched_slice_expired(void)
{
	this_cpu()->sched.slice_expired = true;
	sched_reschedule();
}
