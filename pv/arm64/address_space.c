/* A paravirtualized guest's address space on AArch64 (pv/arch/address_space.h):
 * TTBR0_EL1 tables of 39-bit VAs, tagged with the VM's ASID; the EL1&0
 * stage-1 attributes of its RAM; TLB maintenance by ASID. */
#include "pv/arch/address_space.h"
#include "pv/arch/context.h"
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

void pv_arch_tandem_space_init(void)
{
	pv_tandem_ttbr = mmu_root();
}

int pv_arch_space_init(struct lpae_table *t, uint64_t *root)
{
	if (lpae_init(t, root, PV_VA_BITS, mmu_pa_bits(), &page_pool_lpae) != LPAE_OK)
		return -1;
	mmu_map_image_into(t);
	return 0;
}

void pv_arch_set_space(struct pv_arch_regs *r, const uint64_t *root, unsigned int asid)
{
	r->ttbr = (uint64_t)(uintptr_t)root | ((uint64_t)asid << 48);
}

uint64_t pv_arch_page_attrs(uint64_t prot)
{
	uint64_t attrs = PV_NORMAL | PV_AP_EL0;

	if (!(prot & TANDEM_PV_PROT_WRITE))
		attrs |= PV_AP_RO;
	if (!(prot & TANDEM_PV_PROT_EXEC))
		attrs |= PV_UXN;
	return attrs;
}

void pv_arch_flush_asid(unsigned int asid)
{
	dsb(ishst);
	__asm__ volatile("tlbi aside1, %0" : : "r"((uint64_t)asid << 48) : "memory");
	dsb(nsh);
	isb();
}
