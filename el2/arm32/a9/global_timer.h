/* The Cortex-A9 MPCore's global timer: one 64-bit counter for all cores,
 * at PERIPHBASE + 0x200, and a comparator of each core's own (banked),
 * whose interrupt is PPI 11 (INTID 27). It is Tandem's system counter and,
 * on the paravirtual path, each core's timer (pv/arm32/timer.c). Not in
 * Debian's vexpress tree: its place comes from CBAR (PERIPHBASE), its
 * frequency from a measurement against the SP804's reference clock. */
#ifndef TANDEM_ARM32_A9_GLOBAL_TIMER_H
#define TANDEM_ARM32_A9_GLOBAL_TIMER_H
#include <stdint.h>

#define GT_INTID 27

extern uintptr_t global_timer_base;   /* PERIPHBASE + 0x200, identity-mapped */
extern uint64_t global_timer_hz;

/* The counter: high, low, high again until both highs agree (the TRM's
 * way of reading it without a torn value). */
static inline uint64_t global_timer_now(void)
{
	volatile uint32_t *gt = (volatile uint32_t *)global_timer_base;
	uint32_t hi, lo;

	do {
		hi = gt[1];
		lo = gt[0];
	} while (gt[1] != hi);
	return ((uint64_t)hi << 32) | lo;
}

/* Boot core, MMU off or on: finds PERIPHBASE and starts the counter. */
void global_timer_start(void);
/* Its frequency, counted over 10 ms of the SP804 at sp804 (whose clock is
 * ref_hz), rounded to whole MHz: PERIPHCLK is on real boards, and QEMU's
 * SP804 reads lag by some microseconds without -icount. */
void global_timer_calibrate(uintptr_t sp804, uint64_t ref_hz);
/* This core's comparator: an interrupt once the counter reaches `at` /
 * none. */
void global_timer_compare(uint64_t at);
void global_timer_compare_off(void);
/* board_clock.c: the frequency, from the board's reference clock. */
void a9_calibrate_global_timer(const void *fdt);

#endif
