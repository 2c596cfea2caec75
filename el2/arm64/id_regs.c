/* The guest's view of the ID registers; see id_regs.h. Field positions are
 * those of the Arm ARM (DDI 0487) for each register. */
#include "el2/arm64/id_regs.h"

#define F(shift) (0xfull << (shift))

/* ID_AA64PFR0_EL1: EL0, EL1, EL3, FP, AdvSIMD, GIC, RAS, DIT, CSV2, CSV3
 * pass; EL2 (a guest cannot reach it), SVE (only when switched), SEL2,
 * MPAM, AMU and RME are hidden. */
#define PFR0_KEEP (F(0) | F(4) | F(12) | F(16) | F(20) | F(24) | F(28) | F(48) | F(56) | F(60))
#define PFR0_SVE  F(32)
/* ID_AA64PFR1_EL1: BT, SSBS, RAS_frac, CSV2_frac pass; MTE, SME, MPAM_frac,
 * RNDR_trap, NMI, GCS and the rest are hidden. */
#define PFR1_KEEP (F(0) | F(4) | F(12) | F(32))
/* ID_AA64DFR0_EL1: DebugVer, BRPs, WRPs, CTX_CMPs, DoubleLock pass (the
 * debug registers themselves read as zero, docs/security.md); PMUVer only
 * with `profiling`; trace, SPE, TRBE, BRBE, MTPMU and the rest hidden. */
#define DFR0_KEEP (F(0) | F(12) | F(20) | F(28) | F(36))
#define DFR0_PMU  F(8)
/* ID_AA64ISAR0_EL1: all instructions but TME (transactional memory). */
#define ISAR0_KEEP (~F(24))
/* ID_AA64ISAR1_EL1: all but LS64 (needs device memory support at EL2);
 * APA, API, GPA, GPI only while keys are switched. */
#define ISAR1_PAUTH (F(4) | F(8) | F(24) | F(28))
#define ISAR1_KEEP  (~(F(60) | ISAR1_PAUTH))
/* ID_AA64ISAR2_EL1: RPRES, MOPS, BC, CLRBHB pass; GPA3, APA3, PAC_frac with
 * the keys; WFxT (its timeout needs Tandem's WFI handling) hidden. */
#define ISAR2_PAUTH (F(8) | F(12) | F(24))
#define ISAR2_KEEP  (F(4) | F(16) | F(20) | F(28))
/* ID_AA64MMFR0_EL1: PARange replaced; ASIDBits, BigEnd, SNSMem, BigEndEL0,
 * TGran16/64/4, ExS pass; stage-2 granules, FGT and ECV are EL2's. */
#define MMFR0_KEEP (F(4) | F(8) | F(12) | F(16) | F(20) | F(24) | F(28) | F(44))
/* ID_AA64MMFR1_EL1: HAFDBS, HPDS, PAN, SpecSEI, XNX, ETS, AFP, nTLBPA,
 * CMOW, ECBHB pass; VMIDBits, VH, LO, TWED, HCX, TIDCP1 hidden. */
#define MMFR1_KEEP (F(0) | F(12) | F(20) | F(24) | F(28) | F(36) | F(44) | F(48) | F(56) | F(60))
/* ID_AA64MMFR2_EL1: CnP, UAO, LSM, IESB, VARange, CCIDX, ST, AT, IDS, TTL,
 * BBM, E0PD pass; NV, FWB, EVT (EL2's) hidden. */
#define MMFR2_KEEP (F(0) | F(4) | F(8) | F(12) | F(16) | F(20) | F(28) | F(32) | F(36) | \
		    F(48) | F(52) | F(60))
/* AArch32 ID_DFR0_EL1: PerfMon only with `profiling`; trace hidden. */
#define DFR0_32_KEEP (F(0) | F(4) | F(16) | F(20))
#define DFR0_32_PMU  F(24)
/* AArch32 ID_PFR1_EL1: Virtualization (HYP) hidden. */
#define PFR1_32_HIDE F(12)

uint64_t id_reg_guest_value(unsigned int index, uint64_t hw, const struct id_policy *p)
{
	if (index >= ID_REG_COUNT)
		return 0;
	switch (index) {
	case ID_AA64PFR0:
		return hw & (PFR0_KEEP | (p->sve ? PFR0_SVE : 0));
	case ID_AA64PFR1:
		return hw & PFR1_KEEP;
	case ID_AA64ZFR0:
		return p->sve ? hw : 0;
	case ID_AA64DFR0:
		return hw & (DFR0_KEEP | (p->pmu ? DFR0_PMU : 0));
	case ID_AA64ISAR0:
		return hw & ISAR0_KEEP;
	case ID_AA64ISAR1:
		return hw & (ISAR1_KEEP | (p->pauth ? ISAR1_PAUTH : 0));
	case ID_AA64ISAR2:
		return hw & (ISAR2_KEEP | (p->pauth ? ISAR2_PAUTH : 0));
	case ID_AA64MMFR0: {
		unsigned int hw_range = (unsigned int)(hw & 0xf);
		unsigned int range = p->pa_range < hw_range ? p->pa_range : hw_range;

		return (hw & MMFR0_KEEP) | range;
	}
	case ID_REG_INDEX(7, 1):
		return hw & MMFR1_KEEP;
	case ID_REG_INDEX(7, 2):
		return hw & MMFR2_KEEP;
	case ID_DFR0:
		return hw & (DFR0_32_KEEP | (p->pmu ? DFR0_32_PMU : 0));
	case ID_PFR1:
		return hw & ~PFR1_32_HIDE;
	}
	/* The other AArch32 registers (CRm 1-3: EL0 in AArch32 only) pass as
	 * they are; every other AArch64 one (SMFR0, DFR1, AFR0/1, MMFR3/4 and
	 * any encoding newer than this table) is hidden. */
	return index < ID_REG_INDEX(4, 0) ? hw : 0;
}

bool id_has_sve(uint64_t aa64pfr0)
{
	return (aa64pfr0 & PFR0_SVE) != 0;
}

bool id_has_pauth(uint64_t aa64isar1, uint64_t aa64isar2)
{
	return (aa64isar1 & ISAR1_PAUTH) || (aa64isar2 & (F(8) | F(12)));
}

bool id_has_rndr(uint64_t aa64isar0)
{
	return (aa64isar0 & F(60)) != 0;
}

unsigned int id_pa_range_covering(unsigned int bits)
{
	static const unsigned char widths[] = { 32, 36, 40, 42, 44, 48, 52 };

	for (unsigned int i = 0; i < sizeof(widths); i++)
		if (widths[i] >= bits)
			return i;
	return sizeof(widths) - 1;
}
