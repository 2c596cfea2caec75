/* Switching a core between paravirtualized VMs on ARMv7-A (pv/arch/
 * switch.h): VFP/Advanced SIMD registers and the user thread register,
 * the exclusive monitor, and TPIDRPRW, which names the vCPU frame the
 * vectors save into. USR never reads the cycle counter
 * here (PMUSERENR.EN would also let it write the PMU). */
#include "pv/arch/switch.h"
#include "el2/arm32/cp15.h"

void arch_vfp_save(struct vfp_state *s);
void arch_vfp_load(const struct vfp_state *s);
extern const struct vfp_state pv_vfp_initial;

void pv_arch_fp_save(struct pv_arch_fp *fp)
{
	arch_vfp_save(&fp->s);
	fp->tpidrurw = read_cp15(TPIDRURW);
}

/* A VM that never ran has no saved state yet: it starts with VFP on and
 * its registers clear. */
void pv_arch_fp_restore(const struct pv_arch_fp *fp)
{
	arch_vfp_load(fp->s.fpexc ? &fp->s : &pv_vfp_initial);
	write_cp15(TPIDRURW, fp->tpidrurw);
}

void pv_arch_guest_cycle_counter(bool allowed)
{
	(void)allowed;
}

/* The local exclusive monitor is cleared too: a LDREX of one VM must not
 * let another's STREX succeed. */
void pv_arch_set_current(struct pv_vcpu *v)
{
	write_cp15(TPIDRPRW, (uint32_t)(uintptr_t)v);
	__asm__ volatile("clrex" ::: "memory");
}
