/* Message queues: fixed-size messages copied into a ring. Whoever finds a
 * partner waiting completes the partner's operation (copies its message in
 * or out) before waking it, so a woken task never has to try again.
 * Messages are copied with interrupts masked: keep them small. */
#include <string.h>
#include "guests/rtos/kernel/kernel.h"

int rtos_queue_init(struct rtos_queue *q, void *buf, size_t msg_size, uint32_t capacity)
{
	if (!buf || !msg_size || !capacity)
		return RTOS_INVALID;
	q->buf = buf;
	q->msg_size = msg_size;
	q->capacity = capacity;
	q->count = 0;
	q->head = 0;
	list_init(&q->senders);
	list_init(&q->receivers);
	return RTOS_OK;
}

/* The i-th message from the oldest. */
static uint8_t *slot(struct rtos_queue *q, uint32_t i)
{
	return q->buf + (size_t)((q->head + i) % q->capacity) * q->msg_size;
}

int rtos_queue_send(struct rtos_queue *q, const void *msg, uint64_t timeout)
{
	port_irq_state_t flags = port_irq_save();
	struct rtos_task *t = kernel_first_waiter(&q->receivers);
	int r = RTOS_OK;

	if (t) {                        /* receivers wait only on an empty queue */
		memcpy(t->msg, msg, q->msg_size);
		kernel_wake(t, RTOS_OK);
		kernel_schedule();
	} else if (q->count < q->capacity) {
		memcpy(slot(q, q->count), msg, q->msg_size);
		q->count++;
	} else if (timeout == RTOS_NO_WAIT) {
		r = RTOS_TIMEOUT;
	} else if (!kernel_in_task()) {
		r = RTOS_INVALID;
	} else {
		rtos_current()->msg = (void *)(uintptr_t)msg;
		r = kernel_block(&q->senders, kernel_deadline(timeout));
	}
	port_irq_restore(flags);
	return r;
}

int rtos_queue_recv(struct rtos_queue *q, void *msg, uint64_t timeout)
{
	port_irq_state_t flags = port_irq_save();
	int r = RTOS_OK;

	if (q->count) {
		struct rtos_task *t;

		memcpy(msg, slot(q, 0), q->msg_size);
		q->head = (q->head + 1) % q->capacity;
		q->count--;
		t = kernel_first_waiter(&q->senders);   /* senders wait only on a full queue */
		if (t) {
			memcpy(slot(q, q->count), t->msg, q->msg_size);
			q->count++;
			kernel_wake(t, RTOS_OK);
			kernel_schedule();
		}
	} else if (timeout == RTOS_NO_WAIT) {
		r = RTOS_TIMEOUT;
	} else if (!kernel_in_task()) {
		r = RTOS_INVALID;
	} else {
		rtos_current()->msg = msg;
		r = kernel_block(&q->receivers, kernel_deadline(timeout));
	}
	port_irq_restore(flags);
	return r;
}

uint32_t rtos_queue_count(const struct rtos_queue *q)
{
	return q->count;
}
