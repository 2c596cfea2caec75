/* Emulated MMIO (the vGIC distributor and redistributors, the vpl011, the
 * virtio-console channel end) attacked two ways:
 *  - accesses whose data-abort syndrome is not valid (ESR.ISV = 0): pairs,
 *    writeback, exclusives, DC ZVA, SIMD and atomics. Tandem cannot emulate
 *    what the syndrome does not describe: it stops the VM, naming the
 *    access (el2/exit.c). Should one ever complete, the attack checks that
 *    it did what the architecture says (e.g. LDP = two single loads).
 *  - widths a register does not accept, misaligned accesses and offsets
 *    with no register, in every region: read as zero, writes ignored
 *    (el2/mmio.h), the registers around them unharmed. */
#include <stddef.h>
#include <stdint.h>
#include "guests/hostile/hostile.h"

#define PIDR0 0xfe0   /* PL011 PeriphID0: 0x11 */

static uintptr_t rd0(void)
{
	return gic_rd();
}

static bool has_lse(void)
{
	return ((read_sysreg(id_aa64isar0_el1) >> 20) & 0xf) >= 2;
}

/* ------------------------------------------------ no valid syndrome */

static void ldp_gicd(void)
{
	uint32_t a = readl(gic.gicd + GICD_CTLR), b = readl(gic.gicd + GICD_TYPER);
	register uint64_t p __asm__("x1") = gic.gicd;
	uint32_t x, y;

	__asm__ volatile("ldp %w0, %w1, [%2]" : "=&r"(x), "=&r"(y) : "r"(p) : "memory");
	result(x == a && y == b, "LDP completed: 0x%x 0x%x (single loads: 0x%x 0x%x)", x, y, a, b);
}

static void stp_gicr(void)
{
	uintptr_t rd = rd0();

	/* STATUSR (RAZ/WI) and WAKER, both 0: what they already hold. */
	__asm__ volatile("stp wzr, wzr, [%0]" : : "r"(rd + 0x10) : "memory");
	result(readl(rd + GICR_WAKER) == 0, "STP completed; WAKER 0x%x", readl(rd + GICR_WAKER));
}

static void ldr_postindex_uart(void)
{
	uintptr_t p = uart + PIDR0;
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1], #4" : "=&r"(v), "+r"(p) : : "memory");
	result(v == 0x11 && p == uart + PIDR0 + 4, "post-indexed LDR completed: 0x%x, base +%lld",
	       v, (long long)(p - uart - PIDR0));
}

static void str_preindex_gicd(void)
{
	uintptr_t p = gic.gicd + GICD_ICENABLER + 4 - 8;   /* writes 0: no change */
	uint32_t zero = 0;

	__asm__ volatile("str %w1, [%0, #8]!" : "+r"(p) : "r"(zero) : "memory");
	result(p == gic.gicd + GICD_ICENABLER + 4, "pre-indexed STR completed, base at +0x%llx",
	       (unsigned long long)(p - gic.gicd));
}

static void ldxr_uart(void)
{
	uint32_t v = 0;

	catch_reset();
	__asm__ volatile("ldxr %w0, [%1]\n clrex" : "=&r"(v) : "r"(uart + PIDR0) : "memory");
	if (caught)
		result(caught_ec() == EC_DABT_CUR, "LDXR took its own abort at EL1, ESR 0x%llx",
		       (unsigned long long)caught_esr);
	else
		result(v == 0x11, "LDXR completed: 0x%x", v);
}

static void ldaxp_gicd(void)
{
	uint32_t a = readl(gic.gicd + GICD_CTLR), b = readl(gic.gicd + GICD_TYPER);
	uint32_t x = 0, y = 0;

	catch_reset();
	__asm__ volatile("ldaxp %w0, %w1, [%2]\n clrex" : "=&r"(x), "=&r"(y) : "r"(gic.gicd) : "memory");
	if (caught)
		result(caught_ec() == EC_DABT_CUR, "LDAXP took its own abort at EL1, ESR 0x%llx",
		       (unsigned long long)caught_esr);
	else
		result(x == a && y == b, "LDAXP completed: 0x%x 0x%x (single loads 0x%x 0x%x)", x, y, a, b);
}

