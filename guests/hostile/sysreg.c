/* Trapped and untrapped system registers: set/way cache maintenance, the
 * PMU and the debug registers (which a VM without the overlay's
 * `profiling;` must see as zero, its writes ignored: they would show
 * another VM's or Tandem's activity), implementation-defined registers
 * (UNDEFINED for guests: HCR_EL2.TIDCP), and the emulated physical timer
 * at its extremes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <format.h>
#include "guests/hostile/hostile.h"

static void set_way(void)
{
	uint64_t clidr = read_sysreg(clidr_el1), ops = 0;

	catch_reset();
	for (unsigned int level = 0; level < 7; level++) {
		unsigned int ctype = (clidr >> (3 * level)) & 7;

		if (ctype < 2)   /* no data or unified cache here */
			continue;
		write_sysreg(csselr_el1, level << 1);
		isb();
		uint64_t ccsidr = read_sysreg(ccsidr_el1);
		unsigned int line = (ccsidr & 7) + 4, ways = ((ccsidr >> 3) & 0x3ff) + 1;
		unsigned int sets = ((ccsidr >> 13) & 0x7fff) + 1, wshift = __builtin_clz((ways - 1) | 1);

		if (ways == 1)
			wshift = 31;
		for (unsigned int w = 0; w < ways; w++)
			for (unsigned int s = 0; s < sets && s < 256; s++) {
				uint64_t sw = ((uint64_t)w << wshift) | ((uint64_t)s << line) | (level << 1);

				__asm__ volatile("dc isw, %0\n dc csw, %0\n dc cisw, %0" : : "r"(sw) : "memory");
				ops += 3;
			}
	}
	/* Nonsense: level 7 (none), every bit set, ways beyond the cache's. */
	static const uint64_t garbage[] = { 7 << 1, 0xffffffffffffffffull, 0xfffffffeull, 0x80000000ull | 2 };

	for (unsigned int i = 0; i < sizeof(garbage) / sizeof(garbage[0]); i++) {
		__asm__ volatile("dc isw, %0\n dc csw, %0\n dc cisw, %0" : : "r"(garbage[i]) : "memory");
		ops += 3;
	}
	__asm__ volatile("dsb sy\n isb");
	write_sysreg(csselr_el1, 0);
	result(!caught, "%llu set/way operations (DC ISW/CSW/CISW), %llu exceptions (CLIDR 0x%llx)",
	       (unsigned long long)ops, (unsigned long long)caught, (unsigned long long)clidr);
}

static void pmu(void)
{
	uint64_t c0, c1, pmcr, filt, en, user, evc, evt, sel, inten, ovs;
	volatile uint64_t sink = 0;

	/* What the RTOS and the benchmarks do to count: must not count here
	 * (and must not fault either: reading as zero is not UNDEFINED). */
	catch_reset();
	write_sysreg(pmccfiltr_el0, 1ull << 27);   /* NSH: count at EL2 too */
	write_sysreg(pmcr_el0, 1 | (1 << 1) | (1 << 2));
	write_sysreg(pmcntenset_el0, (1ull << 31) | 1);
	write_sysreg(pmuserenr_el0, 0xf);
	write_sysreg(pmselr_el0, 0);
	write_sysreg(pmevtyper0_el0, 0x11);         /* CPU_CYCLES */
	write_sysreg(pmevcntr0_el0, 0x1234);
	write_sysreg(pmintenset_el1, 1ull << 31);
	write_sysreg(pmovsset_el0, 1);
	isb();
	c0 = read_sysreg(pmccntr_el0);
	for (int i = 0; i < 100000; i++)
		sink += i;
	isb();
	c1 = read_sysreg(pmccntr_el0);
	pmcr = read_sysreg(pmcr_el0);
	filt = read_sysreg(pmccfiltr_el0);
	en = read_sysreg(pmcntenset_el0);
	user = read_sysreg(pmuserenr_el0);
	sel = read_sysreg(pmselr_el0);
	evt = read_sysreg(pmevtyper0_el0);
	evc = read_sysreg(pmevcntr0_el0);
	inten = read_sysreg(pmintenset_el1);
	ovs = read_sysreg(pmovsset_el0);
	uint64_t faults = caught;
	/* Leave the PMU as quiet as possible whatever happened. */
	write_sysreg(pmcntenclr_el0, ~0ull);
	write_sysreg(pmintenclr_el1, ~0ull);
	write_sysreg(pmovsclr_el0, ~0ull);
	write_sysreg(pmcr_el0, 0);
	write_sysreg(pmuserenr_el0, 0);
	isb();
	result(!faults && !c0 && !c1 && !pmcr && !filt && !en && !user && !sel && !evt && !evc && !inten && !ovs,
	       "%llu exceptions; PMCCNTR %llu then %llu; PMCR 0x%llx PMCCFILTR 0x%llx PMCNTENSET 0x%llx "
	       "PMUSERENR 0x%llx PMSELR %llu PMEVTYPER0 0x%llx PMEVCNTR0 0x%llx PMINTENSET 0x%llx PMOVSSET 0x%llx",
	       (unsigned long long)faults,
	       (unsigned long long)c0, (unsigned long long)c1, (unsigned long long)pmcr,
	       (unsigned long long)filt, (unsigned long long)en, (unsigned long long)user,
	       (unsigned long long)sel, (unsigned long long)evt, (unsigned long long)evc,
	       (unsigned long long)inten, (unsigned long long)ovs);
}

