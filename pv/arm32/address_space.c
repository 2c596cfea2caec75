/* A paravirtualized guest's address space on ARMv7-A (pv/arch/
 * address_space.h): a short-descriptor table for TTBR0 (TTBCR.N = 0, the
 * whole 4 GiB), its RAM in 4 KiB pages tagged with the VM's ASID
 * (CONTEXTIDR), Tandem's image and the MPCore's page global and closed to
 * USR (el2/arm32/a9/mmu.c). No PXN on the Cortex-A9: what stops Tandem from
 * running guest code is that it never jumps there. */
#include "pv/arch/address_space.h"
#include "pv/vm.h"
#include "el2/arm32/a9/mmu.h"

static uint32_t l1s[PV_MAX_VMS][SD_L1_ENTRIES] __attribute__((aligned(SD_L1_SIZE)));

uint32_t pv_tandem_ttbr;   /* vectors.S: Tandem's own table */

void pv_arch_tandem_space_init(void)
{
	pv_tandem_ttbr = a9_mmu_tandem_ttbr();
}

int pv_arch_space_init(struct pv_arch_space *s, unsigned int index)
{
	if (index >= PV_MAX_VMS || sd_init(&s->t, l1s[index], &a9_table_pages))
		return -1;
	return a9_mmu_map_tandem_into(&s->t);
}

void pv_arch_set_space(struct pv_arch_regs *r, const struct pv_arch_space *s, unsigned int asid)
{
	r->ttbr = (uint32_t)(uintptr_t)s->t.l1 | A9_TTBR_WALK;
	r->asid = asid & 0xff;
}

static unsigned int page_attrs(uint64_t prot)
{
	unsigned int a = SD_MEM_NORMAL | SD_NG;

	a |= (prot & TANDEM_PV_PROT_WRITE) ? SD_USR_RW : SD_USR_RO;
	if (!(prot & TANDEM_PV_PROT_EXEC))
		a |= SD_XN;
	return a;
}

int pv_arch_map(struct pv_arch_space *s, uint64_t va, uint64_t pa, uint64_t size, uint64_t prot)
{
	unsigned int attrs = page_attrs(prot);

	/* Page by page, so that TANDEM_PV_MAP can change any one of them. */
	for (uint64_t o = 0; o < size; o += SD_PAGE_SIZE)
		if (va + o > UINT32_MAX || sd_map(&s->t, (uint32_t)(va + o), pa + o, SD_PAGE_SIZE, attrs))
			return -1;
	return 0;
}

void pv_arch_unmap(struct pv_arch_space *s, uint64_t va, uint64_t size)
{
	if (va <= UINT32_MAX && size <= (1ull << 32) - va)
		sd_unmap(&s->t, (uint32_t)va, size);
}

void pv_arch_flush_asid(unsigned int asid)
{
	a9_tlb_flush_asid(asid);
}
