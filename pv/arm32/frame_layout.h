/* Offsets into struct pv_arch_regs (arch_impl/pv_context.h, where they are
 * checked) for vectors.S. */
#ifndef TANDEM_PV_ARM32_FRAME_LAYOUT_H
#define TANDEM_PV_ARM32_FRAME_LAYOUT_H

#define PV_REG_SP_USR   52
#define PV_REG_PC       60
#define PV_REG_CPSR     64
#define PV_REG_TTBR     68
#define PV_REG_ASID     72

#endif
