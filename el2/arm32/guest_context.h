/* A vCPU's guest state beyond the registers every exit saves: its PL1 CP15
 * registers, the banked registers of its modes, its virtual timer and its
 * floating point. Kept in the vCPU while another vCPU has its core. */
#ifndef TANDEM_ARM32_GUEST_CONTEXT_H
#define TANDEM_ARM32_GUEST_CONTEXT_H
#include <stdint.h>

struct vfp_state {
	uint64_t d[32];
	uint32_t fpscr, fpexc;
};

struct guest_context {
	uint64_t ttbr0, ttbr1, par, cntv_cval;
	uint32_t sctlr, actlr, cpacr, ttbcr, dacr, dfsr, ifsr, adfsr, aifsr, dfar, ifar;
	uint32_t prrr, nmrr, amair0, amair1, vbar, fcseidr, contextidr;
	uint32_t tpidrurw, tpidruro, tpidrprw, csselr, cntkctl, cntv_ctl;
	/* Banked registers: SP and LR of USR/SYS is the frame's lr_usr + sp_usr. */
	uint32_t sp_usr;
	uint32_t sp_svc, lr_svc, spsr_svc;
	uint32_t sp_abt, lr_abt, spsr_abt;
	uint32_t sp_und, lr_und, spsr_und;
	uint32_t sp_irq, lr_irq, spsr_irq;
	uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq, sp_fiq, lr_fiq, spsr_fiq;
	struct vfp_state vfp;
};

/* The loaded vCPU's state out of the core, and back. */
void guest_context_save(struct guest_context *g);
void guest_context_load(const struct guest_context *g);
/* Architectural reset values (MMU and caches off, everything else 0). */
void guest_context_reset(struct guest_context *g);
/* The same values straight into the core (PSCI CPU_SUSPEND's power-down,
 * during the vCPU's own exit), its virtual timer and floating point left. */
void guest_context_power_down(void);

void arch_vfp_save(struct vfp_state *s);
void arch_vfp_load(const struct vfp_state *s);

#endif
