/* The port's time (port.h) under Tandem: the virtual counter, which Tandem
 * lets EL0 read (CNTKCTL_EL1.EL0VCTEN), and one deadline, set by hypercall;
 * Tandem programs the core's EL1 virtual timer with it and delivers its
 * expiry as the virtual timer interrupt (INTID from the device tree). As
 * natively, written only when the kernel's earliest deadline changes. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/arch/arm64/cpu.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"

static uint64_t hz;

uint64_t port_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t port_ticks_per_second(void)
{
	return hz;
}

/* RTOS_FOREVER is the ABI's "disarm" (~0). Tandem keeps the expired
 * deadline quiet until this sets the next, as timer.c's mask does natively. */
static uint64_t armed_for;

void port_timer_set(uint64_t deadline)
{
	armed_for = deadline;
	pv_call(TANDEM_PV_TIMER_SET, deadline, 0, 0, 0);
}

volatile struct bsp_timer_stamp bsp_timer_stamp;

static void timer_irq(void)
{
	bsp_timer_stamp.cycles = port_cycles();
	bsp_timer_stamp.deadline = armed_for;
	rtos_timer_expired();
}

void timer_init(void)
{
	hz = board.timer_hz ? board.timer_hz : read_sysreg(cntfrq_el0);
	pv_call(TANDEM_PV_TIMER_SET, RTOS_FOREVER, 0, 0, 0);
	gic_enable(board.timer_intid, PRIO_TIMER, timer_irq, NULL);
}
