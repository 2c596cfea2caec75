/* Building a paravirtualized VM from an accepted plan entry (pv/pv.h): its
 * address space, its payload and device tree (with their seeds) in its RAM,
 * its virtual interrupts, its first registers and its place on its core. */
#include <libfdt.h>
#include <string.h>
#include "el2/arch/cache.h"
#include "pv/pv.h"
#include "pv/address_space.h"
#include "pv/arch/address_space.h"
#include "pv/sched.h"
#include "pv/vm.h"
#include "pv/arch/context.h"
#include "pv/arch/cpu.h"
#include "el2/console.h"
#include "el2/boot.h"
#include "el2/dt_store.h"
#include "el2/entropy.h"
#include "dt/guest_dt.h"
#include "dt/platform.h"

#define PV_DT_MAX     (64 * 1024)

static struct pv_vm vms[PV_MAX_VMS];
static uint8_t scratch[PV_DT_MAX] __attribute__((aligned(8)));
static unsigned int nvms;

_Static_assert(PV_MAX_VMS <= MAX_VMS && PV_DT_MAX == PLAN_DT_MAX, "el2/dt_store.h");

static void *ram(const struct pv_vm *vm, uint64_t offset)
{
	return (void *)(uintptr_t)(vm->ram_pa + offset);
}

/* Its payload and its pristine tree (fresh seeds) into its RAM, its first
 * registers and its virtual interrupts (the virtual timer's, as its tree
 * says, and the console's if it has one): the same at creation and at
 * each start again. */
static void load(struct pv_vm *vm, const struct platform *plat)
{
	const struct vm_config *c = &vm->cfg;
	const uint8_t *dtb = vm_dt_store[vm - vms];
	uint64_t dt_off = c->mem_size - PV_DT_MAX;

	memcpy(ram(vm, 0), (const void *)(uintptr_t)vm->plan->kernel->addr, vm->plan->kernel->size);
	memcpy(ram(vm, dt_off), dtb, fdt_totalsize(dtb));
	entropy_vm_seeds(c->name, (unsigned int)(vm - vms), vm->boots,
			 ram(vm, dt_off + vm->rng_seed_off), ram(vm, dt_off + vm->kaslr_seed_off));
	cache_clean_range(ram(vm, dt_off), fdt_totalsize(dtb));
	cache_clean_range(ram(vm, 0), vm->plan->kernel->size);
	icache_inval_all();
	memset(&vm->vcpu.regs, 0, sizeof(vm->vcpu.regs));
	pv_arch_set_space(&vm->vcpu.regs, &vm->space, vm->asid);
	pv_arch_set_entry(&vm->vcpu.regs, c->mem_base);        /* at the start of its RAM, interrupts on */
	pv_arch_set_arg(&vm->vcpu.regs, 0, c->mem_base + dt_off);   /* its device tree */
	pv_virq_init(&vm->virq);
	pv_virq_own(&vm->virq, plat->timer_irq[2]);
	if (c->vpl011)
		pv_virq_own(&vm->virq, plat->uart_irq);
}

int pv_vm_create(const struct vm_plan *plan, const void *plat_fdt, const struct platform *plat,
		 const void *overlay, size_t overlay_size)
{
	struct pv_vm *vm = &vms[nvms];
	const struct vm_config *c = &plan->cfg;
	uint64_t dt_off = c->mem_size - PV_DT_MAX;
	char msg[PLAN_MSG_MAX];

	memset(vm, 0, sizeof(*vm));
	vm->cfg = *c;
	vm->plan = plan;
	vm->ram_pa = plan->ram_pa;
	vm->core = (unsigned int)platform_cpu_index(plat, c->affinity[0]);
	vm->asid = nvms + 1;
	if (plan->kernel->size > dt_off) {
		tlog("vm %s: refused: its payload (%llu bytes) does not fit below its device tree; "
		     "raise 'memory'", c->name, (unsigned long long)plan->kernel->size);
		return -1;
	}
	if (guest_dt_build(plat_fdt, plat, c, overlay, overlay_size, vm_dt_store[nvms], PV_DT_MAX,
			   scratch, sizeof(scratch), msg, sizeof(msg))) {
		tlog("vm %s: refused: %s", c->name, msg);
		return -1;
	}
	if (guest_dt_seed_offsets(vm_dt_store[nvms], &vm->rng_seed_off, &vm->kaslr_seed_off)) {
		tlog("vm %s: refused: its device tree has no room for its rng-seed", c->name);
		return -1;
	}
	if (pv_space_init(vm, nvms))
		return -1;
	if (pv_space_map_ram(vm)) {
		tlog("vm %s: refused: its address space could not be built", c->name);
		return -1;
	}
	vm->vcpu.vm = vm;
	load(vm, plat);
	tlog("vm %s: paravirtualized, %s on core %u, RAM VA 0x%llx-0x%llx at PA 0x%llx, "
	     "ASID %u", c->name, pv_arch_guest_where, vm->core, (unsigned long long)c->mem_base,
	     (unsigned long long)(c->mem_base + c->mem_size - 1), (unsigned long long)vm->ram_pa,
	     vm->asid);
	pv_sched_add(vm);
	nvms++;
	return 0;
}

int pv_vm_boot_again(struct pv_vm *vm)
{
	const struct vm_config *c = &vm->cfg;

	/* What it mapped itself goes: its window is its RAM again, whole. */
	if (vm->mapped_own && pv_space_map(vm, c->mem_base, 0, c->mem_size, TANDEM_PV_PROT_READ |
					   TANDEM_PV_PROT_WRITE | TANDEM_PV_PROT_EXEC)) {
		tlog("vm %s: cannot start again: its address space could not be rebuilt", c->name);
		return -1;
	}
	vm->mapped_own = false;
	vm->boots++;
	load(vm, boot_platform());
	memset(&vm->fp, 0, sizeof(vm->fp));
	vm->shared = NULL;
	vm->pending_shown = false;
	vm->upcall = 0;
	vm->idle = false;
	vm->deadline = ~0ull;
	vm->len = 0;
	vm->in_head = vm->in_count = 0;
	tlog("vm %s: restarting from a clean image (start %u)", c->name, vm->boots);
	return 0;
}

struct pv_vm *pv_vm_table(unsigned int *n)
{
	*n = nvms;
	return vms;
}
