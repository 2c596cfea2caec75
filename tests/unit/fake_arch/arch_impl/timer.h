/* Host for el2/arch/timer.h: the hyp timer and the loaded vCPU's virtual
 * timer are fields of fake_arch (fake.h). */
#ifndef TANDEM_FAKE_TIMER_IMPL_H
#define TANDEM_FAKE_TIMER_IMPL_H
#include <stdint.h>
#include "tests/unit/fake_arch/fake.h"

static inline void arch_hyp_timer_program(uint64_t cval)
{
	fake_arch.hyp_timer_cval = cval;
	fake_arch.hyp_timer_on = true;
}

static inline void arch_hyp_timer_stop(void)      { fake_arch.hyp_timer_on = false; }
static inline uint64_t arch_vtimer_ctl(void)      { return fake_arch.vtimer_ctl; }
static inline uint64_t arch_vtimer_cval(void)     { return fake_arch.vtimer_cval; }
static inline void arch_vtimer_set_ctl(uint64_t ctl) { fake_arch.vtimer_ctl = ctl; }

#endif
