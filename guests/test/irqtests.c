/* The test guest's interrupt tests, each selected by a bootarg:
 *   timer-irq[=N]  N virtual-timer ticks by interrupt, the handler rewriting
 *                  only CNTV_CVAL; then no further interrupt
 *   sgi            an SGI to itself; with smp, one to each other vCPU (which
 *                  PSCI CPU_ON starts to bring up its own GIC interface)
 *   garbage[=SEED] nonsense to the distributor, the redistributor and the
 *                  PL011 (random offsets and values from SEED), invalid PSCI
 *                  calls; then interrupts and the console must still work
 *   bench-irq      interrupt latencies, in instructions under -icount
 *   sgi-behind     (smp) an SGI to itself; while its handler runs, vCPU 1
 *                  sends the same SGI: it must come right after the first
 *                  completes, not at some later exit (the only one here is
 *                  the 100 ms watchdog)
 * Interrupt handlers never print (say() takes a lock the interrupted code
 * may hold); what they saw is printed afterwards. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "firmware/smccc.h"
#include "guest.h"
#include "gic.h"

#define FAR_FUTURE (1ull << 40)    /* ticks: hours; a deadline that is not reached */

extern char secondary_start[];

/* ---------------------------------------------------------------- handlers */
enum vt_mode { VT_WATCHDOG, VT_PERIODIC, VT_BENCH };

static volatile enum vt_mode vt_mode;
static volatile uint32_t vt_ticks, vt_target, vt_not_met;
static uint64_t vt_period;
static volatile uint32_t bench_flag;
static volatile uint64_t bench_stamp;
volatile uint64_t irq_stamp, irq_spins;

static volatile uint32_t sgi_seen[GIC_MAX_CPUS];      /* bit per SGI */
static volatile uint32_t sgi_source[GIC_MAX_CPUS];
static volatile uint32_t sgi_ready[GIC_MAX_CPUS], sgi_done[GIC_MAX_CPUS];

/* In the tests' modes it writes only CNTV_CVAL (never CTL's ENABLE or
 * IMASK) to move or silence the timer: a hypervisor must keep delivering
 * the interrupt all the same. As a wait's watchdog, it just turns it off. */
static void vtimer_irq(unsigned int intid, uint32_t iar)
{
	(void)intid, (void)iar;
	if (!(read_sysreg(cntv_ctl_el0) & 4)) {         /* ISTATUS: condition not met */
		vt_not_met++;
		return;
	}
	switch (vt_mode) {
	case VT_PERIODIC:
		if (++vt_ticks < vt_target)
			write_sysreg(cntv_cval_el0, read_sysreg(cntv_cval_el0) + vt_period);
		else
			write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + FAR_FUTURE);
		break;
	case VT_BENCH:
		bench_stamp = irq_stamp;
		write_sysreg(cntv_cval_el0, read_sysreg(cntvct_el0) + FAR_FUTURE);
		bench_flag = 1;
		break;
	case VT_WATCHDOG:
		write_sysreg(cntv_ctl_el0, 0);
		break;
	}
}

static void sgi_irq(unsigned int intid, uint32_t iar)
{
	unsigned int cpu = this_cpu() % GIC_MAX_CPUS;

	/* v2 names the sender in the IAR; v3 does not: SGI 8 + n is from vCPU n. */
	sgi_source[cpu] = gic.version == 2 ? (iar >> 10) & 7 : intid - SGI_FROM(0);
	sgi_seen[cpu] |= 1u << intid;
	if (intid == SGI_SELF) {
		bench_stamp = irq_stamp;
		bench_flag = 1;
	}
}

static void enable_private(void)
{
	gic_set_handler(gic.vtimer_intid, vtimer_irq);
	gic_set_handler(SGI_SELF, sgi_irq);
	for (unsigned int n = 0; n < GIC_MAX_CPUS; n++)
		gic_set_handler(SGI_FROM(n), sgi_irq);
	gic_enable(gic.vtimer_intid);
	gic_enable(SGI_SELF);
	for (unsigned int n = 0; n < GIC_MAX_CPUS; n++)
		gic_enable(SGI_FROM(n));
}

/* WFI, taking interrupts in between, until *word has a bit of mask or
 * `ticks` pass. Without an interrupt WFI need not wake, so the virtual timer
 * is armed as a watchdog unless a test owns it. Returns with IRQs masked. */
