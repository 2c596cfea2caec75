/* A paravirtualized VM's address space: a table of its own, tagged with its
 * ASID, holding its RAM at its memory-base, page by page so that
 * TANDEM_PV_MAP can change any page of it, and Tandem's image for Tandem
 * only. The descriptor attributes and TLB maintenance are the
 * architecture's (pv/arch/address_space.h). */
#include "pv/address_space.h"
#include "pv/arch/address_space.h"
#include "el2/arch/spinlock.h"

static spinlock_t map_lock = SPINLOCK_INIT;    /* the page pool behind every VM's table */

static int map_pages(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t attrs)
{
	for (uint64_t o = 0; o < size; o += LPAE_PAGE_SIZE)
		if (lpae_map(&vm->table, va + o, vm->ram_pa + offset + o, LPAE_PAGE_SIZE, attrs) != LPAE_OK)
			return -1;
	return 0;
}

int pv_space_init(struct pv_vm *vm, uint64_t *root)
{
	if (pv_arch_space_init(&vm->table, root))
		return -1;
	pv_arch_set_space(&vm->vcpu.regs, root, vm->asid);
	return 0;
}

int pv_space_map_ram(struct pv_vm *vm)
{
	return map_pages(vm, vm->cfg.mem_base, 0, vm->cfg.mem_size,
			 pv_arch_page_attrs(TANDEM_PV_PROT_READ | TANDEM_PV_PROT_WRITE | TANDEM_PV_PROT_EXEC));
}

/* Pages of the VM's own RAM at addresses of its own window [memory-base,
 * memory-base + memory), with the protections asked for (0 unmaps). The
 * window and the RAM are both the VM's, so nothing it maps can reach
 * another VM or Tandem. */
int pv_space_map(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t prot)
{
	uint64_t attrs = prot ? pv_arch_page_attrs(prot) : 0;
	int ret = 0;

	spin_lock(&map_lock);
	for (uint64_t o = 0; o < size; o += LPAE_PAGE_SIZE)
		lpae_unmap(&vm->table, va + o, LPAE_PAGE_SIZE);   /* unmapped already: fine */
	if (prot && map_pages(vm, va, offset, size, attrs))
		ret = -1;   /* out of table pages: left unmapped */
	spin_unlock(&map_lock);
	pv_arch_flush_asid(vm->asid);
	return ret;
}
