/* ARMv7-A for el2/arch/vcpu_context.h. */
#ifndef TANDEM_ARM32_VCPU_CONTEXT_IMPL_H
#define TANDEM_ARM32_VCPU_CONTEXT_IMPL_H
#include <stdint.h>
#include "el2/arm32/guest_context.h"
#include "el2/arm32/layout.h"

struct vcpu;

/* What every exit saves (vectors.S): r0-r12, which all modes but FIQ share,
 * and r14, which HYP mode shares with USR/SYS (HYP banks only SP, SPSR and
 * ELR). The guest's banked SP/LR/SPSR of its other modes are not touched by
 * Tandem and are switched only with the vCPU (struct guest_context). */
struct arch_regs {
	uint32_t r[13];     /* r0-r12 */
	uint32_t lr_usr;    /* r14 of USR/SYS mode */
	uint32_t pc;        /* while parked; in ELR_hyp during an exit (vcpu_pc()) */
	uint32_t cpsr;      /* while parked; in SPSR_hyp during an exit */
	uint32_t host_sp;   /* this core's stack top, for the exit path */
	/* SP and LR of the guest's current mode, while an exit that names
	 * them (an MMIO or CP15 access through r13/r14) is handled:
	 * exit_decode.c fetches and writes back the banked registers. */
	uint32_t sp_lr[2];
};

struct arch_vcpu {
	uint32_t hcr;                  /* HCR while it runs */
	uint32_t hdcr;                 /* HDCR while it runs: its PMU and debug traps */
	struct guest_context ctx;      /* saved when another vCPU uses the core */
};

struct arch_pcpu {
	uint32_t hdcr_hpmn;            /* the core's PMU counters (PMCR.N), for HDCR */
};

#define ARCH_SMCCC_ARGS 8           /* r0-r7 (SMCCC, AArch32) */

/* Register n as an instruction names it in the guest's current mode:
 * r0-r12 from the frame, r13/r14 from sp_lr (filled by the exit decode
 * for the exits that name them; an access through PC or a banked FIQ
 * register is not emulated). n above 14 reads 0 and is never written. */
static inline uint64_t arch_reg(const struct arch_regs *r, unsigned int n)
{
	return n < 13 ? r->r[n] : n < 15 ? r->sp_lr[n - 13] : 0;
}

static inline void arch_set_reg(struct arch_regs *r, unsigned int n, uint64_t value)
{
	if (n < 13)
		r->r[n] = (uint32_t)value;
	else if (n < 15)
		r->sp_lr[n - 13] = (uint32_t)value;
}

#endif
