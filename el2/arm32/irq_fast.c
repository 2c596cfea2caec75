/* ARMv7-A for el2/arch/exit.h's IRQ fast path: this port takes every IRQ
 * exit through C (exit_decode.c: arm32_irq -> trap_irq), which presents the
 * virtual timer's interrupt in its reserved list register just the same;
 * there is no assembly shortcut to set up. */
#include "el2/arch/exit.h"

void irq_fast_init(uint32_t timer_intid, unsigned int timer_lr, uintptr_t gicv2_cpu,
		   uintptr_t gicv2_hyp)
{
	(void)timer_intid, (void)timer_lr, (void)gicv2_cpu, (void)gicv2_hyp;
}
