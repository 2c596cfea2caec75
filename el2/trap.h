/* Guest exits: the entry point vectors.S calls, the table of handlers by
 * exception class, and the report made when a guest is stopped for a fault. */
#ifndef TANDEM_TRAP_H
#define TANDEM_TRAP_H
#include <stdint.h>

struct vcpu;

/* Synchronous exits, by exception class: handler addresses for vectors.S,
 * bit 0 set (TRAP_FULL_FRAME) where the handler needs every guest register. */
extern const uintptr_t trap_table[];

/* Asynchronous exits, called by vectors.S. After any handler the vCPU is
 * resumed, or parked if it needs attention. */
/* IRQ exits the fast path (arm64/irq_exit.S) did not finish: iar is the
 * value it acknowledged. */
void trap_irq(struct vcpu *v, uint64_t iar);
void trap_fiq(struct vcpu *v, uint64_t esr);
void trap_serror(struct vcpu *v, uint64_t esr);

#endif