static bool wait_for(volatile uint32_t *word, uint32_t mask, uint64_t ticks)
{
	uint64_t end = cntvct() + ticks;
	bool watchdog = vt_mode == VT_WATCHDOG;

	irqs_off();
	if (watchdog) {
		write_sysreg(cntv_cval_el0, end);
		write_sysreg(cntv_ctl_el0, 1);
		isb();
	}
	while (!(*word & mask) && cntvct() < end) {
		__asm__ volatile("wfi");
		irqs_on();
		isb();
		irqs_off();
	}
	if (watchdog)
		write_sysreg(cntv_ctl_el0, 0);
	return (*word & mask) != 0;
}

/* Busy-waits with interrupts unmasked (no WFI: the hypervisor must deliver
 * to a running vCPU). */
static bool spin_for(volatile uint32_t *word, uint32_t mask, uint64_t ticks)
{
	uint64_t end = cntvct() + ticks;

	irqs_on();
	while (!(*word & mask) && cntvct() < end)
		;
	irqs_off();
	return (*word & mask) != 0;
}

/* ---------------------------------------------------------------- timer-irq */
static void periodic(uint32_t n, uint64_t period)
{
	vt_ticks = 0;
	vt_target = n;
	vt_not_met = 0;
	vt_period = period;
	vt_mode = VT_PERIODIC;
	write_sysreg(cntv_cval_el0, cntvct() + period);
	write_sysreg(cntv_ctl_el0, 1);                   /* enabled, not masked */
	isb();
}

static void timer_irq_test(void)
{
	const char *v = arg_value("timer-irq");
	uint32_t n = (v && *v) ? (uint32_t)strtoul(v, NULL, 0) : 10;
	uint64_t period = ms_ticks(1), t;

	if (n < 1 || n > 10000)
		n = 10;
	periodic(n, period);
	t = cntvct() + period * (n + 20);
	irqs_off();
	while (vt_ticks < n && cntvct() < t) {
		__asm__ volatile("wfi");
		irqs_on();
		isb();
		irqs_off();
	}
	/* Three more periods, running, interrupts unmasked: nothing may come. */
	t = cntvct();
	irqs_on();
	while (cntvct() - t < 3 * period)
		;
	irqs_off();
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	vt_mode = VT_WATCHDOG;
	say("timer: %u ticks by interrupt", vt_ticks);
	if (vt_ticks != n)
		say("timer: FAILED: expected %u", n);
	if (vt_not_met)
		say("timer: %u interrupt(s) with the timer condition not met (ISTATUS 0)", vt_not_met);
}

/* ---------------------------------------------------------------- sgi */
static void behind_sender(void);

void secondary_irq_main(unsigned int cpu, unsigned int mode)
{
	if (mode == SECONDARY_BEHIND) {
		behind_sender();
		return;
	}
	cpu %= GIC_MAX_CPUS;
	if (!gic_cpu_init()) {
		say("sgi: vcpu %u: no usable GIC CPU interface", cpu);
	} else {
		enable_private();
		sgi_seen[cpu] = 0;
		__atomic_store_n(&sgi_ready[cpu], 1, __ATOMIC_RELEASE);
		if (wait_for(&sgi_seen[cpu], 0xff00, 5 * ms_ticks(1000)))
			say("sgi: vcpu %u received from vcpu %u", cpu, sgi_source[cpu]);
		else
			say("sgi: vcpu %u received nothing in 5 s", cpu);
	}
	__atomic_store_n(&sgi_done[cpu], 1, __ATOMIC_RELEASE);
}

static bool wait_word(volatile uint32_t *w, uint64_t ticks)
{
	uint64_t end = cntvct() + ticks;

	/* yield: under QEMU's -icount all vCPUs share one thread, and a vCPU
	 * that spins without it can keep the others from running. */
	while (!__atomic_load_n(w, __ATOMIC_ACQUIRE)) {
		if (cntvct() > end)
			return false;
		__asm__ volatile("yield");
	}
	return true;
}

