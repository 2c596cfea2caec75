/* LPAE table walking and building; see lpae.h. */
#include "stage2/lpae.h"

static unsigned int index_at(const struct lpae_table *t, uint64_t va,
			     unsigned int level)
{
	unsigned int shift = 12 + 9 * (3 - level);
	uint64_t idx = va >> shift;

	/* The start level may be a concatenation of tables: more index bits. */
	if (level == t->start_level)
		return (unsigned int)(idx & ((1ull << (t->input_bits - shift)) - 1));
	return (unsigned int)(idx & (LPAE_ENTRIES - 1));
}

enum lpae_err lpae_init(struct lpae_table *t, uint64_t *root,
			unsigned int input_bits, unsigned int output_bits,
			const struct lpae_alloc *alloc)
{
	if (input_bits < 25 || input_bits > 48 || output_bits > 48)
		return LPAE_ERR_RANGE;
	t->root = root;
	t->input_bits = input_bits;
	t->output_bits = output_bits;
	t->alloc = alloc;
	t->allow_blocks = true;
	t->tables = 1;
	/* Start at the level that needs at most 16 concatenated root tables
	 * (the stage-2 rule; a stage-1 caller passes input sizes that need one). */
	t->start_level = 0;
	while (t->start_level < 3 &&
	       input_bits <= 12 + 9 * (3 - t->start_level) + 4)
		t->start_level++;
	if (input_bits > 12 + 9 * (4 - t->start_level) + 4)
		return LPAE_ERR_RANGE;
	return LPAE_OK;
}

static bool in_range(const struct lpae_table *t, uint64_t va, uint64_t pa,
		     uint64_t size)
{
	uint64_t in_max = 1ull << t->input_bits;
	uint64_t out_max = 1ull << t->output_bits;

	return size && va < in_max && size <= in_max - va &&
	       pa < out_max && size <= out_max - pa;
}

static uint64_t *next_table(const struct lpae_table *t, uint64_t entry)
{
	return t->alloc->to_virt(entry & LPAE_ADDR_MASK);
}

/* True if nothing in [va, va+size) is mapped in the subtree of table. */
static bool range_free(const struct lpae_table *t, const uint64_t *table,
		       unsigned int level, uint64_t va, uint64_t size)
{
	uint64_t span = lpae_level_size(level);

	while (size) {
		uint64_t off = va & (span - 1);
		uint64_t chunk = span - off < size ? span - off : size;
		uint64_t e = table[index_at(t, va, level)];

		if (e & LPAE_VALID) {
			if (level == 3 || !(e & LPAE_TABLE))
				return false;
			if (!range_free(t, next_table(t, e), level + 1, va, chunk))
				return false;
		}
		va += chunk;
		size -= chunk;
	}
	return true;
}

