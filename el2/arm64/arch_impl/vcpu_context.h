/* AArch64 for el2/arch/vcpu_context.h. */
#ifndef TANDEM_ARM64_VCPU_CONTEXT_IMPL_H
#define TANDEM_ARM64_VCPU_CONTEXT_IMPL_H
#include <stdint.h>
#include "el2/arm64/el1_context.h"
#include "el2/arm64/fpsimd.h"
#include "el2/arm64/layout.h"
#include "el2/arm64/pmu_debug.h"
#include "el2/arm64/vcpu_ext.h"

struct vcpu;

struct arch_regs {
	uint64_t x[32];     /* x0-x30; x[31] absorbs loads into XZR, never read */
	uint64_t pc;        /* while parked; in ELR_EL2 during an exit (vcpu_pc()) */
	uint64_t pstate;    /* while parked; in SPSR_EL2 during an exit */
	uint64_t host_sp;   /* this core's stack top, for the exit path */
};

struct arch_vcpu {
	uint64_t hcr;               /* HCR_EL2 while it runs */
	uint64_t mdcr;              /* MDCR_EL2 while it runs: its PMU and debug traps */
	struct el1_context el1;     /* saved when another vCPU uses the core */
	struct fpsimd_state fp;     /* likewise */
	struct pmu_context pmu;     /* a VM with `profiling` only */
	struct vcpu_ext ext;        /* SVE and pointer-authentication state, taken lazily */
};

struct arch_pcpu {
	struct vcpu *pmu_owner;     /* the profiling vCPU whose event counters are here */
	struct pcpu_ext ext;        /* whose SVE state and keys are here */
};

#define ARCH_SMCCC_ARGS 18          /* x0-x17 (SMCCC 1.2) */

static inline uint64_t arch_reg(const struct arch_regs *r, unsigned int n)
{
	return n == 31 ? 0 : r->x[n];
}

static inline void arch_set_reg(struct arch_regs *r, unsigned int n, uint64_t value)
{
	r->x[n & 31] = value;   /* n == 31 (XZR) lands in the sink */
}

#endif
