/* The CPU features guests get (docs/architecture.md, "CPU features"): the
 * boot core's ID registers, read once, shown to every vCPU through
 * id_regs.c; which extension state Tandem switches with a vCPU. */
#ifndef TANDEM_ARM64_CPU_FEATURES_H
#define TANDEM_ARM64_CPU_FEATURES_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Filled on the boot core by cpu_features_init(), read-only after. */
extern bool cpu_sve, cpu_pauth;
extern unsigned int cpu_sve_vl;   /* bytes: the vector length every VM gets */

/* Boot core, once, before any VM: reads the ID registers. */
void cpu_features_init(void);
/* Every core, at bring-up: SVE's vector length for guests (ZCR_EL2),
 * SVE trapped until a vCPU uses it; warns if this core's ID registers
 * differ from the boot core's where guests could see it. */
void cpu_features_core_init(unsigned int core);
/* One line for the boot log: what guests get and what is hidden. */
void cpu_features_describe(char *buf, unsigned long len);
/* The value v reads from ID register (CRm, op2) of the TID3 space. */
uint64_t arch_id_reg_read(const struct vcpu *v, unsigned int crm, unsigned int op2);

#endif
