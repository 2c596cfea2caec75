/* The scheduler as the core applies it (el2/sched.c, el2/sched_policy.c,
 * el2/hyp_timer.c) on the fake architecture: vCPUs of VMs of different
 * priorities on one core, waits and wake-ups through the real vGIC and the
 * multiplexed hyp timer, whose programming the fake arch records. */
#include <check.h>
#include "tests/unit/core_fixture.h"
#include "tests/unit/suites.h"
#include "el2/hyp_timer.h"
#include "el2/irq.h"
#include "el2/sched.h"
#include "el2/sched_policy.h"
#include "el2/vm_runtime.h"
#include "vgic/vgic.h"
#include "vtimer/vtimer.h"

static const unsigned int core0[] = { 0, 0 };

/* VMs of one vCPU each, all on core 0, with these priorities. */
static void shared_core(unsigned int n, const unsigned int *prio)
{
	fix_machine(3, 4, 2);
	for (unsigned int i = 0; i < n; i++)
		fix_vm(1, core0, prio[i]);
}

static struct vcpu *vcpu_of(unsigned int vm)
{
	return &vms[vm].vcpus[0];
}

static uint64_t slice_deadline(void)
{
	return pcpus[0].htimer.deadline[HT_SLICE];
}

/* The hyp timer's interrupt, as the core takes it. */
static void hyp_timer_fires_at(uint64_t now)
{
	fake_arch.counter = now;
	irq_dispatch(FIX_HTIMER);
}

START_TEST(the_highest_priority_runs_on_a_shared_core)
{
	static const unsigned int prio[] = { 1, 7, 3 };

	shared_core(3, prio);
	for (unsigned int i = 0; i < 3; i++)
		ck_assert(vcpu_of(i)->arch.wfi_trapped);   /* shared: its WFI must trap */
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), vcpu_of(1));
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), vcpu_of(1));
	vcpu_of(1)->on = false;                          /* CPU_OFF */
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), vcpu_of(2));
	vms[2].state = VM_STOPPED;
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), vcpu_of(0));
	vcpu_of(0)->on = false;
	ck_assert_ptr_null(sched_pick_next(&pcpus[0]));
	ck_assert_uint_eq(slice_deadline(), SCHED_NEVER);   /* none of them had an equal */
	ck_assert(!fake_arch.hyp_timer_on);
}
END_TEST

START_TEST(a_waiting_vcpu_is_skipped_until_an_interrupt_wakes_it)
{
	static const unsigned int prio[] = { 7, 1 };
	struct vcpu *hi, *lo;

	shared_core(2, prio);
	hi = vcpu_of(0);
	lo = vcpu_of(1);
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), hi);
	fix_run(hi);
	fix_dist_write(hi, 0, 4, 2);                 /* Group 1 on, SPI 40 enabled */
	fix_dist_write(hi, 0x104, 4, 1u << 8);
	sched_wait(hi);                              /* WFI with nothing pending */
	ck_assert(hi->waiting);
	ck_assert(hi->attention);                    /* parked at the end of the exit */
	ck_assert(!sched_should_yield(lo));
	hi->in_guest = false;
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), lo);
	fix_run(lo);
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), lo);   /* still waiting: skipped */
	vgic_pulse_spi(&vms[0], 40);                 /* an interrupt for it */
	ck_assert(!hi->waiting);
	ck_assert(lo->attention);                    /* lo gives way at once */
	ck_assert(sched_should_yield(lo));
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), hi);
}
END_TEST

START_TEST(a_wait_with_something_pending_does_not_wait)
{
	static const unsigned int prio[] = { 7, 1 };
	struct vcpu *hi;

	shared_core(2, prio);
	hi = vcpu_of(0);
	fix_run(hi);
	fix_dist_write(hi, 0, 4, 2);
	fix_dist_write(hi, 0x104, 4, 1u << 8);
	vgic_pulse_spi(&vms[0], 40);                 /* in its LR, not yet taken */
	sched_wait(hi);
	ck_assert(!hi->waiting);
	ck_assert(!hi->attention);
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), hi);
}
END_TEST

START_TEST(a_waiting_vcpus_timer_deadline_wakes_it)
{
	static const unsigned int prio[] = { 7, 1 };
	struct vcpu *hi;

	shared_core(2, prio);
	hi = vcpu_of(0);
	vms[0].cntvoff = 500;
	fix_run(hi);
	fake_arch.vtimer_ctl = 1;                    /* enabled, not yet firing */
	fake_arch.vtimer_cval = 1000;
	sched_wait(hi);
	ck_assert(hi->waiting);
	ck_assert(fake_arch.hyp_timer_on);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 1500);   /* virtual 1000 = physical 1500 */
	hyp_timer_fires_at(1499);                    /* early (a spurious fire): nothing */
	ck_assert(hi->waiting);
	hyp_timer_fires_at(1500);
	ck_assert(!hi->waiting);
	ck_assert(!fake_arch.hyp_timer_on);          /* nothing else armed */
}
END_TEST

