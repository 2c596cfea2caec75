/* PSCI and SMCCC garbage: CPU_ON of every bad kind, CPU_SUSPEND with
 * nonsense power states, function IDs nobody implements, calls with a
 * non-zero immediate, yielding calls, Tandem's own hypercalls with garbage
 * arguments. Each answer is checked against the PSCI 1.1 / SMCCC 1.1 specs
 * (DEN0022, DEN0028). */
#include <stddef.h>
#include <stdint.h>
#include <format.h>
#include "firmware/smccc.h"
#include "firmware/psci.h"
#include "el2/hypercall.h"
#include "guests/hostile/hostile.h"

#define NOT_SUPPORTED ((int64_t)-1)

/* Checks one answer; collects the first mismatch. */
struct tally { unsigned int n, bad; char first[120]; };

static void check(struct tally *t, const char *what, int64_t got, int64_t want1, int64_t want2)
{
	t->n++;
	if (got == want1 || got == want2)
		return;
	if (!t->bad++)
		snformat(t->first, sizeof(t->first), "%s -> %lld", what, (long long)got);
}

static void tally_report(struct tally *t, const char *what)
{
	if (t->bad)
		result(false, "%u of %u %s wrong; first: %s", t->bad, t->n, what, t->first);
	else
		result(true, "%u %s, each answered as the spec says", t->n, what);
}

static void cpu_on_bad_target(void)
{
	static const uint64_t target[] = { 2, 3, 0xff, 0x100, 0x101, 0x10000, 0xff00000000ull,
					   0x8000000000000000ull, ~0ull };
	struct tally t = { 0 };
	char what[48];

	for (unsigned int i = 0; i < sizeof(target) / sizeof(target[0]); i++) {
		snformat(what, sizeof(what), "CPU_ON_64(0x%llx)", (unsigned long long)target[i]);
		check(&t, what, PSCI_RET(psci(PSCI_CPU_ON_64, target[i], (uint64_t)(uintptr_t)secondary_start, 0)),
		      PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS);
		/* SMC32: only W1 counts, the upper half of x1 is to be ignored:
		 * W1 = 0 names the caller itself (already on); 1 is skipped. */
		uint32_t w = (uint32_t)target[i];

		if (w == 1)
			continue;
		snformat(what, sizeof(what), "CPU_ON(0x%llx)", (unsigned long long)target[i]);
		check(&t, what, (int32_t)psci(PSCI_CPU_ON, target[i], (uint64_t)(uintptr_t)secondary_start, 0).x0,
		      w == 0 ? PSCI_ALREADY_ON : PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS);
	}
	tally_report(&t, "CPU_ON calls for vCPUs that do not exist");
}

static void cpu_on_already_on(void)
{
	struct tally t = { 0 };
	int64_t r;

	check(&t, "CPU_ON(self)", PSCI_RET(psci(PSCI_CPU_ON_64, 0, (uint64_t)(uintptr_t)secondary_start, 0)),
	      PSCI_ALREADY_ON, PSCI_ALREADY_ON);
	r = start_secondary(1, JOB_SPIN);
	check(&t, "CPU_ON(1)", r, PSCI_SUCCESS, PSCI_SUCCESS);
	for (int i = 0; i < 20; i++)
		check(&t, "CPU_ON(1) again", PSCI_RET(psci(PSCI_CPU_ON_64, 1,
		      (uint64_t)(uintptr_t)secondary_start, 1 | (JOB_OFF << 8))),
		      PSCI_ALREADY_ON, PSCI_ON_PENDING);
	check(&t, "AFFINITY_INFO(1)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 1, 0, 0)), 0, 0);
	uint64_t c0 = secondary_count;

	sleep_ticks(ms_ticks(2));
	bool alive = secondary_count != c0;

	secondary_stop = 1;
	uint64_t end = cntvct() + ms_ticks(100);
	while (PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 1, 0, 0)) != 1 && cntvct() < end)
		;
	check(&t, "AFFINITY_INFO(1) after its CPU_OFF", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 1, 0, 0)), 1, 1);
	if (!alive) {
		result(false, "vCPU 1 stopped counting while CPU_ON was repeated at it");
		return;
	}
	tally_report(&t, "CPU_ON/AFFINITY_INFO calls (vCPU 1 kept running through them)");
}

