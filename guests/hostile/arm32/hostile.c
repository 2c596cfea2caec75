/* The hostile guest on ARMv7-A (tests: scenarios_testguest_arm32.py): the
 * attacks of guests/hostile that apply to AArch32, chosen by bootarg
 * attack=NAME[,NAME...]. It runs on the test guest's arm32 entry code,
 * exception report (whose catcher it sets), GIC driver and device-tree
 * reading. Each attack ends with
 *   hostile: RESULT <attack> ok|FAIL|skip <what it observed>
 * or never gets there because Tandem stops the VM (the runner then checks
 * Tandem's message). Natively (no HYP) the accesses that Tandem must stop
 * simply complete, and the guest says so. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <libfdt.h>
#include <format.h>
#include "el2/hypercall.h"
#include "firmware/psci.h"
#include "firmware/smccc.h"
#include "guests/test/guest.h"
#include "guests/test/gic.h"

uintptr_t uart;
uint64_t ram_base, ram_size, ncpus = 1;
bool native;
volatile uint32_t hvc_probing;
volatile uint64_t irq_stamp;
static const char *attack = "";
static volatile int uart_lock;

static void put_line(const char *prefix, const char *fmt, va_list ap)
{
	char buf[240];
	int n = snformat(buf, sizeof(buf), "%s", prefix);

	n += vsnformat(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	while (__atomic_exchange_n(&uart_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("yield");
	for (int i = 0; i < n; i++) {
		while (readl(uart + UART_FR) & UART_FR_TXFF)
			;
		writel(uart + UART_DR, (uint8_t)buf[i]);
	}
	writel(uart + UART_DR, '\n');
	__atomic_store_n(&uart_lock, 0, __ATOMIC_RELEASE);
}

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_line("hostile: ", fmt, ap);
	va_end(ap);
}

static void result(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void result(int ok, const char *fmt, ...)
{
	char prefix[80];
	va_list ap;

	snformat(prefix, sizeof(prefix), "hostile: RESULT %s %s ", attack,
		 ok > 0 ? "ok" : ok < 0 ? "skip" : "FAIL");
	va_start(ap, fmt);
	put_line(prefix, fmt, ap);
	va_end(ap);
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

uint64_t ms_ticks(uint64_t ms)
{
	return read_sysreg(cntfrq_el0) / 1000 * ms;
}

/* ---------------------------------------------------------------- catching */
/* Exceptions taken at its own PL1 while an attack expects them: counted,
 * the first recorded, stepped over (ARM state: 4 bytes); a prefetch abort
 * returns to LR, as after a BLX to the faulting address. */
static volatile uint32_t caught, caught_kind, caught_fsr, caught_far, caught_pc;

static bool catcher(uint32_t kind, struct irq_frame *f, uint32_t fsr, uint32_t far)
{
	if (kind != 1 && kind != 3 && kind != 4)
		return false;
	if (!caught++) {
		caught_kind = kind;
		caught_fsr = fsr;
		caught_far = far;
		caught_pc = f->elr;
	}
	f->elr = kind == 3 ? f->lr : f->elr + 4;
	return true;
}

static void catch_reset(void)
{
	caught = caught_kind = caught_fsr = caught_far = caught_pc = 0;
}

/* ------------------------------------------------ MMIO without a syndrome */
/* Each of these gives the hypervisor no instruction syndrome (HSR.ISV 0):
 * Tandem must stop the VM, naming the access, not guess at it. */
static void mmio_ldrd_gicd(void)
{
	register uint32_t lo __asm__("r2"), hi __asm__("r3");

	__asm__ volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(gic.gicd) : "memory");
	result(1, "LDRD from GICD completed: 0x%08x 0x%08x", lo, hi);
}

static void mmio_strd_uart(void)
{
	register uint32_t lo __asm__("r2") = 0, hi __asm__("r3") = 0;

	__asm__ volatile("strd %0, %1, [%2]" : : "r"(lo), "r"(hi), "r"(uart + 0x38) : "memory");
	result(1, "STRD to the PL011's IMSC completed");
}

static void mmio_ldr_postindex_uart(void)
{
	uintptr_t a = uart + 0xfe0;
	uint32_t v;

	__asm__ volatile("ldr %0, [%1], #4" : "=r"(v), "+r"(a) : : "memory");
	result(1, "post-indexed LDR from PeriphID0 completed: 0x%x", v);
}

