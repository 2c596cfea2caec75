/* The cycle counter's relation to the timer's counter (port.h,
 * port_cycles_calibrate): arm64's method (arch/arm64/cycles.c explains
 * it) with AArch32's reads. A sample reads PMCCNTR's 32 bits right before
 * CNTVCT, as arm64 reads PMCCNTR_EL0; port_cycles() then gives the high
 * word. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/arch/arm32/cpu.h"

#define CAL_SAMPLES 1024

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

/* The 32-bit cycle count lo, read a moment before `now`, as 64 bits. */
static uint64_t widen(uint32_t lo, uint64_t now)
{
	return now - (uint32_t)((uint32_t)now - lo);
}

void port_cycles_calibrate(struct port_cycles_cal *c)
{
	uint64_t hz = port_ticks_per_second(), t0, t1, c0, c1, span = hz / 1000 ? hz / 1000 : 1;

	isb();
	t0 = read_sysreg(cntvct_el0);
	c0 = port_cycles();
	do {
		isb();
		t1 = read_sysreg(cntvct_el0);
	} while (t1 - t0 < span);
	c1 = port_cycles();
	c->cycles_per_tick = (c1 - c0 + (t1 - t0) / 2) / (t1 - t0);
	if (!c->cycles_per_tick)
		c->cycles_per_tick = 1;

	for (int i = 0; i < CAL_SAMPLES; i++) {
		uint32_t cy, k = 1 + (uint32_t)(i % 23);
		uint64_t t;

		if (i & 1)
			__asm__ volatile("1: subs %2, %2, #1\n bne 1b\n nop\n isb\n"
					 " mrc p15, 0, %0, c9, c13, 0\n mrrc p15, 1, %Q1, %R1, c14"
					 : "=&r"(cy), "=&r"(t), "+r"(k));
		else
			__asm__ volatile("1: subs %2, %2, #1\n bne 1b\n isb\n"
					 " mrc p15, 0, %0, c9, c13, 0\n mrrc p15, 1, %Q1, %R1, c14"
					 : "=&r"(cy), "=&r"(t), "+r"(k));
		cal[i] = (int64_t)(widen(cy, port_cycles()) - c->cycles_per_tick * t);
	}
	sort(cal, CAL_SAMPLES);
	c->spread = cal[CAL_SAMPLES - 1] - cal[0];
	c->exact = c->spread == (int64_t)c->cycles_per_tick - 1;
	c->offset = cal[CAL_SAMPLES / 100] + 1;
}