static void cpu_on_bad_entry(void)
{
	const uint64_t ram_end = ram_base + ram_size;
	const uint64_t entry[] = { 0, 0x1000, 0x08000000, 0x09000000, ram_base - 4, ram_end, ram_end + 4,
				   1ull << 39, ~0ull & ~3ull, 0x8000000000000000ull };
	struct tally t = { 0 };
	char what[48];

	for (unsigned int i = 0; i < sizeof(entry) / sizeof(entry[0]); i++) {
		snformat(what, sizeof(what), "CPU_ON_64(1, 0x%llx)", (unsigned long long)entry[i]);
		check(&t, what, PSCI_RET(psci(PSCI_CPU_ON_64, 1, entry[i], 0)), PSCI_INVALID_ADDRESS,
		      PSCI_INVALID_ADDRESS);
	}
	check(&t, "AFFINITY_INFO(1)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 1, 0, 0)), 1, 1);
	tally_report(&t, "CPU_ON calls with an entry point outside RAM");
}

static void cpu_on_misaligned(void)
{
	uint64_t good = (uint64_t)(uintptr_t)secondary_start;
	struct tally t = { 0 };
	char what[48];

	for (unsigned int off = 1; off < 4; off++) {
		snformat(what, sizeof(what), "CPU_ON_64(1, start + %u)", off);
		check(&t, what, PSCI_RET(psci(PSCI_CPU_ON_64, 1, good + off, 0)), PSCI_INVALID_ADDRESS,
		      PSCI_INVALID_ADDRESS);
	}
	check(&t, "AFFINITY_INFO(1)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 1, 0, 0)), 1, 1);
	tally_report(&t, "CPU_ON calls with a misaligned entry point");
}

static void cpu_on_garbage_entry(void)
{
	/* In its RAM and aligned, but zeros: the new vCPU executes UDF #0, its
	 * VBAR_EL1 is 0 (reset), so it takes the exception at IPA 0x200,
	 * which is not memory of the VM: Tandem stops the VM. */
	uint64_t zeros = scratch();

	for (int i = 0; i < 64; i++)
		((volatile uint32_t *)(uintptr_t)zeros)[i] = 0;
	__asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb" : : "r"(zeros) : "memory");
	int64_t r = PSCI_RET(psci(PSCI_CPU_ON_64, 1, zeros, 0));

	sleep_ticks(ms_ticks(1000));
	result(false, "CPU_ON at zeros -> %lld, and the VM is still running 1 s later", (long long)r);
}

static void cpu_suspend_garbage(void)
{
	static const uint64_t state[] = { 0xffffffff, 0x40000000, 0x7fffffff, 0x00010000, 0x00ff0000,
					  0xdeadbeef, 0x1, 0x3000000 };
	struct tally t = { 0 };
	char what[64];

	for (unsigned int i = 0; i < sizeof(state) / sizeof(state[0]); i++) {
		for (int wide = 0; wide < 2; wide++) {
			/* A wake-up source, as a caller of a standby state must have. */
			write_sysreg(cntv_cval_el0, cntvct() + ms_ticks(1));
			write_sysreg(cntv_ctl_el0, 1);
			isb();
			snformat(what, sizeof(what), "CPU_SUSPEND%s(0x%llx, entry 0)", wide ? "_64" : "",
				 (unsigned long long)state[i]);
			int64_t r = PSCI_RET(psci(wide ? PSCI_CPU_SUSPEND_64 : PSCI_CPU_SUSPEND, state[i],
						  wide ? 0xffffffffffffff00ull : 0, 0xbad));

			if (!wide)
				r = (int32_t)r;
			/* The original power_state format (PSCI_FEATURES says so):
			 * the one power-down state Tandem knows, with this entry
			 * point: INVALID_ADDRESS; reserved bits, StateIDs and
			 * levels it does not know: INVALID_PARAMETERS. */
			check(&t, what, r, state[i] == 0x00010000 ? PSCI_INVALID_ADDRESS : PSCI_INVALID_PARAMETERS,
			      state[i] == 0x00010000 ? PSCI_INVALID_ADDRESS : PSCI_INVALID_PARAMETERS);
			write_sysreg(cntv_ctl_el0, 0);
		}
	}
	/* Bit 1 clear: the original format; bit 0 clear: no OS-initiated mode. */
	check(&t, "PSCI_FEATURES(CPU_SUSPEND)", PSCI_RET(psci(PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0)), 0, 0);
	check(&t, "PSCI_FEATURES(CPU_SUSPEND_64)", PSCI_RET(psci(PSCI_FEATURES, PSCI_CPU_SUSPEND_64, 0, 0)), 0, 0);
	tally_report(&t, "CPU_SUSPEND calls with garbage power states, each returning to its caller");
}

/* ---------------------------------------------- CPU_SUSPEND that works */

#define SUSPEND_COOKIE 0x5a5aull   /* context_id bits 16+, to be found again in x0 */
volatile struct suspend_seen suspend_seen;

/* vCPU 1: its virtual timer armed 1 ms ahead as the wake-up event, IRQs
 * masked, a power-down CPU_SUSPEND to secondary_start with a context that
 * says JOB_RESUMED. It must not return. */
void suspend_job(void)
{
	uint64_t ctx = 1 | ((uint64_t)JOB_RESUMED << 8) | (SUSPEND_COOKIE << 16);

	irqs_off();
	write_sysreg(cntv_cval_el0, cntvct() + ms_ticks(1));
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	suspend_seen.returned = 1 + (uint64_t)PSCI_RET(psci(PSCI_CPU_SUSPEND_64, 0x00010000,
							    (uint64_t)(uintptr_t)secondary_start, ctx));
	write_sysreg(cntv_ctl_el0, 0);
}

/* Where it resumes (secondary_start set up its stack, vectors and MMU and
 * touched neither DAIF nor the exception level): x0 as given. */
void resumed_job(uint64_t ctx)
{
	suspend_seen.daif = read_sysreg(daif);
	suspend_seen.el = read_sysreg(currentel) >> 2;
	suspend_seen.ctx = ctx;
	write_sysreg(cntv_ctl_el0, 0);
	__atomic_store_n(&suspend_seen.resumed, 1, __ATOMIC_RELEASE);
}

static void cpu_suspend_works(void)
{
	int64_t standby, on;
	uint64_t end;

	/* Standby on itself: returns SUCCESS once its timer fires. */
	irqs_off();
	write_sysreg(cntv_cval_el0, cntvct() + ms_ticks(1));
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	standby = PSCI_RET(psci(PSCI_CPU_SUSPEND_64, 0, 0, 0));
	write_sysreg(cntv_ctl_el0, 0);

	on = start_secondary(1, JOB_SUSPEND);
	end = cntvct() + ms_ticks(200);
	while (!__atomic_load_n(&suspend_seen.resumed, __ATOMIC_ACQUIRE) &&
	       !suspend_seen.returned && cntvct() < end)
		__asm__ volatile("yield");
	uint64_t want_ctx = 1 | ((uint64_t)JOB_RESUMED << 8) | (SUSPEND_COOKIE << 16);
	bool ok = standby == PSCI_SUCCESS && on == PSCI_SUCCESS && suspend_seen.resumed &&
		  !suspend_seen.returned && suspend_seen.ctx == want_ctx &&
		  (suspend_seen.daif & 0x3c0) == 0x3c0 && suspend_seen.el == 1;

	if (suspend_seen.returned)
		result(false, "standby -> %lld; power-down RETURNED %lld instead of resuming at its entry point",
		       (long long)standby, (long long)(suspend_seen.returned - 1));
	else
		result(ok, "standby -> %lld; power-down: %s at the entry point with x0 0x%llx (want 0x%llx), "
		       "EL%llu, DAIF 0x%llx (want 0x3c0)", (long long)standby,
		       suspend_seen.resumed ? "resumed" : "never resumed",
		       (unsigned long long)suspend_seen.ctx, (unsigned long long)want_ctx,
		       (unsigned long long)suspend_seen.el, (unsigned long long)suspend_seen.daif);
}

static void unknown_ids(void)
{
	static const uint32_t fid[] = {
		0x84000005, 0x84000007, 0x8400000b, 0x8400000c, 0x8400000d, 0x8400000e, 0x8400000f,
		0x84000010, 0x84000011, 0x84000012, 0x84000013, 0x84000014, 0x84000015, 0x8400001f,
		0x840000ff, 0x8400ffff, 0xc4000005, 0xc4000012, 0xc40000ff,
		0x80000002, 0x80003fff, 0x8000ffff, 0x80008000, 0xc0000000,     /* Arm architecture */
		0x81000000, 0x82000000, 0x82000001, 0x83000000, 0x85000000,     /* CPU, SiP, OEM, std-hyp */
		0x86000004, 0x860000ff, 0x8600fffe, 0xc6000000, 0xc6000001,     /* vendor hypervisor */
		0x87000000, 0xb0000000, 0xb1000000, 0xbf00ffff, 0xff00ffff,     /* reserved, trusted OS */
		0xffffffff,
	};
	struct tally t = { 0 };
	char what[48];

	for (unsigned int i = 0; i < sizeof(fid) / sizeof(fid[0]); i++) {
		snformat(what, sizeof(what), "HVC 0x%08x", fid[i]);
		check(&t, what, PSCI_RET(hvc_call(fid[i], ~0ull, ~0ull, ~0ull)), NOT_SUPPORTED, NOT_SUPPORTED);
		snformat(what, sizeof(what), "SMC 0x%08x", fid[i]);
		check(&t, what, PSCI_RET(smc_call(fid[i], ~0ull, ~0ull, ~0ull)), NOT_SUPPORTED, NOT_SUPPORTED);
	}
	tally_report(&t, "calls with function IDs nobody implements (HVC and SMC)");
}

static void yielding_calls(void)
{
	/* Bit 31 clear: yielding calls, which Tandem does not offer; the
	 * upper 32 bits of x0 are not part of the ID (SMCCC: W0). */
	static const uint64_t fid[] = { 0x00000000, 0x04000000, 0x04000009, 0x06000000, 0x3f000000,
					0x7fffffff, 0xffffffff04000009ull, 0x12345678 };
	struct tally t = { 0 };
	char what[48];

	for (unsigned int i = 0; i < sizeof(fid) / sizeof(fid[0]); i++) {
		snformat(what, sizeof(what), "HVC 0x%llx", (unsigned long long)fid[i]);
		check(&t, what, PSCI_RET(hvc_call(fid[i], 0, 0, 0)), NOT_SUPPORTED, NOT_SUPPORTED);
		snformat(what, sizeof(what), "SMC 0x%llx", (unsigned long long)fid[i]);
		check(&t, what, PSCI_RET(smc_call(fid[i], 0, 0, 0)), NOT_SUPPORTED, NOT_SUPPORTED);
	}
	/* A fast call with garbage in the upper half of x0 is still that call. */
	check(&t, "HVC PSCI_VERSION | 0xdead << 32",
	      PSCI_RET(hvc_call(0xdead00000000ull | PSCI_VERSION, 0, 0, 0)), PSCI_VERSION_1_1, PSCI_VERSION_1_1);
	tally_report(&t, "yielding calls and IDs with upper-half garbage");
}

#define IMM_CALL(insn, fid) ({ \
	register uint64_t x0 __asm__("x0") = (fid); \
	__asm__ volatile(insn : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", \
			 "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory"); \
	(int64_t)x0; })

static void nonzero_immediate(void)
{
	struct tally t = { 0 };

	/* SMCCC calls use immediate 0; anything else is not a call Tandem knows. */
	check(&t, "HVC #1 PSCI_VERSION", IMM_CALL("hvc #1", PSCI_VERSION), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "HVC #0xffff PSCI_VERSION", IMM_CALL("hvc #0xffff", PSCI_VERSION), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "HVC #0x8000 SYSTEM_OFF", IMM_CALL("hvc #0x8000", PSCI_SYSTEM_OFF), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "SMC #1 PSCI_VERSION", IMM_CALL("smc #1", PSCI_VERSION), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "SMC #0x1234 SYSTEM_RESET", IMM_CALL("smc #0x1234", PSCI_SYSTEM_RESET), NOT_SUPPORTED,
	      NOT_SUPPORTED);
	check(&t, "HVC #0 PSCI_VERSION", IMM_CALL("hvc #0", PSCI_VERSION), PSCI_VERSION_1_1, PSCI_VERSION_1_1);
	tally_report(&t, "HVC/SMC calls with a non-zero immediate (and one with 0)");
}

static void psci_misc_garbage(void)
{
	struct tally t = { 0 };

	check(&t, "PSCI_FEATURES(0xffffffff)", PSCI_RET(psci(PSCI_FEATURES, 0xffffffff, 0, 0)), NOT_SUPPORTED,
	      NOT_SUPPORTED);
	check(&t, "PSCI_FEATURES(0)", PSCI_RET(psci(PSCI_FEATURES, 0, 0, 0)), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "PSCI_FEATURES(MIGRATE)", PSCI_RET(psci(PSCI_FEATURES, 0x84000005, 0, 0)), NOT_SUPPORTED,
	      NOT_SUPPORTED);
	check(&t, "AFFINITY_INFO(0, level 1)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 0, 1, 0)),
	      PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS);
	check(&t, "AFFINITY_INFO(0, level ~0)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 0, ~0ull, 0)),
	      PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS);
	check(&t, "AFFINITY_INFO(5)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, 5, 0, 0)), PSCI_INVALID_PARAMETERS,
	      PSCI_INVALID_PARAMETERS);
	check(&t, "AFFINITY_INFO(~0)", PSCI_RET(psci(PSCI_AFFINITY_INFO_64, ~0ull, 0, 0)),
	      PSCI_INVALID_PARAMETERS, PSCI_INVALID_PARAMETERS);
	check(&t, "MIGRATE(1)", PSCI_RET(psci(0xc4000005, 1, 0, 0)), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "MIGRATE_INFO_UP_CPU", PSCI_RET(psci(0xc4000007, 0, 0, 0)), NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "SMCCC_ARCH_FEATURES(0xffffffff)", PSCI_RET(psci(SMCCC_ARCH_FEATURES, 0xffffffff, 0, 0)),
	      NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "SMCCC_ARCH_FEATURES(WORKAROUND_1)", PSCI_RET(psci(SMCCC_ARCH_FEATURES, 0x80008000, 0, 0)),
	      NOT_SUPPORTED, NOT_SUPPORTED);
	check(&t, "SMCCC_VERSION", PSCI_RET(psci(SMCCC_VERSION, ~0ull, ~0ull, ~0ull)), 0x10001, 0x10002);
	check(&t, "PSCI_VERSION", PSCI_RET(psci(PSCI_VERSION, ~0ull, ~0ull, ~0ull)), PSCI_VERSION_1_1,
	      PSCI_VERSION_1_1);
	tally_report(&t, "PSCI/SMCCC queries with garbage arguments");
}

static void hypercall_garbage(void)
{
	struct tally t = { 0 };
	struct smc_result r;

	r = hvc_call(TANDEM_HC_VERSION, ~0ull, ~0ull, ~0ull);
	check(&t, "VERSION", PSCI_RET(r) == 0 && r.x1 == ((TANDEM_VERSION_MAJOR << 16) | TANDEM_VERSION_MINOR)
	      ? 0 : -100, 0, 0);
	check(&t, "NULL", PSCI_RET(hvc_call(TANDEM_HC_NULL, ~0ull, ~0ull, ~0ull)), 0, 0);
	r = hvc_call(TANDEM_HC_VM_INFO, ~0ull, ~0ull, ~0ull);
	check(&t, "VM_INFO", PSCI_RET(r) == 0 && r.x2 == 0 && r.x3 == ncpus ? 0 : -100, 0, 0);
	r = hvc_call(TANDEM_HC_CALL_UID, ~0ull, ~0ull, ~0ull);
	check(&t, "CALL_UID", r.x0 == 0xb30c1e5b ? 0 : -100, 0, 0);
	/* Its only channel is a virtio one: the ring hypercall is not for it. */
	static const uint64_t idx[] = { 0, 1, 4, 0xffffffff, 0x100000000ull, ~0ull };

	for (unsigned int i = 0; i < sizeof(idx) / sizeof(idx[0]); i++)
		check(&t, "CHANNEL_NOTIFY", PSCI_RET(hvc_call(TANDEM_HC_CHANNEL_NOTIFY, idx[i], ~0ull, ~0ull)),
		      TANDEM_HC_INVALID, TANDEM_HC_INVALID);
	for (uint32_t f = 0x86000004; f < 0x86000040; f++)
		check(&t, "unknown vendor-hypervisor call", PSCI_RET(hvc_call(f, ~0ull, ~0ull, ~0ull)),
		      NOT_SUPPORTED, NOT_SUPPORTED);
	/* The same calls through the SMC conduit. */
	check(&t, "SMC NULL", PSCI_RET(smc_call(TANDEM_HC_NULL, ~0ull, ~0ull, ~0ull)), 0, NOT_SUPPORTED);
	check(&t, "SMC CHANNEL_NOTIFY(~0)", PSCI_RET(smc_call(TANDEM_HC_CHANNEL_NOTIFY, ~0ull, 0, 0)),
	      TANDEM_HC_INVALID, NOT_SUPPORTED);
	tally_report(&t, "Tandem hypercalls with garbage arguments");
}

static void reset_storm(void)
{
	/* Every boot: straight back to PSCI SYSTEM_RESET. */
	psci(PSCI_SYSTEM_RESET, 0, 0, 0);
	result(false, "SYSTEM_RESET returned");
}

const struct attack firmware_attacks[] = {
	{ "psci-cpu-on-bad-target", cpu_on_bad_target },
	{ "psci-cpu-on-already-on", cpu_on_already_on },
	{ "psci-cpu-on-bad-entry", cpu_on_bad_entry },
	{ "psci-cpu-on-misaligned", cpu_on_misaligned },
	{ "psci-cpu-on-garbage-entry", cpu_on_garbage_entry },
	{ "psci-cpu-suspend-garbage", cpu_suspend_garbage },
	{ "psci-cpu-suspend-power-down", cpu_suspend_works },
	{ "smccc-unknown-ids", unknown_ids },
	{ "smccc-yielding", yielding_calls },
	{ "smccc-nonzero-immediate", nonzero_immediate },
	{ "psci-misc-garbage", psci_misc_garbage },
	{ "hypercall-garbage", hypercall_garbage },
	{ "reset-storm", reset_storm },
	{ NULL, NULL },
};
