/* The test guest's GIC driver; see gic.h. It is deliberately plain: what a
 * small OS does to bring up its interrupt controller, in the order Linux
 * does it, so that a virtual GIC sees the usual accesses. */
#include <string.h>
#include <libfdt.h>
#include <format.h>
#include "guest.h"
#include "gic.h"

struct gic gic;
volatile uint32_t gic_unexpected[GIC_MAX_CPUS];
static irq_handler_t *handlers[GIC_NR_PRIVATE];

#define RWP_SPINS 1000000

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

int gic_probe(const void *fdt)
{
	static const char *const v2_compat[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
	};
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	int version = 3, len, ac, sc, parent;
	const fdt32_t *reg, *p;

	for (unsigned int i = 0; node < 0 && i < sizeof(v2_compat) / sizeof(v2_compat[0]); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, v2_compat[i]);
		version = 2;
	}
	if (node < 0)
		return 0;
	parent = fdt_parent_offset(fdt, node);
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || sc < 1 || len < (int)(2 * (ac + sc) * 4))
		return 0;
	len /= 4 * (ac + sc);
	gic.gicd = (uintptr_t)cells(reg, ac);
	if (version == 3) {
		const fdt32_t *nr = fdt_getprop(fdt, node, "#redistributor-regions", NULL);
		int n = nr ? (int)fdt32_to_cpu(*nr) : 1;

		if (n > 4)
			n = 4;
		if (n > len - 1)
			n = len - 1;
		for (int i = 0; i < n; i++) {
			p = reg + (1 + i) * (ac + sc);
			gic.gicr[i] = (uintptr_t)cells(p, ac);
			gic.gicr_size[i] = cells(p + ac, sc);
		}
		gic.gicr_regions = n;
	} else {
		gic.gicc = (uintptr_t)cells(reg + ac + sc, ac);
	}

	/* Timer interrupts: secure, non-secure physical, virtual, hypervisor. */
	gic.vtimer_intid = 27;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	p = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;
	if (p && len >= 9 * 4) {
		uint32_t type = fdt32_to_cpu(p[6]), num = fdt32_to_cpu(p[7]);

		gic.vtimer_intid = num + (type == 1 ? 16 : 32);
	}
	gic.version = version;
	return version;
}

void gic_describe(char *buf, unsigned long len)
{
	if (gic.version == 3)
		snformat(buf, len, "GICv3, distributor 0x%llx, redistributors 0x%llx (%d region(s)); "
			 "virtual timer INTID %u", (unsigned long long)gic.gicd,
			 (unsigned long long)gic.gicr[0], gic.gicr_regions, gic.vtimer_intid);
	else if (gic.version == 2)
		snformat(buf, len, "GICv2, distributor 0x%llx, cpu interface 0x%llx; "
			 "virtual timer INTID %u", (unsigned long long)gic.gicd,
			 (unsigned long long)gic.gicc, gic.vtimer_intid);
	else
		snformat(buf, len, "none found in the device tree");
}

static bool wait_clear(uintptr_t reg, uint32_t bits)
{
	for (int i = 0; i < RWP_SPINS; i++)
		if (!(readl(reg) & bits))
			return true;
	return false;
}

static uint64_t mpidr_aff(uint64_t mpidr)
{
	return (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);   /* GICR_TYPER's layout */
}

