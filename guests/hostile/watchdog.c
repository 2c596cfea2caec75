/* The VM's watchdog (Tandem's emulated SBSA generic watchdog, 'watchdog' in
 * hostile.dtso: control frame at WDOG, refresh frame at WDOG + 0x1000)
 * attacked three ways:
 *  - garbage: wrong sizes, misaligned accesses, writes to read-only
 *    registers, a WOR of all ones, offsets with no register: what the
 *    binding says (docs/configuration.md, el2/gwdt.h) and nothing else;
 *  - a hang: the watchdog enabled with a 10 ms offset, then a spin with
 *    interrupts masked that never exits to Tandem: Tandem's EL2 timer must
 *    still see both stages expire and apply on-crash ("stop" here);
 *  - WS1 by writes alone: a compare value in the past, twice. */
#include <stddef.h>
#include <stdint.h>
#include "guests/hostile/hostile.h"

#define WDOG      0x0a010000ul    /* hostile.dtso's 'watchdog' */
#define REFRESH   (WDOG + 0x1000)
#define WCS       0x000
#define WOR       0x008
#define WCV       0x010
#define W_IIDR    0xfcc
#define IIDR_V1   0x0001043bu      /* architecture revision 1, implementer 0x43b */
#define WOR_MAX   ((1ull << 48) - 1)
#define WS0_INTID 80u              /* SPI 48 */

/* WS0's line as the VM's distributor shows it (level: pending while high;
 * the interrupt stays disabled, nothing is taken). */
static bool ws0_pending(void)
{
	return (readl(gic.gicd + GICD_ISPENDR + 4 * (WS0_INTID / 32)) >> (WS0_INTID % 32)) & 1;
}

#define CHECK(cond, ...) do { if (!(cond)) { result(false, __VA_ARGS__); return; } } while (0)

