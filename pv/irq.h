/* The physical interrupts a core takes on the paravirtual path (pv/irq.c). */
#ifndef TANDEM_PV_IRQ_H
#define TANDEM_PV_IRQ_H

/* Tandem's timer's INTID and the console UART's. */
void pv_irq_init(unsigned int timer_intid, unsigned int uart_intid);
/* This core, its GIC interface up, takes its timer's interrupt. */
void pv_irq_core_up(unsigned int core);
/* Takes this core's pending physical interrupts. */
void pv_take_irqs(unsigned int core);

#endif
