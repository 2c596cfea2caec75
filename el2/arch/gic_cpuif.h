/* The GICv3 CPU interface as the port reaches it (system registers on
 * AArch64, cp15 on ARMv7): Tandem's own physical interface (acknowledge,
 * end, deactivate, send SGIs) and the virtual interface's control and list
 * registers that vgic/ drives. The GICv2 interfaces are memory-mapped and
 * need no port. */
#ifndef TANDEM_ARCH_GIC_CPUIF_H
#define TANDEM_ARCH_GIC_CPUIF_H
#include <stdbool.h>
#include <stdint.h>
#include <arch_impl/gic_cpuif.h>

/* Provided by the implementation, static inline:
 *   void gicv3_cpuif_enable(void)     system-register interface on (for
 *                                     Tandem, and allowed to guests),
 *                                     priority mask open, EOImode 1, group 1 on
 *   void gicv3_sgi_write(uint64_t)    ICC_SGI1R's value (affinity, INTID, targets)
 *   uint32_t gicv3_iar(void)          acknowledge: the INTID
 *   void gicv3_eoir(uint32_t)         priority drop
 *   void gicv3_dir(uint32_t)          deactivate
 *   unsigned int ich_nr_lrs(void)     list registers the core has
 *   void ich_hcr_write(uint64_t)      the virtual interface's control
 *   uint64_t ich_vmcr_read(void), void ich_vmcr_write(uint64_t)
 *   uint64_t ich_apr_read(void),  void ich_apr_write(uint64_t)
 *                                     the guest's virtual CPU-interface state
 *                                     and active priorities (group 1, one word)
 */
/* List register n (out of line in the port: n selects a register). */
uint64_t ich_lr_read(unsigned int n);
void ich_lr_write(unsigned int n, uint64_t value);

#endif
