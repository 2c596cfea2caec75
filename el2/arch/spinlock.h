/* Ticket spinlocks: spinlock_t, SPINLOCK_INIT, spin_lock(), spin_unlock().
 * Waiters sleep (WFE on ARM) and the releasing store wakes them, so a core
 * waiting for a lock does not burn QEMU's single icount thread. The lock
 * order of the locks that nest is written in el2/vm.h. */
#ifndef TANDEM_ARCH_SPINLOCK_H
#define TANDEM_ARCH_SPINLOCK_H
#include <arch_impl/spinlock.h>

#endif
