/* The register logic of an SBSA generic watchdog (Arm DEN0029, revision 1:
 * a 48-bit offset register), as Tandem emulates one per VM that asks for it
 * (el2/vwdog.c does the MMIO, the EL2 timer and the actions). Two 4 KiB
 * frames: the control frame (WCS, WOR, WCV, W_IIDR) and the refresh frame
 * (WRR, W_IIDR). Time is the VM's system count (its virtual counter), given
 * by the caller as `now`. Pure logic, unit-tested on the host.
 *
 * What the guest writes is taken as hostile: WOR keeps its 48 bits, WCS its
 * enable bit, read-only registers ignore writes, and no sum wraps (a
 * deadline past the end of time is the end of time). */
#ifndef TANDEM_GWDT_H
#define TANDEM_GWDT_H
#include <stdbool.h>
#include <stdint.h>

#define GWDT_FRAME      0x1000u     /* each frame's size */
/* Control frame */
#define GWDT_WCS        0x000u
#define GWDT_WOR        0x008u      /* low word; its high word at 0x00c */
#define GWDT_WCV        0x010u      /* low word; its high word at 0x014 */
/* Refresh frame */
#define GWDT_WRR        0x000u
/* Both frames */
#define GWDT_W_IIDR     0xfccu

#define GWDT_WCS_EN     (1u << 0)
#define GWDT_WCS_WS0    (1u << 1)
#define GWDT_WCS_WS1    (1u << 2)
#define GWDT_WOR_MAX    ((1ull << 48) - 1)
/* W_IIDR: architecture revision 1 (48-bit WOR) in [19:16], implementer
 * 0x43b in [11:0] (as Tandem's vGIC says; product 0, revision 0). */
#define GWDT_IIDR_VALUE ((1u << 16) | 0x43bu)
#define GWDT_NEVER      UINT64_MAX

struct gwdt {
	uint32_t wcs;       /* EN, WS0, WS1 */
	uint64_t wor;       /* offset, at most GWDT_WOR_MAX */
	uint64_t wcv;       /* compare value, in the VM's count */
};

/* What a change raised for the first time. */
enum gwdt_signal {
	GWDT_QUIET = 0,
	GWDT_RAISED_WS0 = 1,    /* the first expiry: WS0, the interrupt */
	GWDT_RAISED_WS1 = 2,    /* the second: WS1, the system reset */
};

/* Power-on: disabled, WOR and WCV 0, no signal. */
void gwdt_reset(struct gwdt *w);

/* A read of `size` bytes (4 or 8) at byte offset off of the control frame
 * (refresh false) or the refresh frame. Offsets with no register read 0. */
uint64_t gwdt_read(const struct gwdt *w, bool refresh, uint32_t off, unsigned int size);

/* A write; `now` is the VM's count then. Writes to WCS, WOR and WRR are
 * explicit refreshes (WS0 and WS1 clear, WCV = now + WOR); a WCV write sets
 * the deadline itself; anything else is ignored. Returns what is raised at
 * once (a WCV already past, a WOR of 0 while WS0 is set...), see
 * gwdt_advance. */
enum gwdt_signal gwdt_write(struct gwdt *w, bool refresh, uint32_t off, unsigned int size,
			    uint64_t value, uint64_t now);

/* Time passes to `now`: if enabled and WCV is reached, WS0 rises (and WCV
 * becomes now + WOR, a timeout refresh), or, WS0 being set, WS1. Both can
 * rise in one call (WOR 0). Returns the highest signal raised. */
enum gwdt_signal gwdt_advance(struct gwdt *w, uint64_t now);

/* The VM's count at which gwdt_advance next raises something, or GWDT_NEVER
 * (disabled, or WS1 already raised). */
uint64_t gwdt_deadline(const struct gwdt *w);

/* a + b, or GWDT_NEVER if that wraps. */
static inline uint64_t gwdt_add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? GWDT_NEVER : a + b;
}

#endif
