/* The physical interrupts a core takes at EL1 on the paravirtual path: the
 * core's timer carries its VMs' deadlines (expired ones become their
 * virtual timer interrupts) and the time slice (pv/sched.c); the UART's
 * typed characters go to the VM with the keyboard (pv/console_input.c). */
#include "pv/irq.h"
#include "pv/console.h"
#include "pv/sched.h"
#include "el2/cpu.h"
#include "el2/gic.h"

static unsigned int ptimer_intid, uart_intid;

void pv_irq_init(unsigned int timer_intid, unsigned int uart)
{
	ptimer_intid = timer_intid;
	uart_intid = uart;
}

void pv_irq_core_up(unsigned int core)
{
	gic->enable(ptimer_intid, &pcpus[core]);
}

void pv_take_irqs(unsigned int core)
{
	for (;;) {
		uint32_t intid = gic->ack();

		if (intid == GIC_SPURIOUS)
			return;
		gic->eoi(intid);
		if (intid == ptimer_intid)
			pv_sched_timer_expired(core);
		else if (intid == uart_intid)
			pv_console_received(core);
		gic->deactivate(intid);
	}
}
