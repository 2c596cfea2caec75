/* The system counter as the core reads it: Tandem's clock for rates and
 * windows (restart-limit, console budgets), in ticks of arch_counter_hz(). */
#ifndef TANDEM_ARM64_COUNTER_H
#define TANDEM_ARM64_COUNTER_H
#include <stdint.h>
#include "el2/arm64/sysreg.h"

static inline uint64_t arch_counter_now(void)
{
	return read_sysreg(cntpct_el0);
}

static inline uint64_t arch_counter_hz(void)
{
	return read_sysreg(cntfrq_el0);
}

#endif