/* One debug register: written with `val`, read back (DBG_WO: write-only).
 * Every one of them exists in Armv8.0 AArch64: an UNDEFINED exception is a
 * failure (reading as zero is not faulting), except for DBGCLAIMSET_EL1,
 * which QEMU 7.2 does not model (its UNDEF is QEMU's, whatever Tandem does). */
struct dbg { const char *name; bool absent; uint64_t readback; };

#define DBG_RW(reg, val) ({ struct dbg __d = { #reg, false, 0 }; uint64_t __v = 0; \
	catch_reset(); \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) : "memory"); \
	isb(); \
	__asm__ volatile("mrs %0, " #reg : "+r"(__v) : : "memory"); \
	__d.absent = caught != 0; __d.readback = __v; __d; })
#define DBG_WO(reg, val) ({ struct dbg __d = { #reg, false, 0 }; \
	catch_reset(); \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) : "memory"); \
	__d.absent = caught != 0; __d; })

static void debug(void)
{
	uint64_t where = (uint64_t)(uintptr_t)debug;
	/* PSTATE.D stays set: nothing configured here can fire at EL1. */
	struct dbg r[] = {
		DBG_RW(dbgbvr0_el1, where),
		DBG_RW(dbgbcr0_el1, 0x1e7),                        /* enabled, EL1 and EL0 */
		DBG_RW(dbgwvr0_el1, (uint64_t)(uintptr_t)&where),
		DBG_RW(dbgwcr0_el1, 0x1ff7),
		DBG_RW(dbgbvr1_el1, where),
		DBG_RW(dbgbcr1_el1, 0x1e7),
		DBG_RW(osdlr_el1, 1),
		DBG_RW(mdccint_el1, (1 << 29) | (1 << 30)),
		DBG_RW(dbgclaimset_el1, 0xff),
		DBG_WO(oslar_el1, 1),
	};
	unsigned int n = sizeof(r) / sizeof(r[0]), absent = 0, bad = 0, undef = 0;
	char what[200];
	int len = 0;

	/* MDSCR_EL1 is the vCPU's own (single-step works) less every bit but
	 * SS, TDCC, KDE and MDE: all ones must read back as exactly those. */
	struct dbg mdscr = DBG_RW(mdscr_el1, ~0ull);

	__asm__ volatile("msr oslar_el1, xzr\n msr dbgbcr0_el1, xzr\n msr dbgbcr1_el1, xzr\n"
			 "msr dbgwcr0_el1, xzr\n msr mdscr_el1, xzr\n msr osdlr_el1, xzr\n isb");
	if (mdscr.absent || mdscr.readback != 0xb001) {
		bad++;
		len += snformat(what + len, sizeof(what) - (size_t)len, " mdscr_el1=0x%llx%s (want 0xb001)",
				(unsigned long long)mdscr.readback, mdscr.absent ? " UNDEFINED" : "");
	}
	what[0] = 0;
	for (unsigned int i = 0; i < n; i++) {
		if (r[i].absent && !strcmp(r[i].name, "dbgclaimset_el1")) {
			absent++;
			continue;
		}
		if (r[i].absent) {
			undef++;
			if (len < (int)sizeof(what) - 40)
				len += snformat(what + len, sizeof(what) - (size_t)len, " %s UNDEFINED", r[i].name);
		} else if (r[i].readback) {
			bad++;
			if (len < (int)sizeof(what) - 40)
				len += snformat(what + len, sizeof(what) - (size_t)len, " %s=0x%llx", r[i].name,
						(unsigned long long)r[i].readback);
		}
	}
	result(!bad && !undef, "%u debug registers written, %u read back non-zero, %u UNDEFINED%s%s%s", n - absent,
	       bad, undef, bad || undef ? ":" : "", what, absent ? "; DBGCLAIMSET_EL1 UNDEFINED (QEMU lacks it)" : "");
}

