/* System-register families; see sysreg_class.h. */
#include "el2/arm64/sysreg_class.h"

enum sysreg_class sysreg_classify(const struct sysreg_iss *s)
{
	if (s->op0 == 2)
		return s->op1 == 0 && s->crn == 0 && s->crm == 2 && s->op2 == 2 ? SYSREG_MDSCR
										 : SYSREG_DEBUG;
	if (s->op0 != 3)
		return SYSREG_OTHER;
	if (s->crn == 11 || s->crn == 15)
		return SYSREG_IMPDEF;
	if (s->op1 == 0 && s->crn == 0 && s->crm >= 1 && s->crm <= 7)
		return SYSREG_ID;
	if (s->op1 == 0 && s->crn == 2 && s->crm >= 1 && s->crm <= 3 && s->op2 <= (s->crm == 3 ? 1 : 3))
		return SYSREG_PAUTH_KEY;
	if (s->op1 == 3 && s->crn == 9 && s->crm >= 12 && s->crm <= 14)
		return SYSREG_PMU;   /* PMCR, PMCNTEN*, PMOVS*, PMSWINC, PMSELR, PMCEID*, PMCCNTR, PMX*, PMUSERENR */
	if (s->op1 == 0 && s->crn == 9 && s->crm == 14 && (s->op2 == 1 || s->op2 == 2 || s->op2 == 6))
		return SYSREG_PMU;   /* PMINTENSET_EL1, PMINTENCLR_EL1, PMMIR_EL1 */
	if (s->op1 == 3 && s->crn == 14 && s->crm >= 8)
		return SYSREG_PMU;   /* PMEVCNTR<n>, PMEVTYPER<n>, PMCCFILTR */
	return SYSREG_OTHER;
}