static enum lpae_err map_level(struct lpae_table *t, uint64_t *table,
			       unsigned int level, uint64_t va, uint64_t pa,
			       uint64_t size, uint64_t attrs)
{
	uint64_t span = lpae_level_size(level);

	while (size) {
		uint64_t off = va & (span - 1);
		uint64_t chunk = span - off < size ? span - off : size;
		uint64_t *e = &table[index_at(t, va, level)];
		bool whole = off == 0 && chunk == span && (pa & (span - 1)) == 0;

		if (level == 3) {
			*e = (pa & LPAE_ADDR_MASK) | attrs | LPAE_AF |
			     LPAE_TABLE | LPAE_VALID;
		} else if (whole && level >= 1 && t->allow_blocks &&
			   !(*e & LPAE_VALID)) {
			*e = (pa & LPAE_ADDR_MASK) | attrs | LPAE_AF | LPAE_VALID;
		} else {
			if (!(*e & LPAE_VALID)) {
				uint64_t *sub = t->alloc->alloc_table(t->alloc->ctx);

				if (!sub)
					return LPAE_ERR_NOMEM;
				t->tables++;
				*e = t->alloc->to_phys(sub) | LPAE_TABLE | LPAE_VALID;
			}
			enum lpae_err err = map_level(t, next_table(t, *e),
						      level + 1, va, pa, chunk, attrs);
			if (err)
				return err;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return LPAE_OK;
}

enum lpae_err lpae_map(struct lpae_table *t, uint64_t va, uint64_t pa,
		       uint64_t size, uint64_t attrs)
{
	if ((va | pa | size) & (LPAE_PAGE_SIZE - 1))
		return LPAE_ERR_MISALIGNED;
	if (!in_range(t, va, pa, size))
		return LPAE_ERR_RANGE;
	if (!range_free(t, t->root, t->start_level, va, size))
		return LPAE_ERR_OVERLAP;
	return map_level(t, t->root, t->start_level, va, pa, size,
			 attrs & LPAE_ATTR_MASK & ~LPAE_TABLE);
}

static enum lpae_err unmap_level(struct lpae_table *t, uint64_t *table,
				 unsigned int level, uint64_t va, uint64_t size)
{
	uint64_t span = lpae_level_size(level);

	while (size) {
		uint64_t off = va & (span - 1);
		uint64_t chunk = span - off < size ? span - off : size;
		uint64_t *e = &table[index_at(t, va, level)];

		if (!(*e & LPAE_VALID))
			return LPAE_ERR_NOT_MAPPED;
		if (level == 3 || !(*e & LPAE_TABLE)) {
			if (off || chunk != span)
				return LPAE_ERR_MISALIGNED; /* part of a block */
			*e = 0;
		} else {
			enum lpae_err err = unmap_level(t, next_table(t, *e),
							level + 1, va, chunk);
			if (err)
				return err;
		}
		va += chunk;
		size -= chunk;
	}
	return LPAE_OK;
}

enum lpae_err lpae_unmap(struct lpae_table *t, uint64_t va, uint64_t size)
{
	if ((va | size) & (LPAE_PAGE_SIZE - 1))
		return LPAE_ERR_MISALIGNED;
	if (!in_range(t, va, 0, size))
		return LPAE_ERR_RANGE;
	return unmap_level(t, t->root, t->start_level, va, size);
}

static void free_below(struct lpae_table *t, uint64_t *table, unsigned int level,
		       unsigned int entries)
{
	for (unsigned int i = 0; i < entries; i++) {
		uint64_t e = table[i];

		table[i] = 0;
		if (level < 3 && (e & (LPAE_VALID | LPAE_TABLE)) == (LPAE_VALID | LPAE_TABLE)) {
			uint64_t *child = next_table(t, e);

			free_below(t, child, level + 1, LPAE_ENTRIES);
			t->alloc->free_table(t->alloc->ctx, child);
			t->tables--;
		}
	}
}

void lpae_destroy(struct lpae_table *t)
{
	/* The root may be concatenated tables: as many entries as its level
	 * needs for the whole input size. */
	unsigned int root_entries = 1u << (t->input_bits - (12 + 9 * (3 - t->start_level)));

	free_below(t, t->root, t->start_level, root_entries);
}

enum lpae_err lpae_lookup(const struct lpae_table *t, uint64_t va,
			  uint64_t *pa, uint64_t *attrs, unsigned int *level)
{
	const uint64_t *table = t->root;

	if (va >> t->input_bits)
		return LPAE_ERR_RANGE;
	for (unsigned int l = t->start_level; l <= 3; l++) {
		uint64_t e = table[index_at(t, va, l)];

		if (!(e & LPAE_VALID) || (l == 3 && !(e & LPAE_TABLE)))
			return LPAE_ERR_NOT_MAPPED;
		if (l == 3 || !(e & LPAE_TABLE)) {
			uint64_t span = lpae_level_size(l);

			if (pa)
				*pa = (e & LPAE_ADDR_MASK & ~(span - 1)) | (va & (span - 1));
			if (attrs)
				*attrs = e & LPAE_ATTR_MASK & ~LPAE_TABLE;
			if (level)
				*level = l;
			return LPAE_OK;
		}
		table = next_table(t, e);
	}
	return LPAE_ERR_NOT_MAPPED;
}

const char *lpae_strerror(enum lpae_err e)
{
	switch (e) {
	case LPAE_OK: return "ok";
	case LPAE_ERR_MISALIGNED: return "not aligned to 4 KiB (or splits a block)";
	case LPAE_ERR_RANGE: return "outside the address range";
	case LPAE_ERR_OVERLAP: return "overlaps an existing mapping";
	case LPAE_ERR_NOMEM: return "out of table memory";
	case LPAE_ERR_NOT_MAPPED: return "not mapped";
	}
	return "unknown error";
}
