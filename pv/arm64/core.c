/* The core Tandem runs on at EL1 on the paravirtual path (pv/arch/cpu.h):
 * its EL1 setup and where secondary cores enter. */
#include "pv/pv.h"
#include "pv/arch/cpu.h"
#include "el2/arch/boot.h"
#include "el2/arm64/sysreg.h"

extern char pv_vectors[];

/* EL0 may read the virtual counter (CNTKCTL_EL1.EL0VCTEN) and, in a VM
 * with `profiling` only, the cycle counter (PMUSERENR_EL0.CR, set as each
 * VM is switched in by pv/sched.c), which Tandem runs; nothing else of the
 * timer or the PMU. */
void pv_core_setup(void)
{
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)pv_vectors);
	write_sysreg(cpacr_el1, 3ull << 20);   /* FP/SIMD at EL0 (switched with the VM) */
	write_sysreg(cntkctl_el1, 1ull << 1);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);         /* count at EL0 and EL1 */
	write_sysreg(pmcr_el0, 1 | (1 << 2));   /* enabled, cycle counter reset */
	write_sysreg(pmcntenset_el0, 1ull << 31);
	write_sysreg(pmuserenr_el0, 0);
	isb();
}

const char pv_arch_where[] = "at EL1";
const char pv_arch_guest_where[] = "at EL0";

/* The generic timer and PSCI, as the tree describes them. */
void pv_arch_platform(struct platform *p)
{
	(void)p;
}

uint64_t pv_arch_secondary_entry(void)
{
	return (uint64_t)(uintptr_t)secondary_entry;
}

