/* Building a paravirtualized VM from an accepted plan entry (pv/pv.h): its
 * address space, its payload and device tree (with their seeds) in its RAM,
 * its virtual interrupts, its first registers and its place on its core. */
#include <libfdt.h>
#include <string.h>
#include "el2/arch/cache.h"
#include "pv/pv.h"
#include "pv/address_space.h"
#include "pv/sched.h"
#include "pv/vm.h"
#include "pv/arch/context.h"
#include "pv/arch/cpu.h"
#include "el2/console.h"
#include "el2/entropy.h"
#include "dt/guest_dt.h"
#include "dt/platform.h"

#define PV_DT_MAX     (64 * 1024)

static struct pv_vm vms[PV_MAX_VMS];
static uint8_t dtb[PV_DT_MAX], scratch[PV_DT_MAX] __attribute__((aligned(8)));
static unsigned int nvms;

static void *ram(const struct pv_vm *vm, uint64_t offset)
{
	return (void *)(uintptr_t)(vm->ram_pa + offset);
}

int pv_vm_create(const struct vm_plan *plan, const void *plat_fdt, const struct platform *plat,
		 const void *overlay, size_t overlay_size)
{
	struct pv_vm *vm = &vms[nvms];
	const struct vm_config *c = &plan->cfg;
	char msg[PLAN_MSG_MAX];
	uint64_t dt_off = c->mem_size - PV_DT_MAX;
	uint32_t rng_off, kaslr_off;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = *c;
	vm->ram_pa = plan->ram_pa;
	vm->core = (unsigned int)platform_cpu_index(plat, c->affinity[0]);
	vm->asid = nvms + 1;
	if (plan->kernel->size > dt_off) {
		tlog("vm %s: refused: its payload (%llu bytes) does not fit below its device tree; "
		     "raise 'memory'", c->name, (unsigned long long)plan->kernel->size);
		return -1;
	}
	if (guest_dt_build(plat_fdt, plat, c, overlay, overlay_size, dtb, sizeof(dtb), scratch,
			   sizeof(scratch), msg, sizeof(msg))) {
		tlog("vm %s: refused: %s", c->name, msg);
		return -1;
	}
	if (guest_dt_seed_offsets(dtb, &rng_off, &kaslr_off)) {
		tlog("vm %s: refused: its device tree has no room for its rng-seed", c->name);
		return -1;
	}
	if (pv_space_init(vm, nvms))
		return -1;
	if (pv_space_map_ram(vm)) {
		tlog("vm %s: refused: its address space could not be built", c->name);
		return -1;
	}
	/* Its virtual interrupts: the virtual timer's, and the console's if
	 * it has the console. */
	pv_virq_init(&vm->virq);
	pv_virq_own(&vm->virq, plat->timer_irq[2]);   /* as its tree says: the virtual timer */
	if (c->vpl011)
		pv_virq_own(&vm->virq, plat->uart_irq);
	memcpy(ram(vm, 0), (const void *)(uintptr_t)plan->kernel->addr, plan->kernel->size);
	memcpy(ram(vm, dt_off), dtb, fdt_totalsize(dtb));
	/* Its seeds, as on the hardware path (a paravirtual VM is not restarted). */
	entropy_vm_seeds(c->name, nvms, 0, ram(vm, dt_off + rng_off), ram(vm, dt_off + kaslr_off));
	cache_clean_range(ram(vm, dt_off), fdt_totalsize(dtb));
	cache_clean_range(ram(vm, 0), plan->kernel->size);
	icache_inval_all();

	vm->vcpu.vm = vm;
	pv_arch_set_entry(&vm->vcpu.regs, c->mem_base);        /* at the start of its RAM, interrupts on */
	pv_arch_set_arg(&vm->vcpu.regs, 0, c->mem_base + dt_off);   /* its device tree */
	tlog("vm %s: paravirtualized, %s on core %u, RAM VA 0x%llx-0x%llx at PA 0x%llx, "
	     "ASID %u", c->name, pv_arch_guest_where, vm->core, (unsigned long long)c->mem_base,
	     (unsigned long long)(c->mem_base + c->mem_size - 1), (unsigned long long)vm->ram_pa,
	     vm->asid);
	pv_sched_add(vm);
	nvms++;
	return 0;
}

struct pv_vm *pv_vm_table(unsigned int *n)
{
	*n = nvms;
	return vms;
}