static void ldar_stlr_uart(void)
{
	uint32_t v, imsc_before = readl(uart + 0x038), imsc;

	/* Acquire/release single registers do have a syndrome: emulated. */
	__asm__ volatile("ldar %w0, [%1]" : "=r"(v) : "r"(uart + PIDR0) : "memory");
	__asm__ volatile("stlr %w0, [%1]" : : "r"(imsc_before), "r"(uart + 0x038) : "memory");
	imsc = readl(uart + 0x038);
	result(v == 0x11 && imsc == imsc_before, "LDAR read 0x%x, STLR kept IMSC 0x%x", v, imsc);
}

static void dc_zva_gicd(void)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uintptr_t p = normal_alias(gic.gicd + GICD_IPRIORITYR + 64);   /* SPI 32's priorities on */
	unsigned int block = 4u << (dczid & 0xf);

	if (dczid & 0x10) {
		skip("DC ZVA is prohibited here (DCZID_EL0 0x%llx)", (unsigned long long)dczid);
		return;
	}
	catch_reset();
	__asm__ volatile("dc zva, %0" : : "r"(p) : "memory");
	if (caught) {
		result(caught_ec() == EC_DABT_CUR, "DC ZVA took its own abort at EL1, ESR 0x%llx",
		       (unsigned long long)caught_esr);
		return;
	}
	for (unsigned int i = 0; i < block; i += 4)
		if (readl(gic.gicd + GICD_IPRIORITYR + 64 + i)) {
			result(false, "DC ZVA completed but priority word +%u reads 0x%x", i,
			       readl(gic.gicd + GICD_IPRIORITYR + 64 + i));
			return;
		}
	result(true, "DC ZVA completed: %u bytes of priorities read zero", block);
}

static void ldr_q_gicd(void)
{
	uint32_t w[4], e[4];

	for (int i = 0; i < 4; i++)
		e[i] = readl(gic.gicd + 4 * i);
	__asm__ volatile("ldr q0, [%1]\n st1 {v0.4s}, [%0]" : : "r"(w), "r"(gic.gicd) : "memory");
	result(w[0] == e[0] && w[1] == e[1] && w[2] == e[2] && w[3] == e[3],
	       "LDR q0 completed: 0x%x 0x%x 0x%x 0x%x", w[0], w[1], w[2], w[3]);
}

static void str_d_uart(void)
{
	uint64_t zero = 0;

	/* IMSC and RIS: 0 into IMSC (all masked, as after reset), RIS is read-only. */
	__asm__ volatile("fmov d0, %0\n str d0, [%1]" : : "r"(zero), "r"(uart + 0x038) : "memory");
	result(readl(uart + 0x038) == 0, "STR d0 completed; IMSC 0x%x", readl(uart + 0x038));
}

static void ld1_gicr(void)
{
	uintptr_t rd = rd0();
	uint32_t w[4], e[4];

	for (int i = 0; i < 4; i++)
		e[i] = readl(rd + 4 * i);
	__asm__ volatile("ld1 {v1.4s}, [%1]\n st1 {v1.4s}, [%0]" : : "r"(w), "r"(rd) : "memory");
	result(w[0] == e[0] && w[1] == e[1] && w[2] == e[2] && w[3] == e[3],
	       "LD1 completed: 0x%x 0x%x 0x%x 0x%x", w[0], w[1], w[2], w[3]);
}

