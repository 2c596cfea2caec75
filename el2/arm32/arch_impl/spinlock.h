/* ARMv7-A ticket spinlock for el2/arch/spinlock.h. ARMv7 has no
 * store-release that wakes WFE waiters, so unlocking signals them (SEV)
 * once its store is visible. */
#ifndef TANDEM_ARM32_SPINLOCK_H
#define TANDEM_ARM32_SPINLOCK_H
#include <stdint.h>

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp, ticket, newval;

	__asm__ volatile(
		"1:	ldrex	%0, [%3]\n"
		"	add	%1, %0, #0x10000\n"
		"	strex	%2, %1, [%3]\n"
		"	teq	%2, #0\n"
		"	bne	1b\n"
		: "=&r"(ticket), "=&r"(newval), "=&r"(tmp)
		: "r"(l) : "memory", "cc");
	uint16_t mine = (uint16_t)(ticket >> 16);

	while ((uint16_t)ticket != mine) {
		__asm__ volatile("wfe" ::: "memory");
		ticket = *(volatile uint16_t *)&l->owner;
	}
	__asm__ volatile("dmb ish" ::: "memory");
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ volatile("dmb ish" ::: "memory");
	*(volatile uint16_t *)&l->owner = (uint16_t)(l->owner + 1);
	__asm__ volatile("dsb ishst\n\tsev" ::: "memory");
}

#endif