static void mmio_str_preindex_gicd(void)
{
	uintptr_t a = gic.gicd + 0x180;

	__asm__ volatile("str %1, [%0, #4]!" : "+r"(a) : "r"(0u) : "memory");
	result(1, "pre-indexed STR to GICD_ICENABLER1 completed");
}

static void mmio_ldm_gicd(void)
{
	uint32_t v[2];

	__asm__ volatile("ldm %2, {%0, %1}" : "=&r"(v[0]), "=&r"(v[1]) : "r"(gic.gicd) : "memory");
	result(1, "LDM from GICD completed: 0x%08x 0x%08x", v[0], v[1]);
}

static void vfp_on(void)
{
	uint32_t cpacr;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(cpacr));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 2" : : "r"(cpacr | (0xfu << 20)));
	isb();
	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpexc, %0" : : "r"(1u << 30));
	isb();
}

static void mmio_vldr_gicd(void)
{
	uint32_t lo, hi;

	vfp_on();
	__asm__ volatile(".fpu neon-vfpv4\n vldr d0, [%2]\n vmov %0, %1, d0"
			 : "=r"(lo), "=r"(hi) : "r"(gic.gicd) : "memory", "d0");
	result(1, "VLDR (VFP) from GICD completed: 0x%08x 0x%08x", lo, hi);
}

/* ------------------------------------------------------- stage-2 edges */
static void s2_past_ram_end(void)
{
	uint32_t v = readl((uintptr_t)(ram_base + ram_size));

	result(1, "read just past its RAM completed: 0x%x", v);
}

static void s2_below_ram(void)
{
	writel((uintptr_t)(ram_base - 4), 0xdeadbeef);
	result(1, "write just below its RAM completed");
}

static void s2_past_gicd(void)
{
	uintptr_t a = gic.gicd + (gic.version == 3 ? 0x10000 : 0x1000);

	if (gic.version == 2) {   /* the CPU interface follows GICD on QEMU's virt */
		result(-1, "GICv2: GICC is next to GICD");
		return;
	}
	result(1, "read just past the distributor completed: 0x%x", readl(a));
}

static void s2_exec_past_ram(void)
{
	void (*f)(void) = (void (*)(void))(uintptr_t)(ram_base + ram_size);

	catch_reset();
	exception_catcher = catcher;
	f();
	exception_catcher = NULL;
	result(caught != 0, "branch past its RAM: %s (IFSR 0x%x IFAR 0x%x)",
	       caught ? "prefetch abort at its own PL1" : "RETURNED", caught_fsr, caught_far);
}

/* -------------------------------------------------------- foreign interrupts */
static volatile uint32_t took;

static void count_irq(unsigned int intid, uint32_t iar)
{
	(void)intid, (void)iar;
	took++;
}

/* Unmasked for 2 ms: what arrives. */
static uint32_t window(void)
{
	uint64_t end = cntvct() + ms_ticks(2);
	uint32_t before = gic_unexpected[0] + took;

	irqs_on();
	while (cntvct() < end)
		;
	irqs_off();
	return gic_unexpected[0] + took - before;
}

static bool self_sgi_works(void)
{
	took = 0;
	gic_set_handler(SGI_SELF, count_irq);
	gic_enable(SGI_SELF);
	gic_send_sgi_self(SGI_SELF);
	window();
	return took == 1;
}

/* PPIs that belong to the hypervisor on the physical GIC (25 maintenance,
 * 26 hyp timer) and 23, 29: enabled and pended by the guest, they must at
 * most reach it as its own virtual interrupts, never disturb Tandem. */
static void gic_ppi_not_own(void)
{
	static const unsigned int ppis[] = { 23, 25, 26, 29 };
	uintptr_t sgi_base = gic.version == 3 ? gic_rd() + GICR_SGI : gic.gicd;
	uint32_t got;

	for (unsigned int i = 0; i < 4; i++) {
		writel(sgi_base + GICD_ISENABLER, 1u << ppis[i]);
		writel(sgi_base + GICD_ISPENDR, 1u << ppis[i]);
	}
	got = window();
	for (unsigned int i = 0; i < 4; i++) {
		writel(sgi_base + GICD_ICENABLER, 1u << ppis[i]);
		writel(sgi_base + GICD_ICPENDR, 1u << ppis[i]);
	}
	result(self_sgi_works(), "PPIs 23, 25, 26, 29 enabled and pended: %u taken; a self SGI still comes", got);
}

/* SGIs to vCPUs it does not have: v2 target lists 0xfe and the reserved
 * filter; v3 ICC_SGI1R (MCRR) with Aff1-3 and target lists of nobody. */
