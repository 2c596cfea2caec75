/* bootarg ext=SEED (1-255) on ARMv7-A: the floating-point and Advanced SIMD
 * state of a vCPU is its own. Shows what MVFR0/1 advertise, turns VFP on
 * (CPACR cp10/cp11, FPEXC.EN), checks that its first use finds zeros, not
 * another VM's values, fills d0-d31 and FPSCR with values of its own and
 * checks, across sleeps that let a VM sharing its core run, that they stay
 * its own. The rest of the guest is built without FP registers: only these
 * functions use them, through their own assembly. */
#include "guests/test/guest.h"

#define ROUNDS 12
#define FPSCR_MASK 0xf7c0009fu   /* NZCV QC AHP DN FZ RMode Stride Len; cumulative flags */

static uint64_t dregs[32];

static void vfp_on(void)
{
	uint32_t cpacr;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(cpacr));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 2" : : "r"(cpacr | (0xfu << 20)));
	isb();
	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpexc, %0" : : "r"(1u << 30));
	isb();
}

static void d_store(uint64_t *d)
{
	__asm__ volatile(".fpu neon-vfpv4\n vstmia %0!, {d0-d15}\n vstmia %0, {d16-d31}"
			 : "+r"(d) : : "memory");
}

static void d_load(const uint64_t *d)
{
	__asm__ volatile(".fpu neon-vfpv4\n vldmia %0!, {d0-d15}\n vldmia %0, {d16-d31}"
			 : "+r"(d) : "m"(*(const uint64_t (*)[32])d));
}

static uint32_t fpscr_read(void)
{
	uint32_t v;

	__asm__ volatile(".fpu neon-vfpv4\n vmrs %0, fpscr" : "=r"(v));
	return v;
}

static void fpscr_write(uint32_t v)
{
	__asm__ volatile(".fpu neon-vfpv4\n vmsr fpscr, %0" : : "r"(v));
}

static uint64_t want(unsigned long seed, unsigned int n)
{
	return (uint64_t)seed << 40 | (uint64_t)n << 32 | (uint32_t)(seed * 0x9e3779b9u ^ n);
}

static bool state_intact(unsigned long seed, uint32_t fpscr)
{
	bool ok = (fpscr_read() & FPSCR_MASK) == fpscr;

	d_store(dregs);
	for (unsigned int n = 0; n < 32; n++)
		ok &= dregs[n] == want(seed, n);
	return ok;
}

void ext_state_test(unsigned long seed)
{
	uint32_t mvfr0, mvfr1, fpscr = ((uint32_t)seed & 1 ? 0x03000000u : 0x00c00000u) |
				       ((uint32_t)seed << 28);   /* DN FZ or RMode; NZCV */
	unsigned int bad = 0, regs;
	bool zero = true;

	vfp_on();
	__asm__ volatile(".fpu neon-vfpv4\n vmrs %0, mvfr0\n vmrs %1, mvfr1" : "=r"(mvfr0), "=r"(mvfr1));
	regs = (mvfr0 & 0xf) == 2 ? 32 : 16;
	say("ext: VFP %s, %u double registers, Advanced SIMD %s (MVFR0 0x%08x, MVFR1 0x%08x)",
	    (mvfr0 >> 8) & 0xf ? "yes" : "no", regs, (mvfr1 >> 8) & 0xf ? "yes" : "no",
	    mvfr0, mvfr1);
	if (regs != 32)
		return;
	d_store(dregs);
	for (unsigned int n = 0; n < 32; n++)
		zero &= dregs[n] == 0;
	say("ext: registers at first use %s, FPSCR 0x%08x", zero ? "zero" : "NOT ZERO", fpscr_read());

	for (unsigned int n = 0; n < 32; n++)
		dregs[n] = want(seed, n);
	d_load(dregs);
	fpscr_write(fpscr);
	say("ext: state filled, FPSCR 0x%08x", fpscr_read() & FPSCR_MASK);
	for (unsigned int r = 1; r <= ROUNDS; r++) {
		sleep_ticks(ms_ticks(3));
		bool ok = state_intact(seed, fpscr);

		bad += !ok;
		say("ext: round %u: state %s", r, ok ? "intact" : "CHANGED");
	}
	say("ext: %u rounds, state %s", ROUNDS, bad ? "CHANGED" : "intact");
}
