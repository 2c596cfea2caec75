/* Physical interrupt handling at EL2. Tandem runs with interrupts masked;
 * pending ones are taken either as guest exits or by polling the GIC from
 * the idle loop, and dispatched here by INTID. */
#ifndef TANDEM_IRQ_H
#define TANDEM_IRQ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IRQ_MAX 1020

/* Returns true if it forwarded the interrupt to a guest through a
 * hardware-linked list register: it then stays active until the guest
 * deactivates it. Otherwise Tandem deactivates it after the handler. */
typedef bool (*irq_handler_fn)(uint32_t intid, void *arg);

/* Installs the handler for an INTID (SGIs and PPIs are the same on every core). */
void irq_register(uint32_t intid, irq_handler_fn fn, void *arg);
/* Takes and handles every interrupt pending at this core's CPU interface. */
void irq_poll(void);
/* Takes and handles one, if any is pending; returns whether one was. A
 * guest exit handles one: another pending interrupt exits again at once. */
bool irq_handle_one(void);
/* Handles an interrupt already acknowledged (raw IAR value). */
void irq_dispatch(uint32_t raw);

#endif
