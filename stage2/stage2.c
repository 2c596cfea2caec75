/* Stage-2 translation for VMs; see stage2.h. */
#include "stage2/stage2.h"
#include "el2/page_pool.h"
#include "el2/arm64/mmu.h"
#include "el2/arm64/sysreg.h"

uint64_t stage2_vtcr(void)
{
	/* T0SZ, start at level 1, inner/outer write-back, inner shareable,
	 * 4 KiB granule, PA size of the machine, RES1 bit 31. */
	return (64 - STAGE2_IPA_BITS) | (1u << 6) | (1u << 8) | (1u << 10) |
	       (3u << 12) | ((uint64_t)mmu_pa_range() << 16) | (1ull << 31);
}

int stage2_init(struct stage2 *s2, uint16_t vmid)
{
	uint64_t *root = page_alloc();

	if (!root)
		return -1;
	if (lpae_init(&s2->table, root, STAGE2_IPA_BITS, mmu_pa_bits(), &page_pool_lpae))
		return -1;
	s2->vmid = vmid;
	s2->vttbr = ((uint64_t)vmid << 48) | (uint64_t)(uintptr_t)root;
	return 0;
}

enum lpae_err stage2_map(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size,
			 enum s2_kind kind)
{
	uint64_t attrs;

	switch (kind) {
	case S2_RAM:
		attrs = S2_MEMATTR_NORMAL | S2_AP_RW | LPAE_SH_INNER;
		break;
	case S2_RAM_RO:
		attrs = S2_MEMATTR_NORMAL | S2_AP_RO | LPAE_SH_INNER;
		break;
	default:
		attrs = S2_MEMATTR_DEVICE | S2_AP_RW | S2_XN;
		break;
	}
	enum lpae_err e = lpae_map(&s2->table, ipa_addr(ipa), pa_addr(pa), size, attrs);

	dsb(ishst);
	return e;
}

bool stage2_translate(const struct stage2 *s2, ipaddr_t ipa, paddr_t *pa)
{
	uint64_t out;

	if (lpae_lookup(&s2->table, ipa_addr(ipa), &out, NULL, NULL) != LPAE_OK)
		return false;
	*pa = pa_init(out);
	return true;
}

void stage2_flush_tlb(const struct stage2 *s2)
{
	/* TLBI by VMID acts on the VMID in VTTBR_EL2: switch to it briefly. */
	uint64_t saved = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, s2->vttbr);
	isb();
	dsb(ishst);
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(vttbr_el2, saved);
	isb();
}