static void gic_sgi_nonexistent(void)
{
	uint32_t got;

	if (gic.version == 2) {
		writel(gic.gicd + GICD_SGIR, (0xfeu << 16) | 3);
		writel(gic.gicd + GICD_SGIR, (1u << 24) | 3);   /* all but itself: there are none */
		/* The reserved filter: QEMU's own GICv2 sends it to every CPU. */
		if (!native)
			writel(gic.gicd + GICD_SGIR, (3u << 24) | (0xffu << 16) | 3);
	} else {
		write_sysreg(icc_sgi1r_el1, (0xffull << 48) | (0xffull << 32) | (3ull << 24) | (0xff << 16) | 0xffff);
		write_sysreg(icc_sgi1r_el1, (3ull << 24) | 0xfffe);
		write_sysreg(icc_sgi1r_el1, (1ull << 40) | (3ull << 24));   /* IRM: all but itself */
	}
	gic_set_handler(3, count_irq);
	gic_enable(3);
	took = 0;
	got = window();
	gic_disable(3);
	result(got == 0 && self_sgi_works(), "SGIs to vCPUs that do not exist: %u taken by itself", got);
}

/* All-ones to enable, pending and priority words of INTIDs beyond the
 * GIC's and of 1020-1023. */
static void gic_intid_range(void)
{
	uint32_t words = gic.nr_irqs / 32;

	for (uint32_t w = words; w < 32; w++) {
		writel(gic.gicd + GICD_ISENABLER + 4 * w, ~0u);
		writel(gic.gicd + GICD_ISPENDR + 4 * w, ~0u);
		writel(gic.gicd + GICD_ISACTIVER + 4 * w, ~0u);
	}
	writel(gic.gicd + GICD_IPRIORITYR + 1020, ~0u);
	uint32_t got = window();

	result(got == 0 && self_sgi_works(), "INTIDs %u-1023 enabled, pended, activated: %u taken",
	       gic.nr_irqs, got);
}

/* ------------------------------------------------------------- PSCI garbage */
struct tally { unsigned int n, bad; char first[120]; };

static void check(struct tally *t, const char *what, int64_t got, int64_t want)
{
	t->n++;
	if (got != want && !t->bad++)
		snformat(t->first, sizeof(t->first), "%s -> %lld, want %lld", what, (long long)got,
			 (long long)want);
}

static void tally_report(struct tally *t, const char *what)
{
	if (t->bad)
		result(0, "%u of %u %s wrong; first: %s", t->bad, t->n, what, t->first);
	else
		result(1, "%u %s, each answered as the spec says", t->n, what);
}

extern char secondary_start[];

void secondary_main(uint64_t ctx);
void secondary_main(uint64_t ctx)
{
	(void)ctx;
	psci(PSCI_CPU_OFF, 0, 0, 0);
}

static void psci_cpu_on_garbage(void)
{
	static const uint32_t targets[] = { 0xff, 0x100, 0x101, 0x10000, 0xff000000, ~0u };
	uintptr_t entry = (uintptr_t)secondary_start;
	struct tally t = { 0 };
	char what[64];

	for (unsigned int i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		snformat(what, sizeof(what), "CPU_ON(0x%x)", targets[i]);
		check(&t, what, (int64_t)psci(PSCI_CPU_ON, targets[i], entry, 0).x0, PSCI_INVALID_PARAMETERS);
	}
	check(&t, "CPU_ON(self)", (int64_t)psci(PSCI_CPU_ON, 0, entry, 0).x0, PSCI_ALREADY_ON);
	/* At itself (its only vCPU): Tandem checks the address first; QEMU's
	 * own PSCI does not check it. */
	if (!native) {
		check(&t, "CPU_ON(self, past RAM)", (int64_t)psci(PSCI_CPU_ON, 0, ram_base + ram_size, 0).x0,
		      PSCI_INVALID_ADDRESS);
		check(&t, "CPU_ON(self, below RAM)", (int64_t)psci(PSCI_CPU_ON, 0, ram_base - 4, 0).x0,
		      PSCI_INVALID_ADDRESS);
	}
	check(&t, "AFFINITY_INFO(0xff)", (int64_t)psci(PSCI_AFFINITY_INFO, 0xff, 0, 0).x0,
	      PSCI_INVALID_PARAMETERS);
	tally_report(&t, "CPU_ON/AFFINITY_INFO calls with bad targets or entry points");
}

