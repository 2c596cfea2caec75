/* Tandem's bare-metal test guest. What it does comes from /chosen/bootargs
 * in its device tree (set by its VM overlay):
 *   heartbeats=N   print N heartbeat lines, 20 ms apart, checking its memory,
 *                  then how late the latest wake-up was
 *   hog=MS         then compute for MS ms of counter time without ever waiting
 *                  (a CPU hog), saying so every 100 ms
 *   probe=ADDR     finally read ADDR, which is not its memory: Tandem must stop it
 *   bench          measure path lengths (null hypercall, MMIO read, EL1 exception,
 *                  PSCI_VERSION, GICD_TYPER read)
 *   bench-timer    with bench / bench-irq: time with the generic timer alone,
 *                  never touching the PMU (a hypervisor may give none); implies
 *                  bench
 *   smp            start its other vCPUs through PSCI CPU_ON and hear from them
 *   native         no Tandem underneath (QEMU alone): skip Tandem's hypercalls
 *                  (also assumed when the SMCCC UID call does not name Tandem)
 *   timer-irq[=N]  N (default 10) virtual-timer ticks by interrupt
 *   sgi            SGIs to itself and, with smp, to and from its other vCPUs
 *   garbage[=SEED] nonsense to the GIC, the PL011 and PSCI; then still works?
 *   bench-irq      interrupt latencies (virtual timer, SGI) and a GIC write
 *   seeds          print its /chosen/rng-seed and kaslr-seed (in hex)
 *   find-dtb       look through its RAM for other device trees (the firmware's,
 *                  if its RAM is where the firmware put it) and say whether
 *                  their /chosen seeds are still there
 *   end=off|reset|hang   how to finish when there is no probe (default off);
 *                  reset restarts the VM once (a cookie in RAM, which a reset
 *                  keeps, counts boots), then powers off
 * Every line it prints is what the integration tests read. */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <libfdt.h>
#include <format.h>
#include "el2/hypercall.h"
#include "firmware/smccc.h"
#include "guest.h"
#include "gic.h"

#define SECRET_WORDS 1024

uintptr_t uart;
uint64_t ram_base, ram_size, ncpus = 1;
bool native, timer_only;
static uint64_t secret[SECRET_WORDS];
static volatile uint32_t secondaries_up;
static volatile int uart_lock;

static void lock(void)
{
	while (__atomic_exchange_n(&uart_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("yield");
}

static void unlock(void)
{
	__atomic_store_n(&uart_lock, 0, __ATOMIC_RELEASE);
}

void say(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	lock();
	for (int i = 0; i < n; i++) {
		while (readl(uart + UART_FR) & UART_FR_TXFF)
			;
		writel(uart + UART_DR, (uint8_t)buf[i]);
	}
	writel(uart + UART_DR, '\n');
	unlock();
}

struct smc_result hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return arch_hvc(fid, a1, a2, a3);
}

static struct smc_result smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return arch_smc(fid, a1, a2, a3);
}

struct smc_result psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return psci_smc ? smc(fid, a1, a2, a3) : hvc(fid, a1, a2, a3);
}

/* Sleeps on the virtual timer: arm it, then WFI until the deadline passes
 * (WFI may wake early). Interrupts stay masked: a pending timer still wakes WFI. */
void sleep_ticks(uint64_t ticks)
{
	uint64_t deadline = read_sysreg(cntvct_el0) + ticks;

	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, 1);
	__asm__ volatile("isb");
	while (read_sysreg(cntvct_el0) < deadline)
		__asm__ volatile("wfi");
	write_sysreg(cntv_ctl_el0, 0);
}

uint64_t ms_ticks(uint64_t ms)
{
	return read_sysreg(cntfrq_el0) / 1000 * ms;
}

static uint64_t fill_secret(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull ^ ram_base, sum = 0;

	for (int i = 0; i < SECRET_WORDS; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		secret[i] = x;
		sum += x;
	}
	return sum;
}

static uint64_t secret_sum(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < SECRET_WORDS; i++)
		sum += secret[i];
	return sum;
}

