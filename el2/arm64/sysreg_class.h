/* Which family a trapped system register belongs to, from its encoding:
 * the PMU, self-hosted debug (MDSCR_EL1 apart), implementation-defined
 * space, the ID registers, the pointer-authentication keys. Pure logic, unit-tested on the host. */
#ifndef TANDEM_ARM64_SYSREG_CLASS_H
#define TANDEM_ARM64_SYSREG_CLASS_H
#include "el2/arm64/esr.h"

enum sysreg_class {
	SYSREG_OTHER,
	SYSREG_PMU,      /* PMCR_EL0 ... PMCCFILTR_EL0, PMINTEN*_EL1, PMMIR_EL1 */
	SYSREG_MDSCR,    /* MDSCR_EL1: single-step and debug enables, per vCPU */
	SYSREG_DEBUG,    /* every other debug register (op0 == 2) */
	SYSREG_IMPDEF,   /* op0 == 3, CRn 11 or 15: implementation defined */
	SYSREG_ID,       /* op0 3, op1 0, CRn 0, CRm 1-7: the ID registers (TID3) */
	SYSREG_PAUTH_KEY,  /* AP{IA,IB,DA,DB,GA}Key{Lo,Hi}_EL1 */
};

enum sysreg_class sysreg_classify(const struct sysreg_iss *s);

/* The MDSCR_EL1 bits a guest may set: SS, TDCC, KDE, MDE. Breakpoints and
 * watchpoints stay off whatever KDE/MDE say: their registers read as zero. */
#define MDSCR_GUEST_BITS ((1ull << 0) | (1ull << 12) | (1ull << 13) | (1ull << 15))

#endif
