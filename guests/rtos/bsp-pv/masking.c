/* What every paravirtual port does the same way (kernel/port.h): interrupt
 * masking through the area shared with Tandem instead of the CPU's mask
 * bit, the upcall's C part, and stopping. The architecture's halves are
 * arch/<arch>-pv/ (port.c, upcall.S). */
#include <stdint.h>
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"
#include "firmware/smccc.h"

/* Masked until the first task runs (Tandem masks it at TANDEM_PV_SETUP). */
struct tandem_pv_shared pv_shared __attribute__((aligned(16))) = { .masked = 1 };

port_irq_state_t port_irq_save(void)
{
	port_irq_state_t was = pv_shared.masked;

	pv_shared.masked = 1;
	__asm__ volatile("" : : : "memory");
	return was;
}

/* Unmasking with an interrupt already waiting asks Tandem for it: the
 * only hypercall of masking, and only then. */
void port_irq_restore(port_irq_state_t was)
{
	__asm__ volatile("" : : : "memory");
	pv_shared.masked = (uint32_t)was;
	__asm__ volatile("" : : : "memory");
	if (!was && pv_shared.pending)
		pv_call(TANDEM_PV_IRQ_UNMASKED, 0, 0, 0, 0);
}

/* From upcall.S, on the interrupt stack, with the interrupted task's
 * frame and the interrupt Tandem acknowledged for it; returns the frame to
 * resume. bsp_irq leaves the interrupt in pv_acked_intid for whoever ends
 * it (the arm64 port's IRQ_EOI, the ARMv7-A port's EOI_IRET on the way
 * out). One interrupt per upcall: Tandem makes the next upcall right after
 * if another waits. */
void *arch_irq(void *frame, uint32_t intid);
void *arch_irq(void *frame, uint32_t intid)
{
	rtos_current()->port_sp = frame;
	rtos_irq_enter();
	pv_acked_intid = intid;
	bsp_irq();
	return rtos_irq_exit()->port_sp;
}

/* A VM that cannot go on powers itself off: Tandem says so and the other
 * VMs run on. */
void arch_halt(void)
{
	for (;;)
		pv_call(PSCI_SYSTEM_OFF, 0, 0, 0, 0);
}
