/* Tandem's HYP stage-1 tables (LPAE, HTTBR/HTCR/HMAIR); see
 * el2/arch/boot.h. The table format
 * is the one stage2/lpae.c builds for every stage; HTCR.T0SZ = 0 makes the
 * walk start at level 1 with 4 entries, the first 4 of the 512 lpae.c
 * keeps for a 39-bit input, as only addresses below 4 GiB are mapped. The
 * first half runs with the MMU off (memory strongly ordered): Tandem is
 * built with -mno-unaligned-access. */
#include <stddef.h>
#include "el2/arch/boot.h"
#include "el2/arch/cache.h"
#include "el2/arm32/cp15.h"
#include "el2/arm32/layout.h"
#include "el2/addr.h"
#include "el2/hyp_map.h"
#include "el2/page_pool.h"
#include "dt/platform.h"
#include "stage2/lpae.h"

void mmu_enable_secondary(void);

static uint64_t root[LPAE_ENTRIES] __attribute__((aligned(4096)));
static struct lpae_table hyp;

#define NORMAL_RW (S1_ATTRIDX(MAIR_IDX_NORMAL) | S1_AP_RW | LPAE_SH_INNER | S1_XN)
#define NORMAL_RO (S1_ATTRIDX(MAIR_IDX_NORMAL) | S1_AP_RO | LPAE_SH_INNER | S1_XN)
#define NORMAL_RX (S1_ATTRIDX(MAIR_IDX_NORMAL) | S1_AP_RO | LPAE_SH_INNER)
#define DEVICE_RW (S1_ATTRIDX(MAIR_IDX_DEVICE) | S1_AP_RW | S1_XN)
/* HTCR: T0SZ 0 (32-bit VA), walks inner/outer write-back, inner shareable;
 * bits 31 and 23 RES1. */
#define HTCR_VALUE 0x80803500u
/* HSCTLR: MMU, data and instruction caches on; the RES1 bits of ARMv7. */
#define HSCTLR_VALUE (0x30c50818u | (1u << 0) | (1u << 2) | (1u << 12))
#define HYP_VA_BITS 39   /* lpae.c's walk from level 1; HTCR keeps it to 32 */

static const struct hyp_map_attrs attrs = {
	.text = NORMAL_RX, .rodata = NORMAL_RO, .data = NORMAL_RW, .device = DEVICE_RW,
};

static void mmu_enable(void)
{
	write_cp15(HMAIR0, (uint32_t)MAIR_EL2_VALUE);
	write_cp15(HMAIR1, (uint32_t)(MAIR_EL2_VALUE >> 32));
	write_cp15(HTCR, HTCR_VALUE);
	write_cp15_64(HTTBR_64, (uintptr_t)root);
	isb();
	write_cp15(TLBIALLH, 0);
	dsb_ish();
	isb();
	write_cp15(HSCTLR, HSCTLR_VALUE);
	isb();
}

void mmu_init_early(uint64_t dtb_pa, unsigned int level)
{
	(void)level;   /* HYP only: ARMv7 has no paravirtual path yet */
	lpae_init(&hyp, root, HYP_VA_BITS, 40, &page_pool_lpae);
	struct hyp_map_table m = hyp_map_lpae(&hyp);

	if (hyp_map_early(&m, dtb_pa, &attrs))
		for (;;)
			__asm__ volatile("wfi");  /* nothing can print yet: a build error */
	/* Tables were written with the MMU off, into memory the caches may still
	 * hold stale lines of: clean and invalidate the whole image. */
	cache_clean_inval_range(__image_start, (uint64_t)(__image_end - __image_start));
	mmu_enable();
}

int mmu_map_platform(const struct platform *p)
{
	for (unsigned int i = 0; i < p->nram; i++)
		if (p->ram[i].base + p->ram[i].size > (1ull << 32))
			return -1;   /* HYP addresses 4 GiB: RAM above is not reachable */
	struct hyp_map_table m = hyp_map_lpae(&hyp);

	if (hyp_map_platform(&m, p, &attrs))
		return -1;
	__asm__ volatile("dsb ishst" ::: "memory");
	write_cp15(TLBIALLH, 0);
	dsb_ish();
	isb();
	return 0;
}

void mmu_enable_secondary(void)
{
	mmu_enable();
}
