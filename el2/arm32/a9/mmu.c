/* Tandem's own tables in SVC mode on a core without the virtualization
 * extensions (the Cortex-A9 has no LPAE either): the short-descriptor
 * format (stage1/short_desc.c), TTBR0 with TTBCR.N = 0, every mapping in
 * domain 0 as a client, global and closed to USR mode. The same mappings as
 * every port's (el2/hyp_map.c), plus the MPCore's private page (global
 * timer, private timers, SCU) and the devices the platform code uses. The
 * paravirtual path puts Tandem's image into each guest's table too
 * (a9_mmu_map_tandem_into) and switches TTBR0 between them. */
#include <stddef.h>
#include "el2/arch/boot.h"
#include "el2/arch/cache.h"
#include "el2/arch/barrier.h"
#include "el2/arm32/cp15.h"
#include "el2/arm32/a9/mmu.h"
#include "el2/arm32/a9/global_timer.h"
#include "el2/addr.h"
#include "el2/hyp_map.h"
#include "el2/page_pool.h"
#include "dt/platform.h"

void mmu_enable_secondary(void);

#define TTBR0_32    0, c2, c0, 0
#define TLBIALL     0, c8, c7, 0
#define ICIALLU     0, c7, c5, 0
#define BPIALL      0, c7, c5, 6
#define SCTLR_M     (1u << 0)
#define SCTLR_A     (1u << 1)
#define SCTLR_C     (1u << 2)
#define SCTLR_Z     (1u << 11)
#define SCTLR_I     (1u << 12)
#define SCTLR_V     (1u << 13)
#define SCTLR_TRE   (1u << 28)
#define SCTLR_AFE   (1u << 29)
#define SCTLR_TE    (1u << 30)
#define DACR_CLIENT_D0 1u

static uint32_t l1[SD_L1_ENTRIES] __attribute__((aligned(SD_L1_SIZE)));
static struct sd_table tandem;

static void *pool_page(void *ctx)
{
	(void)ctx;
	return page_alloc();
}

const struct sd_alloc a9_table_pages = { pool_page, NULL };

/* Identity; a range mapped already the same way (the MPCore's page holds
 * both the GIC's CPU interface and the global timer) is fine. */
static int map_identity(void *t, uint64_t pa, uint64_t size, uint64_t attrs)
{
	int err = sd_map(t, (uint32_t)pa, pa, size, (unsigned int)attrs);
	uint64_t got;
	unsigned int a;

	if (err != SD_ERR_EXISTS)
		return err;
	for (uint64_t o = 0; o < size; o += SD_PAGE_SIZE)
		if (sd_lookup(t, (uint32_t)(pa + o), &got, &a) || got != pa + o ||
		    (a | SD_XN) != ((unsigned int)attrs | SD_XN))
			return err;
	return 0;
}

static int unmap_identity(void *t, uint64_t pa, uint64_t size)
{
	return sd_unmap(t, (uint32_t)pa, size);
}

static const struct hyp_map_attrs attrs = {
	.text = SD_MEM_NORMAL | SD_PL1_RO,
	.rodata = SD_MEM_NORMAL | SD_PL1_RO | SD_XN,
	.data = SD_MEM_NORMAL | SD_PL1_RW | SD_XN,
	.device = SD_MEM_DEVICE | SD_PL1_RW | SD_XN,
};

static void mmu_enable(void)
{
	uint32_t sctlr;

	write_cp15(DACR, DACR_CLIENT_D0);
	write_cp15(TTBCR, 0);
	write_cp15(TTBR0_32, a9_mmu_tandem_ttbr());
	write_cp15(CONTEXTIDR, 0);
	isb();
	write_cp15(TLBIALL, 0);
	write_cp15(ICIALLU, 0);
	write_cp15(BPIALL, 0);
	sync_shared();
	isb();
	sctlr = read_cp15(SCTLR);
	sctlr &= ~(SCTLR_A | SCTLR_V | SCTLR_TRE | SCTLR_AFE | SCTLR_TE);
	write_cp15(SCTLR, sctlr | SCTLR_M | SCTLR_C | SCTLR_Z | SCTLR_I);
	isb();
}

uint32_t a9_mmu_tandem_ttbr(void)
{
	return (uint32_t)(uintptr_t)l1 | A9_TTBR_WALK;
}

int a9_mmu_map_device(uint64_t pa)
{
	uint64_t got;
	unsigned int a;

	pa = ALIGN_DOWN(pa, SD_PAGE_SIZE);
	if (!pa || !sd_lookup(&tandem, (uint32_t)pa, &got, &a))
		return 0;
	return sd_map(&tandem, (uint32_t)pa, pa, SD_PAGE_SIZE, attrs.device);
}

void mmu_init_early(uint64_t dtb_pa, unsigned int level)
{
	struct hyp_map_table m = { &tandem, map_identity, unmap_identity };

	global_timer_start();   /* finds PERIPHBASE, which mapping it needs */
	if (level != 1 || sd_init(&tandem, l1, &a9_table_pages) ||
	    hyp_map_early(&m, dtb_pa, &attrs) ||
	    a9_mmu_map_device(global_timer_base))
		for (;;)
			__asm__ volatile("wfi");  /* nothing can print yet: a build error */
	cache_clean_inval_range(__image_start, (uint64_t)(__image_end - __image_start));
	mmu_enable();
}

int mmu_map_platform(const struct platform *p)
{
	struct hyp_map_table m = { &tandem, map_identity, unmap_identity };

	for (unsigned int i = 0; i < p->nram; i++)
		if (p->ram[i].base + p->ram[i].size > (1ull << 32))
			return -1;   /* no LPAE: only the first 4 GiB */
	if (hyp_map_platform(&m, p, &attrs) || a9_mmu_map_device(p->vexpress_sysreg.base))
		return -1;
	sync_shared_stores();
	write_cp15(TLBIALL, 0);
	sync_shared();
	isb();
	return 0;
}

void mmu_enable_secondary(void)
{
	mmu_enable();
}

int a9_mmu_map_tandem_into(struct sd_table *t)
{
	struct hyp_map_table m = { t, map_identity, unmap_identity };

	if (hyp_map_image(&m, &attrs))
		return -1;
	/* The MPCore's page (the global timer above all) for the calls that
	 * stay in the guest's table (pv/arm32/vectors.S). */
	return sd_map(t, (uint32_t)ALIGN_DOWN(global_timer_base, SD_PAGE_SIZE),
		      ALIGN_DOWN(global_timer_base, SD_PAGE_SIZE), SD_PAGE_SIZE, attrs.device);
}

void a9_tlb_flush_asid(unsigned int asid)
{
	sync_shared_stores();
	write_cp15(TLBIASIDIS, asid & 0xff);
	sync_shared();
	isb();
}
