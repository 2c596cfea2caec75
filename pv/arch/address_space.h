/* The paravirtual path's architecture interface: a guest's address space
 * (the EL1&0 / PL1&0 stage-1 translation regime). Tandem builds one table
 * per VM in the architecture's own format (arm64: LPAE, stage2/lpae.h;
 * ARMv7-A: the short-descriptor format, stage1/short_desc.h), tagged with
 * the VM's ASID; it maps the VM's RAM for the guest and Tandem's image for
 * Tandem only. struct pv_arch_space is the architecture's (its
 * arch_impl/pv_context.h). */
#ifndef TANDEM_PV_ARCH_ADDRESS_SPACE_H
#define TANDEM_PV_ARCH_ADDRESS_SPACE_H
#include <stdint.h>
#include "pv/arch/context.h"

struct pv_arch_regs;

/* Tandem's own table, which the vectors switch to on every exception from
 * a guest: set once, before any guest runs. */
void pv_arch_tandem_space_init(void);
/* VM number `index`'s empty table (the architecture keeps PV_MAX_VMS of
 * them), with Tandem's image in it already; 0, or -1 if out of table
 * pages. */
int pv_arch_space_init(struct pv_arch_space *s, unsigned int index);
/* The context resumes in the table s, tagged with asid. */
void pv_arch_set_space(struct pv_arch_regs *r, const struct pv_arch_space *s, unsigned int asid);
/* [va, va + size) onto [pa, pa + size), page by page, for the guest with
 * prot (TANDEM_PV_PROT_*, pv/abi.h; not 0): 0, or -1 if out of table pages
 * or a page is mapped already. */
int pv_arch_map(struct pv_arch_space *s, uint64_t va, uint64_t pa, uint64_t size, uint64_t prot);
/* Pages of [va, va + size) unmapped (unmapped already: fine). */
void pv_arch_unmap(struct pv_arch_space *s, uint64_t va, uint64_t size);
/* Every translation tagged with asid is forgotten, on every core. */
void pv_arch_flush_asid(unsigned int asid);

#endif
