/* Page pool; see page_pool.h. Freed pages go on a free list and are zeroed
 * again when reused. */
#include <stdint.h>
#include <string.h>
#include "el2/page_pool.h"
#include "el2/arch/spinlock.h"

#define POOL_PAGES 768

/* Not cleared at boot (3 MiB of stores, the largest part of Tandem's own
 * boot): each page is zeroed when first handed out. */
static uint8_t pool[POOL_PAGES][4096] __attribute__((aligned(4096), section(".bss.noclear")));
static size_t next_unused;
static void *free_list;
static size_t nfree_listed;
static spinlock_t lock = SPINLOCK_INIT;

void *page_alloc(void)
{
	void *p = NULL;

	spin_lock(&lock);
	if (free_list) {
		p = free_list;
		free_list = *(void **)p;
		nfree_listed--;
	} else if (next_unused < POOL_PAGES) {
		p = pool[next_unused++];
	}
	spin_unlock(&lock);
	if (p)
		memset(p, 0, 4096);
	return p;
}

void page_free(void *page)
{
	spin_lock(&lock);
	*(void **)page = free_list;
	free_list = page;
	nfree_listed++;
	spin_unlock(&lock);
}

const void *page_pool_handed_out(size_t *bytes)
{
	spin_lock(&lock);
	*bytes = next_unused * sizeof(pool[0]);
	spin_unlock(&lock);
	return pool;
}

size_t page_pool_free_pages(void)
{
	return POOL_PAGES - next_unused + nfree_listed;
}

static void *alloc_table(void *ctx)
{
	(void)ctx;
	return page_alloc();
}

static uint64_t to_phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void *to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static void free_table(void *ctx, void *table)
{
	(void)ctx;
	page_free(table);
}

const struct lpae_alloc page_pool_lpae = { alloc_table, NULL, to_phys, to_virt, free_table };
