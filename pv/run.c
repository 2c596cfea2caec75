/* Bringing up the paravirtual path once its VMs are built (pv/pv.h): every
 * core with VMs pinned to it is started, sets itself up at EL1 and runs
 * them; a core without any idles. */
#include "el2/arch/cpu.h"
#include "el2/arch/barrier.h"
#include "el2/arch/cache.h"
#include "pv/pv.h"
#include "pv/console.h"
#include "pv/irq.h"
#include "pv/sched.h"
#include "pv/exit.h"
#include "pv/vm.h"
#include "pv/arch/address_space.h"
#include "pv/arch/cpu.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "dt/platform.h"
#include "firmware/machine.h"


static volatile bool go;

static void pv_idle(void) __attribute__((noreturn));
static void pv_idle(void)
{
	for (;;)
		interrupt_wait();
}

/* Runs the VMs pinned to core `id`, if any; otherwise idles. */
static void run_core(unsigned int id) __attribute__((noreturn));
static void run_core(unsigned int id)
{
	pv_core_setup();
	gic_cpu_init(&pcpus[id]);   /* pcpus[] as pv_run filled it in */
	pv_irq_core_up(id);
	pv_console_core_up(id);
	if (!pv_sched_count(id))
		pv_idle();
	pv_enter(pv_first_vcpu(id), cpu_stack_tops[id]);
}

/* A secondary core, from the boot code once PSCI started it. */
void pv_secondary_main(uint64_t id) __attribute__((noreturn));
void pv_secondary_main(uint64_t id)
{
	while (!go)
		event_wait();
	run_core((unsigned int)id);
}

void pv_run(const struct platform *plat)
{
	int self = platform_cpu_index(plat, arch_cpu_affinity());
	unsigned int nvms;
	struct pv_vm *vms = pv_vm_table(&nvms);

	pv_arch_tandem_space_init();
	pv_irq_init(plat->timer_irq[1], plat->uart_irq);
	pv_sched_init(plat->timer_irq[2]);
	pv_vms_start(vms, nvms);
	/* Every core's stack first: where cores wait for one signal (vexpress),
	 * starting one starts them all. */
	for (unsigned int i = 0; i < plat->ncpus && i < TANDEM_MAX_CPUS; i++) {
		pcpus[i].id = i;
		pcpus[i].mpidr = plat->cpu_mpidr[i];
		cpu_stack_tops[i] = (uint64_t)(uintptr_t)&cpu_stacks[i][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];
	}
	/* A core reads its stack top with its MMU and caches still off. */
	cache_clean_range(cpu_stack_tops, sizeof(cpu_stack_tops));
	sync_shared();
	for (unsigned int i = 0; i < plat->ncpus && i < TANDEM_MAX_CPUS; i++) {
		if ((int)i == self || !pv_sched_count(i))
			continue;
		if (machine_cpu_on(plat->cpu_mpidr[i], pv_arch_secondary_entry(), i))
			tlog("core %u did not start; its VMs do not run", i);
	}
	pv_console_init(vms, nvms, plat->uart.base, plat->uart_irq);
	sync_shared();
	go = true;
	event_send();
	run_core(self < 0 ? 0 : (unsigned int)self);
}