static void sgi_test(void)
{
	sgi_seen[0] = 0;
	gic_send_sgi_self(SGI_SELF);
	if (wait_for(&sgi_seen[0], 1u << SGI_SELF, ms_ticks(1000)))
		say("sgi: self received");
	else
		say("sgi: self NOT received");
	if (!arg_value("smp"))
		return;
	for (unsigned int i = 1; i < ncpus && i < GIC_MAX_CPUS; i++) {
		struct smc_result r;

		sgi_ready[i] = sgi_done[i] = 0;
		r = psci(GUEST_PSCI_CPU_ON, i, (uint64_t)(uintptr_t)secondary_start,
			 i | (SECONDARY_SGI << 8));
		if (r.x0) {
			say("sgi: CPU_ON vcpu %u -> %lld", i, (long long)r.x0);
			continue;
		}
		if (!wait_word(&sgi_ready[i], 5 * ms_ticks(1000))) {
			say("sgi: vcpu %u did not come up", i);
			continue;
		}
		gic_send_sgi(i, SGI_FROM(this_cpu()));
		if (!wait_word(&sgi_done[i], 6 * ms_ticks(1000)))
			say("sgi: vcpu %u did not finish", i);
		uint64_t end = cntvct() + ms_ticks(2000);

		do {   /* it powers itself off */
			__asm__ volatile("yield");
			r = psci(GUEST_PSCI_AFFINITY_INFO, i, 0, 0);
		} while (r.x0 == 0 && cntvct() < end);
		if (r.x0 == 0)
			say("sgi: vcpu %u did not power off", i);
	}
}

/* ---------------------------------------------------------- sgi-behind */
#define SGI_BEHIND 5
static volatile uint32_t behind_go, behind_sent, behind_n, behind_source[2];
static volatile uint64_t behind_eoi, behind_second;

/* vCPU 0's handler: the first one (from itself) tells vCPU 1 to send, waits
 * until it has and 1 ms more - the kick of that send comes while this one
 * is active - and stamps its own end (the dispatcher's EOI follows). */
static void behind_irq(unsigned int intid, uint32_t iar)
{
	uint32_t n = behind_n;

	(void)intid;
	behind_source[n ? 1 : 0] = gic.version == 2 ? (iar >> 10) & 7 : 0;
	if (n == 1)
		behind_second = cntvct();
	behind_n = n + 1;
	if (n)
		return;
	__atomic_store_n(&behind_go, 1, __ATOMIC_RELEASE);
	uint64_t end = cntvct() + 5 * ms_ticks(1000);

	while (!__atomic_load_n(&behind_sent, __ATOMIC_ACQUIRE) && cntvct() < end)
		__asm__ volatile("yield");
	end = cntvct() + ms_ticks(1);
	while (cntvct() < end)
		__asm__ volatile("yield");
	behind_eoi = cntvct();
}

static void behind_sender(void)
{
	if (!gic_cpu_init())
		return;
	__atomic_store_n(&sgi_ready[1], 1, __ATOMIC_RELEASE);
	if (wait_word(&behind_go, 5 * ms_ticks(1000))) {
		gic_send_sgi(0, SGI_BEHIND);
		__atomic_store_n(&behind_sent, 1, __ATOMIC_RELEASE);
	}
	__atomic_store_n(&sgi_done[1], 1, __ATOMIC_RELEASE);
}

/* GICv2: the reserved SGIR filter sends nothing; SPENDSGIR makes SGI_BEHIND
 * pending from vCPU 1 and reads back that source while it waits, masked,
 * in an LR; CPENDSGIR withdraws it. Each line: what was read and taken. */
#define SPENDSGIR_WORD (0x0f20 + (SGI_BEHIND & ~3u))
#define CPENDSGIR_WORD (GICD_CPENDSGIR + (SGI_BEHIND & ~3u))
#define BEHIND_SHIFT   (8 * (SGI_BEHIND & 3))

static uint32_t pending_sources(void)
{
	return (readl(gic.gicd + SPENDSGIR_WORD) >> BEHIND_SHIFT) & 0xff;
}

/* Interrupts unmasked for 1 ms; how many SGI_BEHIND came meanwhile. */
static uint32_t taken_in_1ms(void)
{
	uint32_t n0 = behind_n;
	uint64_t end = cntvct() + ms_ticks(1);

	irqs_on();
	while (cntvct() < end)
		__asm__ volatile("yield");
	irqs_off();
	return behind_n - n0;
}

