/* Host for el2/arch/cpu.h: the values of fake_arch (fake.h). */
#ifndef TANDEM_FAKE_CPU_IMPL_H
#define TANDEM_FAKE_CPU_IMPL_H
#include <stdint.h>
#include "tests/unit/fake_arch/fake.h"
#include "el2/arch/limits.h"


static inline void *arch_cpu_self(void)              { return fake_arch.self; }
static inline void arch_cpu_set_self(void *pcpu)     { fake_arch.self = pcpu; }
static inline uint64_t arch_cpu_affinity(void)       { return fake_arch.affinity; }
static inline uint64_t arch_counter_now(void)        { return fake_arch.counter; }
static inline uint64_t arch_counter_hz(void)         { return fake_arch.counter_hz; }

#endif
