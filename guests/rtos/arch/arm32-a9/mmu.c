/* The final identity map with short descriptors (mmu.h), built from what
 * the device tree says is RAM and which devices the RTOS drives
 * (bsp/boot.c): an access anywhere else faults instead of reaching a
 * device by accident. 1 MiB sections are fine-grained enough: the A9's
 * private region (SCU, GIC, timers) is one 8 KiB block, each PL011 4 KiB. */
#include "guests/rtos/arch/arm32/mmu.h"
#include "guests/rtos/arch/arm32-a9/mmu.h"

#define SZ_1M           (1ull << SD_SECT_SHIFT)

static uint32_t l1[SD_L1_ENTRIES] __attribute__((aligned(SD_L1_SIZE)));

void mmu_enable_boot(uint32_t *table);   /* mmu_boot.S */

bool mmu_map(uint64_t base, uint64_t size, bool device)
{
	uint32_t attrs = device ? SD_SECT_DEVICE : SD_SECT_NORMAL;
	uint64_t a = base & ~(SZ_1M - 1), end = (base + size + SZ_1M - 1) & ~(SZ_1M - 1);

	if (end > SD_L1_ENTRIES * SZ_1M || end < a)
		return false;
	for (; a < end; a += SZ_1M)
		if (!l1[a >> SD_SECT_SHIFT])    /* the first to map it keeps it */
			l1[a >> SD_SECT_SHIFT] = (uint32_t)a | attrs;
	return true;
}

/* The A9's table walks do not look in its L1 data cache: the table is
 * cleaned to the point of unification first. */
void mmu_switch(void)
{
	for (uintptr_t p = (uintptr_t)l1; p < (uintptr_t)l1 + SD_L1_SIZE; p += 32)
		__asm__ volatile("mcr p15, 0, %0, c7, c11, 1" : : "r"(p) : "memory");  /* DCCMVAU */
	__asm__ volatile("dsb ish" : : : "memory");
	mmu_enable_boot(l1);
}