/* SMC64 function IDs from AArch32, IDs nobody implements, a yielding call:
 * NOT_SUPPORTED, by HVC and by SMC alike. */
static void smccc_unknown_ids(void)
{
	static const uint32_t ids[] = {
		PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_64, 0xc4000012, 0x8400001f, 0x84000100, 0x8000ff00,
		0x82000000, 0x83000000, 0x85000000, 0x8700ff00, 0xb0000000, 0xbf00ff00, 0x86000fff,
		0x04000000, 0x00000000, 0x7fffffff,
	};
	struct tally t = { 0 };
	char what[48];

	/* Natively only QEMU's own conduit, and a call it does not take is an
	 * undefined instruction, stepped over with r0 = -1 (start.S). */
	hvc_probing = native;
	for (unsigned int i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		if (!native || !psci_smc) {
			snformat(what, sizeof(what), "HVC 0x%08x", ids[i]);
			check(&t, what, (int64_t)hvc(ids[i], 1, ram_base, 0).x0, SMCCC_NOT_SUPPORTED);
		}
		if (!native || psci_smc) {
			snformat(what, sizeof(what), "SMC 0x%08x", ids[i]);
			check(&t, what, (int64_t)smc(ids[i], 1, ram_base, 0).x0, SMCCC_NOT_SUPPORTED);
		}
	}
	hvc_probing = 0;
	tally_report(&t, "unimplemented or SMC64 function IDs");
}

/* HVC #1 with PSCI_VERSION and SYSTEM_OFF: not SMCCC calls (HSR.ISS has
 * the immediate), so NOT_SUPPORTED, and the VM is still on. (An AArch32
 * SMC's immediate is not in its syndrome: SMC #1 is not tried.) Each answer
 * is printed before the next call, in case that one powers the VM off. */
static int32_t hvc1(uint32_t fid)
{
	register uint32_t r0 __asm__("r0") = fid;

	__asm__ volatile(".arch_extension virt\n hvc #1" : "+r"(r0) : : "r1", "r2", "r3", "ip", "memory");
	return (int32_t)r0;
}

static void smccc_nonzero_immediate(void)
{
	struct tally t = { 0 };
	int32_t r;

	if (native) {
		result(-1, "natively HVC #1 is undefined or QEMU's PSCI");
		return;
	}
	r = hvc1(PSCI_VERSION);
	say("HVC #1 PSCI_VERSION -> %d", r);
	check(&t, "HVC #1 PSCI_VERSION", r, SMCCC_NOT_SUPPORTED);
	say("HVC #1 SYSTEM_OFF ...");
	r = hvc1(PSCI_SYSTEM_OFF);
	check(&t, "HVC #1 SYSTEM_OFF", r, SMCCC_NOT_SUPPORTED);
	tally_report(&t, "calls with a non-zero immediate (still on)");
}

/* ----------------------------------------------------------------- CP15 */
/* HYP's own registers from PL1: UNDEFINED, architecturally (HCR, HVBAR,
 * HSCTLR, HTTBR, VTTBR, CNTVOFF, CNTHCTL, VTCR). */
#define TRY(insn) do { \
		uint32_t __lo = 0, __hi = 0; \
		n++; \
		__asm__ volatile(".arch_extension virt\n" insn : "+r"(__lo), "+r"(__hi) : : "memory"); \
	} while (0)

static void cp15_hyp_registers(void)
{
	unsigned int n = 0;

	catch_reset();
	exception_catcher = catcher;
	TRY("mrc p15, 4, %0, c1, c1, 0");         /* HCR */
	TRY("mcr p15, 4, %0, c1, c1, 0");
	TRY("mrc p15, 4, %0, c12, c0, 0");        /* HVBAR */
	TRY("mcr p15, 4, %0, c12, c0, 0");
	TRY("mrc p15, 4, %0, c1, c0, 0");         /* HSCTLR */
	TRY("mrrc p15, 4, %0, %1, c2");           /* HTTBR */
	TRY("mrrc p15, 6, %0, %1, c2");           /* VTTBR */
	TRY("mcrr p15, 6, %0, %1, c2");
	TRY("mcrr p15, 4, %0, %1, c14");          /* CNTVOFF */
	TRY("mrc p15, 4, %0, c14, c1, 0");        /* CNTHCTL */
	TRY("mcr p15, 4, %0, c2, c1, 2");         /* VTCR */
	TRY("mcr p15, 4, %0, c1, c1, 3");         /* HSTR */
	exception_catcher = NULL;
	result(caught == n && caught_kind == 1, "%u of %u HYP register accesses from PL1 undefined",
	       caught, n);
}

