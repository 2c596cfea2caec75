/* The virtual GIC attacked through its registers: interrupts beyond the
 * ones the VM has, PPIs that are Tandem's own on the physical GIC, routing
 * to vCPUs that do not exist, SGIs to vCPUs that do not exist, SGI storms
 * to itself and across its cores, nonsense to its CPU interface and its
 * distributor's control register. The architectural results: registers of
 * INTIDs a GIC does not implement read as zero and ignore writes; a
 * guest's own virtual interrupts (any INTID it has) are delivered to it. */
#include <stddef.h>
#include <stdint.h>
#include <format.h>
#include "guests/hostile/hostile.h"

static uint32_t nr_irqs(void)
{
	uint32_t n = 32 * ((readl(gic.gicd + GICD_TYPER) & 0x1f) + 1);

	return n > 1020 ? 1020 : n;
}

/* SPIs are counted by the test guest's dispatcher as "unexpected" (it has
 * handlers only for private interrupts) and disabled after each: a count. */
static uint32_t spi_seen(void)
{
	return gic_unexpected[this_cpu() % GIC_MAX_CPUS];
}

static bool wait_spi(uint32_t before, uint64_t ms)
{
	uint32_t want = before + 1;

	return wait_count(&gic_unexpected[this_cpu() % GIC_MAX_CPUS], want, ms);
}

static void intid_range(void)
{
	uintptr_t d = gic.gicd;
	uint32_t nr = nr_irqs(), bad = 0, first_bad = 0;
	uint32_t before = spi_seen();

	/* Whole registers beyond the last implemented INTID, and the special
	 * INTIDs 1020-1023 (their bytes, bits, routes). */
	for (uint32_t i = nr; i < 1024; i += 32) {
		writel(d + GICD_ISENABLER + i / 8, 0xffffffff);
		writel(d + GICD_ISPENDR + i / 8, 0xffffffff);
		writel(d + GICD_ISACTIVER + i / 8, 0xffffffff);
		writel(d + GICD_ICFGR + i / 4, 0xffffffff);
	}
	for (uint32_t i = nr; i < 1024; i += 4)
		writel(d + GICD_IPRIORITYR + i, 0xffffffff);
	for (uint32_t i = nr; i < 1024; i++)
		writeq(d + GICD_IROUTER + 8 * i, 0xffffffffffull);
	for (uint32_t i = nr; i < 1024; i += 32) {
		uint32_t v = readl(d + GICD_ISENABLER + i / 8) | readl(d + GICD_ISPENDR + i / 8) |
			     readl(d + GICD_ISACTIVER + i / 8) | readl(d + GICD_ICFGR + i / 4);
		if (v && !bad++)
			first_bad = i;
	}
	for (uint32_t i = nr; i < 1024; i += 4)
		if (readl(d + GICD_IPRIORITYR + i) && !bad++)
			first_bad = i;
	for (uint32_t i = nr; i < 1024; i++)
		if (readq(d + GICD_IROUTER + 8 * i) && !bad++)
			first_bad = i;
	irqs_on();
	spin_ms(5);
	irqs_off();
	if (bad)
		result(false, "%u registers of INTIDs >= %u (the GIC's %u) did not read 0, first INTID %u",
		       bad, nr, nr, first_bad);
	else
		result(spi_seen() == before, "INTIDs %u-1023: every register reads 0 after writes of "
		       "all-ones; %u interrupts arrived", nr, spi_seen() - before);
}

static volatile uint32_t ppi_hits[32];

static void ppi_counter(unsigned int intid, uint32_t iar)
{
	(void)iar;
	ppi_hits[intid]++;
	/* Level PPIs stay pending only while latched: clear it. */
	writel(gic_rd() + GICR_SGI + GICD_ICPENDR, 1u << intid);
}

static void ppis_not_its_own(void)
{
	/* Physically these are Tandem's (maintenance 25, hypervisor timer 26)
	 * or devices it does not have (PMU 23, secure timer 29). In its own
	 * virtual GIC a VM may pend its own copies: they come to it, or read
	 * as zero if Tandem keeps them; Tandem's own must not notice. */
	static const unsigned int ppi[] = { 23, 25, 26, 29 };
	uintptr_t sgi = gic_rd() + GICR_SGI;
	uint32_t mask = 0, pend_rb, en_rb;
	char what[96];
	int n = 0;

	for (unsigned int i = 0; i < sizeof(ppi) / sizeof(ppi[0]); i++) {
		gic_set_handler(ppi[i], ppi_counter);
		mask |= 1u << ppi[i];
	}
	writel(sgi + GICD_ISENABLER, mask);
	writel(sgi + GICD_ISPENDR, mask);
	en_rb = readl(sgi + GICD_ISENABLER) & mask;
	pend_rb = readl(sgi + GICD_ISPENDR) & mask;
	irqs_on();
	spin_ms(5);
	irqs_off();
	writel(sgi + GICD_ICENABLER, mask);
	writel(sgi + GICD_ICPENDR, mask);
	for (unsigned int i = 0; i < sizeof(ppi) / sizeof(ppi[0]); i++)
		n += snformat(what + n, sizeof(what) - (size_t)n, " %u:%u", ppi[i], ppi_hits[ppi[i]]);
	/* Each one either came (its own virtual PPI) or was never pending. */
	bool ok = true;

	for (unsigned int i = 0; i < sizeof(ppi) / sizeof(ppi[0]); i++)
		if (!ppi_hits[ppi[i]] && (pend_rb & (1u << ppi[i])) && (en_rb & (1u << ppi[i])))
			ok = false;
	result(ok, "enabled 0x%x, pending 0x%x read back; taken (INTID:count)%s", en_rb, pend_rb, what);
}