bool gic_dist_init(void)
{
	uintptr_t d = gic.gicd;
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t typer;
	bool ok = true;

	writel(d + GICD_CTLR, 0);
	if (gic.version == 3)
		ok &= wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
	typer = readl(d + GICD_TYPER);
	gic.nr_irqs = 32 * ((typer & 0x1f) + 1);
	if (gic.nr_irqs > 1020)
		gic.nr_irqs = 1020;
	for (unsigned int i = 32; i < gic.nr_irqs; i += 32) {
		writel(d + GICD_ICENABLER + i / 8, 0xffffffff);
		writel(d + GICD_ICPENDR + i / 8, 0xffffffff);
		writel(d + GICD_ICACTIVER + i / 8, 0xffffffff);
		if (gic.version == 3) {
			writel(d + GICD_IGROUPR + i / 8, 0xffffffff);
			writel(d + GICD_IGRPMODR + i / 8, 0);
		} else {
			writel(d + GICD_IGROUPR + i / 8, 0);
		}
	}
	for (unsigned int i = 32; i < gic.nr_irqs; i += 4)
		writel(d + GICD_IPRIORITYR + i, GIC_PRIO * 0x01010101u);
	if (gic.version == 3) {
		ok &= wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
		writel(d + GICD_CTLR, 1u << 4);              /* ARE first */
		ok &= wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
		for (unsigned int i = 32; i < gic.nr_irqs; i++)
			writeq(d + GICD_IROUTER + 8 * i, mpidr & 0xff00ffffffull);
		/* Both views: EnableGrp0/1 (DS=1) or EnableGrp1/1A + ARE_NS. */
		writel(d + GICD_CTLR, (1u << 4) | 3);
		ok &= wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
	} else {
		uint32_t mask = readl(d + GICD_ITARGETSR) & 0xff;

		if (!mask)
			mask = 1;
		for (unsigned int i = 32; i < gic.nr_irqs; i += 4)
			writel(d + GICD_ITARGETSR + i, mask * 0x01010101u);
		writel(d + GICD_CTLR, 3);
	}
	return ok;
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	uint64_t aff = mpidr_aff(mpidr);

	for (int r = 0; r < gic.gicr_regions; r++) {
		uint64_t off = 0, stride;

		while (off < gic.gicr_size[r]) {
			uintptr_t rd = gic.gicr[r] + off;
			uint32_t arch = (readl(rd + GICR_PIDR2) >> 4) & 0xf;
			uint64_t typer;

			if (arch != 3 && arch != 4)
				break;                  /* no redistributor here */
			typer = readq(rd + GICR_TYPER);
			if ((typer >> 32) == aff)
				return rd;
			if (typer & GICR_TYPER_LAST)
				break;
			stride = (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
			off += stride;
		}
	}
	return 0;
}

uintptr_t gic_rd(void)
{
	unsigned int cpu = this_cpu();

	return cpu < GIC_MAX_CPUS ? gic.rd[cpu] : 0;
}

bool gic_cpu_init(void)
{
	unsigned int cpu = this_cpu();
	uint64_t mpidr = read_sysreg(mpidr_el1);
	bool ok = true;

	if (cpu >= GIC_MAX_CPUS)
		return false;
	gic.mpidr[cpu] = mpidr;
	if (gic.version == 3) {
		uintptr_t rd = gic.rd[cpu] ? gic.rd[cpu] : find_redistributor(mpidr), sgi;
		uint64_t sre;

		if (!rd)
			return false;
		gic.rd[cpu] = rd;
		sgi = rd + GICR_SGI;
		writel(rd + GICR_WAKER, readl(rd + GICR_WAKER) & ~GICR_WAKER_PS);
		ok &= wait_clear(rd + GICR_WAKER, GICR_WAKER_CA);
		writel(rd + GICR_CTLR, readl(rd + GICR_CTLR) & 1);   /* keep EnableLPIs as is */
		writel(sgi + GICD_ICENABLER, 0xffffffff);
		ok &= wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP);
		writel(sgi + GICD_ICPENDR, 0xffffffff);
		writel(sgi + GICD_ICACTIVER, 0xffffffff);
		writel(sgi + GICD_IGROUPR, 0xffffffff);
		writel(sgi + GICD_IGRPMODR, 0);
		for (int i = 0; i < 32; i += 4)
			writel(sgi + GICD_IPRIORITYR + i, GIC_PRIO * 0x01010101u);
		writel(sgi + GICD_ICFGR + 4, 0);            /* PPIs level-sensitive */

		sre = read_sysreg(icc_sre_el1);
		if (!(sre & 1)) {
			write_sysreg(icc_sre_el1, sre | 7);
			isb();
			if (!(read_sysreg(icc_sre_el1) & 1))
				return false;
		}
		write_sysreg(icc_pmr_el1, GIC_PMR);
		write_sysreg(icc_bpr1_el1, 0);
		write_sysreg(icc_ctlr_el1, read_sysreg(icc_ctlr_el1) & ~2ull);   /* EOImode 0 */
		write_sysreg(icc_igrpen1_el1, 1);
		isb();
	} else {
		uintptr_t d = gic.gicd, c = gic.gicc;

		gic.cpu_mask[cpu] = readl(d + GICD_ITARGETSR) & 0xff;
		writel(d + GICD_ICENABLER, 0xffffffff);
		writel(d + GICD_ICPENDR, 0xffffffff);
		writel(d + GICD_ICACTIVER, 0xffffffff);
		for (int i = 0; i < 16; i += 4)
			writel(d + GICD_CPENDSGIR + i, 0xffffffff);
		writel(d + GICD_IGROUPR, 0);
		for (int i = 0; i < 32; i += 4)
			writel(d + GICD_IPRIORITYR + i, GIC_PRIO * 0x01010101u);
		writel(d + GICD_ICFGR + 4, 0);
		writel(c + GICC_PMR, GIC_PMR);
		writel(c + GICC_BPR, 0);
		writel(c + GICC_CTLR, 3);                  /* EnableGrp0 | EnableGrp1 */
	}
	return ok;
}

