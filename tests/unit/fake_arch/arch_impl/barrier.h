/* Host barriers for el2/arch/barrier.h: C11 fences (the host tests that
 * race two threads need real ones); the waits return at once. */
#ifndef TANDEM_FAKE_BARRIER_H
#define TANDEM_FAKE_BARRIER_H
#include <stdint.h>

static inline void mb_shared(void)          { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void sync_shared(void)        { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void sync_shared_stores(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void sync_system(void)        { __atomic_thread_fence(__ATOMIC_SEQ_CST); }
static inline void sync_context(void)       { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
static inline void event_send(void)         { }
static inline void event_wait(void)         { }
static inline void interrupt_wait(void)     { }
static inline void compiler_barrier(void)   { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
#define opaque_u64(x) ((void)(x))

#endif