/* Implementation-defined registers (op0 3, CRn 11 or 15), several that
 * QEMU's Cortex-A57 implements (L2CTLR, L2ECTLR, L2ACTLR, CPUACTLR,
 * CPUECTLR, CPUMERRSR, CBAR) and some it does not. */
#define IMPDEF_READ(enc) ({ catch_reset(); uint64_t __v; \
	__asm__ volatile("mrs %0, " enc : "=r"(__v) : : "memory"); (void)__v; caught && !caught_ec(); })
#define IMPDEF_WRITE(enc) ({ catch_reset(); \
	__asm__ volatile("msr " enc ", %0" : : "r"(0ull) : "memory"); caught && !caught_ec(); })

static void impdef(void)
{
	struct { const char *name; bool undef; } r[] = {
		{ "S3_1_C11_C0_2 (L2CTLR) read", IMPDEF_READ("s3_1_c11_c0_2") },
		{ "S3_1_C11_C0_3 (L2ECTLR) read", IMPDEF_READ("s3_1_c11_c0_3") },
		{ "S3_1_C15_C0_0 (L2ACTLR) read", IMPDEF_READ("s3_1_c15_c0_0") },
		{ "S3_1_C15_C2_0 (CPUACTLR) read", IMPDEF_READ("s3_1_c15_c2_0") },
		{ "S3_1_C15_C2_1 (CPUECTLR) read", IMPDEF_READ("s3_1_c15_c2_1") },
		{ "S3_1_C15_C2_2 (CPUMERRSR) read", IMPDEF_READ("s3_1_c15_c2_2") },
		{ "S3_1_C15_C3_0 (CBAR) read", IMPDEF_READ("s3_1_c15_c3_0") },
		{ "S3_0_C15_C0_0 read", IMPDEF_READ("s3_0_c15_c0_0") },
		{ "S3_7_C15_C15_7 read", IMPDEF_READ("s3_7_c15_c15_7") },
		{ "S3_0_C11_C0_0 read", IMPDEF_READ("s3_0_c11_c0_0") },
		{ "S3_1_C15_C2_0 (CPUACTLR) write", IMPDEF_WRITE("s3_1_c15_c2_0") },
		{ "S3_1_C15_C2_1 (CPUECTLR) write", IMPDEF_WRITE("s3_1_c15_c2_1") },
		{ "S3_1_C11_C0_2 (L2CTLR) write", IMPDEF_WRITE("s3_1_c11_c0_2") },
		{ "S3_3_C15_C0_0 write", IMPDEF_WRITE("s3_3_c15_c0_0") },
	};
	unsigned int n = sizeof(r) / sizeof(r[0]), undef = 0;
	const char *first = NULL;

	for (unsigned int i = 0; i < n; i++) {
		if (r[i].undef)
			undef++;
		else if (!first)
			first = r[i].name;
	}
	if (first)
		result(false, "%u of %u implementation-defined accesses UNDEFINED; %s was not", undef, n, first);
	else
		result(true, "%u implementation-defined accesses each took an UNDEFINED exception "
		       "(ESR_EL1 class 0)", n);
}

static volatile uint32_t ptimer_irqs;

static void ptimer_irq(unsigned int intid, uint32_t iar)
{
	(void)intid, (void)iar;
	ptimer_irqs++;
	write_sysreg(cntp_ctl_el0, 3);   /* masked: one is enough */
}

