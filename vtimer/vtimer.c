/* Guest timers at EL2; see vtimer.h. */
#include "vtimer/vtimer.h"
#include "el2/irq.h"
#include "el2/gic.h"
#include "el2/cpu.h"
#include "el2/vcpu.h"
#include "el2/arm64/sysreg.h"
#include "dt/platform.h"

static unsigned int hyp_timer_irq;

static void hyp_timer_fired(uint32_t intid, void *arg)
{
	(void)intid, (void)arg;
	write_sysreg(cnthp_ctl_el2, 0);   /* its only job was to wake the core */
}

void vtimer_cpu_init(const struct platform *p)
{
	hyp_timer_irq = p->timer_irq[3];
	write_sysreg(cnthp_ctl_el2, 0);
	irq_register(hyp_timer_irq, hyp_timer_fired, NULL);
	gic->enable(hyp_timer_irq, this_cpu());
}

void vtimer_wait_for_event(struct vcpu *v)
{
	uint64_t ctl = read_sysreg(cntv_ctl_el0);

	(void)v;
	if (timer_fires(ctl, read_sysreg(cntv_cval_el0), read_sysreg(cntvct_el0)))
		return;
	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE) {
		/* The guest's deadline, on the physical count Tandem's timer uses. */
		write_sysreg(cnthp_cval_el2, read_sysreg(cntv_cval_el0) + read_sysreg(cntvoff_el2));
		write_sysreg(cnthp_ctl_el2, CNT_CTL_ENABLE);
		isb();
	}
	wfi();
	irq_poll();
	write_sysreg(cnthp_ctl_el2, 0);
}

uint64_t ptimer_read(struct vcpu *v, unsigned int reg)
{
	uint64_t now = read_sysreg(cntpct_el0);

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
		v->ptimer_cval = timer_cval_from_tval(value, read_sysreg(cntpct_el0));
		break;
	}
}
