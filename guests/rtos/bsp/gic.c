/* The GIC as a small OS drives it, natively or under a hypervisor's
 * emulation: the distributor (all SPIs off, Group 1 on v3 / Group 0 on v2,
 * routed to this CPU), on v3 this CPU's redistributor (found by affinity,
 * woken through GICR_WAKER), the CPU interface (system registers on v3,
 * GICC on v2); then single interrupts enabled with a priority. */
#include <stddef.h>
#include "guests/rtos/bsp/arch.h"
#include "guests/rtos/bsp/board.h"

#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ICPENDR     0x0280
#define GICD_ICACTIVER   0x0380
#define GICD_IPRIORITYR  0x0400
#define GICD_ITARGETSR   0x0800
#define GICD_IGRPMODR    0x0d00
#define GICD_IROUTER     0x6000
#define GICD_CTLR_RWP    (1u << 31)
#define GICD_CTLR_ARE    (1u << 4)

#define GICR_CTLR        0x0000
#define GICR_TYPER       0x0008
#define GICR_WAKER       0x0014
#define GICR_PIDR2       0xffe8
#define GICR_SGI         0x10000         /* SGI_base frame */
#define GICR_CTLR_RWP    (1u << 3)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST  (1u << 4)
#define GICR_WAKER_PS    (1u << 1)
#define GICR_WAKER_CA    (1u << 2)

#define GICC_CTLR        0x0000
#define GICC_PMR         0x0004
#define GICC_BPR         0x0008
#define GICC_IAR         0x000c
#define GICC_EOIR        0x0010

#define PRIO_DEFAULT     0xa0
#define PMR_ALL          0xf0
#define SPURIOUS         1020            /* 1020-1023: nothing to handle */
#define SPINS            1000000
#define MAX_HANDLERS     8

static uintptr_t rd;                     /* v3: this CPU's RD_base */
static unsigned int nr_irqs;
static struct { unsigned int intid; irq_handler_t *fn, *done; } handlers[MAX_HANDLERS];
static unsigned int nhandlers;
static uint32_t unknown_irqs;

static bool wait_clear(uintptr_t reg, uint32_t bits)
{
	for (int i = 0; i < SPINS; i++)
		if (!(readl(reg) & bits))
			return true;
	return false;
}

static void dist_init(bool v3)
{
	uintptr_t d = (uintptr_t)board.gicd.base;
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t targets;

	writel(d + GICD_CTLR, 0);
	if (v3)
		wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
	nr_irqs = 32 * ((readl(d + GICD_TYPER) & 0x1f) + 1);
	if (nr_irqs > 1020)
		nr_irqs = 1020;
	for (unsigned int i = 32; i < nr_irqs; i += 32) {
		writel(d + GICD_ICENABLER + i / 8, 0xffffffff);
		writel(d + GICD_ICPENDR + i / 8, 0xffffffff);
		writel(d + GICD_ICACTIVER + i / 8, 0xffffffff);
		writel(d + GICD_IGROUPR + i / 8, v3 ? 0xffffffff : 0);
		if (v3)
			writel(d + GICD_IGRPMODR + i / 8, 0);
	}
	for (unsigned int i = 32; i < nr_irqs; i += 4)
		writel(d + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
	if (v3) {
		wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
		writel(d + GICD_CTLR, GICD_CTLR_ARE);
		wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
		for (unsigned int i = 32; i < nr_irqs; i++)
			writeq(d + GICD_IROUTER + 8 * i, mpidr & 0xff00ffffffull);
		/* Group 1 enabled in either view of GICD_CTLR (DS=1 or not). */
		writel(d + GICD_CTLR, GICD_CTLR_ARE | 3);
		wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
	} else {
		/* ITARGETSR0 is banked: it reads as this CPU's own bit. */
		targets = readl(d + GICD_ITARGETSR) & 0xff;
		targets = targets ? targets : 1;
		for (unsigned int i = 32; i < nr_irqs; i += 4)
			writel(d + GICD_ITARGETSR + i, targets * 0x01010101u);
		writel(d + GICD_CTLR, 1);
	}
}

static uintptr_t find_redistributor(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t aff = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);   /* GICR_TYPER's order */

	for (int r = 0; r < board.ngicr; r++) {
		for (uint64_t off = 0; off < board.gicr[r].size;) {
			uintptr_t f = (uintptr_t)(board.gicr[r].base + off);
			uint32_t arch = (readl(f + GICR_PIDR2) >> 4) & 0xf;
			uint64_t typer;

			if (arch != 3 && arch != 4)
				break;
			typer = readq(f + GICR_TYPER);
			if ((typer >> 32) == aff)
				return f;
			if (typer & GICR_TYPER_LAST)
				break;
			off += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
		}
	}
	return 0;
}

