/* Tandem's timer on the paravirtual path of the Cortex-A9 (pv/arch/
 * timer.h): each core's comparator of the MPCore's global timer, which USR
 * mode cannot reach; the same counter is the system counter. */
#include "pv/arch/timer.h"
#include "el2/arm32/a9/global_timer.h"

void pv_arch_timer_arm(uint64_t at)
{
	global_timer_compare(at);
}

void pv_arch_timer_disarm(void)
{
	global_timer_compare_off();
}
