/* A VM's stage-2 translation: its VMID, its LPAE tables (IPA -> PA, ARCH_IPA_BITS
 * guest-physical space, 4 KiB granule, block mappings where alignment allows)
 * and the TLB maintenance that goes with them. */
#ifndef TANDEM_STAGE2_H
#define TANDEM_STAGE2_H
#include <stdint.h>
#include "el2/addr.h"
#include "el2/arch/limits.h"
#include "stage2/lpae.h"

#define STAGE2_IPA_BITS ARCH_IPA_BITS

enum s2_kind {
	S2_RAM,        /* normal write-back memory, read/write/execute */
	S2_RAM_RO,     /* normal memory the guest may read and execute only */
	S2_DEVICE,     /* a passed-through device: Device-nGnRE, never executable */
};

struct stage2 {
	struct lpae_table table;
	uint16_t vmid;
	uint64_t root;     /* the tables and VMID as the hardware takes them */
};

/* Empty tables for VMID vmid, their pages from `pages` (Tandem's pool). */
int stage2_init(struct stage2 *s2, uint16_t vmid, const struct lpae_alloc *pages);
enum lpae_err stage2_map(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size,
			 enum s2_kind kind);
/* The same with 4 KiB pages only (a range whose pages are remapped one by one). */
enum lpae_err stage2_map_pages(struct stage2 *s2, ipaddr_t ipa, paddr_t pa, uint64_t size,
			       enum s2_kind kind);
/* Removes [ipa, ipa + size) (whole blocks or pages); stale translations stay
 * until stage2_flush_tlb. */
enum lpae_err stage2_unmap(struct stage2 *s2, ipaddr_t ipa, uint64_t size);
/* Translates an IPA; returns false if the VM has nothing mapped there. */
bool stage2_translate(const struct stage2 *s2, ipaddr_t ipa, paddr_t *pa);
/* Invalidates every TLB entry of this VMID on all cores. */
void stage2_flush_tlb(const struct stage2 *s2);
/* Unmaps everything, flushes the VMID's TLB entries and gives every table
 * page, the root included, back to the pool (a VM removed): the VMID may
 * then be used again. */
void stage2_destroy(struct stage2 *s2);

#endif
