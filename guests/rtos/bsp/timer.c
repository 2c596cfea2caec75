/* The port's time (port.h) on the generic timer: the virtual counter
 * CNTVCT_EL0 and the EL1 virtual timer's compare CNTV_CVAL_EL0, whose
 * interrupt (PPI 27 on QEMU's virt, from the device tree) is the kernel's
 * only time source. The timer is written only when the kernel's earliest
 * deadline changes: there is no periodic tick. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/bsp/arch.h"
#include "guests/rtos/bsp/board.h"

#define CTL_ENABLE 1u
#define CTL_IMASK  2u

static uint64_t hz;
static bool armed;
static bool masked;     /* by timer_irq, until the kernel writes the compare */

uint64_t port_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t port_ticks_per_second(void)
{
	return hz;
}

/* After a timer interrupt the kernel always writes the compare again
 * (rtos_timer_expired, then rtos_irq_exit after the end of interrupt): the
 * output is unmasked here, with the new compare, never with the stale one. */
void port_timer_set(uint64_t deadline)
{
	if (deadline == RTOS_FOREVER) {
		if (armed) {
			write_sysreg(cntv_ctl_el0, 0);
			isb();
			armed = false;
		}
		masked = false;
		return;
	}
	write_sysreg(cntv_cval_el0, deadline);
	if (!armed || masked) {
		write_sysreg(cntv_ctl_el0, CTL_ENABLE);
		armed = true;
		masked = false;
	}
	isb();
}

/* The timer's output is masked while its interrupt is handled and stays
 * masked until the kernel has written the next compare, after the end of
 * interrupt: the line is low when the interrupt is deactivated, and it never
 * rises again for the deadline just handled. Linux's arch-timer driver masks
 * in its handler too. Unmasking at the end of interrupt instead, with the
 * stale compare still due, raised the line again at once: natively the GIC
 * drops that pending state when the compare moves a moment later, but under
 * a hypervisor the interrupt is already in a list register by then and the
 * guest takes a second, empty timer interrupt (about 270 instructions on
 * every release). And under a hypervisor on QEMU's GICv2, deactivating a
 * hardware-linked interrupt whose line is still high leaves the physical
 * interrupt pending but not signalled (docs/rtos.md). */
volatile struct bsp_timer_stamp bsp_timer_stamp;

static void timer_irq(void)
{
	bsp_timer_stamp.cycles = port_cycles();
	bsp_timer_stamp.deadline = read_sysreg(cntv_cval_el0);
	write_sysreg(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
	masked = true;
	rtos_timer_expired();
}

void timer_init(void)
{
	hz = board.timer_hz ? board.timer_hz : read_sysreg(cntfrq_el0);
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	armed = false;
	masked = false;
	gic_enable(board.timer_intid, PRIO_TIMER, timer_irq, NULL);
}