static void self_tests(void)
{
	struct smc_result r;
	uint32_t periph = 0, cell = 0;

	if (!native) {
		r = hvc(TANDEM_HC_VERSION, 0, 0, 0);
		say("hypercall: version %s %llu.%llu", r.x0 == 0 ? "ok" : "FAILED",
		    (unsigned long long)(r.x1 >> 16), (unsigned long long)(r.x1 & 0xffff));
		r = hvc(TANDEM_HC_VM_INFO, 0, 0, 0);
		say("hypercall: vm id %llu, vcpu %llu of %llu", (unsigned long long)r.x1,
		    (unsigned long long)r.x2, (unsigned long long)r.x3);
		r = hvc(0x8600ffaa, 0, 0, 0);
		say("hypercall: unknown function -> %lld", (long long)r.x0);
		/* This VM has no channel: any index is garbage. */
		r = hvc(TANDEM_HC_CHANNEL_NOTIFY, 0xffffffffffffull, 0, 0);
		say("hypercall: notify of a channel that does not exist -> %lld", (long long)r.x0);
	}
	r = psci(PSCI_VERSION, 0, 0, 0);
	say("psci: version %llu.%llu", (unsigned long long)(r.x0 >> 16),
	    (unsigned long long)(r.x0 & 0xffff));
	r = psci(GUEST_PSCI_CPU_ON, 0x77, ram_base, 0);
	say("psci: CPU_ON of a vCPU that does not exist -> %lld", (long long)r.x0);

	if (uart_sbsa) {        /* an SBSA UART has no ID or baud registers */
		say("mmio: sbsa-uart fr 0x%02x", readl(uart + UART_FR));
	} else {
		for (int i = 0; i < 4; i++) {
			periph |= (readl(uart + 0xfe0 + 4 * i) & 0xff) << (8 * i);
			cell |= (readl(uart + 0xff0 + 4 * i) & 0xff) << (8 * i);
		}
		say("mmio: pl011 periphid 0x%08x cellid 0x%08x fr 0x%02x", periph, cell,
		    readl(uart + UART_FR));
		/* A 16-bit register read with LDRSH: sign-extended into a register. */
		int64_t sext;
		writel(uart + 0x024, 0x8001);   /* IBRD, 16 bits wide */
		sext = readh_signed(uart + 0x024);
		writel(uart + 0x024, 0);
		say("mmio: ldrsh of IBRD=0x8001 -> %lld", (long long)sext);
	}

	write_sysreg(cntp_cval_el0, 0x123456789abcull);
	say("sysreg: " GUEST_CNTP_CVAL_NAME " reads back 0x%llx",
	    (unsigned long long)read_sysreg(cntp_cval_el0));

	uint64_t t0 = read_sysreg(cntvct_el0);
	sleep_ticks(ms_ticks(5));
	say("wfi: slept %llu us on the virtual timer",
	    (unsigned long long)((read_sysreg(cntvct_el0) - t0) * 1000000 / read_sysreg(cntfrq_el0)));
}

/* Path lengths: see LOOP in guest.h. */
void pmu_on(void)
{
	write_sysreg(pmccfiltr_el0, 1ull << 27);   /* NSH: count at EL2 too */
	write_sysreg(pmcr_el0, 1 | (1 << 2));      /* enable, reset cycle counter */
	write_sysreg(pmcntenset_el0, 1ull << 31);  /* cycle counter on */
	__asm__ volatile("isb");
}

void report(const char *name, struct stamp t, struct stamp empty)
{
	/* Signed: an operation as short as the empty iteration's can come out
	 * a cycle or a tick below it (where the loop starts in a tick). */
	int64_t by_cycles = (int64_t)(t.cycles - empty.cycles) / BENCH_ITERS + 1;
	/* 16 instructions per tick; hundredths for the cross-check. */
	int64_t by_ticks_x100 = (int64_t)(t.ticks - empty.ticks) * 1600 / BENCH_ITERS + 100;

	if (by_cycles < 0)
		by_cycles = 0;
	if (by_ticks_x100 < 0)
		by_ticks_x100 = 0;
	if (timer_only) {       /* no cycle counter: the timer's figure alone */
		say("bench: %s timer-only %lld.%02lld", name, (long long)(by_ticks_x100 / 100),
		    (long long)(by_ticks_x100 % 100));
		return;
	}

	say("bench: %s %lld (timer: %lld.%02lld)", name, (long long)by_cycles,
	    (long long)(by_ticks_x100 / 100), (long long)(by_ticks_x100 % 100));
}

