/* Physical memory ownership; see memmap.h. Regions stay sorted and adjacent
 * regions of the same owner are merged, so the table stays small. */
#include <stddef.h>
#include "stage2/memmap.h"

void memmap_init(struct memmap *m)
{
	m->n = 0;
}

static void remove_at(struct memmap *m, int i)
{
	for (int j = i; j < m->n - 1; j++)
		m->r[j] = m->r[j + 1];
	m->n--;
}

static int insert_at(struct memmap *m, int i, struct memmap_region r)
{
	if (m->n == MEMMAP_MAX_REGIONS)
		return -1;
	for (int j = m->n; j > i; j--)
		m->r[j] = m->r[j - 1];
	m->r[i] = r;
	m->n++;
	return 0;
}

static bool same_owner(const struct memmap_region *a, const struct memmap_region *b)
{
	return a->kind == b->kind && a->id == b->id;
}

static void merge(struct memmap *m)
{
	for (int i = 0; i + 1 < m->n;) {
		struct memmap_region *a = &m->r[i], *b = &m->r[i + 1];

		if (same_owner(a, b) && a->base + a->size == b->base) {
			a->size += b->size;
			remove_at(m, i + 1);
		} else {
			i++;
		}
	}
}

enum memmap_err memmap_add_ram(struct memmap *m, uint64_t base, uint64_t size)
{
	int i = 0;

	if (!size || base + size < base)
		return MEMMAP_ERR_NOT_RAM;
	while (i < m->n && m->r[i].base < base)
		i++;
	if ((i > 0 && m->r[i - 1].base + m->r[i - 1].size > base) ||
	    (i < m->n && base + size > m->r[i].base))
		return MEMMAP_ERR_OWNED;
	if (insert_at(m, i, (struct memmap_region){ base, size, OWNER_FREE, 0 }))
		return MEMMAP_ERR_FULL;
	merge(m);
	return MEMMAP_OK;
}

const struct memmap_region *memmap_find(const struct memmap *m, uint64_t addr)
{
	for (int i = 0; i < m->n; i++)
		if (addr >= m->r[i].base && addr - m->r[i].base < m->r[i].size)
			return &m->r[i];
	return NULL;
}

const struct memmap_region *memmap_first_owned(const struct memmap *m,
					       uint64_t base, uint64_t size)
{
	for (int i = 0; i < m->n; i++) {
		const struct memmap_region *r = &m->r[i];

		if (r->kind != OWNER_FREE && r->base < base + size &&
		    base < r->base + r->size)
			return r;
	}
	return NULL;
}

enum memmap_err memmap_claim(struct memmap *m, uint64_t base, uint64_t size,
			     enum memmap_owner_kind kind, int id)
{
	int i;

	if (!size || base + size < base)
		return MEMMAP_ERR_NOT_RAM;
	for (i = 0; i < m->n; i++)
		if (base >= m->r[i].base && base - m->r[i].base < m->r[i].size)
			break;
	if (i == m->n)
		return MEMMAP_ERR_NOT_RAM;
	if (m->r[i].kind != OWNER_FREE)
		return MEMMAP_ERR_OWNED;
	uint64_t end = m->r[i].base + m->r[i].size;
	if (base + size > end) {
		/* Free ranges are merged, so a longer claim spans another
		 * owner or a hole that is not RAM. */
		if (i + 1 < m->n && m->r[i + 1].base == end)
			return MEMMAP_ERR_OWNED;
		return MEMMAP_ERR_NOT_RAM;
	}
	if (m->n + 2 > MEMMAP_MAX_REGIONS)
		return MEMMAP_ERR_FULL;

	struct memmap_region free_r = m->r[i];
	struct memmap_region claimed = { base, size, kind, id };

	remove_at(m, i);
	if (base + size < end)
		insert_at(m, i, (struct memmap_region){ base + size, end - base - size,
							OWNER_FREE, 0 });
	insert_at(m, i, claimed);
	if (base > free_r.base)
		insert_at(m, i, (struct memmap_region){ free_r.base, base - free_r.base,
							OWNER_FREE, 0 });
	merge(m);
	return MEMMAP_OK;
}

enum memmap_err memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
			     enum memmap_owner_kind kind, int id, uint64_t *base)
{
	if (!size || !align || (align & (align - 1)))
		return MEMMAP_ERR_ALIGN;
	for (int i = 0; i < m->n; i++) {
		const struct memmap_region *r = &m->r[i];
		uint64_t start = (r->base + align - 1) & ~(align - 1);

		if (r->kind != OWNER_FREE || start < r->base)
			continue;
		if (start - r->base <= r->size && r->size - (start - r->base) >= size) {
			enum memmap_err err = memmap_claim(m, start, size, kind, id);

			if (err == MEMMAP_OK)
				*base = start;
			return err;
		}
	}
	return MEMMAP_ERR_NO_SPACE;
}

void memmap_release(struct memmap *m, enum memmap_owner_kind kind, int id)
{
	for (int i = 0; i < m->n; i++)
		if (m->r[i].kind == kind && m->r[i].id == id) {
			m->r[i].kind = OWNER_FREE;
			m->r[i].id = 0;
		}
	merge(m);
}

const char *memmap_owner_name(enum memmap_owner_kind kind)
{
	switch (kind) {
	case OWNER_FREE: return "free";
	case OWNER_TANDEM: return "Tandem";
	case OWNER_FIRMWARE: return "memory the firmware reserves";
	case OWNER_MODULE: return "a boot module";
	case OWNER_VM: return "a VM";
	}
	return "unknown";
}
