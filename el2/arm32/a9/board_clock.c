/* The global timer's frequency on a vexpress board: nothing in the tree
 * gives the MPCore's PERIPHCLK, so Tandem measures it against the
 * motherboard's SP804, whose TIMCLK the SP810 selects as the 1 MHz
 * reference (as Linux's vexpress code does; a board's real reset value is
 * the 32 kHz one). */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "el2/arm32/a9/global_timer.h"
#include "el2/arm32/a9/mmu.h"
#include "el2/boot.h"
#include "el2/console.h"
#include "dt/platform.h"

#define SP810_SCCTRL        0
#define SP810_TIMCLK_1MHZ   ((1u << 15) | (1u << 17))   /* TimerEn0Sel, TimerEn1Sel */
#define VEXPRESS_TIMCLK_HZ  1000000u

/* The first SP804 (or SP810) the tree leaves enabled, mapped: its
 * address, or 0. */
static uint64_t device(const void *fdt, const char *compatible)
{
	uint64_t base, size;

	for (int n = fdt_node_offset_by_compatible(fdt, -1, compatible); n >= 0;
	     n = fdt_node_offset_by_compatible(fdt, n, compatible)) {
		const char *status = fdt_getprop(fdt, n, "status", NULL);

		if (status && strcmp(status, "okay") && strcmp(status, "ok"))
			continue;
		if (!fdt_read_reg_phys(fdt, n, 0, &base, &size) && !a9_mmu_map_device(base))
			return base;
	}
	return 0;
}

void a9_calibrate_global_timer(const void *fdt)
{
	uint64_t sp804 = device(fdt, "arm,sp804"), sp810 = device(fdt, "arm,sp810");

	if (!sp804)
		fatal("no SP804 in the platform tree to measure the MPCore's global timer against");
	if (sp810) {
		volatile uint32_t *scctrl = (volatile uint32_t *)(uintptr_t)(sp810 + SP810_SCCTRL);

		*scctrl |= SP810_TIMCLK_1MHZ;
	}
	global_timer_calibrate((uintptr_t)sp804, VEXPRESS_TIMCLK_HZ);
	tlog("global timer at 0x%llx: %llu kHz, measured against the SP804 at 0x%llx",
	     (unsigned long long)global_timer_base, (unsigned long long)(global_timer_hz / 1000),
	     (unsigned long long)sp804);
}
