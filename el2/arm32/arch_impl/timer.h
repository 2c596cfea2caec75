/* ARMv7-A for el2/arch/timer.h: CNTHP_* for Tandem, CNTV_* for the guest. */
#ifndef TANDEM_ARM32_TIMER_IMPL_H
#define TANDEM_ARM32_TIMER_IMPL_H
#include <stdint.h>
#include "el2/arm32/cp15.h"

static inline void arch_hyp_timer_program(uint64_t cval)
{
	write_cp15_64(CNTHP_CVAL_64, cval);
	write_cp15(CNTHP_CTL, 1);   /* ENABLE, interrupt unmasked */
	isb();
}

static inline void arch_hyp_timer_stop(void)
{
	write_cp15(CNTHP_CTL, 0);
	isb();
}

static inline uint64_t arch_vtimer_ctl(void)
{
	return read_cp15(CNTV_CTL);
}

static inline uint64_t arch_vtimer_cval(void)
{
	return read_cp15_64(CNTV_CVAL_64);
}

static inline void arch_vtimer_set_ctl(uint64_t ctl)
{
	write_cp15(CNTV_CTL, ctl);
}

#endif
