/* Scheduling paravirtualized VMs on their cores (docs/paravirt.md): the
 * hardware path's policy (el2/sched_policy.c: fixed priorities, the highest
 * runnable VM runs, equal priorities take turns every SCHED_SLICE_US) over
 * the VMs pinned to a core. A VM is runnable unless it waits for an
 * interrupt (IDLE or WFI) and none is pending. Each core's EL1 physical
 * timer, which EL0 cannot touch, carries the deadlines of every VM on the
 * core and the time slice; an expired deadline is the VM's virtual timer
 * interrupt. Everything here runs on the core itself, interrupts masked. */
#include "el2/arch/cpu.h"
#include "el2/arch/barrier.h"
#include "pv/sched.h"
#include "pv/irq.h"
#include "pv/arch/cpu.h"
#include "pv/arch/switch.h"
#include "pv/arch/timer.h"
#include "el2/cpu.h"
#include "el2/sched.h"
#include "el2/sched_policy.h"

struct pv_core {
	struct pv_vm *vm[MAX_VCPUS_PER_CORE];
	unsigned int n;
	int cur;                 /* whose registers are loaded; -1 before the first */
	uint64_t slice_end;      /* SCHED_NEVER: no slice running */
	bool slice_expired;
};

static struct pv_core cores[TANDEM_MAX_CPUS];
static unsigned int timer_virq;

void pv_sched_init(unsigned int virtual_timer_intid)
{
	timer_virq = virtual_timer_intid;
}

void pv_sched_add(struct pv_vm *vm)
{
	struct pv_core *c = &cores[vm->core];

	if (!c->n)
		c->cur = -1;
	vm->deadline = SCHED_NEVER;
	c->vm[c->n++] = vm;
	c->slice_end = SCHED_NEVER;
}

/* The core's timer at the earliest of its VMs' deadlines and the slice. */
static void arm(struct pv_core *c)
{
	uint64_t at = c->slice_end;

	for (unsigned int i = 0; i < c->n; i++)
		if (c->vm[i]->running && c->vm[i]->deadline < at)
			at = c->vm[i]->deadline;
	if (at == SCHED_NEVER)
		pv_arch_timer_disarm();
	else
		pv_arch_timer_arm(at);
}

void pv_sched_set_deadline(struct pv_vm *vm, uint64_t deadline)
{
	pv_virq_lower(&vm->virq, timer_virq);
	vm->deadline = deadline;
	arm(&cores[vm->core]);
}

void pv_sched_timer_expired(unsigned int core)
{
	struct pv_core *c = &cores[core];
	uint64_t now = arch_counter_now();

	for (unsigned int i = 0; i < c->n; i++) {
		struct pv_vm *vm = c->vm[i];

		if (vm->deadline <= now) {
			vm->deadline = SCHED_NEVER;
			pv_virq_raise(&vm->virq, timer_virq);
		}
	}
	if (c->slice_end <= now) {
		c->slice_end = SCHED_NEVER;
		c->slice_expired = true;
	}
	arm(c);
}

/* The monitor's stop and start (a restart asks for both), on the VM's
 * own core, which alone touches its state. */
static __attribute__((noinline, cold)) void operator_asked(struct pv_vm *vm)
{
	if (vm->stop_asked) {
		vm->stop_asked = false;
		if (vm->running)
			pv_vm_halt(vm, false, vm->start_asked ? "the operator restarts it (monitor)"
							      : "the operator stopped it (monitor)");
	}
	if (vm->start_asked) {
		struct pv_core *c = &cores[vm->core];

		vm->start_asked = false;
		if (vm->running || pv_vm_boot_again(vm))
			return;
		if (c->cur >= 0 && c->vm[c->cur] == vm)
			pv_arch_fp_restore(&vm->fp);   /* its old run's are still in the registers */
		pv_vm_revive(vm);
	}
}

static bool runnable(struct pv_vm *vm)
{
	if (__builtin_expect(vm->stop_asked | vm->start_asked, 0))
		operator_asked(vm);
	if (!vm->running)
		return false;
	if (vm->idle && pv_virq_waiting(&vm->virq))
		vm->idle = false;
	return !vm->idle;
}

static int pick(struct pv_core *c, bool *shared_priority)
{
	struct sched_entry e[MAX_VCPUS_PER_CORE];
	int next;

	for (unsigned int i = 0; i < c->n; i++) {
		e[i].priority = (uint8_t)c->vm[i]->cfg.priority;
		e[i].runnable = runnable(c->vm[i]);
	}
	next = sched_pick(e, c->n, c->cur, c->slice_expired);
	*shared_priority = next >= 0 && sched_needs_slice(e, c->n, next);
	return next;
}

/* Its registers were saved into its vCPU by the vectors; the FP/SIMD ones
 * move here, and the vectors are told which vCPU to save into next. */
static void switch_to(struct pv_core *c, int next)
{
	if (c->cur >= 0)
		pv_arch_fp_save(&c->vm[c->cur]->fp);
	pv_arch_fp_restore(&c->vm[next]->fp);
	/* The cycle counter, which counts Tandem's EL1 time too, only for a
	 * VM whose overlay asked for it (`profiling`, docs/security.md). */
	pv_arch_guest_cycle_counter(c->vm[next]->cfg.profiling);
	c->cur = next;
	pv_arch_set_current(&c->vm[next]->vcpu);
}

struct pv_vm *pv_sched_next(unsigned int core)
{
	struct pv_core *c = &cores[core];

	for (;;) {
		uint64_t slice_end = c->slice_end;
		bool slice;
		int next;

		/* A partitioned core, its VM runnable: nothing to decide (the
		 * path of every call and interrupt of a VM alone on its core,
		 * and of its wake-up). */
		if (c->n == 1 && c->cur == 0 && runnable(c->vm[0]))
			return c->vm[0];
		next = pick(c, &slice);
		c->slice_expired = false;
		if (next >= 0) {
			if (next != c->cur)
				switch_to(c, next);
			if (!slice)
				slice_end = SCHED_NEVER;
			else if (slice_end == SCHED_NEVER)
				slice_end = arch_counter_now() +
					    arch_counter_hz() / 1000000 * SCHED_SLICE_US;
			if (slice_end != c->slice_end) {
				c->slice_end = slice_end;
				arm(c);
			}
			return c->vm[next];
		}
		/* Nothing to run: sleep until an interrupt makes a VM runnable. */
		c->slice_end = SCHED_NEVER;
		interrupt_wait();
		pv_take_irqs(core);
	}
}

unsigned int pv_sched_count(unsigned int core)
{
	return cores[core].n;
}
