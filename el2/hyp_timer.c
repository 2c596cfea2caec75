/* The multiplexed EL2 timer; see hyp_timer.h. */
#include "el2/hyp_timer.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/irq.h"
#include "el2/sched.h"
#include "el2/sched_policy.h"
#include "el2/vcpu.h"
#include "el2/vwdog.h"
#include "el2/arch/cpu.h"
#include "el2/arch/timer.h"
#include "vtimer/vtimer.h"

static void program(struct hyp_timer *t)
{
	uint64_t next = sched_earliest(t->deadline, HT_SLOTS);

	if (next == SCHED_NEVER)
		arch_hyp_timer_stop();
	else
		arch_hyp_timer_program(next);
}

static void arm_slot(unsigned int slot, uint64_t deadline)
{
	struct hyp_timer *t = &this_cpu()->htimer;

	if (t->deadline[slot] == deadline)
		return;
	t->deadline[slot] = deadline;
	program(t);
}

static unsigned int vcpu_slot(const struct vcpu *v, enum hyp_timer_slot_kind kind)
{
	return HT_KINDS * v->core_slot + (unsigned int)kind;
}

void hyp_timer_arm_vcpu(struct vcpu *v, enum hyp_timer_slot_kind kind, uint64_t deadline)
{
	arm_slot(vcpu_slot(v, kind), deadline);
}

void hyp_timer_disarm_vcpu(struct vcpu *v, enum hyp_timer_slot_kind kind)
{
	arm_slot(vcpu_slot(v, kind), SCHED_NEVER);
}

void hyp_timer_core_slot_dropped(unsigned int slot, unsigned int moved_from)
{
	struct hyp_timer *t = &this_cpu()->htimer;

	for (unsigned int k = 0; k < HT_KINDS; k++) {
		t->deadline[HT_KINDS * slot + k] = t->deadline[HT_KINDS * moved_from + k];
		t->deadline[HT_KINDS * moved_from + k] = SCHED_NEVER;
	}
	if (moved_from == slot)
		for (unsigned int k = 0; k < HT_KINDS; k++)
			t->deadline[HT_KINDS * slot + k] = SCHED_NEVER;
	program(t);
}

void hyp_timer_arm_slice(uint64_t deadline)
{
	arm_slot(HT_SLICE, deadline);
}

void hyp_timer_disarm_slice(void)
{
	arm_slot(HT_SLICE, SCHED_NEVER);
}

/* Runs every slot that is due, then programs the next deadline. */
static bool fired(uint32_t intid, void *arg)
{
	struct pcpu *c = this_cpu();
	struct hyp_timer *t = &c->htimer;
	uint64_t now = arch_counter_now();

	(void)intid, (void)arg;
	for (unsigned int slot = 0; slot < HT_SLOTS; slot++) {
		if (t->deadline[slot] > now)
			continue;
		t->deadline[slot] = SCHED_NEVER;
		if (slot == HT_SLICE) {
			sched_slice_expired();
			continue;
		}
		struct vcpu *v = c->sched.vcpu[slot / HT_KINDS];

		if (slot % HT_KINDS == HT_PTIMER)
			ptimer_update(v);   /* may re-arm its slot */
		else if (slot % HT_KINDS == HT_WDOG)
			vwdog_timer(v);     /* may re-arm its slot, or restart its VM */
		else
			sched_wake(v);
	}
	program(t);
	return false;
}

void hyp_timer_cpu_init(unsigned int intid)
{
	struct hyp_timer *t = &this_cpu()->htimer;

	for (unsigned int i = 0; i < HT_SLOTS; i++)
		t->deadline[i] = SCHED_NEVER;
	arch_hyp_timer_stop();
	irq_register(intid, fired, NULL);
	gic->enable(intid, this_cpu());
}
