/* Timers: Tandem's own (the hypervisor timer, multiplexed by hyp_timer.c)
 * and the guest's virtual timer as the loaded vCPU left it. The control
 * bits (vtimer/vtimer.h) are the generic timer's, the same on every ARM
 * architecture. */
#ifndef TANDEM_ARCH_TIMER_H
#define TANDEM_ARCH_TIMER_H
#include <stdint.h>

#include <arch_impl/timer.h>

/* Provided by the implementation, all static inline:
 *   void arch_hyp_timer_program(uint64_t cval)  fire at this counter value
 *   void arch_hyp_timer_stop(void)
 *   uint64_t arch_vtimer_ctl(void)      the loaded vCPU's virtual timer control
 *   uint64_t arch_vtimer_cval(void)     ... and compare value (virtual count)
 *   void arch_vtimer_set_ctl(uint64_t)  ... written back (to mask it, or 0)
 */

#endif
