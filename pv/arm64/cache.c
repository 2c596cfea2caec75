/* Cache maintenance on the paravirtual path (pv/arch/cache.h): el2/arm64/mmu.c's. */
#include "pv/arch/cache.h"
#include "el2/arm64/mmu.h"

void pv_arch_clean_dcache(const void *p, uint64_t size)
{
	cache_clean_range(p, size);
}

void pv_arch_inval_icache(void)
{
	icache_inval_all();
}