/* Data-cache maintenance by set/way (DCISW, DCCSW, DCCISW) over every set
 * and way: trapped (HCR.TSW) and done by Tandem, never an invalidation of
 * the physical caches under another VM's data. */
static void cp15_set_way(void)
{
	uint32_t clidr, ccsidr, n = 0;

	__asm__ volatile("mrc p15, 1, %0, c0, c0, 1" : "=r"(clidr));
	for (uint32_t level = 0; level < 7; level++) {
		uint32_t ctype = (clidr >> (3 * level)) & 7;

		if (ctype < 2)
			continue;
		__asm__ volatile("mcr p15, 2, %0, c0, c0, 0" : : "r"(level << 1));
		isb();
		__asm__ volatile("mrc p15, 1, %0, c0, c0, 0" : "=r"(ccsidr));
		uint32_t lines = (ccsidr & 7) + 4, ways = ((ccsidr >> 3) & 0x3ff) + 1;
		uint32_t sets = ((ccsidr >> 13) & 0x7fff) + 1;
		uint32_t wshift = ways > 1 ? (uint32_t)__builtin_clz(ways - 1) : 0;

		for (uint32_t w = 0; w < ways; w++)
			for (uint32_t s = 0; s < sets; s++) {
				uint32_t v = (w << wshift) | (s << lines) | (level << 1);

				__asm__ volatile("mcr p15, 0, %0, c7, c6, 2\n"    /* DCISW */
						 " mcr p15, 0, %0, c7, c10, 2\n"  /* DCCSW */
						 " mcr p15, 0, %0, c7, c14, 2"    /* DCCISW */
						 : : "r"(v) : "memory");
				n += 3;
			}
	}
	__asm__ volatile("dsb" : : : "memory");
	/* Its own memory is still what it was: the invalidations lost nothing. */
	static volatile uint32_t canary = 0x5a5aa5a5;
	bool ok = canary == 0x5a5aa5a5;

	result(ok && n > 0, "%u set/way operations (CLIDR 0x%08x); its data intact", n, clidr);
}

/* ACTLR (its SMP bit and the rest): writes are trapped (HCR.TAC) and must
 * not reach the physical register. */
static void cp15_actlr(void)
{
	uint32_t before, after;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(before));
	catch_reset();
	exception_catcher = catcher;
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" : : "r"(~before) : "memory");
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 1" : : "r"(0u) : "memory");
	exception_catcher = NULL;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 1" : "=r"(after));
	result(after == before, "ACTLR 0x%08x, after writes of ~it and 0: 0x%08x (%u undefined)",
	       before, after, caught);
}

/* Implementation-defined registers: UNDEFINED to a VM, which must not
 * learn or change the core's configuration. Cortex-A15's L2CTLR and
 * L2ECTLR are in the c9 space HCR.TIDCP traps; CBAR (the physical
 * PERIPHBASE) is in c15, which HSTR.T15 traps. */
static void impdef(bool c15)
{
	unsigned int n = 0;

	catch_reset();
	exception_catcher = catcher;
	if (c15) {
		TRY("mrc p15, 4, %0, c15, c0, 0");        /* CBAR */
		TRY("mrc p15, 0, %0, c15, c0, 0");
	} else {
		TRY("mrc p15, 1, %0, c9, c0, 2");         /* L2CTLR */
		TRY("mcr p15, 1, %0, c9, c0, 2");
		TRY("mrc p15, 1, %0, c9, c0, 3");         /* L2ECTLR */
		TRY("mcr p15, 1, %0, c9, c0, 3");
	}
	exception_catcher = NULL;
	if (native)
		result(-1, "natively %u of %u undefined", caught, n);
	else
		result(caught == n && caught_kind == 1, "%u of %u implementation-defined accesses undefined",
		       caught, n);
}

static void cp15_impdef_c9(void)
{
	impdef(false);
}

static void cp15_impdef_c15(void)
{
	impdef(true);
}

/* The identification a VM sees: MPIDR is its vCPU's (Aff0 = vCPU 0),
 * MIDR the core's. */
static void cp15_ids(void)
{
	uint32_t midr, mpidr;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(midr));
	mpidr = (uint32_t)read_sysreg(mpidr_el1);
	result((mpidr & 0xffffff) == 0 && (mpidr >> 31) == 1, "MIDR 0x%08x MPIDR 0x%08x", midr, mpidr);
}

