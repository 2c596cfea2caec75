/* Physical cores: per-core state, bring-up through the firmware's PSCI, and
 * the loop a core runs when it has no guest to run. */
#ifndef TANDEM_CPU_H
#define TANDEM_CPU_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/arch/cpu.h"
#include "el2/arch/limits.h"
#include "el2/arch/vcpu_context.h"
#include "el2/hyp_timer.h"
#include "el2/sched.h"

struct vcpu;
struct platform;

struct pcpu {
	uintptr_t panic_sp;       /* first: the port's fault vectors load it */
	unsigned int id;          /* logical index: position under /cpus */
	uint64_t mpidr;
	uint64_t stack_top;
	struct vcpu *loaded;      /* the vCPU whose EL1 state is in the registers */
	struct sched_core sched;  /* the vCPUs pinned here and whose turn it is */
	struct hyp_timer htimer;  /* the slots of its EL2 timer */
	volatile bool online;
	uint32_t gicv2_target;    /* this core's GICv2 CPU-interface mask */
	struct arch_pcpu arch;    /* whose lazily switched state the registers hold */
};

extern struct pcpu pcpus[TANDEM_MAX_CPUS];
extern unsigned int ncpus;

static inline struct pcpu *this_cpu(void)
{
	return (struct pcpu *)arch_cpu_self();
}

/* Each core's stack (above an unmapped guard page) and its top; the last
 * slot is the boot stack. The paravirtual path uses them too. */
extern uint8_t cpu_stacks[TANDEM_MAX_CPUS + 1][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];
extern uint64_t cpu_stack_tops[TANDEM_MAX_CPUS];

/* Makes the calling core the primary: its per-core struct, from its MPIDR. */
void cpu_init_primary(const struct platform *plat);
/* Starts every other core listed in the device tree; waits until each is up. */
void cpu_start_secondaries(const struct platform *plat);
/* Wakes core id from its idle loop (it then looks for work). */
void cpu_kick(unsigned int id);
/* Runs the core's chosen vCPU when one may run, else waits for interrupts. */
void cpu_idle_loop(void) __attribute__((noreturn));

#endif
