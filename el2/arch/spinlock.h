/* Ticket spinlocks: spinlock_t, SPINLOCK_INIT, spin_lock(), spin_unlock().
 * Waiters sleep (WFE on ARM) and the releasing store wakes them, so a core
 * waiting for a lock does not burn QEMU's single icount thread.
 *
 * Every lock in Tandem, and the only orders in which they nest (a lock may
 * be taken while holding those above it on its line, never the reverse):
 *
 *   console input (el2/console_input.c) -> a VM's vpl011 -> console, vgic
 *   channels (vchan/)                   -> vgic
 *   vm->lock (el2/vm.c, PSCI CPU_ON)    -> vgic
 *   a VM's vpl011 (el2/vpl011.c)        -> console (el2/console.c), vgic
 *   a VM's flash (el2/vflash.c)         -> page pool
 *   paravirtual map (pv/)               -> page pool
 *   leaves, which take no other lock: vgic (vm->vgic.lock), console,
 *   page pool (el2/page_pool.c), entropy pool (el2/entropy.c)
 *
 * No lock is held across vm_stop() or vm_reset() (they take vm->lock):
 * the channels collect the ends to stop and stop them after unlocking.
 * Interrupt handlers run with interrupts masked, on the core that took
 * them, so a lock is never retaken by its own core. */
#ifndef TANDEM_ARCH_SPINLOCK_H
#define TANDEM_ARCH_SPINLOCK_H
#include <stdint.h>

/* A ticket lock: a waiter takes the next ticket and waits until owner
 * reaches it; unlocking advances owner. */
typedef struct {
	uint16_t owner;
	uint16_t next;
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

/* Provided by the implementation, static inline:
 *   void spin_lock(spinlock_t *), void spin_unlock(spinlock_t *) */
#include <arch_impl/spinlock.h>

#endif
