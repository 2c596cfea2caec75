/* Switching a core between paravirtualized VMs on AArch64 (pv/arch/switch.h):
 * FP/SIMD registers, EL0's access to the cycle counter, and TPIDR_EL1, which
 * names the vCPU frame the vectors save into. */
#include "pv/arch/switch.h"
#include "el2/arm64/sysreg.h"

void pv_arch_fp_save(struct pv_arch_fp *fp)
{
	fpsimd_save(&fp->s);
}

void pv_arch_fp_restore(const struct pv_arch_fp *fp)
{
	fpsimd_restore(&fp->s);
}

void pv_arch_guest_cycle_counter(bool allowed)
{
	write_sysreg(pmuserenr_el0, allowed ? 1ull << 2 : 0);   /* CR */
}

void pv_arch_set_current(struct pv_vcpu *v)
{
	write_sysreg(tpidr_el1, (uint64_t)(uintptr_t)v);
}
