/* Stage-2 translation for VMs; see stage2.h. */
#include "stage2/stage2.h"
#include "el2/arch/stage2.h"

int stage2_init(struct stage2 *s2, uint16_t vmid, const struct lpae_alloc *pages)
{
	uint64_t *root = pages->alloc_table(pages->ctx);

	if (!root)
		return -1;
	if (lpae_init(&s2->table, root, STAGE2_IPA_BITS, arch_pa_bits(), pages))
		return -1;
	s2->vmid = vmid;
	s2->root = arch_stage2_root((uint64_t)(uintptr_t)root, vmid);
	return 0;
}

enum lpae_err stage2_map(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size,
			 enum s2_kind kind)
{
	uint64_t attrs;

	switch (kind) {
	case S2_RAM:
		attrs = S2_MEMATTR_NORMAL | S2_AP_RW | LPAE_SH_INNER;
		break;
	case S2_RAM_RO:
		attrs = S2_MEMATTR_NORMAL | S2_AP_RO | LPAE_SH_INNER;
		break;
	default:
		attrs = S2_MEMATTR_DEVICE | S2_AP_RW | S2_XN;
		break;
	}
	enum lpae_err e = lpae_map(&s2->table, ipa_addr(ipa), pa_addr(pa), size, attrs);

	arch_stage2_sync_tables();
	return e;
}

enum lpae_err stage2_map_pages(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size,
			       enum s2_kind kind)
{
	bool blocks = s2->table.allow_blocks;
	enum lpae_err e;

	s2->table.allow_blocks = false;
	e = stage2_map(s2, ipa, pa, size, kind);
	s2->table.allow_blocks = blocks;
	return e;
}

enum lpae_err stage2_unmap(struct stage2 *s2, ipaddr_t ipa, uint64_t size)
{
	enum lpae_err e = lpae_unmap(&s2->table, ipa_addr(ipa), size);

	arch_stage2_sync_tables();
	return e;
}

bool stage2_translate(const struct stage2 *s2, ipaddr_t ipa, paddr_t *pa)
{
	uint64_t out;

	if (lpae_lookup(&s2->table, ipa_addr(ipa), &out, NULL, NULL) != LPAE_OK)
		return false;
	*pa = pa_init(out);
	return true;
}

void stage2_flush_tlb(const struct stage2 *s2)
{
	arch_stage2_tlb_flush(s2->root);
}

void stage2_destroy(struct stage2 *s2)
{
	lpae_destroy(&s2->table);
	stage2_flush_tlb(s2);   /* after the tables are empty, before they are reused */
	s2->table.alloc->free_table(s2->table.alloc->ctx, s2->table.root);
	s2->table.tables = 0;
	s2->table.root = NULL;
}
