/* Interrupt dispatch; see irq.h. */
#include <stddef.h>
#include "el2/irq.h"
#include "el2/gic.h"
#include "el2/console.h"
#include "el2/sched.h"
#include "el2/vcpu.h"
#include "el2/arch/barrier.h"

struct irq_slot {
	irq_handler_fn fn;
	void *arg;
};

static struct irq_slot handlers[IRQ_MAX];

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
		interrupt_wait();
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
