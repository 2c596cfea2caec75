/* AArch64 stage-2 control (el2/arch/stage2.h): VTCR_EL2 and TLB
 * maintenance by VMID. */
#include "el2/arch/stage2.h"
#include "el2/arm64/stage2_ctl.h"
#include "el2/arm64/sysreg.h"

uint64_t arm64_vtcr(void)
{
	/* T0SZ, start at level 1, inner/outer write-back, inner shareable,
	 * 4 KiB granule, PA size of the machine, RES1 bit 31. */
	return (64 - ARCH_IPA_BITS) | (1u << 6) | (1u << 8) | (1u << 10) |
	       (3u << 12) | ((uint64_t)mmu_pa_range() << 16) | (1ull << 31);
}

void arch_stage2_tlb_flush(uint64_t root)
{
	/* TLBI by VMID acts on the VMID in VTTBR_EL2: switch to it briefly. */
	uint64_t saved = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, root);
	isb();
	dsb(ishst);
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb(ish);
	isb();
	write_sysreg(vttbr_el2, saved);
	isb();
}
