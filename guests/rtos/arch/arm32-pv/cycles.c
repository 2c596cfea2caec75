/* The cycle counter's relation to the timer's counter (port.h,
 * port_cycles_calibrate): the native method (arch/arm64/cycles.c explains
 * it; arch/arm32/cycles.c for AArch32's reads) with the counter read by
 * TANDEM_PV_COUNTER, as USR mode cannot read it. A sample reads PMCCNTR
 * right before the call; Tandem reads the counter a fixed number of
 * instructions later (its call path), so the offset comes out low by that
 * path and latencies measured against it are high by it, never low. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/bsp-pv/hypercall.h"

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

/* After k loop turns (and a NOP if odd): PMCCNTR, then the counter. */
static uint64_t sample(uint32_t k, int odd, uint32_t *cy)
{
	register uint32_t r0 __asm__("r0") = TANDEM_PV_COUNTER;
	register uint32_t r1 __asm__("r1");
	register uint32_t r2 __asm__("r2");

	if (odd)
		__asm__ volatile("1: subs %3, %3, #1\n bne 1b\n nop\n isb\n"
				 " mrc p15, 0, %4, c9, c13, 0\n svc #0"
				 : "+r"(r0), "=r"(r1), "=r"(r2), "+r"(k), "=&r"(*cy) : : "memory");
	else
		__asm__ volatile("1: subs %3, %3, #1\n bne 1b\n isb\n"
				 " mrc p15, 0, %4, c9, c13, 0\n svc #0"
				 : "+r"(r0), "=r"(r1), "=r"(r2), "+r"(k), "=&r"(*cy) : : "memory");
	return (uint64_t)r1 << 32 | r0;
}

void port_cycles_calibrate(struct port_cycles_cal *c)
{
	uint64_t hz = port_ticks_per_second(), t0, t1, c0, c1, span = hz / 1000 ? hz / 1000 : 1;

	t0 = pv_now();
	c0 = port_cycles();
	do
		t1 = pv_now();
	while (t1 - t0 < span);
	c1 = port_cycles();
	c->cycles_per_tick = (c1 - c0 + (t1 - t0) / 2) / (t1 - t0);
	if (!c->cycles_per_tick)
		c->cycles_per_tick = 1;

	for (int i = 0; i < CAL_SAMPLES; i++) {
		uint32_t cy;
		uint64_t t = sample(1 + (uint32_t)(i % 23), i & 1, &cy);

		cal[i] = (int64_t)(widen(cy, port_cycles()) - c->cycles_per_tick * t);
	}
	sort(cal, CAL_SAMPLES);
	c->spread = cal[CAL_SAMPLES - 1] - cal[0];
	c->exact = c->spread == (int64_t)c->cycles_per_tick - 1;
	c->offset = cal[CAL_SAMPLES / 100] + 1;
}
