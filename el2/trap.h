/* Guest exits: the entry point vectors.S calls, the table of handlers by
 * exception class, and the report made when a guest is stopped for a fault. */
#ifndef TANDEM_TRAP_H
#define TANDEM_TRAP_H
#include <stdint.h>

struct vcpu;

/* Handles one exit; returns the vCPU to resume (or never returns, when the
 * core has nothing to run any more). */
struct vcpu *trap_handle(struct vcpu *v, unsigned int reason);

#endif