START_TEST(equal_priorities_take_turns_by_slice_and_only_they)
{
	static const unsigned int prio[] = { 3, 3, 1 };
	uint64_t slice;
	struct vcpu *first, *second;

	shared_core(3, prio);
	slice = fake_arch.counter_hz / 1000000 * SCHED_SLICE_US;
	fake_arch.counter = 1000;
	first = sched_pick_next(&pcpus[0]);
	ck_assert(first == vcpu_of(0) || first == vcpu_of(1));
	ck_assert_uint_eq(slice_deadline(), 1000 + slice);
	ck_assert(fake_arch.hyp_timer_on);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 1000 + slice);
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), first);   /* its slice is not over */
	hyp_timer_fires_at(1000 + slice);
	second = sched_pick_next(&pcpus[0]);
	ck_assert(second != first && second != vcpu_of(2));
	ck_assert_uint_eq(slice_deadline(), 1000 + 2 * slice);
	/* Its equal waits: no more slicing, the lower one never runs meanwhile. */
	first->waiting = true;
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), second);
	ck_assert_uint_eq(slice_deadline(), SCHED_NEVER);
	ck_assert(!fake_arch.hyp_timer_on);
}
END_TEST

START_TEST(a_partitioned_core_never_arms_a_slice)
{
	struct vm *vm;

	fix_machine(3, 4, 2);
	vm = fix_vm(2, NULL, 3);                     /* vCPU 0 on core 0, 1 on core 1 */
	fix_vm(1, (const unsigned int[]){ 1 }, 3);   /* core 1 shared, core 0 not */
	ck_assert(!vm->vcpus[0].arch.wfi_trapped);   /* its WFI stays in the guest */
	ck_assert(vm->vcpus[1].arch.wfi_trapped);
	for (unsigned int i = 0; i < 3; i++)
		ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), &vm->vcpus[0]);
	ck_assert_uint_eq(slice_deadline(), SCHED_NEVER);
	ck_assert(!fake_arch.hyp_timer_on);
	ck_assert(!sched_should_yield(&vm->vcpus[0]));
	vm->vcpus[0].on = false;
	ck_assert_ptr_null(sched_pick_next(&pcpus[0]));
	ck_assert(!fake_arch.hyp_timer_on);
}
END_TEST

START_TEST(the_hyp_timer_programs_the_earliest_deadline_of_its_slots)
{
	static const unsigned int prio[] = { 3, 1 };
	struct vcpu *a, *b;

	shared_core(2, prio);
	a = vcpu_of(0);
	b = vcpu_of(1);
	hyp_timer_arm_vcpu(a, HT_PTIMER, 5000);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 5000);
	hyp_timer_arm_vcpu(b, HT_VTIMER_WAKE, 3000);
	hyp_timer_arm_slice(4000);
	ck_assert(fake_arch.hyp_timer_on);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 3000);
	hyp_timer_arm_vcpu(b, HT_VTIMER_WAKE, 6000);   /* moved later */
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 4000);
	hyp_timer_disarm_slice();
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 5000);
	b->waiting = true;
	hyp_timer_fires_at(5000);                    /* a's ptimer slot: due; b's not */
	ck_assert(b->waiting);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 6000);
	hyp_timer_fires_at(7000);
	ck_assert(!b->waiting);
	ck_assert(!fake_arch.hyp_timer_on);
	hyp_timer_disarm_vcpu(a, HT_PTIMER);
	ck_assert(!fake_arch.hyp_timer_on);
}
END_TEST

/* vcpu_run() on the fake arch: guest_enter() unwinds to the setjmp. */
static void run(struct vcpu *v)
{
	if (!setjmp(fake_arch_guest_exit)) {
		fake_arch_guest_armed = true;
		vcpu_run(v);
		ck_abort_msg("vcpu_run returned");
	}
}

START_TEST(vcpu_run_switches_the_cores_state_to_the_chosen_vcpu)
{
	static const unsigned int prio[] = { 7, 1 };
	struct vcpu *hi, *lo;

	shared_core(2, prio);
	hi = vcpu_of(0);
	lo = vcpu_of(1);
	run(sched_pick_next(&pcpus[0]));
	ck_assert_ptr_eq(fake_arch.entered, hi);
	ck_assert_ptr_eq(pcpus[0].loaded, hi);
	ck_assert(hi->in_guest);
	ck_assert_uint_eq(hi->arch.restores, 1);
	fake_arch.vtimer_ctl = 1;                    /* hi's timer, in the "registers" */
	hi->waiting = true;
	hi->in_guest = false;
	run(sched_pick_next(&pcpus[0]));
	ck_assert_ptr_eq(fake_arch.entered, lo);
	ck_assert_uint_eq(hi->arch.saves, 1);        /* hi's state left the core */
	ck_assert_uint_eq(hi->arch.vtimer_ctl, 1);
	ck_assert_uint_eq(lo->arch.restores, 1);
	ck_assert_uint_eq(fake_arch.entries, 2);
}
END_TEST