static void ldadd_gicd(void)
{
	uint32_t old = 0, add = 0;

	if (!has_lse()) {
		skip("no LSE atomics on this CPU (ID_AA64ISAR0_EL1 0x%llx)",
		     (unsigned long long)read_sysreg(id_aa64isar0_el1));
		return;
	}
	catch_reset();
	/* ICENABLER for SPIs 32-63, plus 0: disables nothing. */
	__asm__ volatile(".arch_extension lse\n ldadd %w1, %w0, [%2]"
			 : "=&r"(old) : "r"(add), "r"(gic.gicd + GICD_ICENABLER + 4) : "memory");
	if (caught)
		result(caught_ec() == EC_DABT_CUR, "LDADD took its own abort at EL1, ESR 0x%llx",
		       (unsigned long long)caught_esr);
	else
		result(true, "LDADD completed, old value 0x%x", old);
}

static void swp_uart(void)
{
	uint32_t old = 0, imsc = readl(uart + 0x038);

	if (!has_lse()) {
		skip("no LSE atomics on this CPU");
		return;
	}
	catch_reset();
	__asm__ volatile(".arch_extension lse\n swp %w1, %w0, [%2]"
			 : "=&r"(old) : "r"(imsc), "r"(uart + 0x038) : "memory");
	if (caught)
		result(caught_ec() == EC_DABT_CUR, "SWP took its own abort at EL1, ESR 0x%llx",
		       (unsigned long long)caught_esr);
	else
		result(old == imsc, "SWP completed, old IMSC 0x%x (was 0x%x)", old, imsc);
}

static void cas_gicr(void)
{
	uintptr_t rd = rd0();
	uint32_t cmp = 0, val = 0;

	if (!has_lse()) {
		skip("no LSE atomics on this CPU");
		return;
	}
	catch_reset();
	__asm__ volatile(".arch_extension lse\n cas %w0, %w1, [%2]"
			 : "+r"(cmp) : "r"(val), "r"(rd + GICR_WAKER) : "memory");
	if (caught)
		result(caught_ec() == EC_DABT_CUR, "CAS took its own abort at EL1, ESR 0x%llx",
		       (unsigned long long)caught_esr);
	else
		result(cmp == 0, "CAS completed, WAKER was 0x%x", cmp);
}

/* ------------------------------------------------ widths and bounds */

struct probe { uintptr_t addr; unsigned int size; };

uint64_t rd_sized(uintptr_t a, unsigned int size)
{
	uint64_t v;

	switch (size) {
	case 1: __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 2: __asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	case 4: __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	default: __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); break;
	}
	return v;
}

void wr_sized(uintptr_t a, unsigned int size, uint64_t v)
{
	switch (size) {
	case 1: __asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 2: __asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	case 4: __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	default: __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory"); break;
	}
}

/* Every access must read zero; `sanity` (a register that must read non-zero
 * with a good access) must still do so afterwards. */
static bool all_zero(const char *what, const struct probe *p, unsigned int n, uintptr_t base)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t v = rd_sized(p[i].addr, p[i].size);

		if (v) {
			result(false, "%s: %u-byte read at +0x%llx returned 0x%llx, not 0", what, p[i].size,
			       (unsigned long long)(p[i].addr - base), (unsigned long long)v);
			return false;
		}
	}
	return true;
}

static void garbage_writes(const struct probe *p, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		wr_sized(p[i].addr, p[i].size, 0xa5a5a5a5a5a5a5a5ull);
}

