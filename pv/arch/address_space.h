/* The paravirtual path's architecture interface: a guest's address space
 * (the EL1&0 / PL1&0 stage-1 translation regime). Tandem builds one table
 * per VM, in the LPAE long-descriptor format (stage2/lpae.h), tagged with
 * the VM's ASID; it maps the VM's RAM for the guest and Tandem's image for
 * Tandem only. */
#ifndef TANDEM_PV_ARCH_ADDRESS_SPACE_H
#define TANDEM_PV_ARCH_ADDRESS_SPACE_H
#include <stdint.h>

struct lpae_table;
struct pv_arch_regs;

/* Tandem's own table, which the vectors switch to on every exception from
 * a guest: set once, before any guest runs. */
void pv_arch_tandem_space_init(void);
/* A guest's empty table at root (4 KiB aligned), with Tandem's image in it
 * already; 0, or -1 if out of table pages. */
int pv_arch_space_init(struct lpae_table *t, uint64_t *root);
/* The context resumes in the table at root, tagged with asid. */
void pv_arch_set_space(struct pv_arch_regs *r, const uint64_t *root, unsigned int asid);
/* Descriptor attributes of a page of guest RAM the guest may access with
 * prot (TANDEM_PV_PROT_*, pv/abi.h; not 0). */
uint64_t pv_arch_page_attrs(uint64_t prot);
/* Every translation tagged with asid is forgotten, on every core. */
void pv_arch_flush_asid(unsigned int asid);

#endif
