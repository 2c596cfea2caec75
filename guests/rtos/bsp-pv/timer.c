/* The port's time (port.h) under Tandem: the counter Tandem's deadlines
 * count in (pv_now: read directly on arm64, by call on ARMv7-A), and one
 * deadline, set by hypercall; Tandem programs the core's timer with it and
 * delivers its expiry as the virtual timer interrupt (INTID from the device
 * tree). As natively, written only when the kernel's earliest deadline
 * changes. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"

static uint64_t hz;
/* The time the timer interrupt read, for the kernel's expiry in the same
 * handler (rtos_timer_expired reads port_now()), so that it is read once
 * per interrupt: on ARMv7-A each read is a call. The expiry then sees the
 * time at the handler's entry, early by its own work: a deadline falling
 * due meanwhile is taken by the next interrupt, at once (the kernel sets
 * it, and a deadline already past interrupts at once). */
static uint64_t irq_now;
static bool in_expiry;

uint64_t port_now(void)
{
	return in_expiry ? irq_now : pv_now();
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
	pv_timer_set(deadline);
}

volatile struct bsp_timer_stamp bsp_timer_stamp;

static void timer_irq(void)
{
	bsp_timer_stamp.cycles = pv_irq_stamp(&irq_now);
	bsp_timer_stamp.deadline = armed_for;
	in_expiry = true;
	rtos_timer_expired();
	in_expiry = false;
}

void timer_init(void)
{
	hz = pv_hz(board.timer_hz);
	pv_timer_set(RTOS_FOREVER);
	gic_enable(board.timer_intid, PRIO_TIMER, timer_irq, NULL);
}