static void width_gicd(void)
{
	uintptr_t d = gic.gicd;
	uint32_t ctlr = readl(d + GICD_CTLR), typer = readl(d + GICD_TYPER);
	const struct probe p[] = {
		{ d + GICD_CTLR, 1 }, { d + GICD_CTLR, 2 }, { d + GICD_CTLR, 8 },
		{ d + GICD_TYPER, 1 }, { d + GICD_TYPER + 2, 2 }, { d + GICD_ISENABLER, 8 },
		{ d + GICD_ICFGR + 8, 1 }, { d + GICD_IPRIORITYR + 64, 2 },   /* byte or word only */
	};
	const struct probe w[] = {   /* bad widths: each must be ignored */
		{ d + GICD_CTLR, 1 }, { d + GICD_CTLR, 8 }, { d + GICD_ISENABLER + 4, 2 },
		{ d + GICD_ICFGR + 8, 8 }, { d + GICD_IPRIORITYR + 64, 2 },
	};

	if (!all_zero("GICD bad width", p, sizeof(p) / sizeof(p[0]), d))
		return;
	garbage_writes(w, sizeof(w) / sizeof(w[0]));
	if (readl(d + GICD_CTLR) != ctlr || readl(d + GICD_TYPER) != typer ||
	    readl(d + GICD_ISENABLER + 4) || readl(d + GICD_IPRIORITYR + 64) != GIC_PRIO * 0x01010101u) {
		result(false, "a bad-width write changed something: CTLR 0x%x TYPER 0x%x ISENABLER1 0x%x "
		       "IPRIORITYR16 0x%x", readl(d + GICD_CTLR), readl(d + GICD_TYPER),
		       readl(d + GICD_ISENABLER + 4), readl(d + GICD_IPRIORITYR + 64));
		return;
	}
	/* Widths the registers do accept still work. */
	uint8_t prio = (uint8_t)rd_sized(d + GICD_IPRIORITYR + 65, 1);
	uint64_t route = rd_sized(d + GICD_IROUTER + 8 * 40, 8);

	result(typer && prio == GIC_PRIO, "%u bad-width reads read 0, %u writes ignored; "
	       "byte IPRIORITYR 0x%x, 64-bit IROUTER40 0x%llx", (unsigned int)(sizeof(p) / sizeof(p[0])),
	       (unsigned int)(sizeof(w) / sizeof(w[0])), prio, (unsigned long long)route);
}

static void width_gicr(void)
{
	uintptr_t rd = rd0(), sgi = rd + GICR_SGI;
	uint64_t typer = rd_sized(rd + GICR_TYPER, 8);
	const struct probe p[] = {
		{ rd + GICR_TYPER, 1 }, { rd + GICR_TYPER, 2 }, { rd + GICR_WAKER, 8 }, { rd + GICR_WAKER, 1 },
		{ sgi + GICD_ISENABLER, 2 }, { sgi + GICD_ISENABLER, 8 }, { sgi + GICD_ICFGR, 1 },
	};
	const struct probe w[] = {
		{ rd + GICR_WAKER, 1 }, { rd + GICR_WAKER, 8 }, { sgi + GICD_ISENABLER, 1 },
		{ sgi + GICD_ISENABLER, 8 }, { sgi + GICD_ICFGR + 4, 2 },
	};

	if (!all_zero("GICR bad width", p, sizeof(p) / sizeof(p[0]), rd))
		return;
	uint32_t en = readl(sgi + GICD_ISENABLER);

	garbage_writes(w, sizeof(w) / sizeof(w[0]));
	if (readl(rd + GICR_WAKER) & GICR_WAKER_PS || readl(sgi + GICD_ISENABLER) != en) {
		result(false, "a bad-width write changed WAKER 0x%x or ISENABLER0 0x%x (was 0x%x)",
		       readl(rd + GICR_WAKER), readl(sgi + GICD_ISENABLER), en);
		return;
	}
	result((typer & 0xffffffff) == readl(rd + GICR_TYPER) && (typer >> 32) == readl(rd + GICR_TYPER + 4),
	       "bad widths read 0 / ignored; 64-bit TYPER 0x%llx matches its halves",
	       (unsigned long long)typer);
}

