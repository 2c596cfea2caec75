/* Interrupt dispatch; see irq.h. */
#include <stddef.h>
#include "el2/irq.h"
#include "el2/gic.h"
#include "el2/console.h"
#include "el2/sched.h"
#include "el2/vcpu.h"
#include "el2/arm64/layout.h"
#include "el2/arm64/sysreg.h"

struct irq_slot {
	irq_handler_fn fn;
	void *arg;
};

static struct irq_slot handlers[IRQ_MAX];

/* For the IRQ exit's fast path (irq_exit.S): the GICv2 CPU interface (0 on
 * GICv3), the virtual timer's INTID (~0: no fast path), the routine that
 * presents it, and on GICv2 the address of its LR. */
struct irq_fast {
	uint64_t gicc, intid, present, v2_lr;
} irq_fast = { .intid = ~0ull };

_Static_assert(offsetof(struct irq_fast, gicc) == IRQ_FAST_GICC, "irq_exit.S");
_Static_assert(offsetof(struct irq_fast, intid) == IRQ_FAST_INTID, "irq_exit.S");
_Static_assert(offsetof(struct irq_fast, present) == IRQ_FAST_PRESENT, "irq_exit.S");
_Static_assert(offsetof(struct irq_fast, v2_lr) == IRQ_FAST_V2_LR, "irq_exit.S");
_Static_assert(offsetof(struct vcpu, vgic.vtimer_lr) == VCPU_VTIMER_LR, "irq_exit.S");
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
	dsb(ish);
	irq_fast.intid = timer_intid;
}

void irq_register(uint32_t intid, irq_handler_fn fn, void *arg)
{
	if (intid < IRQ_MAX) {
		handlers[intid].arg = arg;
		handlers[intid].fn = fn;
	}
}

static void halt_this_core(void)
{
	for (;;)
		wfi();
}

void irq_dispatch(uint32_t raw)
{
	uint32_t intid = raw & 0x3ff;  /* GICv2 keeps the SGI source above */
	bool forwarded = false;

	if (intid == SGI_HALT)
		halt_this_core();
	if (intid == SGI_KICK)
		sched_reschedule();   /* what changed may concern this core's vCPUs */
	else if (handlers[intid].fn)
		forwarded = handlers[intid].fn(intid, handlers[intid].arg);
	gic->eoi(raw);
	if (!forwarded)
		gic->deactivate(raw);
}

bool irq_handle_one(void)
{
	uint32_t raw = gic->ack();

	if (raw == GIC_SPURIOUS)
		return false;
	irq_dispatch(raw);
	return true;
}

void irq_poll(void)
{
	while (irq_handle_one())
		;
}
