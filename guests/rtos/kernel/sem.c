/* Counting semaphores. A give to a semaphore with waiters hands the unit
 * straight to the most urgent waiter, so a task that takes it meanwhile
 * cannot steal it and the count never moves past a waiter. */
#include "guests/rtos/kernel/kernel.h"

void rtos_sem_init(struct rtos_sem *s, uint32_t initial)
{
	s->count = initial;
	list_init(&s->waiters);
}

int rtos_sem_take(struct rtos_sem *s, uint64_t timeout)
{
	port_irq_state_t flags = port_irq_save();
	int r;

	if (s->count) {
		s->count--;
		r = RTOS_OK;
	} else if (timeout == RTOS_NO_WAIT) {
		r = RTOS_TIMEOUT;
	} else if (!kernel_in_task()) {
		r = RTOS_INVALID;
	} else {
		r = kernel_block(&s->waiters, kernel_deadline(timeout));
	}
	port_irq_restore(flags);
	return r;
}

int rtos_sem_give(struct rtos_sem *s)
{
	port_irq_state_t flags = port_irq_save();
	struct rtos_task *t = kernel_first_waiter(&s->waiters);
	int r = RTOS_OK;

	if (t) {
		kernel_wake(t, RTOS_OK);
		kernel_schedule();
	} else if (s->count == UINT32_MAX) {
		r = RTOS_INVALID;
	} else {
		s->count++;
	}
	port_irq_restore(flags);
	return r;
}

uint32_t rtos_sem_count(const struct rtos_sem *s)
{
	return s->count;
}
