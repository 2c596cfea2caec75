/* The AArch64 world switch's C half (el2/arch/vcpu_context.h): a vCPU's EL1
 * state in and out of the core, the controls every entry loads, reset, and
 * exceptions injected as the hardware would take them. */
#include <stddef.h>
#include "el2/arch/vcpu_context.h"
#include "el2/cpu.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/stage2_ctl.h"
#include "el2/arm64/sysreg.h"

_Static_assert(offsetof(struct vcpu, regs) == 0, "vectors.S: regs first");
_Static_assert(offsetof(struct arch_regs, pc) == VCPU_REG_PC, "vectors.S: pc");
_Static_assert(offsetof(struct arch_regs, pstate) == VCPU_REG_PSTATE, "vectors.S: pstate");
_Static_assert(offsetof(struct arch_regs, host_sp) == VCPU_HOST_SP, "vectors.S: host_sp");
_Static_assert(offsetof(struct vcpu, attention) == VCPU_ATTENTION, "vectors.S: attention");
_Static_assert(offsetof(struct vcpu, traps) == VCPU_TRAPS, "vectors.S: traps");
_Static_assert(offsetof(struct pcpu, panic_sp) == 0, "vectors.S: panic stack first");

/* HCR_EL2 for guests: stage-2 on, interrupts and aborts to EL2, SMC and
 * implementation-defined registers trapped, ID registers trapped (the
 * features a guest is shown: cpu_features.h), AArch64 EL1, barriers and
 * TLB/cache maintenance broadcast inner-shareable. WFI is trapped only on
 * a shared core (HCR_TWI, see sched.c): a vCPU with its core to itself
 * waits in hardware, woken by its virtual interrupts or by a physical one
 * for Tandem (which then delivers what was queued for it). */
#define GUEST_HCR (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | \
		   HCR_BSU_IS | HCR_TSC | HCR_TID3 | HCR_TIDCP | HCR_RW)

uint64_t vcpu_pc(const struct vcpu *v)
{
	return vcpu_exiting_here(v) ? read_sysreg(elr_el2) : v->regs.pc;
}

void vcpu_set_pc(struct vcpu *v, uint64_t pc)
{
	if (vcpu_exiting_here(v))
		write_sysreg(elr_el2, pc);
	else
		v->regs.pc = pc;
}

uint64_t vcpu_pstate(const struct vcpu *v)
{
	return vcpu_exiting_here(v) ? read_sysreg(spsr_el2) : v->regs.pstate;
}

void vcpu_set_pstate(struct vcpu *v, uint64_t pstate)
{
	if (vcpu_exiting_here(v))
		write_sysreg(spsr_el2, pstate);
	else
		v->regs.pstate = pstate;
}

bool vcpu_aarch32(const struct vcpu *v)
{
	return vcpu_pstate(v) & SPSR_MODE_RW32;   /* M[4]: an AArch32 mode */
}

void arch_vcpu_save(struct vcpu *v, struct pcpu *c)
{
	arch_el1_save(&v->arch.el1);
	arch_fp_save(v, &c->arch.ext);
	if (v->profiling)
		v->pmu_work = arch_pmu_park(&v->arch.pmu);
	write_sysreg(cntv_ctl_el0, 0);
}

/* A profiling vCPU whose PMU needs more than the registers hold: its event
 * counters unless it still owns them on this core (and was not reset),
 * then whatever it had running. Kept off the common path: a vCPU that only
 * reads the cycle counter, alone in owning the PMU here, never comes here
 * after its first load. */
static __attribute__((noinline, cold)) void pmu_load(struct vcpu *v, struct pcpu *c)
{
	if (c->arch.pmu_owner != v || v->el1_reset_pending) {
		struct vcpu *from = c->arch.pmu_owner != v ? c->arch.pmu_owner : NULL;

		arch_pmu_switch_owner(from ? &from->arch.pmu : NULL, &v->arch.pmu);
		if (from)
			from->pmu_work = true;   /* its counters are no longer here */
		c->arch.pmu_owner = v;
	}
	arch_pmu_unpark(&v->arch.pmu);
	v->pmu_work = false;
}

