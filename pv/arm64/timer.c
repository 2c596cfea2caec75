/* Tandem's timer on the paravirtual path (pv/arch/timer.h): each core's EL1
 * physical timer, which EL0 cannot touch (CNTKCTL_EL1, pv_core_setup), and
 * the physical counter. */
#include "pv/arch/timer.h"
#include "el2/arm64/sysreg.h"

#define CNT_ENABLE  1u

void pv_arch_timer_arm(uint64_t at)
{
	write_sysreg(cntp_cval_el0, at);
	write_sysreg(cntp_ctl_el0, CNT_ENABLE);
	isb();
}

void pv_arch_timer_disarm(void)
{
	write_sysreg(cntp_ctl_el0, 0);
	isb();
}