static void ptimer_extremes(void)
{
	uint64_t cval, ctl_far, ctl_neg, cval_neg, before, after, ctl_past, tval_past, ctl_pos, ctl_garbage;

	/* The emulated physical timer, compared with the physical counter as
	 * the architecture does: unsigned 64-bit, CVAL <= CNTPCT; TVAL is the
	 * signed 32-bit distance, CVAL = CNTPCT + SignExtend(TVAL) mod 2^64. */
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntp_cval_el0, ~0ull);
	write_sysreg(cntp_ctl_el0, 1);
	isb();
	cval = read_sysreg(cntp_cval_el0);
	ctl_far = read_sysreg(cntp_ctl_el0);              /* never: ISTATUS clear */
	before = read_sysreg(cntpct_el0);
	write_sysreg(cntp_tval_el0, 0x80000000ull);       /* -2^31 */
	isb();
	after = read_sysreg(cntpct_el0);
	ctl_neg = read_sysreg(cntp_ctl_el0);
	cval_neg = read_sysreg(cntp_cval_el0);
	write_sysreg(cntp_tval_el0, (uint32_t)-1000);     /* a thousand ticks ago */
	isb();
	ctl_past = read_sysreg(cntp_ctl_el0);
	tval_past = read_sysreg(cntp_tval_el0);
	write_sysreg(cntp_tval_el0, 0x7fffffffull);       /* the far end of TVAL */
	isb();
	ctl_pos = read_sysreg(cntp_ctl_el0);
	write_sysreg(cntp_ctl_el0, ~0ull);
	isb();
	ctl_garbage = read_sysreg(cntp_ctl_el0);
	/* CVAL 0 with the interrupt unmasked: it fires at once. */
	gic_set_handler(30, ptimer_irq);
	gic_enable(30);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(cntp_cval_el0, 0);
	write_sysreg(cntp_ctl_el0, 1);
	isb();
	bool fired = wait_count(&ptimer_irqs, 1, 20);

	write_sysreg(cntp_ctl_el0, 0);
	gic_disable(30);
	bool neg_ok = cval_neg - (before - 0x80000000ull) <= after - before &&
		      !!(ctl_neg & 4) == (cval_neg <= after);
	bool ok = cval == ~0ull && (ctl_far & 5) == 1 && neg_ok && (ctl_past & 4) &&
		  (int32_t)tval_past <= -1000 && (int32_t)tval_past > -100000 && !(ctl_pos & 4) &&
		  (ctl_garbage & ~7ull) == 0 && fired;

	result(ok, "CVAL ~0 reads 0x%llx, CTL 0x%llx; TVAL -2^31: CVAL 0x%llx at count 0x%llx, CTL 0x%llx; "
	       "TVAL -1000: CTL 0x%llx, reads %lld; TVAL 2^31-1: CTL 0x%llx; CTL ~0 reads 0x%llx; CVAL 0 %s",
	       (unsigned long long)cval, (unsigned long long)ctl_far, (unsigned long long)cval_neg,
	       (unsigned long long)after, (unsigned long long)ctl_neg, (unsigned long long)ctl_past,
	       (long long)(int32_t)tval_past, (unsigned long long)ctl_pos, (unsigned long long)ctl_garbage,
	       fired ? "fired" : "never fired");
}

/* Features Tandem hides (-cpu max has them): what the ID registers say,
 * then SMSTART anyway, with SME enabled at EL1. SME stays trapped to EL2
 * (CPTR_EL2.TSM): Tandem
 * stops the VM, naming the exception class; on a core without SME the
 * instruction is UNDEFINED at EL1 (then RESULT ok). */
static void hidden_features(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1), pfr1 = read_sysreg(id_aa64pfr1_el1);

	say("ID registers: SME %llu, MTE %llu, EL2 %llu, AMU %llu", (unsigned long long)(pfr1 >> 24) & 0xf,
	    (unsigned long long)(pfr1 >> 8) & 0xf, (unsigned long long)(pfr0 >> 8) & 0xf,
	    (unsigned long long)(pfr0 >> 44) & 0xf);
	if (((pfr1 >> 24) | (pfr1 >> 8) | (pfr0 >> 8) | (pfr0 >> 44)) & 0xf) {
		result(false, "a hidden feature is advertised");
		return;
	}
	/* SME enabled at EL1 (CPACR_EL1.SMEN), so that only EL2 can stop it. */
	write_sysreg(cpacr_el1, read_sysreg(cpacr_el1) | (3ull << 24));
	isb();
	catch_reset();
	__asm__ volatile(".inst 0xd503477f" ::: "memory");   /* SMSTART */
	result(caught && !caught_ec(), "SMSTART %s (ESR_EL1 class 0x%x)", caught ? "trapped at EL1" : "ran",
	       caught ? (unsigned int)caught_ec() : 0);
}

const struct attack sysreg_attacks[] = {
	{ "sysreg-hidden-features", hidden_features },
	{ "sysreg-set-way", set_way },
	{ "sysreg-pmu", pmu },
	{ "sysreg-debug", debug },
	{ "sysreg-impdef", impdef },
	{ "sysreg-ptimer-extremes", ptimer_extremes },
	{ NULL, NULL },
};
