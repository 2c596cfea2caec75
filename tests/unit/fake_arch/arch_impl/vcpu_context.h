/* Host for el2/arch/vcpu_context.h: arm64's register file (x0-x30, the
 * zero register as a sink, PC and PSTATE in the struct: on the host there
 * are no exception registers), and what the fake world switch records. */
#ifndef TANDEM_FAKE_VCPU_CONTEXT_IMPL_H
#define TANDEM_FAKE_VCPU_CONTEXT_IMPL_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

struct arch_regs {
	uint64_t x[32];     /* x0-x30; x[31] absorbs writes to the zero register */
	uint64_t pc;
	uint64_t pstate;
	uint64_t host_sp;
};

struct arch_vcpu {
	bool wfi_trapped;           /* arch_vcpu_trap_wfi() */
	bool saved;                 /* arch_vcpu_save() ran last (not restore) */
	unsigned int resets;        /* arch_vcpu_reset() calls */
	unsigned int saves, restores, enters;
	uint64_t vtimer_ctl, vtimer_cval;   /* its virtual timer while saved */
};

struct arch_pcpu {
	struct vcpu *restored;      /* whose state arch_vcpu_restore() loaded last */
};

#define ARCH_SMCCC_ARGS 18

static inline uint64_t arch_reg(const struct arch_regs *r, unsigned int n)
{
	return n == 31 ? 0 : r->x[n];
}

static inline void arch_set_reg(struct arch_regs *r, unsigned int n, uint64_t value)
{
	r->x[n & 31] = value;
}

#endif
