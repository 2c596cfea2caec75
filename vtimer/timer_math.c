/* Generic-timer register arithmetic; see vtimer.h. */
#include "vtimer/vtimer.h"

bool timer_fires(uint64_t ctl, uint64_t cval, uint64_t now)
{
	return (ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE && now >= cval;
}

uint64_t timer_ctl_value(uint64_t ctl, uint64_t cval, uint64_t now)
{
	ctl &= CNT_CTL_ENABLE | CNT_CTL_IMASK;
	if ((ctl & CNT_CTL_ENABLE) && now >= cval)
		ctl |= CNT_CTL_ISTATUS;
	return ctl;
}

uint64_t timer_tval_read(uint64_t cval, uint64_t now)
{
	return (uint64_t)(uint32_t)(cval - now);
}

uint64_t timer_cval_from_tval(uint64_t tval, uint64_t now)
{
	return now + (uint64_t)(int64_t)(int32_t)(uint32_t)tval;
}