static void bench(void)
{
	uintptr_t x2r;

	if (!timer_only)
		pmu_on();
	x2r = 0;
	struct stamp empty = LOOP(BENCH_EMPTY);
	x2r = TANDEM_HC_NULL;
	struct stamp hc = native ? empty : LOOP(BENCH_HVC);
	x2r = uart + UART_FR;
	struct stamp mmio = LOOP(BENCH_LOAD);
	x2r = 0;
	struct stamp svc = LOOP(BENCH_SVC);

	say("bench: iterations %d", BENCH_ITERS);
	if (!native)
		report("null_hypercall", hc, empty);
	report("mmio_read", mmio, empty);
	report("el1_exception", svc, empty);

	/* PSCI_VERSION through the tree's conduit, and a GICD_TYPER read: the
	 * operations any hypervisor's guest has (issue 17: Xen beside Tandem). */
	x2r = PSCI_VERSION;
	struct stamp psci_v = psci_smc ? LOOP(BENCH_SMC) : LOOP(BENCH_HVC);
	report("psci_version", psci_v, empty);
	if (gic.version) {
		x2r = gic.gicd + GICD_TYPER;
		struct stamp gicd = LOOP(BENCH_LOAD);
		report("gicd_read", gicd, empty);
	}
}

void secondary_main(uint64_t ctx);
void secondary_main(uint64_t ctx)
{
	uint64_t id = ctx & 0xff;

	if ((ctx >> 8) != SECONDARY_HELLO) {
		secondary_irq_main((unsigned int)id, (unsigned int)(ctx >> 8));
	} else if (native) {
		say("vcpu %llu: up (mpidr 0x%llx)", (unsigned long long)id,
		    (unsigned long long)(read_sysreg(mpidr_el1) & 0xffffff));
	} else {
		struct smc_result r = hvc(TANDEM_HC_VM_INFO, 0, 0, 0);

		say("vcpu %llu: up (mpidr 0x%llx, Tandem says vcpu %llu)", (unsigned long long)id,
		    (unsigned long long)(read_sysreg(mpidr_el1) & 0xffffff), (unsigned long long)r.x2);
	}
	__atomic_add_fetch(&secondaries_up, 1, __ATOMIC_SEQ_CST);
	psci(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

extern char secondary_start[];

static void start_secondaries(void)
{
	for (uint64_t i = 1; i < ncpus; i++) {
		struct smc_result r = psci(GUEST_PSCI_CPU_ON, i, (uint64_t)(uintptr_t)secondary_start,
					   i | (SECONDARY_HELLO << 8));

		say("psci: CPU_ON vcpu %llu -> %lld", (unsigned long long)i, (long long)r.x0);
	}
	while (secondaries_up < ncpus - 1)
		__asm__ volatile("yield");
	for (uint64_t i = 1; i < ncpus; i++) {
		struct smc_result r;

		do {   /* CPU_OFF takes effect when that vCPU next exits */
			r = psci(GUEST_PSCI_AFFINITY_INFO, i, 0, 0);
		} while (r.x0 == 0);
		say("psci: AFFINITY_INFO vcpu %llu -> %lld (off)", (unsigned long long)i,
		    (long long)r.x0);
	}
}

/* From start.S: kind is the vector's index (4: synchronous, current EL). */
void guest_unexpected_exception(uint64_t esr, uint64_t elr, uint64_t far, uint64_t kind);
void guest_unexpected_exception(uint64_t esr, uint64_t elr, uint64_t far, uint64_t kind)
{
	static const char *const what[4] = { "synchronous", "IRQ", "FIQ", "SError" };
	static const char *const from[4] = { "EL1t", "EL1h", "EL0 (AArch64)", "EL0 (AArch32)" };

	if (kind == 4)
		say("exception: ESR 0x%llx at 0x%llx (FAR 0x%llx)", (unsigned long long)esr,
		    (unsigned long long)elr, (unsigned long long)far);
	else
		say("exception: unexpected %s from %s on vcpu %u: ESR 0x%llx at 0x%llx (FAR 0x%llx)",
		    what[kind & 3], from[(kind >> 2) & 3], this_cpu(), (unsigned long long)esr,
		    (unsigned long long)elr, (unsigned long long)far);
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

/* A CPU hog: busy for ms of counter time, never waiting, so that only
 * preemption or time slicing lets anything else on its core run. */
static void hog(const char *ms)
{
	uint64_t start = read_sysreg(cntvct_el0), per = ms_ticks(100);
	uint64_t total = ms ? strtoul(ms, NULL, 0) : 0, next = start + per;

	if (!total)
		return;
	say("hog: computing for %llu ms without waiting", (unsigned long long)total);
	while (read_sysreg(cntvct_el0) - start < ms_ticks(total)) {
		if (read_sysreg(cntvct_el0) >= next) {
			say("hog: %llu ms", (unsigned long long)((next - start) / ms_ticks(1)));
			next += per;
		}
	}
	say("hog: done");
}

/* Tandem or not: `native` says so; otherwise the hypervisor names itself
 * with the SMCCC vendor-hypervisor UID call. Without EL2 that HVC is
 * undefined: start.S then steps over it (hvc_probing) and it returns -1, as
 * QEMU's own PSCI conduit does for calls it does not know. */
volatile uint32_t hvc_probing;

static void detect_platform(void)
{
	static const uint32_t tandem_uid[4] = { 0xb30c1e5b, 0x524d7f2e, 0x41546c9a, 0x4d45444e };
	struct smc_result r;

	if (arg_value("native")) {
		native = true;
		say("platform: native");
		return;
	}
	hvc_probing = 1;
	r = hvc(TANDEM_HC_CALL_UID, 0, 0, 0);
	hvc_probing = 0;
	/* The UID is four 32-bit words (SMCCC: w0-w3). */
	if ((uint32_t)r.x0 == tandem_uid[0] && r.x1 == tandem_uid[1] && r.x2 == tandem_uid[2] &&
	    r.x3 == tandem_uid[3]) {
		say("platform: tandem");
		return;
	}
	native = true;
	if (r.x0 == (uint64_t)-1)
		say("platform: native");
	else
		say("platform: native (a hypervisor that is not Tandem: UID 0x%08llx 0x%08llx "
		    "0x%08llx 0x%08llx)", (unsigned long long)r.x0, (unsigned long long)r.x1,
		    (unsigned long long)r.x2, (unsigned long long)r.x3);
}

/* Natively, the GIC must pass the virtual timer's interrupt for WFI to wake
 * (even masked); under Tandem it is set up only when a test needs it, as
 * Tandem traps WFI and need not emulate a GIC for guests that never use it. */
static bool gic_up;

static void setup_gic(void)
{
	char what[160];

	gic_describe(what, sizeof(what));
	say("gic: %s", what);
	if (!gic.version)
		return;
	if (!gic_dist_init())
		say("gic: the distributor did not finish a register write (GICD_CTLR.RWP)");
	if (!gic_cpu_init()) {
		say("gic: vcpu 0 has no usable %s", gic.version == 3 ?
		    "redistributor or system-register interface" : "CPU interface");
		return;
	}
	gic_enable(gic.vtimer_intid);
	gic_up = true;
}

/* The seeds in hex, for the tests of per-VM entropy (docs/security.md). */
static void print_seed(const char *name, const struct seed *sd)
{
	char hex[2 * sizeof(sd->bytes) + 1];

	if (!sd->len) {
		say("seeds: %s absent", name);
		return;
	}
	for (unsigned int i = 0; i < sd->len; i++)
		snformat(hex + 2 * i, 3, "%02x", sd->bytes[i]);
	say("seeds: %s %u bytes %s", name, sd->len, hex);
}

/* A hostile look for seeds that are not its own: any device tree in its RAM
 * other than its own, and what its /chosen/rng-seed and kaslr-seed hold. */
static void find_dtbs(const void *mine)
{
	unsigned int found = 0;

	for (uint64_t a = ram_base; a + 64 <= ram_base + ram_size; a += 4096) {
		const void *fdt = (const void *)(uintptr_t)a;
		int chosen;

		if (fdt == mine || fdt_magic(fdt) != FDT_MAGIC || fdt_check_header(fdt) ||
		    a + fdt_totalsize(fdt) > ram_base + ram_size)
			continue;
		found++;
		chosen = fdt_path_offset(fdt, "/chosen");
		for (int i = 0; i < 2; i++) {
			const char *name = i ? "kaslr-seed" : "rng-seed";
			int len = 0, nonzero = 0;
			const uint8_t *v = chosen >= 0 ? fdt_getprop(fdt, chosen, name, &len) : NULL;

			for (int j = 0; v && j < len; j++)
				nonzero |= v[j];
			say("find-dtb: a device tree at 0x%llx: %s %s", (unsigned long long)a, name,
			    !v ? "absent" : nonzero ? "HAS NON-ZERO BYTES" : "all zero");
		}
	}
	say("find-dtb: %u other device tree(s) in my RAM", found);
}

void guest_main(const void *fdt);
void guest_main(const void *fdt)
{
	read_device_tree(fdt);
	timer_only = arg_value("bench-timer") != NULL;
	if (arg_value("find-dtb"))
		find_dtbs(fdt);   /* before the cookie below lands on what it looks for */

	/* RAM survives a VM reset (only the image and device tree are reloaded). */
	volatile uint64_t *cookie = (volatile uint64_t *)(uintptr_t)(ram_base + ram_size / 2);
	uint64_t boots = (*cookie >> 32) == 0x7e57 ? (*cookie & 0xffff) + 1 : 1;

	*cookie = (0x7e57ull << 32) | boots;
	say("testguest: up (boot %llu); RAM 0x%llx-0x%llx, %llu vCPU(s), args \"%s\"",
	    (unsigned long long)boots,
	    (unsigned long long)ram_base, (unsigned long long)(ram_base + ram_size - 1),
	    (unsigned long long)ncpus, args);
	detect_platform();
	if (arg_value("seeds")) {
		print_seed("rng-seed", &rng_seed);
		print_seed("kaslr-seed", &kaslr_seed);
	}
	/* As any OS does: its WFI sleeps are woken through the GIC, here and on
	 * hardware alike. */
	setup_gic();
	self_tests();
	if (arg_value("smp") && ncpus > 1)
		start_secondaries();
	if (arg_value("bench") || timer_only)
		bench();
	if (gic_up)
		irq_tests();

	uint64_t sum = fill_secret();
	const char *hb = arg_value("heartbeats");
	unsigned long beats = hb ? strtoul(hb, NULL, 0) : 0;

	say("memory: secret written, checksum 0x%016llx", (unsigned long long)sum);
	uint64_t worst = 0;

	for (unsigned long i = 1; i <= beats; i++) {
		uint64_t due = read_sysreg(cntvct_el0) + ms_ticks(20);

		sleep_ticks(ms_ticks(20));
		uint64_t late = read_sysreg(cntvct_el0) - due;

		if (late > worst)
			worst = late;
		if (late > ms_ticks(1))
			say("heartbeat %lu: woke %llu us late", i,
			    (unsigned long long)(late * 1000000 / read_sysreg(cntfrq_el0)));
		say("heartbeat %lu: secret %s", i, secret_sum() == sum ? "intact" : "CORRUPTED");
	}
	if (beats)
		say("heartbeats: latest wake-up %llu us after its deadline",
		    (unsigned long long)(worst * 1000000 / read_sysreg(cntfrq_el0)));
	const char *ext = arg_value("ext");

	if (ext)
		ext_state_test(strtoul(ext, NULL, 0));
	hog(arg_value("hog"));

	const char *probe = arg_value("probe");
	if (probe) {
		/* One register-wide load: a syndrome Tandem can describe. */
		volatile unsigned long *p = (volatile unsigned long *)(uintptr_t)strtoul(probe, NULL, 0);

		say("probe: reading 0x%llx, which is not my memory", (unsigned long long)(uintptr_t)p);
		unsigned long long v = *p;
		say("probe: READ SUCCEEDED (0x%llx): isolation is broken", (unsigned long long)v);
	}
	const char *end = arg_value("end");

	if (end && !strcmp(end, "reset") && boots < 2) {
		say("end: PSCI SYSTEM_RESET");
		psci(PSCI_SYSTEM_RESET, 0, 0, 0);
	} else if (end && !strcmp(end, "hang")) {
		say("end: idling");
		for (;;)
			__asm__ volatile("wfi");
	}
	say("end: PSCI SYSTEM_OFF");
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	say("end: SYSTEM_OFF RETURNED");
}

/* libfdt's stack protector hooks. */
uintptr_t __stack_chk_guard = (uintptr_t)0x2545f4914f6cdd1dull;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	say("stack corruption detected");
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}
