/* The port's cycle count (port.h) on QEMU's Cortex-A9, whose model has no
 * working PMU (PMCCNTR reads 0): the global timer's count in units of
 * QEMU's nominal 1 GHz CPU clock, the PMCCNTR rate of its other cores,
 * which under -icount shift=0 is one instruction per nanosecond. So the
 * RTOS's latencies keep their unit, cycles, as on the other ports, with the
 * count's resolution: 10 cycles at PERIPHCLK's 100 MHz. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/bsp-a9/a9.h"

static uint64_t cycles_per_tick = 1;

uint64_t port_cycles(void)
{
	return port_now() * cycles_per_tick;
}

/* The relation is exact by construction, at the count's resolution: the
 * instant the count reads t lies within cycles_per_tick cycles after
 * cycles_per_tick * t. Reported as approximate, not to the cycle. */
void port_cycles_calibrate(struct port_cycles_cal *c)
{
	uint64_t hz = port_ticks_per_second();

	cycles_per_tick = hz && hz < A9_CPU_HZ ? A9_CPU_HZ / hz : 1;
	c->cycles_per_tick = cycles_per_tick;
	c->offset = 0;
	c->spread = (int64_t)cycles_per_tick - 1;
	c->exact = 0;
}
