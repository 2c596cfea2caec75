/* The cycle counter's relation to the timer's counter (port.h,
 * port_cycles_calibrate), read from EL1 or EL0 alike: both ports use it
 * (the paravirtual one reads the counters Tandem lets EL0 read). */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/arch/arm64/cpu.h"

#define CAL_SAMPLES 1024

/* Set by the native port under the bootarg clock=timer (port.c): the
 * cycles port_cycles() counts per counter tick; 0 (always, in the
 * paravirtual port): the PMU's cycle counter. In .data, not .bss: 8 more
 * bytes of BSS moved a page-aligned table by a page, and clearing it made
 * the default boot 1226 instructions longer. */
uint64_t port_timer_cycles_per_tick __attribute__((section(".data")));

static int64_t cal[CAL_SAMPLES];

static void sort(int64_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		int64_t v = a[i];
		int j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

/* Cycles per counter tick over about a millisecond, to the nearest whole
 * number (exact where both count one clock, as under QEMU). Then the offset
 * as guests/test/irqtests.c finds it: a counter read right after a cycle
 * read gives d = cycles - cpt * ticks = offset - 1 + (time mod cpt), so the
 * smallest d over reads at every phase is offset - 1 (a read gives the
 * time at the end of its instruction; port_cycles() gives it as at the
 * call, so the two agree). Under icount the spread of d is cpt - 1 exactly;
 * without it the 1st percentile stands for the minimum. Under clock=timer
 * (no PMU) the relation holds by construction, to the counter's tick: the
 * instant the counter reads t lies within cycles_per_tick cycles after
 * cycles_per_tick * t; reported as inexact, as the A9 ports report theirs. */
void port_cycles_calibrate(struct port_cycles_cal *c)
{
	uint64_t hz = port_ticks_per_second(), t0, t1, c0, c1, span = hz / 1000 ? hz / 1000 : 1;

	if (port_timer_cycles_per_tick) {       /* clock=timer: exact by construction, at the */
		c->cycles_per_tick = port_timer_cycles_per_tick;        /* counter's resolution */
		c->offset = 0;
		c->spread = (int64_t)port_timer_cycles_per_tick - 1;
		c->exact = 0;
		return;
	}
	isb();
	t0 = read_sysreg(cntvct_el0);
	c0 = read_sysreg(pmccntr_el0);
	do {
		isb();
		t1 = read_sysreg(cntvct_el0);
	} while (t1 - t0 < span);
	c1 = read_sysreg(pmccntr_el0);
	c->cycles_per_tick = (c1 - c0 + (t1 - t0) / 2) / (t1 - t0);
	if (!c->cycles_per_tick)
		c->cycles_per_tick = 1;

	for (int i = 0; i < CAL_SAMPLES; i++) {
		uint64_t cy, t, k = 1 + (uint64_t)(i % 23);

		if (i & 1)
			__asm__ volatile("1: subs %2, %2, #1\n b.ne 1b\n nop\n isb\n"
					 " mrs %0, pmccntr_el0\n mrs %1, cntvct_el0"
					 : "=&r"(cy), "=&r"(t), "+r"(k));
		else
			__asm__ volatile("1: subs %2, %2, #1\n b.ne 1b\n isb\n"
					 " mrs %0, pmccntr_el0\n mrs %1, cntvct_el0"
					 : "=&r"(cy), "=&r"(t), "+r"(k));
		cal[i] = (int64_t)(cy - c->cycles_per_tick * t);
	}
	sort(cal, CAL_SAMPLES);
	c->spread = cal[CAL_SAMPLES - 1] - cal[0];
	c->exact = c->spread == (int64_t)c->cycles_per_tick - 1;
	c->offset = cal[CAL_SAMPLES / 100] + 1;
}
