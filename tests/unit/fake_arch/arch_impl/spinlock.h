/* Host spinlock for el2/arch/spinlock.h: the same ticket discipline with
 * GCC atomics, so host tests that race threads exercise real locking. */
#ifndef TANDEM_FAKE_SPINLOCK_H
#define TANDEM_FAKE_SPINLOCK_H
#include <stdint.h>

static inline void spin_lock(spinlock_t *l)
{
	uint16_t mine = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != mine)
		;
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

#endif