static void pendsgir_checks(void)
{
	uint32_t before, after, taken;

	irqs_off();
	writel(gic.gicd + GICD_SGIR, (3u << 24) | (0xffu << 16) | SGI_BEHIND);
	say("sgi-behind: SGIR filter 0b11 -> %u taken", taken_in_1ms());

	writel(gic.gicd + SPENDSGIR_WORD, 0x02u << BEHIND_SHIFT);   /* from vCPU 1 */
	before = pending_sources();
	taken = taken_in_1ms();
	after = pending_sources();
	say("sgi-behind: SPENDSGIR source 1: pending 0x%02x, %u taken (source %u), then 0x%02x",
	    before, taken, behind_source[1], after);

	writel(gic.gicd + SPENDSGIR_WORD, 0x02u << BEHIND_SHIFT);
	before = pending_sources();
	writel(gic.gicd + CPENDSGIR_WORD, 0x02u << BEHIND_SHIFT);
	after = pending_sources();
	say("sgi-behind: CPENDSGIR source 1: pending 0x%02x, then 0x%02x, %u taken",
	    before, after, taken_in_1ms());
}

static void sgi_behind_test(void)
{
	struct smc_result r;
	uint32_t two = 0;

	if (ncpus < 2) {
		say("sgi-behind: needs 2 vCPUs");
		return;
	}
	gic_set_handler(SGI_BEHIND, behind_irq);
	gic_enable(SGI_BEHIND);
	sgi_ready[1] = sgi_done[1] = 0;
	r = psci(GUEST_PSCI_CPU_ON, 1, (uint64_t)(uintptr_t)secondary_start, 1 | (SECONDARY_BEHIND << 8));
	if (r.x0 || !wait_word(&sgi_ready[1], 5 * ms_ticks(1000))) {
		say("sgi-behind: vcpu 1 did not come up (CPU_ON -> %lld)", (long long)r.x0);
		return;
	}
	gic_send_sgi_self(SGI_BEHIND);
	/* WFI with its watchdog 100 ms ahead: the one exit that is not the SGI's. */
	uint64_t end = cntvct() + ms_ticks(100);

	irqs_off();
	write_sysreg(cntv_cval_el0, end);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	while (behind_n < 2 && cntvct() < end) {
		__asm__ volatile("wfi");
		irqs_on();
		isb();
		irqs_off();
	}
	write_sysreg(cntv_ctl_el0, 0);
	two = behind_n;
	wait_word(&sgi_done[1], ms_ticks(1000));
	if (two < 2)
		say("sgi-behind: second SGI NOT received in 100 ms (%u received)", two);
	else
		say("sgi-behind: second SGI %llu ns after the first completed (sources %u, %u)",
		    (unsigned long long)((behind_second - behind_eoi) * 1000000000 / read_sysreg(cntfrq_el0)),
		    behind_source[0], behind_source[1]);
	if (gic.version == 2)
		pendsgir_checks();
	gic_disable(SGI_BEHIND);
}

/* ---------------------------------------------------------------- garbage */
static uint64_t rng = 0x243f6a8885a308d3ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

/* A write of 1, 2, 4 or 8 bytes (naturally aligned: Device memory faults
 * otherwise) at a random offset below `size`, skipping offsets in `avoid`. */
static void random_write(uintptr_t base, uint64_t size, const uint32_t *avoid, int navoid)
{
	uint64_t v = rnd(), off = rnd() % size;
	unsigned int width = 1u << (rnd() % 4);

	off &= ~(uint64_t)(width - 1);
	for (int i = 0; i < navoid; i++)
		if ((off & ~3ull) == avoid[i] || (width == 8 && off + 4 == avoid[i]))
			return;
	switch (width) {
	case 1: writeb(base + off, (uint8_t)v); break;
	case 2: writeh(base + off, (uint16_t)v); break;
	case 4: writel(base + off, (uint32_t)v); break;
	default: writeq(base + off, v); break;
	}
}

