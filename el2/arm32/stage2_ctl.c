/* ARMv7-A stage-2 TLB maintenance (el2/arch/stage2.h). */
#include "el2/arch/stage2.h"
#include "el2/arm32/cp15.h"

void arch_stage2_tlb_flush(uint64_t root)
{
	/* ARMv7 has no invalidation by VMID from HYP without switching VTTBR
	 * to it: drop every non-secure PL1&0 entry on every core instead
	 * (TLBIALLNSNHIS). Called when a VM's tables change or it resets. */
	(void)root;
	__asm__ volatile("dsb ishst" ::: "memory");
	write_cp15(TLBIALLNSNHIS, 0);
	dsb_ish();
	isb();
}