static const char *cpu_init_v3(void)
{
	uintptr_t sgi;
	uint64_t sre;

	rd = find_redistributor();
	if (!rd)
		return "no redistributor for this CPU's affinity";
	sgi = rd + GICR_SGI;
	writel(rd + GICR_WAKER, readl(rd + GICR_WAKER) & ~GICR_WAKER_PS);
	if (!wait_clear(rd + GICR_WAKER, GICR_WAKER_CA))
		return "the redistributor did not wake (GICR_WAKER.ChildrenAsleep)";
	writel(sgi + GICD_ICENABLER, 0xffffffff);
	wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP);
	writel(sgi + GICD_ICPENDR, 0xffffffff);
	writel(sgi + GICD_ICACTIVER, 0xffffffff);
	writel(sgi + GICD_IGROUPR, 0xffffffff);
	writel(sgi + GICD_IGRPMODR, 0);
	for (int i = 0; i < 32; i += 4)
		writel(sgi + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);

	sre = read_sysreg(icc_sre_el1);
	if (!(sre & 1)) {
		write_sysreg(icc_sre_el1, sre | 7);     /* SRE, DFB, DIB */
		isb();
		if (!(read_sysreg(icc_sre_el1) & 1))
			return "the GICv3 system-register interface cannot be enabled";
	}
	write_sysreg(icc_pmr_el1, PMR_ALL);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, read_sysreg(icc_ctlr_el1) & ~2ull);     /* EOImode 0 */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
	return NULL;
}

static void cpu_init_v2(void)
{
	uintptr_t d = (uintptr_t)board.gicd.base, c = (uintptr_t)board.gicc.base;

	/* This CPU's banked private interrupts. */
	writel(d + GICD_ICENABLER, 0xffffffff);
	writel(d + GICD_ICPENDR, 0xffffffff);
	writel(d + GICD_ICACTIVER, 0xffffffff);
	writel(d + GICD_IGROUPR, 0);
	for (int i = 0; i < 32; i += 4)
		writel(d + GICD_IPRIORITYR + i, PRIO_DEFAULT * 0x01010101u);
	writel(c + GICC_PMR, PMR_ALL);
	writel(c + GICC_BPR, 0);
	writel(c + GICC_CTLR, 1);               /* Group 0, signalled as IRQ */
}

const char *gic_init(void)
{
	dist_init(board.gic_version == 3);
	if (board.gic_version == 3)
		return cpu_init_v3();
	cpu_init_v2();
	return NULL;
}

void gic_enable(unsigned int intid, uint8_t prio, irq_handler_t *handler, irq_handler_t *done)
{
	uintptr_t base = (uintptr_t)board.gicd.base;

	if (nhandlers < MAX_HANDLERS) {
		handlers[nhandlers].intid = intid;
		handlers[nhandlers].fn = handler;
		handlers[nhandlers++].done = done;
	}
	if (board.gic_version == 3 && intid < 32)
		base = rd + GICR_SGI;
	writeb(base + GICD_IPRIORITYR + intid, prio);
	writel(base + GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

void bsp_irq(void)
{
	irq_handler_t *done = NULL;
	uint32_t iar, intid;

	if (board.gic_version == 3) {
		iar = (uint32_t)read_sysreg(icc_iar1_el1);
		__asm__ volatile("dsb sy" : : : "memory");
		intid = iar & 0xffffff;
	} else {
		iar = readl((uintptr_t)board.gicc.base + GICC_IAR);
		intid = iar & 0x3ff;
	}
	if (intid >= SPURIOUS && intid <= 1023)
		return;
	for (unsigned int i = 0; i < nhandlers; i++) {
		if (handlers[i].intid == intid) {
			handlers[i].fn();
			done = handlers[i].done;
			goto eoi;
		}
	}
	unknown_irqs++;                 /* not ours: keep it quiet */
	writel((board.gic_version == 3 && intid < 32 ? rd + GICR_SGI : (uintptr_t)board.gicd.base) +
	       GICD_ICENABLER + 4 * (intid / 32), 1u << (intid % 32));
eoi:
	if (board.gic_version == 3) {
		write_sysreg(icc_eoir1_el1, iar);
		isb();
	} else {
		writel((uintptr_t)board.gicc.base + GICC_EOIR, iar);
	}
	if (done)
		done();
}