static void gic_garbage(void)
{
	uintptr_t d = gic.gicd;
	/* Registers whose random values a real GIC would act on in ways no
	 * re-initialization undoes (enabling LPIs), or that are tested on their own. */
	static const uint32_t avoid_rd[] = { GICR_CTLR };
	static const uint32_t avoid_d[] = { GICD_CTLR };

	/* Read-only registers. */
	writel(d + GICD_TYPER, 0xffffffff);
	writel(d + GICD_IIDR, 0xffffffff);
	writel(d + (gic.version == 3 ? GICD_PIDR2_V3 : GICD_PIDR2_V2), 0xffffffff);
	/* GICD_CTLR bits that do not exist (and RWP, which is read-only). */
	writel(d + GICD_CTLR, readl(d + GICD_CTLR) | (gic.version == 3 ? 0xfffffe00 : 0xfffffffc));
	/* IPRIORITYR with every width: bytes, halves, a word, a doubleword. */
	for (int i = 0; i < 8; i++)
		writeb(d + GICD_IPRIORITYR + 32 + i * 3, (uint8_t)(0x11 * i));
	writeh(d + GICD_IPRIORITYR + 34, 0xbeef);
	writel(d + GICD_IPRIORITYR + 28, 0x01020304);
	writeq(d + GICD_IPRIORITYR + 40, 0x0102030405060708ull);
	writeb(d + GICD_IPRIORITYR + 27, 0x33);
	/* Anywhere in the distributor's frame, reserved offsets included. */
	for (int i = 0; i < 400; i++)
		random_write(d, gic.version == 3 ? 0x10000 : 0x1000, avoid_d, 1);
	if (gic.version == 3) {
		uintptr_t rd = gic_rd();

		writeq(rd + GICR_TYPER, ~0ull);
		writel(rd + GICR_IIDR, 0xffffffff);
		writel(rd + GICR_PIDR2, 0xffffffff);
		writel(rd + GICR_WAKER, 0xffffffff);          /* puts it to sleep, too */
		writel(rd + GICR_CTLR, 0xfffffffe);           /* all but EnableLPIs */
		for (int i = 0; i < 400; i++)
			random_write(rd, 0x20000, avoid_rd, 1);
	} else {
		writel(gic.gicc + GICC_RPR, 0xffffffff);
		writel(gic.gicc + GICC_HPPIR, 0xffffffff);
		writel(gic.gicc + GICC_IIDR, 0xffffffff);
	}
}

#define UART_RSR 0x004
#define UART_ILPR 0x020
#define UART_IBRD 0x024
#define UART_FBRD 0x028
#define UART_LCR_H 0x02c
#define UART_CR 0x030
#define UART_IFLS 0x034
#define UART_IMSC 0x038
#define UART_RIS 0x03c
#define UART_MIS 0x040
#define UART_ICR 0x044
#define UART_DMACR 0x048

static uint32_t pl011_ids(void)
{
	uint32_t sum = 0;

	for (int i = 0; i < 8; i++)
		sum = sum * 31 + (readl(uart + 0xfe0 + 4 * i) & 0xff);
	return sum;
}

/* No printing in here: the UART is in a state of someone else's choosing. */
static bool uart_garbage(void)
{
	static const uint32_t saved_regs[] = {
		UART_IBRD, UART_FBRD, UART_LCR_H, UART_IFLS, UART_IMSC, UART_DMACR, UART_CR,
	};
	uint32_t saved[sizeof(saved_regs) / sizeof(saved_regs[0])];
	uint32_t ids = pl011_ids();

	for (unsigned int i = 0; i < sizeof(saved_regs) / sizeof(saved_regs[0]); i++)
		saved[i] = readl(uart + saved_regs[i]);
	/* Read-only registers, with every width. */
	writel(uart + UART_FR, 0xffffffff);
	writeb(uart + UART_FR, 0x5a);
	writeh(uart + UART_FR + 2, 0xffff);
	writel(uart + UART_RIS, 0xffffffff);
	writel(uart + UART_MIS, 0xffffffff);
	for (int i = 0; i < 8; i++)
		writel(uart + 0xfe0 + 4 * i, 0xa5a5a5a5u ^ (uint32_t)i);
	writeb(uart + 0xfe0, 0);
	/* Weird but writable: break, stick parity, 5 bits; loopback, no TX;
	 * every interrupt; absurd baud and FIFO levels; DMA on. */
	writel(uart + UART_LCR_H, 0xff);
	writel(uart + UART_LCR_H, 0x83);
	writel(uart + UART_CR, 0xffff);
	writel(uart + UART_CR, 0x0081);
	writel(uart + UART_IBRD, 0xffffffff);
	writel(uart + UART_FBRD, 0xffffffff);
	writeb(uart + UART_IBRD + 1, 0x12);
	writel(uart + UART_IFLS, 0xffffffff);
	writel(uart + UART_IMSC, 0xffffffff);
	writel(uart + UART_DMACR, 0xffffffff);
	writel(uart + UART_ILPR, 0xffffffff);
	writel(uart + UART_RSR, 0xffffffff);
	writel(uart + UART_ICR, 0xffffffff);
	/* Reserved offsets (never DR: that would print). */
	for (int i = 0; i < 200; i++) {
		uint32_t off = 0x4c + 4 * (uint32_t)(rnd() % ((0xfe0 - 0x4c) / 4));

		writel(uart + off, (uint32_t)rnd());
	}
	/* Sane again: disabled while the line is set up, as a driver does. */
	writel(uart + UART_CR, 0);
	for (unsigned int i = 0; i < sizeof(saved_regs) / sizeof(saved_regs[0]); i++)
		writel(uart + saved_regs[i], saved[i]);
	writel(uart + UART_ICR, 0x7ff);
	return pl011_ids() == ids;
}