void arch_vcpu_restore(struct vcpu *v, struct pcpu *c)
{
	arch_el1_restore(&v->arch.el1);
	arch_fp_restore(v, &c->arch.ext);
	if (__builtin_expect(v->pmu_work, 0))
		pmu_load(v, c);
}

void arch_vcpu_enter_state(struct vcpu *v)
{
	write_sysreg(vttbr_el2, v->vm->s2.root);
	write_sysreg(vtcr_el2, arm64_vtcr());
	write_sysreg(vmpidr_el2, (1ull << 31) | v->id);
	write_sysreg(cntvoff_el2, v->vm->cntvoff);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(hcr_el2, v->arch.hcr);
	write_sysreg(mdcr_el2, v->arch.mdcr);
	isb();
}

void arch_vcpu_trap_wfi(struct vcpu *v, bool trap)
{
	v->arch.hcr = trap ? v->arch.hcr | HCR_TWI : v->arch.hcr & ~HCR_TWI;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg)
{
	for (unsigned int i = 0; i < 31; i++)
		v->regs.x[i] = 0;
	v->regs.x[0] = arg;
	vcpu_set_pc(v, pc);
	vcpu_set_pstate(v, SPSR_EL1H_MASKED);
	v->arch.hcr = GUEST_HCR;
	v->arch.mdcr = arch_mdcr_for(v->profiling);
	arch_pmu_reset_values(&v->arch.pmu);
	for (unsigned int i = 0; i < 64; i++)
		v->arch.fp.q[i] = 0;
	v->arch.fp.fpsr = v->arch.fp.fpcr = 0;
	arch_ext_reset(v);
	arch_el1_reset_values(&v->arch.el1);
}

void arch_vcpu_set_boot_args(struct vcpu *v, uint64_t dtb)
{
	v->regs.x[0] = dtb;
}

void arch_vcpu_power_down(struct vcpu *v)
{
	vcpu_set_pstate(v, SPSR_EL1H_MASKED);
	arch_el1_power_down();
}

void vcpu_inject_undef(struct vcpu *v)
{
	/* Taken to EL1 as on hardware: vector offset by where it came from. */
	uint64_t pstate = vcpu_pstate(v), pc = vcpu_pc(v);
	uint64_t mode = pstate & SPSR_MODE_MASK;
	uint64_t offset = mode == SPSR_MODE_EL1H ? 0x200 : mode == 0x4 ? 0x000 : 0x400;

	write_sysreg(esr_el1, ((uint64_t)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL);
	write_sysreg(elr_el1, pc);
	write_sysreg(spsr_el1, pstate);
	vcpu_set_pc(v, read_sysreg(vbar_el1) + offset);
	vcpu_set_pstate(v, SPSR_EL1H_MASKED);
}

bool vcpu_fetch_insn(struct vcpu *v, uint32_t *insn)
{
	/* Guest VA -> IPA through the guest's own stage 1 (AT preserves nothing
	 * of the guest but PAR_EL1, saved around it), then IPA -> PA through
	 * Tandem's stage-2 tables, so only the VM's own memory is ever read. */
	uint64_t saved_par = read_sysreg(par_el1), par, pc = vcpu_pc(v);
	paddr_t pa;

	__asm__ volatile("at s1e1r, %0" : : "r"(pc));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved_par);
	if (par & 1)
		return false;
	ipaddr_t ipa = ipa_init((par & 0x0000fffffffff000ull) | (pc & 0xfff));

	if (!stage2_translate(&v->vm->s2, ipa, &pa))
		return false;
	*insn = *(volatile uint32_t *)pa_to_ptr(pa);
	return true;
}
