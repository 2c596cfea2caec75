/* Switching a vCPU's PL1 state; see guest_context.h. */
#include <string.h>
#include "el2/arm32/guest_context.h"
#include "el2/arm32/cp15.h"

#define MRS_BANKED(reg) ({ uint32_t __v; __asm__ volatile(".arch_extension virt\n\tmrs %0, " #reg : "=r"(__v)); __v; })
#define MSR_BANKED(reg, v) __asm__ volatile(".arch_extension virt\n\tmsr " #reg ", %0" : : "r"(v) : "memory")

void guest_context_save(struct guest_context *g)
{
	g->sctlr = read_cp15(SCTLR);
	g->actlr = read_cp15(ACTLR);
	g->cpacr = read_cp15(CPACR);
	g->ttbr0 = read_cp15_64(TTBR0_64);
	g->ttbr1 = read_cp15_64(TTBR1_64);
	g->ttbcr = read_cp15(TTBCR);
	g->dacr = read_cp15(DACR);
	g->dfsr = read_cp15(DFSR);
	g->ifsr = read_cp15(IFSR);
	g->adfsr = read_cp15(ADFSR);
	g->aifsr = read_cp15(AIFSR);
	g->dfar = read_cp15(DFAR);
	g->ifar = read_cp15(IFAR);
	g->par = read_cp15_64(PAR_64);
	g->prrr = read_cp15(PRRR);
	g->nmrr = read_cp15(NMRR);
	g->amair0 = read_cp15(AMAIR0);
	g->amair1 = read_cp15(AMAIR1);
	g->vbar = read_cp15(VBAR);
	g->fcseidr = read_cp15(FCSEIDR);
	g->contextidr = read_cp15(CONTEXTIDR);
	g->tpidrurw = read_cp15(TPIDRURW);
	g->tpidruro = read_cp15(TPIDRURO);
	g->tpidrprw = read_cp15(TPIDRPRW);
	g->csselr = read_cp15(CSSELR);
	g->cntkctl = read_cp15(CNTKCTL);
	g->cntv_ctl = read_cp15(CNTV_CTL);
	g->cntv_cval = read_cp15_64(CNTV_CVAL_64);
	g->sp_usr = MRS_BANKED(sp_usr);
	g->sp_svc = MRS_BANKED(sp_svc);
	g->lr_svc = MRS_BANKED(lr_svc);
	g->spsr_svc = MRS_BANKED(spsr_svc);
	g->sp_abt = MRS_BANKED(sp_abt);
	g->lr_abt = MRS_BANKED(lr_abt);
	g->spsr_abt = MRS_BANKED(spsr_abt);
	g->sp_und = MRS_BANKED(sp_und);
	g->lr_und = MRS_BANKED(lr_und);
	g->spsr_und = MRS_BANKED(spsr_und);
	g->sp_irq = MRS_BANKED(sp_irq);
	g->lr_irq = MRS_BANKED(lr_irq);
	g->spsr_irq = MRS_BANKED(spsr_irq);
	g->r8_fiq = MRS_BANKED(r8_fiq);
	g->r9_fiq = MRS_BANKED(r9_fiq);
	g->r10_fiq = MRS_BANKED(r10_fiq);
	g->r11_fiq = MRS_BANKED(r11_fiq);
	g->r12_fiq = MRS_BANKED(r12_fiq);
	g->sp_fiq = MRS_BANKED(sp_fiq);
	g->lr_fiq = MRS_BANKED(lr_fiq);
	g->spsr_fiq = MRS_BANKED(spsr_fiq);
	arch_vfp_save(&g->vfp);
}

void guest_context_load(const struct guest_context *g)
{
	write_cp15(SCTLR, g->sctlr);
	write_cp15(ACTLR, g->actlr);
	write_cp15(CPACR, g->cpacr);
	write_cp15_64(TTBR0_64, g->ttbr0);
	write_cp15_64(TTBR1_64, g->ttbr1);
	write_cp15(TTBCR, g->ttbcr);
	write_cp15(DACR, g->dacr);
	write_cp15(DFSR, g->dfsr);
	write_cp15(IFSR, g->ifsr);
	write_cp15(ADFSR, g->adfsr);
	write_cp15(AIFSR, g->aifsr);
	write_cp15(DFAR, g->dfar);
	write_cp15(IFAR, g->ifar);
	write_cp15_64(PAR_64, g->par);
	write_cp15(PRRR, g->prrr);
	write_cp15(NMRR, g->nmrr);
	write_cp15(AMAIR0, g->amair0);
	write_cp15(AMAIR1, g->amair1);
	write_cp15(VBAR, g->vbar);
	write_cp15(FCSEIDR, g->fcseidr);
	write_cp15(CONTEXTIDR, g->contextidr);
	write_cp15(TPIDRURW, g->tpidrurw);
	write_cp15(TPIDRURO, g->tpidruro);
	write_cp15(TPIDRPRW, g->tpidrprw);
	write_cp15(CSSELR, g->csselr);
	write_cp15(CNTKCTL, g->cntkctl);
	write_cp15_64(CNTV_CVAL_64, g->cntv_cval);
	write_cp15(CNTV_CTL, g->cntv_ctl);
	MSR_BANKED(sp_usr, g->sp_usr);
	MSR_BANKED(sp_svc, g->sp_svc);
	MSR_BANKED(lr_svc, g->lr_svc);
	MSR_BANKED(spsr_svc, g->spsr_svc);
	MSR_BANKED(sp_abt, g->sp_abt);
	MSR_BANKED(lr_abt, g->lr_abt);
	MSR_BANKED(spsr_abt, g->spsr_abt);
	MSR_BANKED(sp_und, g->sp_und);
	MSR_BANKED(lr_und, g->lr_und);
	MSR_BANKED(spsr_und, g->spsr_und);
	MSR_BANKED(sp_irq, g->sp_irq);
	MSR_BANKED(lr_irq, g->lr_irq);
	MSR_BANKED(spsr_irq, g->spsr_irq);
	MSR_BANKED(r8_fiq, g->r8_fiq);
	MSR_BANKED(r9_fiq, g->r9_fiq);
	MSR_BANKED(r10_fiq, g->r10_fiq);
	MSR_BANKED(r11_fiq, g->r11_fiq);
	MSR_BANKED(r12_fiq, g->r12_fiq);
	MSR_BANKED(sp_fiq, g->sp_fiq);
	MSR_BANKED(lr_fiq, g->lr_fiq);
	MSR_BANKED(spsr_fiq, g->spsr_fiq);
	arch_vfp_load(&g->vfp);
	isb();
}

void guest_context_reset(struct guest_context *g)
{
	memset(g, 0, sizeof(*g));
	g->sctlr = SCTLR_RESET;
}

void guest_context_power_down(void)
{
	struct guest_context g;

	guest_context_reset(&g);
	write_cp15(SCTLR, g.sctlr);
	write_cp15(TTBCR, 0);
	write_cp15_64(TTBR0_64, 0);
	write_cp15_64(TTBR1_64, 0);
	write_cp15(DACR, 0);
	write_cp15(VBAR, 0);
	write_cp15(CONTEXTIDR, 0);
	isb();
}
