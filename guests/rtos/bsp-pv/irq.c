/* Interrupts under Tandem (gic.c's counterpart): Tandem owns the GIC; the
 * RTOS enables its virtual interrupts and ends them by hypercall (on
 * ARMv7-A with the upcall's exit: TANDEM_PV_EOI_IRET), and finds each
 * acknowledged on entry to the upcall. Tandem orders pending ones by
 * INTID, so the priorities gic_enable is given hold as long as they rank
 * as the INTIDs do (the timer's 27 before the console's 33, as PRIO_TIMER
 * before PRIO_UART). */
#include <stddef.h>
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"
#include "el2/hypercall.h"

#define MAX_HANDLERS     8

static struct { unsigned int intid; irq_handler_t *fn, *done; } handlers[MAX_HANDLERS];
static unsigned int nhandlers;
static uint32_t unknown_irqs;
uint32_t pv_acked_intid = TANDEM_PV_SPURIOUS;

const char *gic_init(void)
{
	return NULL;
}

void gic_enable(unsigned int intid, uint8_t prio, irq_handler_t *handler, irq_handler_t *done)
{
	(void)prio;
	if (nhandlers < MAX_HANDLERS) {
		handlers[nhandlers].intid = intid;
		handlers[nhandlers].fn = handler;
		handlers[nhandlers++].done = done;
	}
	pv_call(TANDEM_PV_IRQ_ENABLE, intid, 1, 0, 0);
}

void bsp_irq(void)
{
	irq_handler_t *done = NULL;
	uint32_t intid = pv_acked_intid;

	pv_acked_intid = TANDEM_PV_SPURIOUS;
	if (intid == TANDEM_PV_SPURIOUS)
		return;
	for (unsigned int i = 0; i < nhandlers; i++) {
		if (handlers[i].intid == intid) {
			handlers[i].fn();
			done = handlers[i].done;
			goto eoi;
		}
	}
	unknown_irqs++;                 /* not ours: keep it quiet */
	pv_call(TANDEM_PV_IRQ_ENABLE, intid, 0, 0, 0);
eoi:
	if (PV_EOI_ON_IRET && !done) {
		pv_acked_intid = intid;  /* the upcall's exit ends it */
		return;
	}
	pv_call(TANDEM_PV_IRQ_EOI, intid, 0, 0, 0);
	if (done)
		done();
}

int64_t bsp_null_hypercall(void)
{
	return pv_call(TANDEM_HC_NULL, 0, 0, 0, 0);
}