static void irouter_garbage(void)
{
	uintptr_t d = gic.gicd;
	const unsigned int spi = 40;
	uint32_t before = spi_seen();
	uint64_t nowhere = 0xff00ffffffull, rb;
	bool early;

	writeq(d + GICD_IROUTER + 8 * spi, nowhere);         /* Aff3.2.1.0 all 0xff */
	rb = readq(d + GICD_IROUTER + 8 * spi);
	writel(d + GICD_ISENABLER + 4 * (spi / 32), 1u << (spi % 32));
	writel(d + GICD_ISPENDR + 4 * (spi / 32), 1u << (spi % 32));
	irqs_on();
	spin_ms(2);
	irqs_off();
	early = spi_seen() != before;
	writeq(d + GICD_IROUTER + 8 * spi, 7);               /* vCPU 7: there is none */
	writeq(d + GICD_IROUTER + 8 * spi, 1ull << 31);      /* IRM: any of them */
	writeq(d + GICD_IROUTER + 8 * spi, 0);               /* vCPU 0: this one */
	if (!early && !wait_spi(before, 20)) {
		result(false, "SPI %u, pending and routed back to vCPU 0, never arrived (ISPENDR1 0x%x)",
		       spi, readl(d + GICD_ISPENDR + 4));
		return;
	}
	result(true, "IROUTER %u read back 0x%llx after 0x%llx; the SPI arrived %s", spi,
	       (unsigned long long)rb, (unsigned long long)nowhere,
	       early ? "while routed nowhere (treated as 1-of-N)" : "once routed to vCPU 0");
}

static void sgi_nonexistent(void)
{
	static const uint64_t garbage[] = {
		(1ull << 24) | 0xfffc,                        /* SGI 1 to Aff0 2-15 */
		(1ull << 24) | (1ull << 16) | 0xffff,         /* Aff1 = 1 */
		(1ull << 24) | (0xffull << 16) | 0xffff,      /* Aff1 = 255 */
		(1ull << 24) | (0xffull << 32) | 0xffff,      /* Aff2 = 255 */
		(1ull << 24) | (0xffull << 48) | 0xffff,      /* Aff3 = 255 */
		(1ull << 24) | (0xfull << 44) | 0xffff,       /* RS = 15: Aff0 240-255 */
		(15ull << 24) | 0x0,                          /* empty target list */
		~0ull & ~(1ull << 40) & ~(1ull << 0) & ~(1ull << 1),   /* everything but IRM and vCPUs 0, 1 */
	};
	uint32_t seen_before;

	gic_set_handler(SGI_SELF, sgi_counter);
	gic_enable(SGI_SELF);
	for (unsigned int n = 0; n < 16; n++) {
		gic_set_handler(n, sgi_counter);
		gic_enable(n);
	}
	for (unsigned int i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		write_sysreg(icc_sgi1r_el1, garbage[i]);
		write_sysreg(icc_asgi1r_el1, garbage[i]);
		write_sysreg(icc_sgi0r_el1, garbage[i]);
	}
	isb();
	irqs_on();
	spin_ms(2);
	irqs_off();
	seen_before = sgi_count[0];
	gic_send_sgi_self(SGI_SELF);
	irqs_on();
	spin_ms(2);
	irqs_off();
	result(seen_before == 0 && sgi_count[0] == 1,
	       "%u SGIs for vCPUs that do not exist reached me %u times; one to myself %s",
	       (unsigned int)(3 * sizeof(garbage) / sizeof(garbage[0])), seen_before,
	       sgi_count[0] == seen_before + 1 ? "arrived" : "did not arrive");
}

static void sgi_storm_self(void)
{
	uint64_t v = gic_sgi_self_value(SGI_SELF), n;

	gic_set_handler(SGI_SELF, sgi_counter);
	gic_enable(SGI_SELF);
	irqs_on();
	n = STORM(write_sysreg(icc_sgi1r_el1, v));
	isb();
	spin_ms(1);
	irqs_off();
	result(sgi_count[0] >= 1 && sgi_count[0] <= n, "%llu self-SGIs sent in %u ms, %u taken",
	       (unsigned long long)n, STORM_MS, sgi_count[0]);
}

