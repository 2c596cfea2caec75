/* The Cortex-A9 MPCore's global timer; see global_timer.h. */
#include "el2/arm32/a9/global_timer.h"
#include "el2/arm32/cp15.h"
#include "el2/arch/barrier.h"

#define CBAR        4, c15, c0, 0     /* the MPCore's PERIPHBASE */
#define GT_OFFSET   0x200
#define GT_COUNT_LO 0
#define GT_COUNT_HI 1
#define GT_CONTROL  2
#define GT_STATUS   3
#define GT_CMP_LO   4
#define GT_CMP_HI   5
#define GT_ENABLE   (1u << 0)          /* shared by all cores; prescaler 0 */
#define GT_CMP_EN   (1u << 1)          /* these two are each core's own */
#define GT_IRQ_EN   (1u << 2)

/* SP804 timer 1: a free-running 32-bit down-counter for the measurement. */
#define SP804_LOAD    0
#define SP804_VALUE   1
#define SP804_CONTROL 2
#define SP804_ENABLE_32BIT 0x82u
#define CALIBRATE_US  10000u

uintptr_t global_timer_base;
uint64_t global_timer_hz = 1;   /* until measured: no division by zero */

static volatile uint32_t *gt(void)
{
	return (volatile uint32_t *)global_timer_base;
}

void global_timer_start(void)
{
	global_timer_base = (read_cp15(CBAR) & 0xffffe000u) + GT_OFFSET;
	if (!(gt()[GT_CONTROL] & GT_ENABLE))
		gt()[GT_CONTROL] = GT_ENABLE;
}

/* One reading of both clocks: the SP804's between two of the global
 * timer's, the closest such pair of SANDWICH_TRIES (a vCPU descheduled by
 * its host between two reads must not skew the measurement). */
#define SANDWICH_TRIES 8

static void read_both(volatile uint32_t *t, uint32_t *ref, uint64_t *count)
{
	uint64_t best = ~0ull;

	for (unsigned int i = 0; i < SANDWICH_TRIES; i++) {
		uint64_t before = global_timer_now();
		uint32_t v = t[SP804_VALUE];
		uint64_t after = global_timer_now();

		if (after - before < best) {
			best = after - before;
			*ref = v;
			*count = before + (after - before) / 2;
		}
	}
}

void global_timer_calibrate(uintptr_t sp804, uint64_t ref_hz)
{
	volatile uint32_t *t = (volatile uint32_t *)sp804;
	uint32_t v0, v1;
	uint64_t g0, g1, ticks;

	t[SP804_CONTROL] = 0;
	t[SP804_LOAD] = 0xffffffffu;
	t[SP804_CONTROL] = SP804_ENABLE_32BIT;
	read_both(t, &v0, &g0);
	while (v0 - t[SP804_VALUE] < CALIBRATE_US * (ref_hz / 1000000))
		;
	read_both(t, &v1, &g1);
	t[SP804_CONTROL] = 0;
	/* ticks per CALIBRATE_US of the reference, from what elapsed on it */
	ticks = (g1 - g0) * (CALIBRATE_US * (ref_hz / 1000000)) / (v0 - v1);
	global_timer_hz = (ticks * 1000000 / CALIBRATE_US + 500000) / 1000000 * 1000000;
	if (!global_timer_hz)
		global_timer_hz = 1;
}

void global_timer_compare(uint64_t at)
{
	gt()[GT_CONTROL] = GT_ENABLE;            /* the TRM: comparator off while it changes */
	gt()[GT_CMP_LO] = (uint32_t)at;
	gt()[GT_CMP_HI] = (uint32_t)(at >> 32);
	gt()[GT_STATUS] = 1;                     /* an old event cleared */
	gt()[GT_CONTROL] = GT_ENABLE | GT_CMP_EN | GT_IRQ_EN;
	sync_shared();
}

void global_timer_compare_off(void)
{
	gt()[GT_CONTROL] = GT_ENABLE;
	gt()[GT_STATUS] = 1;
	sync_shared();
}
