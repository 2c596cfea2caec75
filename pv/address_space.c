/* A paravirtualized VM's address space: a table of its own, tagged with its
 * ASID, holding its RAM at its memory-base, page by page so that
 * TANDEM_PV_MAP can change any page of it, and Tandem's image for Tandem
 * only. The table format, its attributes and TLB maintenance are the
 * architecture's (pv/arch/address_space.h). */
#include "pv/address_space.h"
#include "pv/arch/address_space.h"
#include "el2/arch/spinlock.h"

static spinlock_t map_lock = SPINLOCK_INIT;    /* the page pool behind every VM's table */

int pv_space_init(struct pv_vm *vm, unsigned int index)
{
	if (pv_arch_space_init(&vm->space, index))
		return -1;
	pv_arch_set_space(&vm->vcpu.regs, &vm->space, vm->asid);
	return 0;
}

int pv_space_map_ram(struct pv_vm *vm)
{
	return pv_arch_map(&vm->space, vm->cfg.mem_base, vm->ram_pa, vm->cfg.mem_size,
			   TANDEM_PV_PROT_READ | TANDEM_PV_PROT_WRITE | TANDEM_PV_PROT_EXEC);
}

/* Pages of the VM's own RAM at addresses of its own window [memory-base,
 * memory-base + memory), with the protections asked for (0 unmaps). The
 * window and the RAM are both the VM's, so nothing it maps can reach
 * another VM or Tandem. */
int pv_space_map(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t prot)
{
	int ret = 0;

	spin_lock(&map_lock);
	pv_arch_unmap(&vm->space, va, size);
	if (prot && pv_arch_map(&vm->space, va, vm->ram_pa + offset, size, prot)) {
		pv_arch_unmap(&vm->space, va, size);
		ret = -1;   /* out of table pages: left unmapped */
	}
	spin_unlock(&map_lock);
	pv_arch_flush_asid(vm->asid);
	return ret;
}