/* The monitor's remove and create (el2/vm_runtime.c) change a live core's
 * scheduler through sched_ask_drop/adopt; the core makes the change
 * itself (sched_apply_changes): the last slot fills the gap with its EL2
 * timer deadlines, the dropped vCPU's go, a core left with one vCPU stops
 * trapping its WFI, and one given a second traps both again. */
START_TEST(a_removed_vms_vcpu_leaves_its_core_and_a_new_one_joins)
{
	static const unsigned int prio[] = { 1, 7, 3 };
	struct sched_core *c = &pcpus[0].sched;

	shared_core(3, prio);
	hyp_timer_arm_vcpu(vcpu_of(1), HT_VTIMER_WAKE, 300);
	hyp_timer_arm_vcpu(vcpu_of(2), HT_VTIMER_WAKE, 500);
	hyp_timer_arm_vcpu(vcpu_of(2), HT_WDOG, 900);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 300);
	vm_runtime_core = 1;                           /* the give-back's core: no vCPU there */
	vms[1].to_drop = 1;
	vms[1].removing = true;
	sched_ask_drop(vcpu_of(1));
	ck_assert(c->changes_pending);
	ck_assert_uint_eq(c->n, 3);                    /* not until the core looks */
	sched_apply_changes(&pcpus[0]);
	ck_assert(!c->changes_pending);
	ck_assert_uint_eq(c->n, 2);
	ck_assert_ptr_eq(c->vcpu[0], vcpu_of(0));
	ck_assert_ptr_eq(c->vcpu[1], vcpu_of(2));      /* the last slot, moved into the gap */
	ck_assert_uint_eq(vcpu_of(2)->core_slot, 1);
	ck_assert_uint_eq(pcpus[0].htimer.deadline[HT_KINDS * 1 + HT_VTIMER_WAKE], 500);
	ck_assert_uint_eq(pcpus[0].htimer.deadline[HT_KINDS * 1 + HT_WDOG], 900);
	for (unsigned int k = 0; k < HT_KINDS; k++)
		ck_assert_uint_eq(pcpus[0].htimer.deadline[HT_KINDS * 2 + k], SCHED_NEVER);
	ck_assert_uint_eq(fake_arch.hyp_timer_cval, 500);   /* the dropped one's 300 is gone */
	ck_assert(vm_runtime_pending);                 /* its last core let go: give it back, */
	ck_assert(pcpus[1].sched.changes_pending);     /* there */
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), vcpu_of(2));
	ck_assert(vcpu_of(0)->arch.wfi_trapped && vcpu_of(2)->arch.wfi_trapped);

	vms[0].to_drop = 1;
	vms[0].removing = true;
	sched_ask_drop(vcpu_of(0));
	sched_apply_changes(&pcpus[0]);
	ck_assert_uint_eq(c->n, 1);
	ck_assert_ptr_eq(c->vcpu[0], vcpu_of(2));
	ck_assert_uint_eq(vcpu_of(2)->core_slot, 0);
	ck_assert_uint_eq(pcpus[0].htimer.deadline[HT_VTIMER_WAKE], 500);
	ck_assert(!vcpu_of(2)->arch.wfi_trapped);      /* alone: its WFI need not trap */

	vms[1].removing = false;                       /* created again, in its slot */
	sched_ask_adopt(vcpu_of(1));
	ck_assert_uint_eq(c->n, 1);
	sched_apply_changes(&pcpus[0]);
	ck_assert_uint_eq(c->n, 2);
	ck_assert_ptr_eq(c->vcpu[1], vcpu_of(1));
	ck_assert(vcpu_of(1)->arch.wfi_trapped && vcpu_of(2)->arch.wfi_trapped);
	ck_assert_ptr_eq(sched_pick_next(&pcpus[0]), vcpu_of(1));   /* priority 7 */
	vm_runtime_pending = false;
	pcpus[1].sched.changes_pending = false;
}
END_TEST

Suite *sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *t = tcase_create("sched");

	tcase_add_test(t, the_highest_priority_runs_on_a_shared_core);
	tcase_add_test(t, a_waiting_vcpu_is_skipped_until_an_interrupt_wakes_it);
	tcase_add_test(t, a_wait_with_something_pending_does_not_wait);
	tcase_add_test(t, a_waiting_vcpus_timer_deadline_wakes_it);
	tcase_add_test(t, equal_priorities_take_turns_by_slice_and_only_they);
	tcase_add_test(t, a_partitioned_core_never_arms_a_slice);
	tcase_add_test(t, the_hyp_timer_programs_the_earliest_deadline_of_its_slots);
	tcase_add_test(t, vcpu_run_switches_the_cores_state_to_the_chosen_vcpu);
	tcase_add_test(t, a_removed_vms_vcpu_leaves_its_core_and_a_new_one_joins);
	suite_add_tcase(s, t);
	return s;
}
