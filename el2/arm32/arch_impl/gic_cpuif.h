/* ARMv7-A for el2/arch/gic_cpuif.h: the GICv3 CPU interface's ICC_* and
 * ICH_* registers through cp15 (64-bit list registers split in two). */
#ifndef TANDEM_ARM32_GIC_CPUIF_IMPL_H
#define TANDEM_ARM32_GIC_CPUIF_IMPL_H
#include <stdint.h>
#include "el2/arm32/cp15.h"

static inline void gicv3_cpuif_enable(void)
{
	/* SRE and Enable: the system-register interface for HYP, and allowed
	 * to the guests' own ICC_SRE. */
	write_cp15(ICC_HSRE, read_cp15(ICC_HSRE) | 0x9);
	isb();
	write_cp15(ICC_PMR, 0xff);
	write_cp15(ICC_BPR1, 0);
	write_cp15(ICC_CTLR, 2);      /* EOImode 1: EOIR drops priority, DIR deactivates */
	write_cp15(ICC_IGRPEN1, 1);
	isb();
}

static inline void gicv3_sgi_write(uint64_t value)
{
	write_cp15_64(ICC_SGI1R_64, value);
	isb();
}

static inline uint32_t gicv3_iar(void)
{
	return read_cp15(ICC_IAR1) & 0xffffff;
}

static inline void gicv3_eoir(uint32_t intid)
{
	write_cp15(ICC_EOIR1, intid);
	isb();
}

static inline void gicv3_dir(uint32_t intid)
{
	write_cp15(ICC_DIR, intid);
	isb();
}

static inline unsigned int ich_nr_lrs(void)
{
	return (read_cp15(ICH_VTR) & 0x1f) + 1;
}

static inline void ich_hcr_write(uint64_t value)    { write_cp15(ICH_HCR, value); }
static inline uint64_t ich_vmcr_read(void)         { return read_cp15(ICH_VMCR); }
static inline void ich_vmcr_write(uint64_t value)  { write_cp15(ICH_VMCR, value); }
static inline uint64_t ich_apr_read(void)          { return read_cp15(ICH_AP1R0); }
static inline void ich_apr_write(uint64_t value)   { write_cp15(ICH_AP1R0, value); }

#endif
