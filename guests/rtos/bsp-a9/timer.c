/* The port's time (port.h) on the Cortex-A9 MPCore, which has no generic
 * timer: port_now() is the global timer's 64-bit count, and the deadline
 * is this core's private timer in one-shot mode, loaded with the ticks
 * from now to the deadline (both timers count PERIPHCLK, prescaler 0). The
 * private timer's interrupt (PPI 13, INTID 29) is the kernel's only time
 * source; it is written only when the kernel's earliest deadline changes:
 * there is no periodic tick. Reading the count then loading the private
 * timer makes the interrupt a few instructions late, never early. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/bsp/arch.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-a9/a9.h"

#define TWD_LOAD        0x00
#define TWD_CONTROL     0x08
#define TWD_STATUS      0x0c
#define TWD_ENABLE      (1u << 0)
#define TWD_IRQ         (1u << 2)       /* one-shot: no auto-reload */
#define TWD_EVENT       (1u << 0)       /* write 1 to clear */

static uintptr_t a9_gt;
static uintptr_t twd;
static uint64_t hz, programmed = RTOS_FOREVER;

/* High, low, high again: the low word did not wrap in between. */
uint64_t port_now(void)
{
	uint32_t hi, lo;

	do {
		hi = readl(a9_gt + GT_COUNT_HI);
		lo = readl(a9_gt + GT_COUNT_LO);
	} while (readl(a9_gt + GT_COUNT_HI) != hi);
	return (uint64_t)hi << 32 | lo;
}

uint64_t port_ticks_per_second(void)
{
	return hz;
}

/* At least one tick (a deadline past interrupts at once); at most the
 * 32-bit counter's reach (42 s): then an early interrupt, which the kernel
 * answers by writing the deadline again. */
void port_timer_set(uint64_t deadline)
{
	uint64_t now;

	programmed = deadline;
	if (deadline == RTOS_FOREVER) {
		writel(twd + TWD_CONTROL, 0);
		writel(twd + TWD_STATUS, TWD_EVENT);
		return;
	}
	/* An event of the deadline before, not yet taken (interrupts masked),
	 * is dropped first; one arriving right after, before the load, is an
	 * early interrupt, which the kernel answers as above. */
	writel(twd + TWD_STATUS, TWD_EVENT);
	now = port_now();
	writel(twd + TWD_LOAD, deadline <= now ? 1 : deadline - now > UINT32_MAX ? UINT32_MAX :
		  (uint32_t)(deadline - now));
	writel(twd + TWD_CONTROL, TWD_ENABLE | TWD_IRQ);
}

/* Clearing the event lowers the (level) line before the end of interrupt;
 * the one-shot timer then stays quiet until it is loaded again. */
volatile struct bsp_timer_stamp bsp_timer_stamp;

static void timer_irq(void)
{
	bsp_timer_stamp.cycles = port_cycles();
	bsp_timer_stamp.deadline = programmed;
	writel(twd + TWD_STATUS, TWD_EVENT);
	rtos_timer_expired();
}

void timer_init(void)
{
	if (!board.timer_regs.base || !board.counter_regs.base) {
		rtos_printf("rtos: cannot start: no Cortex-A9 private timer (arm,cortex-a9-twd-timer) "
			    "in the device tree\n");
		arch_halt();
	}
	twd = (uintptr_t)board.timer_regs.base;
	a9_gt = (uintptr_t)board.counter_regs.base;
	hz = board.timer_hz ? board.timer_hz : A9_PERIPHCLK_HZ;
	/* Counting, prescaler 0, its own comparator unused; a count already
	 * running (a boot loader's) goes on. */
	writel(a9_gt + GT_CONTROL, (readl(a9_gt + GT_CONTROL) & ~(A9_PRESCALER | GT_COMP_IRQ_AUTO)) |
		  GT_ENABLE);
	writel(twd + TWD_CONTROL, 0);
	writel(twd + TWD_STATUS, TWD_EVENT);
	programmed = RTOS_FOREVER;
	gic_enable(board.timer_intid, PRIO_TIMER, timer_irq, NULL);
}
