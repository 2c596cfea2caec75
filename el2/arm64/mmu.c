/* Tandem's stage-1 tables, at EL2 or (the paravirtual path) EL1; see mmu.h.
 * Built with -mstrict-align like the rest of Tandem, since the first half
 * runs with the MMU off (memory is Device). */
#include <string.h>
#include <stddef.h>
#include "el2/arm64/mmu.h"
#include "el2/arm64/layout.h"
#include "el2/arm64/sysreg.h"
#include "el2/addr.h"
#include "el2/hyp_map.h"
#include "el2/page_pool.h"
#include "dt/platform.h"
#include "stage2/lpae.h"

#define EL2_VA_BITS 39

extern uint8_t __image_start[], __image_end[], __text_end[], __noclear_start[], __bss_start[],
	__bss_end[];

static uint64_t root[LPAE_ENTRIES] __attribute__((aligned(4096)));
static struct lpae_table el2;
static uint64_t tcr_value;

/* The access bits differ between the two regimes. At EL2, AP[1] is RES1
 * and bit 54 is XN. At EL1 (EL1&0 regime) AP[1] would open a page to EL0,
 * where the paravirtual path's guests run: Tandem's pages have AP[1] = 0,
 * and never-executable means both UXN (54) and PXN (53); text is UXN only. */
#define S1_PXN (1ull << 53)
static bool at_el1;
#define AP_RW  (at_el1 ? 0 : S1_AP_RW)
#define AP_RO  (at_el1 ? (1ull << 7) : S1_AP_RO)
#define NO_EXEC (at_el1 ? (S1_XN | S1_PXN) : S1_XN)
#define NORMAL_RW (S1_ATTRIDX(MAIR_IDX_NORMAL) | AP_RW | LPAE_SH_INNER | NO_EXEC)
#define NORMAL_RO (S1_ATTRIDX(MAIR_IDX_NORMAL) | AP_RO | LPAE_SH_INNER | NO_EXEC)
#define NORMAL_RX (S1_ATTRIDX(MAIR_IDX_NORMAL) | AP_RO | LPAE_SH_INNER | (at_el1 ? S1_XN : 0))
#define DEVICE_RW (S1_ATTRIDX(MAIR_IDX_DEVICE) | AP_RW | NO_EXEC)
/* SCTLR_EL1's RES1 bits (ARMv8.0: 29, 28, 23, 22, 20, 11). */
#define SCTLR_EL1_RES1 0x30d00800ull

unsigned int mmu_pa_range(void)
{
	unsigned int r = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return r > 5 ? 5 : r;
}

unsigned int mmu_pa_bits(void)
{
	static const unsigned int bits[] = { 32, 36, 40, 42, 44, 48 };

	return bits[mmu_pa_range()];
}

/* Evaluated at run time: the attributes depend on the regime (at_el1). */
static void image_attrs(struct hyp_map_attrs *a)
{
	*a = (struct hyp_map_attrs){
		.text = NORMAL_RX, .rodata = NORMAL_RO, .data = NORMAL_RW, .device = DEVICE_RW,
	};
}

static void map_image_in(struct lpae_table *t)
{
	struct hyp_map_attrs a;

	image_attrs(&a);
	struct hyp_map_table m = hyp_map_lpae(t);

	if (hyp_map_image(&m, &a))
		for (;;)
			wfi();  /* nothing can print yet; a Tandem build error */
}

static void tlb_flush_all(void)
{
	if (at_el1)
		__asm__ volatile("tlbi vmalle1" ::: "memory");
	else
		__asm__ volatile("tlbi alle2" ::: "memory");
}

static void mmu_enable(void)
{
	if (at_el1) {
		write_sysreg(mair_el1, MAIR_EL2_VALUE);   /* the same attribute slots */
		write_sysreg(tcr_el1, tcr_value);
		write_sysreg(ttbr0_el1, (uint64_t)(uintptr_t)root);
	} else {
		write_sysreg(mair_el2, MAIR_EL2_VALUE);
		write_sysreg(tcr_el2, tcr_value);
		write_sysreg(ttbr0_el2, (uint64_t)(uintptr_t)root);
	}
	isb();
	tlb_flush_all();
	dsb(ish);
	isb();
	if (at_el1)
		write_sysreg(sctlr_el1, SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I);
	else
		write_sysreg(sctlr_el2, SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I);
	isb();
}