static void width_uart(void)
{
	uint32_t ibrd = readl(uart + 0x024), cr = readl(uart + 0x030);
	const struct probe p[] = {
		{ uart + 0x000, 8 }, { uart + 0x018, 8 }, { uart + 0x024, 1 }, { uart + 0x030, 1 },
		{ uart + 0x038, 1 }, { uart + PIDR0, 2 }, { uart + PIDR0, 8 },
	};
	const struct probe w[] = {
		{ uart + 0x000, 8 }, { uart + 0x024, 1 }, { uart + 0x030, 1 }, { uart + 0x030, 8 },
	};

	if (!all_zero("vpl011 bad width", p, sizeof(p) / sizeof(p[0]), uart))
		return;
	garbage_writes(w, sizeof(w) / sizeof(w[0]));
	if (readl(uart + 0x024) != ibrd || readl(uart + 0x030) != cr) {
		result(false, "a bad-width write changed IBRD 0x%x->0x%x or CR 0x%x->0x%x", ibrd,
		       readl(uart + 0x024), cr, readl(uart + 0x030));
		return;
	}
	result((rd_sized(uart + PIDR0, 1) & 0xff) == 0x11 && (rd_sized(uart + 0x018, 2) & 0x80),
	       "bad widths read 0 / ignored (no byte sent by the 64-bit DR write); byte PeriphID0 "
	       "0x%llx, 16-bit FR 0x%llx", (unsigned long long)rd_sized(uart + PIDR0, 1),
	       (unsigned long long)rd_sized(uart + 0x018, 2));
}

static void width_virtio(void)
{
	uintptr_t v = virtio_base;

	if (!v) {
		result(false, "no virtio-mmio node in my device tree");
		return;
	}
	const struct probe p[] = {
		{ v + 0x000, 1 }, { v + 0x000, 2 }, { v + 0x000, 8 }, { v + 0x008, 1 }, { v + 0x070, 8 },
		{ v + 0x034, 2 },
	};
	const struct probe w[] = {
		{ v + 0x070, 1 }, { v + 0x070, 2 }, { v + 0x070, 8 }, { v + 0x030, 1 }, { v + 0x050, 2 },
	};

	if (!all_zero("virtio bad width", p, sizeof(p) / sizeof(p[0]), v))
		return;
	garbage_writes(w, sizeof(w) / sizeof(w[0]));
	result(readl(v) == 0x74726976 && readl(v + 0x070) == 0 && readl(v + 0x008) == 3,
	       "bad widths read 0 / ignored; magic 0x%x, status %u, device %u", readl(v),
	       readl(v + 0x070), readl(v + 0x008));
}

static void misaligned_gicd(void)
{
	uintptr_t a = normal_alias(gic.gicd);
	uint32_t v1, v2;
	uint64_t v3;

	/* Through a Normal mapping: Device memory would fault these at stage 1. */
	catch_reset();
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v1) : "r"(a + GICD_TYPER + 1) : "memory");
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v2) : "r"(a + GICD_ISENABLER + 2) : "memory");
	__asm__ volatile("ldr %0, [%1]" : "=r"(v3) : "r"(a + GICD_IROUTER + 8 * 40 + 4) : "memory");
	__asm__ volatile("str %w0, [%1]" : : "r"(0xffffffffu), "r"(a + GICD_ISENABLER + 6) : "memory");
	if (caught) {
		result(caught_ec() == EC_DABT_CUR, "took its own alignment fault, ESR 0x%llx",
		       (unsigned long long)caught_esr);
		return;
	}
	result(!v1 && !v2 && !v3 && !readl(gic.gicd + GICD_ISENABLER + 4),
	       "misaligned reads 0x%x 0x%x 0x%llx, misaligned write ignored (ISENABLER1 0x%x)",
	       v1, v2, (unsigned long long)v3, readl(gic.gicd + GICD_ISENABLER + 4));
}

/* Offsets with no register, inside each region: zero, writes ignored. */
static void holes(const char *what, uintptr_t base, const uint32_t *off, unsigned int n)
{
	struct probe p[16];

	for (unsigned int i = 0; i < n; i++)
		p[i] = (struct probe){ base + off[i], 4 };
	garbage_writes(p, n);
	if (all_zero(what, p, n, base))
		result(true, "%u offsets without a register read 0 after garbage writes", n);
}

