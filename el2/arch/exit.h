/* The port's exit decode, as the core sees it: the port turns each guest
 * exit into the calls of el2/exit.h; each vCPU counts its exits by the
 * port's own code (0-63: the exception class on ARM) in vcpu->traps. */
#ifndef TANDEM_ARCH_EXIT_H
#define TANDEM_ARCH_EXIT_H
#include <stdint.h>

/* The short name of an exit code for reports ("mmio", "hvc"), or NULL for
 * codes reported by number. */
const char *arch_exit_counter_name(unsigned int code);
/* Once, at boot: what the port's IRQ-exit fast path needs to present the
 * virtual timer's interrupt without entering C - its INTID and reserved
 * LR (0: none, no fast path), and on GICv2 the CPU interface and
 * hypervisor interface bases (0 on GICv3). */
void irq_fast_init(uint32_t timer_intid, unsigned int timer_lr, uintptr_t gicv2_cpu,
		   uintptr_t gicv2_hyp);

#endif
