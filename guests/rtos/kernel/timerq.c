/* The timer queue and the tick-less timer: tasks with a deadline (a delay
 * or a timeout) sorted by it, and the port's one compare register always
 * holding the earliest - written only when that changes, never to tick. */
#include "guests/rtos/kernel/kernel.h"

static struct rtos_list timerq;
static uint64_t programmed;            /* what the port's timer holds */

void timerq_init(void)
{
	list_init(&timerq);
	programmed = RTOS_FOREVER;
}

static uint64_t earliest(void)
{
	if (list_empty(&timerq))
		return RTOS_FOREVER;
	return list_entry(timerq.next, struct rtos_task, timer_node)->wake;
}

static void program(uint64_t deadline)
{
	programmed = deadline;
	kernel_stats.timer_programs++;
	port_timer_set(deadline);
}

void timerq_add(struct rtos_task *t, uint64_t deadline)
{
	struct rtos_list *pos;

	t->wake = deadline;
	/* From the back: a periodic task's next deadline usually goes last.
	 * After the last entry due no later, so equal deadlines keep order. */
	for (pos = timerq.prev; pos != &timerq; pos = pos->prev)
		if (list_entry(pos, struct rtos_task, timer_node)->wake <= deadline)
			break;
	list_insert_before(pos->next, &t->timer_node);
	if (earliest() != programmed)
		program(earliest());
}

void timerq_remove(struct rtos_task *t)
{
	list_del(&t->timer_node);
	if (earliest() != programmed)
		program(earliest());
}

/* Everything due is woken: a delay with RTOS_OK, a wait with RTOS_TIMEOUT.
 * The timer is always written again: the interrupt is level-triggered and
 * stays asserted until the compare moves (or the timer is disarmed). */
void rtos_timer_expired(void)
{
	uint64_t now = port_now();

	kernel_stats.timer_interrupts++;
	while (!list_empty(&timerq)) {
		struct rtos_task *t = list_entry(timerq.next, struct rtos_task, timer_node);

		if (t->wake > now)
			break;
		list_del(&t->timer_node);
		kernel_wake(t, t->waitq ? RTOS_TIMEOUT : RTOS_OK);
	}
	program(earliest());
}
