/* The EL1 (guest kernel) system-register context that must follow a vCPU
 * from core to core or be reset when its VM restarts. */
#ifndef TANDEM_ARM64_EL1_CONTEXT_H
#define TANDEM_ARM64_EL1_CONTEXT_H
#include <stdint.h>

struct el1_context {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar;
	uint64_t contextidr, tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
	uint64_t elr_el1, spsr_el1, esr, far, afsr0, afsr1, par, cntkctl;
	uint64_t cntv_ctl, cntv_cval, csselr, mdscr;
};

void arch_el1_save(struct el1_context *c);
void arch_el1_restore(const struct el1_context *c);
/* Architectural reset values: MMU off, timer off, FP trapping as at reset. */
void arch_el1_reset_values(struct el1_context *c);
/* The loaded vCPU's live EL1 context as a core's power-down leaves it
 * (PSCI CPU_SUSPEND): reset values - MMU and caches off - except its
 * virtual timer, which keeps running: it may be what wakes the vCPU. */
void arch_el1_power_down(void);

#endif