/* Lines that do not depend on the VM's size or RAM, for tests to match. */
static void psci_invalid(void)
{
	struct smc_result r;
	uint64_t entry = (uint64_t)(uintptr_t)secondary_start;

	r = psci(GUEST_PSCI_CPU_ON, ncpus, entry, 0);   /* MPIDR n = vCPU n; one past the last */
	say("psci-invalid: CPU_ON of a vCPU that does not exist -> %lld", (long long)r.x0);
	/* At itself, so that natively (QEMU does not check the address) no CPU
	 * starts at a bad address: ALREADY_ON there; Tandem checks the address first. */
	r = psci(GUEST_PSCI_CPU_ON, this_cpu(), ram_base + ram_size, 0);
	say("psci-invalid: CPU_ON with an entry point outside RAM -> %lld", (long long)r.x0);
	r = psci(GUEST_PSCI_AFFINITY_INFO, this_cpu(), 3, 0);
	say("psci-invalid: AFFINITY_INFO with lowest_affinity_level 3 -> %lld", (long long)r.x0);
	r = psci(0x8400001f, 0, 0, 0);
	say("psci-invalid: unknown function 0x8400001f -> %lld", (long long)r.x0);
	r = psci(GUEST_PSCI_CPU_ON, this_cpu(), entry, 0);
	say("psci-invalid: CPU_ON of a vCPU that is on (itself) -> %lld", (long long)r.x0);
}

static uint32_t garbage_unexpected;

static void garbage_test(void)
{
	const char *seed = arg_value("garbage");
	bool ids_same, delivered, sgi_ok;

	if (seed && *seed && strtoul(seed, NULL, 0))
		rng = strtoul(seed, NULL, 0);
	irqs_off();
	gic_garbage();
	ids_same = uart_garbage();
	/* What a driver does after losing its GIC's state: set it up again. */
	if (!gic_dist_init() || !gic_cpu_init())
		say("garbage: the GIC did not come back (RWP, WAKER or redistributor)");
	enable_private();
	garbage_unexpected = gic_unexpected[0];
	/* A timer interrupt, taken while running, then an SGI. */
	periodic(1, ms_ticks(1));
	delivered = spin_for(&vt_ticks, ~0u, ms_ticks(1000));
	write_sysreg(cntv_ctl_el0, 0);
	vt_mode = VT_WATCHDOG;
	sgi_seen[0] = 0;
	gic_send_sgi_self(SGI_SELF);
	sgi_ok = spin_for(&sgi_seen[0], 1u << SGI_SELF, ms_ticks(1000));
	if (delivered)
		say("garbage: gic still delivers interrupts");
	else
		say("garbage: gic delivers NO timer interrupt any more");
	if (!sgi_ok)
		say("garbage: self SGI lost");
	say("garbage: uart still prints");
	if (!ids_same)
		say("garbage: pl011 ID registers CHANGED");
	psci_invalid();
}

/* ---------------------------------------------------------------- bench-irq */
/* The latency benchmarks need the architecture's IRQ-stamping vectors and
 * timed SGI senders (start.S), and CAL_SAMPLE and CYCLE_DIFF (its arch.h:
 * the cycle counter may have only 32 bits). */
#if GUEST_BENCH_IRQ
#define LAT_SAMPLES 256

static int64_t lat[LAT_SAMPLES];

