/* The paravirtual path's architecture interface: the core Tandem runs on
 * (at EL1 / SVC, below no hypervisor). pv_core_setup (pv/pv.h) is the
 * architecture's too. */
#ifndef TANDEM_PV_ARCH_CPU_H
#define TANDEM_PV_ARCH_CPU_H
#include <stdint.h>

struct pv_vcpu;
struct platform;

/* What the architecture takes from the platform before any VM is built
 * (its timers' interrupts and frequency, how cores start and the machine
 * powers off), correcting p where the tree leaves it to the core. */
void pv_arch_platform(struct platform *p);
/* Where Tandem runs, for its messages: "at EL1", "in SVC mode". */
extern const char pv_arch_where[];
/* Where its guests run: "at EL0", "in USR mode". */
extern const char pv_arch_guest_where[];
/* Where a secondary core started by PSCI CPU_ON enters Tandem. */
uint64_t pv_arch_secondary_entry(void);
/* The first entry into a guest (the vectors, pv/<arch>/vectors.S): onto
 * stack_top, which every later exception from the guest starts on again. */
void pv_enter(struct pv_vcpu *frame, uint64_t stack_top) __attribute__((noreturn));

#endif