static void bounds_gicd(void)
{
	static const uint32_t off[] = { 0x0014, 0x0040, 0x0ff0, 0x0d00, 0x0e00, 0x6000, 0x60f8,
					0x8000, 0xc000, 0xffe4, 0xfff8, 0xfffc };
	holes("GICD hole", gic.gicd, off, sizeof(off) / sizeof(off[0]));
}

static void bounds_gicr(void)
{
	static const uint32_t off[] = { 0x0018, 0x0070, 0x0100, 0xfffc, GICR_SGI + 0x0004,
					GICR_SGI + 0x0d00, GICR_SGI + 0x0e00, GICR_SGI + 0x0420,
					GICR_SGI + 0xfffc };
	uintptr_t rd = rd0();
	uint64_t t0 = rd_sized(rd + GICR_TYPER, 8), t1;

	/* The other vCPU's frame, read from this one (allowed), is the last. */
	t1 = ncpus > 1 ? rd_sized(rd + 0x20000 + GICR_TYPER, 8) : 0;
	if (ncpus > 1 && (!((t1 >> 4) & 1) || (t1 >> 32) != 1 || ((t0 >> 4) & 1))) {
		result(false, "GICR_TYPER of frame 0 0x%llx, frame 1 0x%llx: Last/affinity wrong",
		       (unsigned long long)t0, (unsigned long long)t1);
		return;
	}
	holes("GICR hole", rd, off, sizeof(off) / sizeof(off[0]));
}

static void bounds_uart(void)
{
	static const uint32_t off[] = { 0x008, 0x00c, 0x010, 0x014, 0x01c, 0x04c, 0x080, 0x800,
					0xfd0, 0xfdc };
	uint32_t cid3 = readl(uart + 0xffc);

	if (cid3 != 0xb1) {
		result(false, "CellID3 0x%x, not 0xb1", cid3);
		return;
	}
	holes("vpl011 hole", uart, off, sizeof(off) / sizeof(off[0]));
}

static void bounds_virtio(void)
{
	static const uint32_t off[] = { 0x018, 0x01c, 0x028, 0x03c, 0x040, 0x048, 0x04c, 0x054,
					0x068, 0x0b0, 0x0c0, 0x0f8, 0x10c, 0x1fc };
	if (!virtio_base) {
		result(false, "no virtio-mmio node in my device tree");
		return;
	}
	holes("virtio hole", virtio_base, off, sizeof(off) / sizeof(off[0]));
}

const struct attack mmio_attacks[] = {
	{ "mmio-ldp-gicd", ldp_gicd },
	{ "mmio-stp-gicr", stp_gicr },
	{ "mmio-ldr-postindex-uart", ldr_postindex_uart },
	{ "mmio-str-preindex-gicd", str_preindex_gicd },
	{ "mmio-ldxr-uart", ldxr_uart },
	{ "mmio-ldaxp-gicd", ldaxp_gicd },
	{ "mmio-ldar-stlr-uart", ldar_stlr_uart },
	{ "mmio-dc-zva-gicd", dc_zva_gicd },
	{ "mmio-ldr-q-gicd", ldr_q_gicd },
	{ "mmio-str-d-uart", str_d_uart },
	{ "mmio-ld1-gicr", ld1_gicr },
	{ "mmio-ldadd-gicd", ldadd_gicd },
	{ "mmio-swp-uart", swp_uart },
	{ "mmio-cas-gicr", cas_gicr },
	{ "width-gicd", width_gicd },
	{ "width-gicr", width_gicr },
	{ "width-uart", width_uart },
	{ "width-virtio", width_virtio },
	{ "misaligned-gicd", misaligned_gicd },
	{ "bounds-gicd", bounds_gicd },
	{ "bounds-gicr", bounds_gicr },
	{ "bounds-uart", bounds_uart },
	{ "bounds-virtio", bounds_virtio },
	{ NULL, NULL },
};