void mmu_init_early(uint64_t dtb_pa, unsigned int el)
{
	struct hyp_map_attrs a;

	at_el1 = el == 1;
	lpae_init(&el2, root, EL2_VA_BITS, mmu_pa_bits(), &page_pool_lpae);
	image_attrs(&a);
	struct hyp_map_table m = hyp_map_lpae(&el2);

	if (hyp_map_early(&m, dtb_pa, &a))
		for (;;)
			wfi();  /* nothing can print yet; a Tandem build error */

	/* T0SZ, inner/outer write-back, inner shareable, 4 KiB granule; at
	 * EL2 PS and the RES1 bits, at EL1 IPS and no TTBR1 walks (EPD1). */
	tcr_value = (64 - EL2_VA_BITS) | (1u << 8) | (1u << 10) | (3u << 12);
	if (at_el1)
		tcr_value |= ((uint64_t)mmu_pa_range() << 32) | (1u << 23);
	else
		tcr_value |= ((uint64_t)mmu_pa_range() << 16) | (1u << 23) | (1ull << 31);
	/* Memory written with the MMU off (Device accesses, around the caches)
	 * may still have stale lines in the caches: clean and invalidate what
	 * was written so far. That is the read-only data and .data (head.S
	 * applies the relocations there: none is in the text, which nothing
	 * writes and the loader cleaned), .bss (cleared by head.S, the boot
	 * stack, the state of the code so far) and the page pool's pages handed
	 * out for these tables. The pool's other pages (3 MiB, outside .bss)
	 * are written only once the caches are on, when handed out. */
	size_t tables;
	const void *pool = page_pool_handed_out(&tables);

	cache_clean_inval_range(__text_end, (uint64_t)(__noclear_start - __text_end));
	cache_clean_inval_range(pool, tables);
	cache_clean_inval_range(__bss_start, (uint64_t)(__bss_end - __bss_start));
	mmu_enable();
}

int mmu_map_platform(const struct platform *p)
{
	struct hyp_map_attrs a;

	image_attrs(&a);
	struct hyp_map_table m = hyp_map_lpae(&el2);

	if (hyp_map_platform(&m, p, &a))
		return -1;
	dsb(ishst);
	tlb_flush_all();
	dsb(ish);
	isb();
	return 0;
}

void mmu_enable_secondary(void)
{
	mmu_enable();
}

void mmu_map_image_into(struct lpae_table *t)
{
	map_image_in(t);
}

uint64_t mmu_root(void)
{
	return (uint64_t)(uintptr_t)root;
}

static uint64_t dcache_line(void)
{
	return 4ull << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

void cache_clean_range(const void *p, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t a = ALIGN_DOWN((uint64_t)(uintptr_t)p, line);

	for (; a < (uint64_t)(uintptr_t)p + size; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	dsb(ish);
}

void cache_clean_inval_range(const void *p, uint64_t size)
{
	uint64_t line = dcache_line();
	uint64_t a = ALIGN_DOWN((uint64_t)(uintptr_t)p, line);

	for (; a < (uint64_t)(uintptr_t)p + size; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb(ish);
}

/* A YIELD hint every 64 KiB: a no-op on a core without SMT, and where
 * Tandem is itself emulated (QEMU's one-thread round robin under -icount)
 * the other vCPUs get their turn; without it, core 1 clearing a removed
 * VM's 32 MiB kept the RTOS's core from running for 3 ms of virtual time
 * (its timer deadlines passed with no interrupt), in most runs. */
#define ZERO_YIELD_EVERY 0x10000

void memory_zero_range(void *p, uint64_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t block = 4ull << (dczid & 0xf);
	uint8_t *a = p, *end = a + size;

	if (dczid & (1u << 4)) {   /* DZP: DC ZVA prohibited */
		memset(p, 0, size);
		return;
	}
	for (; a < end && ((uintptr_t)a & (block - 1)); a++)
		*a = 0;
	for (; (uint64_t)(end - a) >= block; a += block) {
		__asm__ volatile("dc zva, %0" : : "r"(a) : "memory");
		if (!((uintptr_t)a & (ZERO_YIELD_EVERY - 1)))
			__asm__ volatile("yield" ::: "memory");
	}
	memset(a, 0, (size_t)(end - a));
	dsb(ish);
}

void icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
