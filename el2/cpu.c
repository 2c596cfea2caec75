/* Physical cores; see cpu.h. */
#include <stddef.h>
#include "el2/cpu.h"
#include "el2/boot.h"
#include "el2/console.h"
#include "el2/gic.h"
#include "el2/irq.h"
#include "el2/sched.h"
#include "el2/vcpu.h"
#include "el2/vm_runtime.h"
#include "el2/arch/barrier.h"
#include "el2/arch/boot.h"
#include "dt/platform.h"
#include "firmware/machine.h"
#include "vtimer/vtimer.h"
#include "vgic/vgic.h"

#define PANIC_STACK_SIZE 4096

/* Each core's stack sits above an unmapped guard page (see mmu.c); the last
 * slot is the boot stack the primary core uses from its first instruction
 * (boot_stack_top, defined in tandem.ld). */
uint8_t cpu_stacks[TANDEM_MAX_CPUS + 1][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE]
	__attribute__((aligned(4096)));
uint64_t cpu_stack_tops[TANDEM_MAX_CPUS];
static uint8_t panic_stacks[TANDEM_MAX_CPUS][PANIC_STACK_SIZE] __attribute__((aligned(16)));

#define PCPU(n) [n] = { .panic_sp = (uintptr_t)&panic_stacks[n][PANIC_STACK_SIZE], .id = n }
struct pcpu pcpus[TANDEM_MAX_CPUS] = {
	PCPU(0), PCPU(1), PCPU(2), PCPU(3), PCPU(4), PCPU(5), PCPU(6), PCPU(7),
};
unsigned int ncpus;

void cpu_init_primary(const struct platform *plat)
{
	uint64_t mpidr = arch_cpu_affinity();
	int id = platform_cpu_index(plat, mpidr);

	ncpus = plat->ncpus;
	if (id < 0)
		id = 0;   /* a boot core missing from /cpus: trust it is the first */
	for (unsigned int i = 0; i < ncpus; i++) {
		pcpus[i].mpidr = plat->cpu_mpidr[i];
		cpu_stack_tops[i] = (uint64_t)(uintptr_t)&cpu_stacks[i][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];
		pcpus[i].stack_top = cpu_stack_tops[i];
	}
	/* The primary keeps running on the boot stack. */
	pcpus[id].stack_top = (uint64_t)(uintptr_t)&cpu_stacks[TANDEM_MAX_CPUS][TANDEM_GUARD_SIZE +
								 TANDEM_STACK_SIZE];
	pcpus[id].online = true;
	arch_cpu_set_self(&pcpus[id]);
}

void cpu_start_secondaries(const struct platform *plat)
{
	unsigned int self = this_cpu()->id;

	for (unsigned int i = 0; i < plat->ncpus; i++) {
		if (i == self)
			continue;
		int64_t r = machine_cpu_on(plat->cpu_mpidr[i], (uint64_t)(uintptr_t)secondary_entry, i);

		if (r) {
			tlog("core %u (mpidr 0x%llx) did not start: PSCI CPU_ON returned %lld",
			     i, (unsigned long long)plat->cpu_mpidr[i], (long long)r);
			continue;
		}
		while (!pcpus[i].online)
			event_wait();
	}
}

void secondary_main(unsigned int id) __attribute__((noreturn));
void secondary_main(unsigned int id)
{
	arch_cpu_set_self(&pcpus[id]);
	gic_cpu_init(&pcpus[id]);
	vgic_cpu_hw_init();
	arch_cpu_init(id);
	vtimer_cpu_init(boot_platform());
	hyp_timer_cpu_init(boot_platform()->timer_irq[3]);
	sync_shared();
	pcpus[id].online = true;
	sync_shared();
	event_send();
	cpu_idle_loop();
}

void cpu_kick(unsigned int id)
{
	if (id != this_cpu()->id)
		gic_send_sgi(id, SGI_KICK);
}

void cpu_idle_loop(void)
{
	struct pcpu *c = this_cpu();

	for (;;) {
		struct vcpu *v;

		/* Each may ask for the other (a VM created adopts its vCPU here,
		 * a VM's last vCPU dropped here is given back). */
		while (__builtin_expect(c->sched.changes_pending, 0) || vm_runtime_wanted_on(c->id)) {
			if (vm_runtime_wanted_on(c->id))
				vm_runtime_work_now();
			sched_apply_changes(c);
		}
		v = sched_pick_next(c);

		if (v)
			vcpu_run(v);   /* does not return */
		/* Interrupts stay masked at EL2: WFI still wakes on a pending
		 * one, and irq_poll() takes it from the GIC. */
		interrupt_wait();
		irq_poll();
	}
}
