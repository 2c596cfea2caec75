/* The running core: which per-core struct is its own, its affinity (MPIDR
 * on ARM), the system counter, and the identity guests are shown. */
#ifndef TANDEM_ARCH_CPU_H
#define TANDEM_ARCH_CPU_H
#include <stdint.h>
#include <arch_impl/cpu.h>

/* Provided by the implementation, all static inline:
 *   void *arch_cpu_self(void)            this core's struct pcpu
 *   void arch_cpu_set_self(void *pcpu)   set once per core, at bring-up
 *   uint64_t arch_cpu_affinity(void)     this core's affinity fields (MPIDR
 *                                        Aff3-Aff0), as firmware names cores
 *   uint64_t arch_counter_now(void)      the system counter
 *   uint64_t arch_counter_hz(void)       its frequency
 */

#endif
