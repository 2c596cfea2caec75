/* AArch64 for el2/arch/gic_cpuif.h: the ICC_* and ICH_* system registers
 * (by encoding: older assemblers lack the names). */
#ifndef TANDEM_ARM64_GIC_CPUIF_IMPL_H
#define TANDEM_ARM64_GIC_CPUIF_IMPL_H
#include <stdint.h>
#include "el2/arm64/sysreg.h"

#define ICH_HCR_EL2   "s3_4_c12_c11_0"
#define ICH_VTR_EL2   "s3_4_c12_c11_1"
#define ICH_VMCR_EL2  "s3_4_c12_c11_7"
#define ICH_AP1R0_EL2 "s3_4_c12_c9_0"

static inline void gicv3_cpuif_enable(void)
{
	/* For EL2, and allowed for EL1 (the guests); at EL1 (the paravirtual
	 * path) Tandem's own. */
	if (arch_current_el() == 2)
		write_sysreg_s(ICC_SRE_EL2, read_sysreg_s(ICC_SRE_EL2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	else
		write_sysreg_s(ICC_SRE_EL1, read_sysreg_s(ICC_SRE_EL1) | ICC_SRE_SRE);
	isb();
	write_sysreg_s(ICC_PMR_EL1, 0xff);
	write_sysreg_s(ICC_BPR1_EL1, 0);
	write_sysreg_s(ICC_CTLR_EL1, 2);      /* EOImode 1: EOIR drops priority, DIR deactivates */
	write_sysreg_s(ICC_IGRPEN1_EL1, 1);
	isb();
}

static inline void gicv3_sgi_write(uint64_t value)
{
	write_sysreg_s(ICC_SGI1R_EL1, value);
	isb();
}

static inline uint32_t gicv3_iar(void)
{
	return (uint32_t)read_sysreg_s(ICC_IAR1_EL1) & 0xffffff;
}

static inline void gicv3_eoir(uint32_t intid)
{
	write_sysreg_s(ICC_EOIR1_EL1, intid);
	isb();
}

static inline void gicv3_dir(uint32_t intid)
{
	write_sysreg_s(ICC_DIR_EL1, intid);
	isb();
}

static inline unsigned int ich_nr_lrs(void)
{
	return (unsigned int)(read_sysreg_s(ICH_VTR_EL2) & 0x1f) + 1;
}

static inline void ich_hcr_write(uint64_t value)
{
	write_sysreg_s(ICH_HCR_EL2, value);
}

static inline uint64_t ich_vmcr_read(void)         { return read_sysreg_s(ICH_VMCR_EL2); }
static inline void ich_vmcr_write(uint64_t value)  { write_sysreg_s(ICH_VMCR_EL2, value); }
static inline uint64_t ich_apr_read(void)          { return read_sysreg_s(ICH_AP1R0_EL2); }
static inline void ich_apr_write(uint64_t value)   { write_sysreg_s(ICH_AP1R0_EL2, value); }

#endif