static void wdog_garbage(void)
{
	static const uint32_t holes[] = { 0x004, 0x018, 0x100, 0x800, 0xff8, 0xffc, 0x1004,
					  0x1008, 0x1800, 0x1ffc };
	uintptr_t normal = normal_alias(WDOG);
	uint64_t now, wcv;
	uint32_t mis;

	CHECK(rd_sized(WDOG + W_IIDR, 4) == IIDR_V1 && rd_sized(REFRESH + W_IIDR, 4) == IIDR_V1,
	      "W_IIDR 0x%llx / 0x%llx, not 0x%x", (unsigned long long)rd_sized(WDOG + W_IIDR, 4),
	      (unsigned long long)rd_sized(REFRESH + W_IIDR, 4), IIDR_V1);
	CHECK(rd_sized(WDOG + WCS, 4) == 0, "WCS 0x%llx at boot, not 0", (unsigned long long)rd_sized(WDOG + WCS, 4));
	/* Sizes WCS does not take: ignored, read 0. */
	wr_sized(WDOG + WCS, 1, 0xff);
	wr_sized(WDOG + WCS, 2, 0xffff);
	wr_sized(WDOG + WCS, 8, ~0ull);
	CHECK(rd_sized(WDOG + WCS, 4) == 0, "a 1/2/8-byte write enabled it: WCS 0x%llx",
	      (unsigned long long)rd_sized(WDOG + WCS, 4));
	CHECK(!rd_sized(WDOG + W_IIDR, 1) && !rd_sized(WDOG + W_IIDR, 2) && !rd_sized(WDOG + WCS, 8),
	      "a 1/2-byte W_IIDR or 8-byte WCS read was not 0");
	/* Read-only registers. */
	wr_sized(WDOG + W_IIDR, 4, 0);
	wr_sized(REFRESH + W_IIDR, 4, 0xdeadbeef);
	CHECK(rd_sized(WDOG + W_IIDR, 4) == IIDR_V1 && rd_sized(REFRESH + W_IIDR, 4) == IIDR_V1,
	      "W_IIDR changed by a write: 0x%llx", (unsigned long long)rd_sized(WDOG + W_IIDR, 4));
	/* WOR: 48 bits, whatever is written. */
	wr_sized(WDOG + WOR, 8, ~0ull);
	CHECK(rd_sized(WDOG + WOR, 8) == WOR_MAX, "WOR 0x%llx after all ones, not 48 bits",
	      (unsigned long long)rd_sized(WDOG + WOR, 8));
	wr_sized(WDOG + WOR + 4, 4, 0xffffffffu);
	CHECK(rd_sized(WDOG + WOR + 4, 4) == 0xffff, "WOR's high word 0x%llx, not 0xffff",
	      (unsigned long long)rd_sized(WDOG + WOR + 4, 4));
	/* WCS keeps EN only; enabling refreshes: WCV = now + WOR, no wrap. */
	now = cntvct();
	wr_sized(WDOG + WCS, 4, 0xffffffffu);
	wcv = rd_sized(WDOG + WCV, 8);
	CHECK(rd_sized(WDOG + WCS, 4) == 1, "WCS 0x%llx after all ones, not EN",
	      (unsigned long long)rd_sized(WDOG + WCS, 4));
	CHECK(wcv >= now + WOR_MAX && wcv - now - WOR_MAX < ms_ticks(1000),
	      "WCV 0x%llx after enabling at 0x%llx with WOR 0x%llx", (unsigned long long)wcv,
	      (unsigned long long)now, WOR_MAX);
	/* Misaligned, through a Normal mapping: read 0, write ignored. */
	catch_reset();
	__asm__ volatile("ldr %w0, [%1]" : "=r"(mis) : "r"(normal + WOR + 2) : "memory");
	__asm__ volatile("str %w0, [%1]" : : "r"(0u), "r"(normal + WCS + 1) : "memory");
	if (caught) {
		result(caught_ec() == EC_DABT_CUR, "took its own alignment fault, ESR 0x%llx",
		       (unsigned long long)caught_esr);
		return;
	}
	CHECK(!mis && rd_sized(WDOG + WCS, 4) == 1, "misaligned read 0x%x, WCS 0x%llx after a misaligned "
	      "write", mis, (unsigned long long)rd_sized(WDOG + WCS, 4));
	/* A compare value in the past: WS0 at once, its SPI pending; a refresh
	 * clears both. */
	CHECK(!ws0_pending(), "WS0's SPI %u pending before WS0", WS0_INTID);
	wr_sized(WDOG + WCV, 8, 0);
	CHECK(rd_sized(WDOG + WCS, 4) == 3, "WCS 0x%llx after WCV 0, not EN|WS0",
	      (unsigned long long)rd_sized(WDOG + WCS, 4));
	CHECK(ws0_pending(), "WS0 set but its SPI %u not pending", WS0_INTID);
	CHECK(rd_sized(REFRESH, 4) == 0, "WRR read 0x%llx, not 0", (unsigned long long)rd_sized(REFRESH, 4));
	wr_sized(REFRESH, 4, 0x12345678);
	CHECK(rd_sized(WDOG + WCS, 4) == 1, "WCS 0x%llx after a refresh, not EN",
	      (unsigned long long)rd_sized(WDOG + WCS, 4));
	CHECK(!ws0_pending(), "WS0's SPI %u still pending after a refresh", WS0_INTID);
	/* Offsets with no register, both frames. */
	for (unsigned int i = 0; i < sizeof(holes) / sizeof(holes[0]); i++)
		wr_sized(WDOG + holes[i], 4, 0xa5a5a5a5u);
	for (unsigned int i = 0; i < sizeof(holes) / sizeof(holes[0]); i++)
		CHECK(!rd_sized(WDOG + holes[i], 4), "hole +0x%x read 0x%llx", holes[i],
		      (unsigned long long)rd_sized(WDOG + holes[i], 4));
	wr_sized(WDOG + WCS, 4, 0);
	CHECK(rd_sized(WDOG + WCS, 4) == 0 && rd_sized(WDOG + WOR, 8) == WOR_MAX, "disabled: WCS 0x%llx WOR 0x%llx",
	      (unsigned long long)rd_sized(WDOG + WCS, 4), (unsigned long long)rd_sized(WDOG + WOR, 8));
	result(true, "sizes, misalignment, read-only registers, WOR clamp, holes: as documented; "
	       "WS0 raised and lowered SPI %u", WS0_INTID);
}

/* Enabled, then hung with interrupts masked: no exit ever reaches Tandem
 * from this vCPU. Tandem stops it (on-crash "stop") within two periods. */
static void wdog_hang(void)
{
	wr_sized(WDOG + WOR, 4, ms_ticks(10));
	wr_sized(WDOG + WCS, 4, 1);
	say("watchdog enabled (2 x 10 ms), hanging with interrupts masked");
	irqs_off();
	for (;;)
		__asm__ volatile("" : : : "memory");
}

/* WS1 by two compare values in the past, without the time passing. */
static void wdog_ws1_by_writes(void)
{
	wr_sized(WDOG + WOR, 4, ms_ticks(1000));
	wr_sized(WDOG + WCS, 4, 1);
	wr_sized(WDOG + WCV, 8, 0);   /* WS0 */
	wr_sized(WDOG + WCV, 8, 0);   /* WS1 */
	for (unsigned int i = 0; i < 100; i++)
		spin_ms(10);
	result(false, "still running 1 s after WS1 (WCS 0x%llx)", (unsigned long long)rd_sized(WDOG + WCS, 4));
}

const struct attack watchdog_attacks[] = {
	{ "wdog-garbage", wdog_garbage },
	{ "wdog-hang", wdog_hang },
	{ "wdog-ws1-by-writes", wdog_ws1_by_writes },
	{ NULL, NULL },
};
