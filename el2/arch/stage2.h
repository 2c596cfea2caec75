/* Stage-2 translation control: the table format itself (LPAE) is shared by
 * both architectures and lives in stage2/; what differs is how a VM's
 * tables are installed and how stale translations are dropped. */
#ifndef TANDEM_ARCH_STAGE2_H
#define TANDEM_ARCH_STAGE2_H
#include <stdint.h>
#include "el2/arch/limits.h"
#include <arch_impl/stage2.h>

/* Provided by the implementation:
 *   ARCH_IPA_BITS                     guest-physical address size Tandem uses
 *   uint64_t arch_stage2_root(uint64_t table_pa, uint16_t vmid)
 *                                     the translation-table base for a VM
 *   void arch_stage2_tlb_flush(uint64_t root)
 *                                     drops every cached translation of that
 *                                     VM on every core (out of line)
 *   void arch_stage2_sync_tables(void) table writes visible to the walker
 *   unsigned int arch_pa_bits(void)   physical address bits of the machine
 */
void arch_stage2_tlb_flush(uint64_t root);

#endif