/* GICv3's CPU interface by cp15: EOIs and deactivations of what was never
 * acknowledged, an SRE write of 0, then an SGI must still come. */
static void gic_icc_garbage(void)
{
	if (gic.version != 3) {
		result(-1, "GICv2: no system-register interface");
		return;
	}
	for (uint32_t id = 0; id < 64; id++)
		write_sysreg(icc_eoir1_el1, id * 37);
	for (uint32_t id = 0; id < 64; id++)
		__asm__ volatile("mcr p15, 0, %0, c12, c11, 1" : : "r"(id * 41));   /* ICC_DIR */
	write_sysreg(icc_sre_el1, 0);
	isb();
	write_sysreg(icc_bpr1_el1, 7);
	write_sysreg(icc_bpr1_el1, 0);
	result(self_sgi_works(), "EOIR/DIR garbage and SRE 0: SRE reads 0x%llx; a self SGI still comes",
	       (unsigned long long)read_sysreg(icc_sre_el1));
}

/* ---------------------------------------------------------------- dispatch */
static const struct { const char *name; void (*run)(void); } attacks[] = {
	{ "mmio-ldrd-gicd", mmio_ldrd_gicd }, { "mmio-strd-uart", mmio_strd_uart },
	{ "mmio-ldr-postindex-uart", mmio_ldr_postindex_uart },
	{ "mmio-str-preindex-gicd", mmio_str_preindex_gicd }, { "mmio-ldm-gicd", mmio_ldm_gicd },
	{ "mmio-vldr-gicd", mmio_vldr_gicd },
	{ "s2-past-ram-end", s2_past_ram_end }, { "s2-below-ram", s2_below_ram },
	{ "s2-past-gicd", s2_past_gicd }, { "s2-exec-past-ram", s2_exec_past_ram },
	{ "gic-ppi-not-own", gic_ppi_not_own }, { "gic-sgi-nonexistent", gic_sgi_nonexistent },
	{ "gic-intid-range", gic_intid_range }, { "gic-icc-garbage", gic_icc_garbage },
	{ "psci-cpu-on-garbage", psci_cpu_on_garbage }, { "smccc-unknown-ids", smccc_unknown_ids },
	{ "smccc-nonzero-immediate", smccc_nonzero_immediate },
	{ "cp15-hyp-registers", cp15_hyp_registers }, { "cp15-set-way", cp15_set_way },
	{ "cp15-actlr", cp15_actlr }, { "cp15-ids", cp15_ids },
	{ "cp15-impdef-c9", cp15_impdef_c9 }, { "cp15-impdef-c15", cp15_impdef_c15 },
};

/* attack=NAME[,NAME...]: the attacks in order, each announced
 * ("hostile: attack NAME") before it runs. One that Tandem stops the VM for
 * ends that boot: with on-crash = "restart" (hostile32.dtso) the VM comes
 * back from a clean image, its RAM kept, and a cookie there says where to
 * go on, so that one boot of QEMU runs the whole list. */
#define COOKIE_MAGIC 0x4057u

void guest_main(const void *fdt);
void guest_main(const void *fdt)
{
	const char *a;
	char name[48];
	unsigned int i, n = 0, next;

	read_device_tree(fdt);
	native = arg_value("native") != NULL;
	volatile uint32_t *cookie = (volatile uint32_t *)(uintptr_t)(ram_base + ram_size / 2);

	next = (*cookie >> 16) == COOKIE_MAGIC ? *cookie & 0xffff : 0;
	a = arg_value("attack");
	say("up: %s%s", native ? "native" : "under a hypervisor", next ? ", going on after a stop" : "");
	if (!gic.version || !gic_dist_init() || !gic_cpu_init())
		say("no usable GIC");
	else
		for (; a && *a && *a != ' '; n++) {
			for (i = 0; a[i] && a[i] != ' ' && a[i] != ',' && i < sizeof(name) - 1; i++)
				name[i] = a[i];
			name[i] = 0;
			a += i + (a[i] == ',');
			if (n < next)
				continue;
			*cookie = COOKIE_MAGIC << 16 | (n + 1);
			attack = name;
			say("attack %s", name);
			for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
				if (!strcmp(attacks[i].name, name))
					break;
			if (i < sizeof(attacks) / sizeof(attacks[0]))
				attacks[i].run();
			else
				say("no attack named \"%s\"", name);
		}
	*cookie = 0;
	say("done");
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}

uintptr_t __stack_chk_guard = (uintptr_t)0x2545f4914f6cdd1dull;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	say("stack corruption detected");
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
}
