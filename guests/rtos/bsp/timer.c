/* The port's time (port.h) on the generic timer: the virtual counter
 * CNTVCT_EL0 and the EL1 virtual timer's compare CNTV_CVAL_EL0, whose
 * interrupt (PPI 27 on QEMU's virt, from the device tree) is the kernel's
 * only time source. The timer is written only when the kernel's earliest
 * deadline changes: there is no periodic tick. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/arch/arm64/cpu.h"
#include "guests/rtos/bsp/board.h"

#define CTL_ENABLE 1u
#define CTL_IMASK  2u

static uint64_t hz;
static bool armed;

uint64_t port_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t port_ticks_per_second(void)
{
	return hz;
}

/* The isb makes the new compare take effect before the interrupt is ended
 * (gic.c): the level it drives is low again by then. */
void port_timer_set(uint64_t deadline)
{
	if (deadline == RTOS_FOREVER) {
		if (armed) {
			write_sysreg(cntv_ctl_el0, 0);
			isb();
			armed = false;
		}
		return;
	}
	write_sysreg(cntv_cval_el0, deadline);
	if (!armed) {
		write_sysreg(cntv_ctl_el0, CTL_ENABLE);
		armed = true;
	}
	isb();
}

/* The timer's output is masked while its interrupt is handled and
 * unmasked only after the end of interrupt, so its line is low when the
 * interrupt is deactivated even if the next deadline is already due (it
 * then rises again, a new edge for the GIC). Linux's arch-timer driver
 * masks in its handler too. What it avoids: under a hypervisor on QEMU's
 * GICv2, a guest's deactivation of a hardware-linked interrupt whose line
 * is still high leaves the physical interrupt pending but not signalled
 * (QEMU updates only the virtual CPU interface then), and the RTOS sleeps
 * until some other GIC event (docs/rtos.md). */
static void timer_irq(void)
{
	write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
	rtos_timer_expired();
}

static void timer_irq_done(void)
{
	if (armed) {
		write_sysreg(cntv_ctl_el0, CTL_ENABLE);
		isb();
	}
}

void timer_init(void)
{
	hz = board.timer_hz ? board.timer_hz : read_sysreg(cntfrq_el0);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	armed = false;
	gic_enable(board.timer_intid, PRIO_TIMER, timer_irq, timer_irq_done);
}
