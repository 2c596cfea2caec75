/* ARMv7-A barriers for el2/arch/barrier.h. */
#ifndef TANDEM_ARM32_BARRIER_H
#define TANDEM_ARM32_BARRIER_H
#include <stdint.h>

static inline void mb_shared(void)          { __asm__ volatile("dmb ish" ::: "memory"); }
static inline void sync_shared(void)        { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void sync_shared_stores(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void sync_system(void)        { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void sync_context(void)       { __asm__ volatile("isb" ::: "memory"); }
static inline void event_send(void)         { __asm__ volatile("dsb ishst\n\tsev" ::: "memory"); }
static inline void event_wait(void)         { __asm__ volatile("wfe" ::: "memory"); }
static inline void interrupt_wait(void)     { __asm__ volatile("wfi" ::: "memory"); }
static inline void compiler_barrier(void)   { __asm__ volatile("" ::: "memory"); }
#define opaque_u64(x) __asm__("" : "+r"(x))

#endif
