/* The port's cycle count (port.h) in USR mode on the Cortex-A9, as the
 * native A9 port counts it (bsp-a9/cycles.c): QEMU's A9 has no working
 * PMU, so cycles are the counter TIMER_SET counts in (TANDEM_PV_COUNTER,
 * the global timer) in units of QEMU's nominal 1 GHz CPU clock, which
 * under -icount shift=0 is one instruction per nanosecond. Latencies keep
 * their unit, cycles, and the counter's resolution: 10 cycles at 100 MHz.
 * Each read is a call, made where the native port reads the global timer. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/bsp-pv/hypercall.h"

#define CPU_HZ 1000000000u      /* QEMU's nominal CPU clock (bsp-a9/a9.h's A9_CPU_HZ) */

static uint64_t cycles_per_tick = 1;

uint64_t pv_cycles_at(uint64_t count)
{
	return count * cycles_per_tick;
}

uint64_t port_cycles(void)
{
	return pv_cycles_at(pv_now());
}

/* The relation is exact by construction, at the count's resolution: the
 * instant the count reads t lies within cycles_per_tick cycles after
 * cycles_per_tick * t. Reported as approximate, not to the cycle. */
void port_cycles_calibrate(struct port_cycles_cal *c)
{
	uint64_t hz = port_ticks_per_second();

	cycles_per_tick = hz && hz < CPU_HZ ? CPU_HZ / hz : 1;
	c->cycles_per_tick = cycles_per_tick;
	c->offset = 0;
	c->spread = (int64_t)cycles_per_tick - 1;
	c->exact = 0;
}
