/* The final identity map, built from what the device tree says is RAM and
 * which devices the RTOS drives (bsp/boot.c): an access anywhere else
 * faults instead of reaching a device by accident. */
#include <string.h>
#include "guests/rtos/arch/arm32/mmu.h"

#define L1_ENTRIES      4
#define L2_TABLES       4
#define ENTRIES         512
#define SZ_2M           (1ull << 21)
#define SZ_1G           (1ull << 30)

static uint64_t l1[L1_ENTRIES] __attribute__((aligned(32)));
static uint64_t l2[L2_TABLES][ENTRIES] __attribute__((aligned(4096)));
static unsigned int l2_used;

void mmu_enable_boot(uint64_t *table);   /* start.S */

static uint64_t *l2_for(unsigned int i1)
{
	if ((l1[i1] & 3) == MMU_TABLE)
		return (uint64_t *)(uintptr_t)(l1[i1] & 0xfffffff000ull);
	if (l1[i1] || l2_used == L2_TABLES)
		return NULL;            /* a 1 GiB block already, or no table left */
	l1[i1] = (uint64_t)(uintptr_t)l2[l2_used] | MMU_TABLE;
	return l2[l2_used++];
}

bool mmu_map(uint64_t base, uint64_t size, bool device)
{
	uint64_t attrs = device ? MMU_BLOCK_DEVICE : MMU_BLOCK_NORMAL;
	uint64_t a = base & ~(SZ_2M - 1), end = (base + size + SZ_2M - 1) & ~(SZ_2M - 1);

	if (end > L1_ENTRIES * SZ_1G || end < a)
		return false;
	while (a < end) {
		unsigned int i1 = (unsigned int)(a >> 30);
		uint64_t *t;

		if (!(a & (SZ_1G - 1)) && end - a >= SZ_1G && !l1[i1]) {
			l1[i1] = a | attrs;
			a += SZ_1G;
			continue;
		}
		t = l2_for(i1);
		if (!t)
			return false;
		if (!t[(a >> 21) & (ENTRIES - 1)])      /* the first to map it keeps it */
			t[(a >> 21) & (ENTRIES - 1)] = a | attrs;
		a += SZ_2M;
	}
	return true;
}

void mmu_switch(void)
{
	__asm__ volatile("dsb ishst" : : : "memory");   /* tables visible to the walker */
	mmu_enable_boot(l1);
}