static uintptr_t enable_reg(unsigned int intid, uint32_t off)
{
	if (gic.version == 3 && intid < GIC_NR_PRIVATE)
		return gic_rd() + GICR_SGI + off;
	return gic.gicd + off + 4 * (intid / 32);
}

void gic_enable(unsigned int intid)
{
	writel(enable_reg(intid, GICD_ISENABLER), 1u << (intid % 32));
}

void gic_disable(unsigned int intid)
{
	writel(enable_reg(intid, GICD_ICENABLER), 1u << (intid % 32));
}

void gic_set_handler(unsigned int intid, irq_handler_t *h)
{
	if (intid < GIC_NR_PRIVATE)
		handlers[intid] = h;
}

static uint64_t sgi1r(uint64_t mpidr, unsigned int intid)
{
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	uint64_t aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;

	return (aff3 << 48) | ((aff0 >> 4) << 44) | (aff2 << 32) | ((uint64_t)(intid & 0xf) << 24) |
	       (aff1 << 16) | (1ull << (aff0 & 15));
}

uint64_t gic_sgi_self_value(unsigned int intid)
{
	if (gic.version == 3)
		return sgi1r(read_sysreg(mpidr_el1), intid);
	return (2u << 24) | (intid & 0xf);              /* TargetListFilter: this CPU */
}

void gic_send_sgi_self(unsigned int intid)
{
	__asm__ volatile("dsb ishst" : : : "memory");
	if (gic.version == 3) {
		write_sysreg(icc_sgi1r_el1, gic_sgi_self_value(intid));
		isb();
	} else {
		writel(gic.gicd + GICD_SGIR, (uint32_t)gic_sgi_self_value(intid));
	}
}

void gic_send_sgi(unsigned int cpu, unsigned int intid)
{
	if (cpu >= GIC_MAX_CPUS)
		return;
	__asm__ volatile("dsb ishst" : : : "memory");
	if (gic.version == 3) {
		uint64_t mpidr = gic.mpidr[cpu] ? gic.mpidr[cpu] : cpu;

		write_sysreg(icc_sgi1r_el1, sgi1r(mpidr, intid));
		isb();
	} else {
		uint32_t mask = gic.cpu_mask[cpu] ? gic.cpu_mask[cpu] : 1u << cpu;

		writel(gic.gicd + GICD_SGIR, (mask << 16) | (intid & 0xf));
	}
}

static uint32_t ack(void)
{
	if (gic.version == 3) {
		uint32_t iar = (uint32_t)read_sysreg(icc_iar1_el1);

		__asm__ volatile("dsb sy" : : : "memory");
		return iar;
	}
	return readl(gic.gicc + GICC_IAR);
}

static void eoi(uint32_t iar)
{
	if (gic.version == 3)
		write_sysreg(icc_eoir1_el1, iar);
	else
		writel(gic.gicc + GICC_EOIR, iar);
}

/* From start.S's IRQ vector, interrupts masked. Handles what is pending.
 * An interrupt taken in wait_irq_flag between its load of the flag and its
 * WFI (included) returns to the load, so that it does not sleep on a flag
 * the handler has just set. */
void guest_irq(struct irq_frame *f);
void guest_irq(struct irq_frame *f)
{
	unsigned int cpu = this_cpu() % GIC_MAX_CPUS;

	for (int n = 0; n < 16; n++) {
		uint32_t iar = ack();
		unsigned int intid = iar & (gic.version == 3 ? 0xffffff : 0x3ff);

		if (intid >= 1020 && intid <= 1023)
			break;
		if (intid < GIC_NR_PRIVATE && handlers[intid]) {
			handlers[intid](intid, iar);
		} else {
			gic_unexpected[cpu]++;
			if (intid >= 16 && intid < 1020)
				gic_disable(intid);   /* not ours: keep it quiet */
		}
		eoi(iar);
	}
	if (f->elr > (uint64_t)(uintptr_t)wait_irq_check && f->elr <= (uint64_t)(uintptr_t)wait_irq_wfi)
		f->elr = (uint64_t)(uintptr_t)wait_irq_check;
}
