/* Guest timers at EL2; see vtimer.h and docs/timers.md.
 *
 * Virtual timer: the guest programs CNTV_* directly. Its interrupt (PPI 27)
 * is Tandem's physical interrupt; Tandem forwards it to the vCPU loaded on
 * the core as a hardware-linked virtual interrupt, so the guest's
 * deactivation deactivates the physical one and the timer is never masked
 * behind the guest's back: a guest that only rewrites CNTV_CVAL keeps getting
 * ticks. CNTVOFF_EL2 is per VM (its virtual count starts near zero).
 *
 * Physical timer: trapped (CNTHCTL_EL2.EL1PCEN clear) and kept per vCPU;
 * its interrupt line follows the timer condition, and a slot of Tandem's
 * EL2 timer (hyp_timer.c) watches its deadline. */
#include "vtimer/vtimer.h"
#include "el2/irq.h"
#include "el2/gic.h"
#include "el2/cpu.h"
#include "el2/hyp_timer.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arch/cpu.h"
#include "el2/arch/timer.h"
#include "dt/platform.h"
#include "vgic/vgic.h"

static unsigned int phys_timer_irq, maint_irq;
uint32_t vtimer_virt_intid;

struct vcpu *vtimer_running_vcpu(void)
{
	struct vcpu *v = this_cpu()->loaded;

	return v && v->in_guest ? v : NULL;
}

bool vtimer_asserted(void)
{
	uint64_t ctl = arch_vtimer_ctl();

	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	       (CNT_CTL_ENABLE | CNT_CTL_ISTATUS);
}

static bool virt_timer_fired(uint32_t intid, void *arg)
{
	struct vcpu *v = vtimer_running_vcpu();

	(void)intid, (void)arg;
	if (!v) {
		/* Its vCPU is parked: silence the timer until it runs again. */
		arch_vtimer_set_ctl(arch_vtimer_ctl() | CNT_CTL_IMASK);
		return false;
	}
	if (!vgic_timer_fire(v->vgic.vtimer_lr, v->vm->vgic.version == 3))
		vgic_timer_hold(v);
	return true;   /* its LR, or the hold, keeps it active */
}

static bool maintenance(uint32_t intid, void *arg)
{
	struct vcpu *v = vtimer_running_vcpu();

	(void)intid, (void)arg;
	/* Level: it stays asserted until the list registers are seen to. */
	if (v)
		vgic_maintenance(v);
	return false;
}

void vtimer_cpu_init(const struct platform *p)
{
	vtimer_virt_intid = p->timer_irq[2];
	phys_timer_irq = p->timer_irq[1];
	maint_irq = p->gic_maint_irq;
	irq_register(vtimer_virt_intid, virt_timer_fired, NULL);
	irq_register(maint_irq, maintenance, NULL);
	gic->enable(vtimer_virt_intid, this_cpu());
	gic->enable(maint_irq, this_cpu());
}

void ptimer_update(struct vcpu *v)
{
	uint64_t now = arch_counter_now();
	bool asserted = timer_fires(v->ptimer_ctl, v->ptimer_cval, now);

	vgic_set_line(v->vm, v, phys_timer_irq, asserted);
	if ((v->ptimer_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE && !asserted)
		hyp_timer_arm_vcpu(v, HT_PTIMER, v->ptimer_cval);
	else
		hyp_timer_disarm_vcpu(v, HT_PTIMER);
}

uint64_t ptimer_read(struct vcpu *v, unsigned int reg)
{
	uint64_t now = arch_counter_now();

	switch (reg) {
	case PTIMER_CTL:
		return timer_ctl_value(v->ptimer_ctl, v->ptimer_cval, now);
	case PTIMER_CVAL:
		return v->ptimer_cval;
	default:
		return timer_tval_read(v->ptimer_cval, now);
	}
}

void ptimer_write(struct vcpu *v, unsigned int reg, uint64_t value)
{
	switch (reg) {
	case PTIMER_CTL:
		v->ptimer_ctl = value & (CNT_CTL_ENABLE | CNT_CTL_IMASK);
		break;
	case PTIMER_CVAL:
		v->ptimer_cval = value;
		break;
	default:
		v->ptimer_cval = timer_cval_from_tval(value, arch_counter_now());
		break;
	}
	ptimer_update(v);
}
