/* A paravirtualized guest's address space on AArch64 (pv/arch/address_space.h):
 * TTBR0_EL1 tables of 39-bit VAs in the LPAE format (stage2/lpae.c), tagged
 * with the VM's ASID; the EL1&0 stage-1 attributes of its RAM; TLB
 * maintenance by ASID. */
#include "pv/arch/address_space.h"
#include "pv/arch/context.h"
#include "pv/vm.h"
#include "el2/page_pool.h"
#include "el2/arm64/mmu.h"
#include "el2/arm64/sysreg.h"
#include "stage2/lpae.h"

#define PV_VA_BITS  39    /* TCR_EL1.T0SZ as mmu.c sets it */

/* EL1&0 stage-1 attributes of a guest's RAM: normal write-back memory,
 * never executable at EL1 (PXN), tagged with the VM's ASID (nG); EL0 access
 * by TANDEM_PV_MAP's protections (at first read/write/execute). */
#define PV_NORMAL   (S1_ATTRIDX(MAIR_IDX_NORMAL) | LPAE_SH_INNER | (1ull << 53) | (1ull << 11))
#define PV_AP_EL0   (1ull << 6)     /* AP[1]: EL0 may access */
#define PV_AP_RO    (1ull << 7)     /* AP[2]: read-only */
#define PV_UXN      (1ull << 54)

uint64_t pv_tandem_ttbr;   /* vectors.S: Tandem's own table, ASID 0 */
static uint64_t roots[PV_MAX_VMS][LPAE_ENTRIES] __attribute__((aligned(4096)));

void pv_arch_tandem_space_init(void)
{
	pv_tandem_ttbr = mmu_root();
}

int pv_arch_space_init(struct pv_arch_space *s, unsigned int index)
{
	if (index >= PV_MAX_VMS ||
	    lpae_init(&s->t, roots[index], PV_VA_BITS, mmu_pa_bits(), &page_pool_lpae) != LPAE_OK)
		return -1;
	mmu_map_image_into(&s->t);
	return 0;
}

void pv_arch_set_space(struct pv_arch_regs *r, const struct pv_arch_space *s, unsigned int asid)
{
	r->ttbr = (uint64_t)(uintptr_t)s->t.root | ((uint64_t)asid << 48);
}

static uint64_t page_attrs(uint64_t prot)
{
	uint64_t attrs = PV_NORMAL | PV_AP_EL0;

	if (!(prot & TANDEM_PV_PROT_WRITE))
		attrs |= PV_AP_RO;
	if (!(prot & TANDEM_PV_PROT_EXEC))
		attrs |= PV_UXN;
	return attrs;
}

int pv_arch_map(struct pv_arch_space *s, uint64_t va, uint64_t pa, uint64_t size, uint64_t prot)
{
	uint64_t attrs = page_attrs(prot);

	for (uint64_t o = 0; o < size; o += LPAE_PAGE_SIZE)
		if (lpae_map(&s->t, va + o, pa + o, LPAE_PAGE_SIZE, attrs) != LPAE_OK)
			return -1;
	return 0;
}

void pv_arch_unmap(struct pv_arch_space *s, uint64_t va, uint64_t size)
{
	for (uint64_t o = 0; o < size; o += LPAE_PAGE_SIZE)
		lpae_unmap(&s->t, va + o, LPAE_PAGE_SIZE);   /* unmapped already: fine */
}

void pv_arch_flush_asid(unsigned int asid)
{
	dsb(ishst);
	__asm__ volatile("tlbi aside1, %0" : : "r"((uint64_t)asid << 48) : "memory");
	dsb(nsh);
	isb();
}