static void sgi_storm_cross(void)
{
	uint64_t n;
	int64_t r;

	if (ncpus < 2) {
		result(false, "needs two vCPUs");
		return;
	}
	if ((r = start_secondary(1, JOB_SGI_SINK)) != 0 || !secondary_running) {
		result(false, "CPU_ON vCPU 1 -> %lld, running %u", (long long)r, secondary_running);
		return;
	}
	spin_ms(1);
	n = STORM(gic_send_sgi(1, SGI_FROM(0)));
	spin_ms(2);
	uint32_t got = sgi_count[1];

	secondary_stop = 1;
	gic_send_sgi(1, SGI_FROM(0));
	result(got >= 1 && got <= n, "%llu SGIs to vCPU 1 in %u ms, %u taken there (pending ones merge)",
	       (unsigned long long)n, STORM_MS, got);
}

static void icc_garbage(void)
{
	uint64_t pmr = read_sysreg(icc_pmr_el1), ctlr = read_sysreg(icc_ctlr_el1);

	gic_set_handler(SGI_SELF, sgi_counter);
	gic_enable(SGI_SELF);
	/* Ends of interrupts that were never acknowledged, deactivations too. */
	write_sysreg(icc_eoir1_el1, 1023);
	write_sysreg(icc_eoir1_el1, 0xffffff);
	write_sysreg(icc_eoir1_el1, SGI_SELF);
	write_sysreg(icc_eoir1_el1, 27);
	write_sysreg(icc_eoir0_el1, 5);
	write_sysreg(icc_ctlr_el1, ctlr | 2);   /* EOImode 1: DIR deactivates */
	isb();
	write_sysreg(icc_dir_el1, 27);
	write_sysreg(icc_dir_el1, 0xffffff);
	write_sysreg(icc_ctlr_el1, ctlr);
	write_sysreg(icc_pmr_el1, 0);
	write_sysreg(icc_bpr1_el1, 7);
	write_sysreg(icc_ap1r0_el1, 0xffffffff);
	write_sysreg(icc_sre_el1, 0);           /* try to leave the system-register interface */
	write_sysreg(icc_igrpen1_el1, 0);
	isb();
	uint64_t sre = read_sysreg(icc_sre_el1);
	/* Back to sane values: interrupts must flow again. */
	write_sysreg(icc_ap1r0_el1, 0);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_pmr_el1, pmr);
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
	uint32_t before = sgi_count[0];

	gic_send_sgi_self(SGI_SELF);
	irqs_on();
	spin_ms(2);
	irqs_off();
	result(sgi_count[0] == before + 1, "after garbage EOIs/DIRs/AP1R/SRE (SRE reads 0x%llx), a self-SGI "
	       "%s", (unsigned long long)sre, sgi_count[0] == before + 1 ? "arrived" : "did not arrive");
}

static void dist_ctlr_garbage(void)
{
	uintptr_t d = gic.gicd;
	const unsigned int spi = 41;
	uint32_t ctlr, typer = readl(d + GICD_TYPER), iidr = readl(d + GICD_IIDR);
	uint32_t before = spi_seen();

	writel(d + GICD_CTLR, 0xffffffff);
	ctlr = readl(d + GICD_CTLR);
	writel(d + GICD_TYPER, 0);
	writel(d + GICD_IIDR, 0);
	writel(d + GICD_PIDR2_V3, 0);
	writel(d + GICD_CTLR, 0);
	writel(d + GICD_CTLR, (1u << 4) | 3);
	writeq(d + GICD_IROUTER + 8 * spi, 0);
	writel(d + GICD_ISENABLER + 4 * (spi / 32), 1u << (spi % 32));
	writel(d + GICD_ISPENDR + 4 * (spi / 32), 1u << (spi % 32));
	bool came = wait_spi(before, 20);

	result(came && readl(d + GICD_TYPER) == typer && readl(d + GICD_IIDR) == iidr &&
	       (ctlr & (1u << 4)) && !(ctlr & 0x7fffff00u),
	       "CTLR 0xffffffff read back 0x%x; TYPER, IIDR unchanged; an SPI %s after re-enabling", ctlr,
	       came ? "arrived" : "did not arrive");
}

const struct attack gic_attacks[] = {
	{ "gic-intid-range", intid_range },
	{ "gic-ppi-not-own", ppis_not_its_own },
	{ "gic-irouter-garbage", irouter_garbage },
	{ "gic-sgi-nonexistent", sgi_nonexistent },
	{ "gic-sgi-storm-self", sgi_storm_self },
	{ "gic-sgi-storm-cross", sgi_storm_cross },
	{ "gic-icc-garbage", icc_garbage },
	{ "gic-dist-ctlr-garbage", dist_ctlr_garbage },
	{ NULL, NULL },
};
