/* The C side of the IRQ exit's fast path (irq_exit.S): what it needs to
 * present the virtual timer's interrupt without entering C. */
#include <stddef.h>
#include "el2/arch/barrier.h"
#include "el2/arch/exit.h"
#include "el2/vcpu.h"
#include "el2/arm32/layout.h"

/* The GICv2 CPU interface (0 on GICv3), the virtual timer's INTID (~0: no
 * fast path), the routine that presents it, and on GICv2 the address of
 * its LR. */
struct irq_fast {
	uint32_t gicc, intid, present, v2_lr;
} irq_fast = { .intid = ~0u };

_Static_assert(offsetof(struct irq_fast, gicc) == IRQ_FAST_GICC, "irq_exit.S");
_Static_assert(offsetof(struct irq_fast, intid) == IRQ_FAST_INTID, "irq_exit.S");
_Static_assert(offsetof(struct irq_fast, present) == IRQ_FAST_PRESENT, "irq_exit.S");
_Static_assert(offsetof(struct irq_fast, v2_lr) == IRQ_FAST_V2_LR, "irq_exit.S");
_Static_assert(offsetof(struct vcpu, vgic.vtimer_lr) == VCPU_VTIMER_LR, "irq_exit.S");
_Static_assert(offsetof(struct vcpu, traps) == VCPU_TRAPS, "irq_exit.S");
_Static_assert(TRAP_COUNT_IRQ == TRAP_COUNT_IRQ_INDEX, "irq_exit.S");

extern char irq_present_v2[], irq_present_v3[];

void irq_fast_init(uint32_t timer_intid, unsigned int timer_lr, uintptr_t gicv2_cpu,
		   uintptr_t gicv2_hyp)
{
	if (!timer_lr)
		return;   /* no LR of its own for the timer: all in C */
	irq_fast.gicc = gicv2_cpu;
	irq_fast.present = gicv2_cpu ? (uintptr_t)irq_present_v2
				     : (uintptr_t)irq_present_v3 + 32 * timer_lr;
	irq_fast.v2_lr = gicv2_hyp + 0x100 + 4 * timer_lr;
	sync_shared();
	irq_fast.intid = timer_intid;
}
