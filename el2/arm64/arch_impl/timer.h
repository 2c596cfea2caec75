/* AArch64 for el2/arch/timer.h: CNTHP_* for Tandem, CNTV_* for the guest. */
#ifndef TANDEM_ARM64_TIMER_IMPL_H
#define TANDEM_ARM64_TIMER_IMPL_H
#include <stdint.h>
#include "el2/arm64/sysreg.h"

static inline void arch_hyp_timer_program(uint64_t cval)
{
	write_sysreg(cnthp_cval_el2, cval);
	write_sysreg(cnthp_ctl_el2, 1);   /* ENABLE, interrupt unmasked */
	__asm__ volatile("isb" ::: "memory");
}

static inline void arch_hyp_timer_stop(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	__asm__ volatile("isb" ::: "memory");
}

static inline uint64_t arch_vtimer_ctl(void)
{
	return read_sysreg(cntv_ctl_el0);
}

static inline uint64_t arch_vtimer_cval(void)
{
	return read_sysreg(cntv_cval_el0);
}

static inline void arch_vtimer_set_ctl(uint64_t ctl)
{
	write_sysreg(cntv_ctl_el0, ctl);
}

#endif
