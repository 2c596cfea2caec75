/* Tandem's own identity mappings; see hyp_map.h. */
#include "el2/hyp_map.h"
#include "el2/addr.h"
#include "el2/arch/boot.h"
#include "el2/arch/limits.h"
#include "dt/platform.h"

extern uint8_t __text_end[], __rodata_end[];
extern uint8_t cpu_stacks[TANDEM_MAX_CPUS + 1][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];

static int lpae_map_identity(void *t, uint64_t pa, uint64_t size, uint64_t attrs)
{
	return lpae_map(t, pa, pa, size, attrs);
}

static int lpae_unmap_identity(void *t, uint64_t pa, uint64_t size)
{
	return lpae_unmap(t, pa, size);
}

struct hyp_map_table hyp_map_lpae(struct lpae_table *t)
{
	return (struct hyp_map_table){ t, lpae_map_identity, lpae_unmap_identity };
}

static bool is_guard_page(uint64_t pa)
{
	for (unsigned int i = 0; i <= TANDEM_MAX_CPUS; i++)
		if (pa == (uint64_t)(uintptr_t)cpu_stacks[i])
			return true;
	return false;
}

int hyp_map_image(const struct hyp_map_table *t, const struct hyp_map_attrs *a)
{
	uint64_t start = (uint64_t)(uintptr_t)__image_start;
	uint64_t text_end = (uint64_t)(uintptr_t)__text_end;
	uint64_t ro_end = (uint64_t)(uintptr_t)__rodata_end;
	uint64_t reserved_end = start + TANDEM_RESERVED_SIZE;
	int err = t->map(t->table, start, text_end - start, a->text);

	if (!err && ro_end > text_end)
		err = t->map(t->table, text_end, ro_end - text_end, a->rodata);
	for (uint64_t pa = ro_end; !err && pa < reserved_end;) {
		uint64_t run = pa;

		while (run < reserved_end && !is_guard_page(run))
			run += 4096;
		if (run > pa)
			err = t->map(t->table, pa, run - pa, a->data);
		pa = run + 4096;   /* skip the guard page */
	}
	return err;
}

/* The platform tree's pages while the boot reads it (0 size: none, or
 * inside the image). */
static uint64_t dtb_map_base, dtb_map_size;

int hyp_map_early(const struct hyp_map_table *t, uint64_t dtb_pa, const struct hyp_map_attrs *a)
{
	uint64_t image = (uint64_t)(uintptr_t)__image_start;
	int err = hyp_map_image(t, a);

	if (!err)
		err = t->map(t->table, ALIGN_DOWN(EARLY_UART, 4096), 4096, a->device);
	if (err)
		return err;
	/* The DTB header's totalsize, big-endian, read with one aligned load. */
	uint32_t be = *(volatile uint32_t *)(uintptr_t)(dtb_pa + 4);
	uint64_t total = __builtin_bswap32(be);

	dtb_map_base = ALIGN_DOWN(dtb_pa, 4096);
	dtb_map_size = ALIGN_UP(dtb_pa + total, 4096) - dtb_map_base;
	if (dtb_map_base + dtb_map_size <= image || dtb_map_base >= image + TANDEM_RESERVED_SIZE)
		return t->map(t->table, dtb_map_base, dtb_map_size, a->rodata);
	dtb_map_size = 0;   /* inside Tandem's image: already mapped */
	return 0;
}

int hyp_map_platform(const struct hyp_map_table *t, const struct platform *p,
		     const struct hyp_map_attrs *a)
{
	uint64_t image = (uint64_t)(uintptr_t)__image_start;
	uint64_t image_end = image + TANDEM_RESERVED_SIZE;
	const struct plat_range *dev[] = { &p->gicd, &p->gicr, &p->gicc, &p->gich };

	/* RAM's mappings cover the tree's pages: its read-only window goes. */
	if (dtb_map_size && t->unmap(t->table, dtb_map_base, dtb_map_size))
		return -1;
	for (unsigned int i = 0; i < p->nram; i++) {
		uint64_t b = p->ram[i].base, e = b + p->ram[i].size;

		/* RAM around Tandem's reserved range. */
		if (b < image && t->map(t->table, b, (e < image ? e : image) - b, a->data))
			return -1;
		if (e > image_end) {
			uint64_t s = b > image_end ? b : image_end;

			if (t->map(t->table, s, e - s, a->data))
				return -1;
		}
	}
	for (unsigned int i = 0; i < 4; i++) {
		if (!dev[i]->size)
			continue;
		uint64_t b = ALIGN_DOWN(dev[i]->base, 4096);
		uint64_t s = ALIGN_UP(dev[i]->base + dev[i]->size, 4096) - b;

		if (t->map(t->table, b, s, a->device))
			return -1;
	}
	if (ALIGN_DOWN(p->uart.base, 4096) != ALIGN_DOWN(EARLY_UART, 4096) &&
	    t->map(t->table, ALIGN_DOWN(p->uart.base, 4096), 4096, a->device))
		return -1;
	return 0;
}
