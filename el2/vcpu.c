/* vCPU entry, parking and reset; see vcpu.h. The registers themselves move
 * in the port (el2/arch/vcpu_context.h). */
#include <stddef.h>
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/vm_control.h"
#include "el2/cpu.h"
#include "el2/hyp_timer.h"
#include "el2/sched.h"

bool vcpu_runnable(const struct vcpu *v)
{
	return v->on && !v->waiting && v->vm->state == VM_RUNNING;
}

void vcpu_put(struct vcpu *v)
{
	mb_shared();
	v->in_guest = false;
	sync_shared();
	event_send();
	if (__builtin_expect(v->vm->start_requested, 0))
		vm_start_when_free(v->vm);   /* the operator's start waited for this core */
}

bool vcpu_exiting_here(const struct vcpu *v)
{
	return v->in_guest && this_cpu()->loaded == v;
}

/* The loaded vCPU's registers go back to its struct. On a core of its
 * own that waits until another vCPU needs the core (a VM reset); on a
 * shared core it happens at once. A vCPU reset during its own exit (its VM
 * restarted: PSCI SYSTEM_RESET, a crash, its watchdog) keeps the state
 * vcpu_reset put in its struct, which its next entry loads: the registers
 * still hold its old one, which must not overwrite it. */
static __attribute__((noinline, cold)) void save_keeping_reset(struct vcpu *v, struct pcpu *c)
{
	struct arch_vcpu reset = v->arch;   /* a few KiB of stack, on this cold path only */

	arch_vcpu_save(v, c);
	v->arch = reset;
	v->pmu_work = v->profiling;
}

static void save_loaded(struct pcpu *c)
{
	struct vcpu *v = c->loaded;

	if (__builtin_expect(v->el1_reset_pending, 0))
		save_keeping_reset(v, c);
	else
		arch_vcpu_save(v, c);
	c->loaded = NULL;
}

void vcpu_unload(struct pcpu *c)
{
	if (c->loaded)
		save_loaded(c);
}

void vcpu_park(struct vcpu *v)
{
	struct pcpu *c = this_cpu();

	vgic_put(v);
	if (c->sched.n > 1)
		save_loaded(c);
	vcpu_put(v);
	cpu_idle_loop();
}

static void vcpu_load(struct vcpu *v, struct pcpu *c)
{
	if (c->loaded && c->loaded != v)
		save_loaded(c);
	if (c->loaded != v || v->el1_reset_pending) {
		arch_vcpu_restore(v, c);
		v->el1_reset_pending = false;
	}
	c->loaded = v;
	arch_vcpu_enter_state(v);
}

void vcpu_run(struct vcpu *v)
{
	struct pcpu *c = this_cpu();

	/* Claim the vCPU before checking its state one last time, so that a core
	 * resetting the VM either sees the claim or we see its new state; any
	 * change made after this check sets attention again. */
	v->in_guest = true;
	v->attention = false;
	mb_shared();
	if (!vcpu_runnable(v) || sched_should_yield(v)) {
		vcpu_put(v);
		cpu_idle_loop();
	}
	if (c->sched.n > 1)   /* on the core again: its own timer takes over */
		hyp_timer_disarm_vcpu(v, HT_VTIMER_WAKE);
	if (__builtin_expect(v->vm->wdog.ws1_pending, 0))   /* its watchdog acts in its exit */
		hyp_timer_arm_vcpu(v, HT_WDOG, 0);
	v->regs.host_sp = c->stack_top;
	vcpu_load(v, c);
	vgic_load(v);
	if (__builtin_expect(!v->vm->entered, 0) && !v->id) {
		v->vm->entered_at = arch_counter_now();
		v->vm->entered = true;
	}
	guest_enter(v);
}

void vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg)
{
	v->profiling = v->vm->cfg.profiling;
	arch_vcpu_reset(v, pc, arg);
	arch_vcpu_trap_wfi(v, sched_core_shared(v));
	v->pmu_work = v->profiling;
	v->waiting = false;
	v->ptimer_ctl = 0;
	v->ptimer_cval = 0;
	v->el1_reset_pending = true;
	vcpu_request_attention(v);
}

void vcpu_reset_boot(struct vcpu *v, uint64_t pc, uint64_t dtb)
{
	vcpu_reset(v, pc, 0);
	arch_vcpu_set_boot_args(v, dtb);
}