static void sort(int64_t *a, int n)
{
	for (int i = 1; i < n; i++) {
		int64_t v = a[i];
		int j = i;

		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static void report_latency(const char *name, int n)
{
	sort(lat, n);
	say("bench: %s median %lld min %lld max %lld", name, (long long)lat[n / 2],
	    (long long)lat[0], (long long)lat[n - 1]);
}

/* PMCCNTR against CNTVCT: both are QEMU's virtual clock (cycles at 1 GHz,
 * the counter at CNTFRQ), so cycles = npt * ticks + offset (npt: ns per
 * tick), exactly under icount, where a clock read gives the time at the end
 * of its instruction. Reading the counter one instruction after the cycle
 * counter gives d = cycles - npt * ticks = offset - 1 + (time mod npt), so
 * the smallest d, seen when the counter has just ticked, is offset - 1. The
 * delay varies the phase so that all npt residues appear: a spread of
 * npt - 1 says the relationship is exact. Without icount the two reads can
 * be far apart in host time: the 1st percentile of d then stands for the
 * minimum, which outliers would pull down. Each d is kept relative to the
 * first one (CYCLE_DIFF), so that it is small whatever the counters'
 * origins; the offset is returned as a count to add (modulo the counter's
 * width). */
#define CAL_SAMPLES 1024

static int64_t cal[CAL_SAMPLES];

static uint64_t calibrate(uint64_t npt, int64_t *spread)
{
	uint64_t d0 = 0;

	for (int i = 0; i < CAL_SAMPLES; i++) {
		uint64_t c, t, k = 1 + (uint64_t)(i % 23);

		if (i & 1)
			CAL_SAMPLE(c, t, k, "nop\n");
		else
			CAL_SAMPLE(c, t, k, "");
		if (i == 0)
			d0 = c - npt * t;
		cal[i] = CYCLE_DIFF(c - npt * t, d0);
	}
	sort(cal, CAL_SAMPLES);
	*spread = cal[CAL_SAMPLES - 1] - cal[0];
	return d0 + (uint64_t)cal[CAL_SAMPLES / 100] + 1;
}

#if defined(__aarch64__)
/* bench-timer: the virtual timer's latency with the generic timer alone.
 * timer_vectors' entry reads the counter (tA) at its first instruction,
 * V ns after the deadline D's tick, then spins k times (4 instructions each)
 * until the counter reads tA + 1; the k-th spin's read (instruction 4k + 1
 * of the entry, ending at V + 4k + 2) is the first to see that tick, so
 * the tick 16 (tA + 1 - D) ns after the deadline falls in (V + 4k - 2,
 * V + 4k + 2]: V = 16 (tA + 1 - D) - 4k, to +-2 instructions, whatever the
 * counter's phase against the instruction count. */
static void bench_irq_timer(void)
{
	uint64_t npt = 1000000000ull / read_sysreg(cntfrq_el0), vbar = read_sysreg(vbar_el1);
	uintptr_t x2r;
	int n, lost = 0;

	write_sysreg(vbar_el1, (uintptr_t)timer_vectors);
	isb();
	vt_mode = VT_BENCH;
	write_sysreg(cntv_cval_el0, cntvct() + FAR_FUTURE);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	for (n = 0; n < LAT_SAMPLES; n++) {
		uint64_t deadline = cntvct() + 256 + (uint64_t)(n % 16);

		bench_flag = 0;
		write_sysreg(cntv_cval_el0, deadline);
		/* Armed as Linux arms it (CVAL, then CTL): Xen masks the timer
		 * (CTL.IMASK) when it forwards its interrupt and leaves the
		 * unmasking to the guest's next CTL write. */
		write_sysreg(cntv_ctl_el0, 1);
		isb();
		if (!wait_irq_flag(&bench_flag, 100000)) {
			n--;
			if (++lost > 10)
				break;
			continue;
		}
		lat[n] = (int64_t)(npt * (bench_stamp + 1 - deadline)) - 4 * (int64_t)irq_spins;
	}
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	vt_mode = VT_WATCHDOG;
	write_sysreg(vbar_el1, vbar);
	isb();
	if (n > 0) {
		sort(lat, n);
		say("bench: vtimer_irq_latency timer-only median %lld min %lld max %lld (+-2)",
		    (long long)lat[n / 2], (long long)lat[0], (long long)lat[n - 1]);
	}
	if (lost)
		say("bench: vtimer_irq_latency: %d interrupt(s) not received", lost);

	x2r = 0;
	struct stamp empty = LOOP(BENCH_EMPTY);
	x2r = gic.gicd + GICD_ISENABLER + 4;
	struct stamp isen = LOOP(BENCH_STORE_BIT31);
	writel(gic.gicd + GICD_ICENABLER + 4, 0x80000000);
	report("isenabler_write", isen, empty);
}
#endif

static void bench_irq(void)
{
	uint64_t npt = 1000000000ull / read_sysreg(cntfrq_el0), vbar = read_sysreg(vbar_el1), off;
	int64_t spread;
	uintptr_t x2r;
	int n, lost = 0;

	if (timer_only) {
#if defined(__aarch64__)
		bench_irq_timer();
#else
		say("bench: timer-only interrupt latencies are not measured on this architecture");
#endif
		return;
	}
	pmu_on();
	off = calibrate(npt, &spread);
	say("bench: timer_calibration cycles_per_tick %llu spread %lld (%s)",
	    (unsigned long long)npt, (long long)spread,
	    spread == (int64_t)npt - 1 ? "exact" : "inexact: no icount?");

	write_sysreg(vbar_el1, (uintptr_t)bench_vectors);
	isb();

	/* a. virtual timer: deadline -> first instruction of the IRQ vector, in WFI. */
	vt_mode = VT_BENCH;
	write_sysreg(cntv_cval_el0, cntvct() + FAR_FUTURE);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	for (n = 0; n < LAT_SAMPLES; n++) {
		uint64_t deadline = cntvct() + 256 + (uint64_t)(n % 16);

		bench_flag = 0;
		write_sysreg(cntv_cval_el0, deadline);
		isb();
		if (!wait_irq_flag(&bench_flag, 100000)) {
			n--;
			if (++lost > 10)
				break;
			continue;
		}
		/* The stamp counts its own instruction. */
		lat[n] = CYCLE_DIFF(bench_stamp - 1, npt * deadline + off);
	}
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	vt_mode = VT_WATCHDOG;
	if (n > 0)
		report_latency("vtimer_irq_latency", n);
	if (lost)
		say("bench: vtimer_irq_latency: %d interrupt(s) not received", lost);

	/* b. SGI to itself: from the write (which ends at the reading + 1) to
	 * the vector's first instruction. */
	uint64_t value = gic_sgi_self_value(SGI_SELF);

	lost = 0;
	for (n = 0; n < LAT_SAMPLES; n++) {
		uint64_t before;

		bench_flag = 0;
		if (gic.version == 3)
			before = sgi_timed_v3(value, &bench_flag, 1000000);
		else
			before = sgi_timed_v2((uint32_t)value, &bench_flag, 1000000,
					      gic.gicd + GICD_SGIR);
		if (!bench_flag) {
			lost++;
			n--;
			if (lost > 10)
				break;
			continue;
		}
		lat[n] = CYCLE_DIFF(bench_stamp - 1, before + 1);
	}
	if (n > 0)
		report_latency("sgi_self_latency", n);
	if (lost)
		say("bench: sgi_self_latency: %d SGI(s) not received", lost);
	write_sysreg(vbar_el1, vbar);
	isb();

	/* c. One write to GICD_ISENABLER1 (INTID 63, which nothing drives). */
	x2r = 0;
	struct stamp empty = LOOP(BENCH_EMPTY);
	x2r = gic.gicd + GICD_ISENABLER + 4;
	struct stamp isen = LOOP(BENCH_STORE_BIT31);
	writel(gic.gicd + GICD_ICENABLER + 4, 0x80000000);
	report("isenabler_write", isen, empty);
}
#else
static void bench_irq(void)
{
	say("bench: interrupt latencies are not measured on this architecture");
}
#endif

/* ---------------------------------------------------------------- entry */
bool irq_tests_wanted(void)
{
	return arg_value("timer-irq") || arg_value("sgi") || arg_value("garbage") ||
	       arg_value("bench-irq") || arg_value("sgi-behind");
}

/* Interrupts the dispatcher had no handler for (it disables them), if any. */
static void unexpected_since(const char *test, uint32_t before)
{
	uint32_t n = gic_unexpected[0] - before;

	if (n)
		say("%s: %u unexpected interrupt(s)", test, n);
}

void irq_tests(void)
{
	static const struct { const char *arg; void (*run)(void); } tests[] = {
		{ "timer-irq", timer_irq_test }, { "sgi", sgi_test },
		{ "garbage", garbage_test }, { "bench-irq", bench_irq },
		{ "sgi-behind", sgi_behind_test },
	};

	vt_mode = VT_WATCHDOG;
	enable_private();
	for (unsigned int i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (arg_value(tests[i].arg)) {
			uint32_t before = gic_unexpected[0];

			tests[i].run();
			if (tests[i].run == garbage_test)
				before = garbage_unexpected;   /* counted from the re-initialization */
			unexpected_since(tests[i].arg, before);
		}
	}
}
