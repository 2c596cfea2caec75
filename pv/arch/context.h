/* The paravirtual path's architecture interface: a guest's saved context.
 * Each architecture's pv/<arch>/context.h defines
 *   struct pv_arch_regs   the registers its vectors save on every exception
 *                         from a guest and restore on the way back (first in
 *                         struct pv_vcpu: the vectors find it there);
 *   struct pv_arch_fp     the FP/SIMD registers, which change hands only when
 *                         a core switches VMs;
 *   struct pv_arch_space  a guest's translation table (address_space.h);
 *   PV_ARCH_U64_REGS      how many registers a 64-bit value takes;
 * and, static inline because they are on the call path:
 *   pv_arch_arg(r, n), pv_arch_set_arg(r, n, value)
 *                         argument n of a call (0: the function ID) / result n;
 *   pv_arch_arg_u64(r, n), pv_arch_set_u64(r, n, value)
 *                         a 64-bit argument / result from register n on
 *                         (ARMv7-A: n low, n + 1 high);
 *   pv_arch_pc(r), pv_arch_sp(r), pv_arch_set_sp(r, sp);
 *   pv_arch_set_entry(r, pc)  resume at pc, unprivileged, interrupts on,
 *                         condition flags clear;
 *   pv_arch_save_frame(f, r), pv_arch_load_frame(r, f)
 *                         between the context and the ABI's struct
 *                         tandem_pv_frame (pv/abi.h): the registers, the PC,
 *                         the condition flags only, the SP.
 * This header is the one place where generic pv/ code reaches into an
 * architecture's folder. */
#ifndef TANDEM_PV_ARCH_CONTEXT_H
#define TANDEM_PV_ARCH_CONTEXT_H
#include <arch_impl/pv_context.h>
#endif
