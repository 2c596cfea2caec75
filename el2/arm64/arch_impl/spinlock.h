/* AArch64 ticket spinlock for el2/arch/spinlock.h. */
#ifndef TANDEM_ARM64_SPINLOCK_H
#define TANDEM_ARM64_SPINLOCK_H
#include <stdint.h>

static inline void spin_lock(spinlock_t *l)
{
	uint32_t tmp, ticket, newval;

	__asm__ volatile(
		"1:	ldaxr	%w0, [%3]\n"
		"	add	%w1, %w0, #0x10000\n"
		"	stxr	%w2, %w1, [%3]\n"
		"	cbnz	%w2, 1b\n"
		: "=&r"(ticket), "=&r"(newval), "=&r"(tmp)
		: "r"(l) : "memory");
	uint16_t mine = (uint16_t)(ticket >> 16);

	if ((uint16_t)ticket == mine)
		return;
	__asm__ volatile(
		"	sevl\n"
		"2:	wfe\n"
		"	ldaxrh	%w0, [%1]\n"
		"	cmp	%w0, %w2\n"
		"	b.ne	2b\n"
		: "=&r"(tmp) : "r"(&l->owner), "r"((uint32_t)mine) : "memory", "cc");
}

static inline void spin_unlock(spinlock_t *l)
{
	uint16_t next_owner = (uint16_t)(l->owner + 1);

	/* stlrh clears the exclusive monitors of cores waiting in WFE on it. */
	__asm__ volatile("stlrh %w0, [%1]" : : "r"(next_owner), "r"(&l->owner) : "memory");
}

#endif
