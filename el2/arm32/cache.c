/* Cache maintenance by address on ARMv7-A (el2/arch/cache.h), the same in
 * HYP and in SVC: to the point of coherency, by the line size CTR gives. */
#include <string.h>
#include <stdint.h>
#include "el2/arch/cache.h"
#include "el2/arch/barrier.h"
#include "el2/arm32/cp15.h"
#include "el2/addr.h"

static uint32_t dcache_line(void)
{
	return 4u << ((read_cp15(CTR) >> 16) & 0xf);
}

void cache_clean_range(const void *p, uint64_t size)
{
	uint32_t line = dcache_line();
	uintptr_t a = ALIGN_DOWN((uintptr_t)p, line);

	for (; a < (uintptr_t)p + size; a += line)
		write_cp15(DCCMVAC, a);
	dsb_ish();
}

void cache_clean_inval_range(const void *p, uint64_t size)
{
	uint32_t line = dcache_line();
	uintptr_t a = ALIGN_DOWN((uintptr_t)p, line);

	for (; a < (uintptr_t)p + size; a += line)
		write_cp15(DCCIMVAC, a);
	dsb_ish();
}

void icache_inval_all(void)
{
	write_cp15(ICIALLUIS, 0);
	write_cp15(BPIALLIS, 0);
	dsb_ish();
	isb();
}

/* ARMv7-A has no zeroing by cache line: memset, with a YIELD hint every
 * 64 KiB for the same reason as the arm64 port's (el2/arm64/mmu.c). */
void memory_zero_range(void *p, uint64_t size)
{
	uint8_t *a = p;

	while (size) {
		size_t n = size < 0x10000 ? (size_t)size : 0x10000;

		memset(a, 0, n);
		a += n;
		size -= n;
		__asm__ volatile("yield" ::: "memory");
	}
}
