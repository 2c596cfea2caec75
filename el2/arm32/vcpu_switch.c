/* The ARMv7-A world switch's C half (el2/arch/vcpu_context.h): a vCPU's PL1
 * state in and out of the core, the controls every entry loads, reset, and
 * exceptions injected as the hardware would take them. */
#include <stddef.h>
#include "el2/arch/vcpu_context.h"
#include "el2/cpu.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arm32/cp15.h"
#include "stage2/stage2.h"

_Static_assert(offsetof(struct vcpu, regs) == 0, "vectors.S: regs first");
_Static_assert(offsetof(struct arch_regs, lr_usr) == VCPU_LR_USR, "vectors.S: stm {r0-r12, lr}");
_Static_assert(offsetof(struct arch_regs, pc) == VCPU_REG_PC, "vectors.S: pc");
_Static_assert(offsetof(struct arch_regs, cpsr) == VCPU_REG_CPSR, "vectors.S: cpsr");
_Static_assert(offsetof(struct arch_regs, host_sp) == VCPU_HOST_SP, "vectors.S: host_sp");
_Static_assert(offsetof(struct vcpu, attention) == VCPU_ATTENTION, "vectors.S: attention");
_Static_assert(offsetof(struct pcpu, panic_sp) == 0, "vectors.S: panic stack first");

/* HCR for guests: stage 2 on, interrupts and aborts to HYP, SMC trapped
 * (PSCI by SMC, as the platform's own tree says), implementation-defined
 * registers trapped, set/way operations by MVA broadcast inner-shareable.
 * WFI is trapped only on a shared core (HCR_TWI, see sched.c). */
#define GUEST_HCR (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TSC | HCR_TIDCP | HCR_TAC)

uint64_t vcpu_pc(const struct vcpu *v)
{
	return vcpu_exiting_here(v) ? elr_hyp_read() : v->regs.pc;
}

void vcpu_set_pc(struct vcpu *v, uint64_t pc)
{
	if (vcpu_exiting_here(v))
		elr_hyp_write((uint32_t)pc);
	else
		v->regs.pc = (uint32_t)pc;
}

uint64_t vcpu_pstate(const struct vcpu *v)
{
	return vcpu_exiting_here(v) ? spsr_hyp_read() : v->regs.cpsr;
}

void vcpu_set_pstate(struct vcpu *v, uint64_t pstate)
{
	if (vcpu_exiting_here(v))
		spsr_hyp_write((uint32_t)pstate);
	else
		v->regs.cpsr = (uint32_t)pstate;
}

bool vcpu_aarch32(const struct vcpu *v)
{
	(void)v;
	return true;
}

void arch_vcpu_save(struct vcpu *v, struct pcpu *c)
{
	(void)c;
	guest_context_save(&v->arch.ctx);
	write_cp15(CNTV_CTL, 0);
}

void arch_vcpu_restore(struct vcpu *v, struct pcpu *c)
{
	(void)c;
	guest_context_load(&v->arch.ctx);
}

void arch_vcpu_enter_state(struct vcpu *v)
{
	write_cp15_64(VTTBR_64, v->vm->s2.root);
	write_cp15(VMPIDR, (1u << 31) | v->id);
	write_cp15_64(CNTVOFF_64, v->vm->cntvoff);
	write_cp15(VPIDR, read_cp15(MIDR));
	write_cp15(HCR, v->arch.hcr);
	write_cp15(HDCR, v->arch.hdcr | this_cpu()->arch.hdcr_hpmn);
	isb();
}

void arch_vcpu_trap_wfi(struct vcpu *v, bool trap)
{
	v->arch.hcr = trap ? v->arch.hcr | HCR_TWI : v->arch.hcr & ~HCR_TWI;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg)
{
	for (unsigned int i = 0; i < 13; i++)
		v->regs.r[i] = 0;
	v->regs.lr_usr = 0;
	v->regs.r[0] = (uint32_t)arg;
	vcpu_set_pc(v, pc);
	vcpu_set_pstate(v, PSR_SVC_MASKED);
	v->arch.hcr = GUEST_HCR;
	/* Debug never reaches a guest; the PMU only a VM with `profiling`
	 * (whose counters count the core, Tandem and any VM sharing it). */
	v->arch.hdcr = HDCR_TDRA | HDCR_TDOSA | HDCR_TDA |
		       (v->profiling ? 0 : HDCR_TPM | HDCR_TPMCR);
	guest_context_reset(&v->arch.ctx);
}

void arch_vcpu_set_boot_args(struct vcpu *v, uint64_t dtb)
{
	/* Linux's booting.rst: r0 = 0, r1 = ~0 (no machine number: a tree),
	 * r2 = the tree's physical address. */
	v->regs.r[0] = 0;
	v->regs.r[1] = ~0u;
	v->regs.r[2] = (uint32_t)dtb;
}

void arch_vcpu_power_down(struct vcpu *v)
{
	vcpu_set_pstate(v, PSR_SVC_MASKED);
	guest_context_power_down();
}

/* An undefined-instruction exception taken to Undefined mode as the
 * hardware takes it: LR_und past the instruction, SPSR_und the old CPSR,
 * IRQs masked, the state SCTLR.TE and .EE say, at the vector base + 4. */
void vcpu_inject_undef(struct vcpu *v)
{
	uint32_t cpsr = (uint32_t)vcpu_pstate(v), pc = (uint32_t)vcpu_pc(v);
	uint32_t sctlr = read_cp15(SCTLR);
	uint32_t base = sctlr & SCTLR_V ? 0xffff0000u : read_cp15(VBAR);
	uint32_t lr = pc + (cpsr & PSR_T ? 2 : 4);
	uint32_t new = (cpsr & ~(PSR_MODE_MASK | PSR_T | PSR_E | 0x0600fc00u)) |
		       PSR_MODE_UND | PSR_I | (sctlr & SCTLR_TE ? PSR_T : 0) |
		       (sctlr & SCTLR_EE ? PSR_E : 0);

	__asm__ volatile(".arch_extension virt\n\tmsr lr_und, %0" : : "r"(lr));
	__asm__ volatile(".arch_extension virt\n\tmsr spsr_und, %0" : : "r"(cpsr));
	vcpu_set_pc(v, base + 4);
	vcpu_set_pstate(v, new);
}

bool vcpu_fetch_insn(struct vcpu *v, uint32_t *insn)
{
	/* Guest VA -> IPA through the guest's own stage 1 (ATS1CPR changes
	 * nothing of the guest but PAR, saved around it), then IPA -> PA
	 * through Tandem's stage-2 tables, so only the VM's own memory is read.
	 * PAR's format follows the guest's: LPAE (bit 11) or short. */
	uint64_t saved_par = read_cp15_64(PAR_64), par;
	uint32_t pc = (uint32_t)vcpu_pc(v);
	paddr_t pa;

	write_cp15(ATS1CPR, pc & ~0xfffu);
	isb();
	par = read_cp15_64(PAR_64);
	write_cp15_64(PAR_64, saved_par);
	if (par & 1)
		return false;
	uint64_t page = par & (1u << 11) ? par & 0xfffffff000ull : par & 0xfffff000ull;
	ipaddr_t ipa = ipa_init(page | (pc & 0xfff));

	if ((pc & 0xfff) > 0xffc || !stage2_translate(&v->vm->s2, ipa, &pa))
		return false;
	*insn = *(volatile uint32_t *)pa_to_ptr(pa);
	return true;
}
