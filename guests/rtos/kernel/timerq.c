/* The timer queue and the tick-less timer: tasks with a deadline (a delay
 * or a timeout) sorted by it, and the port's one compare register.
 *
 * The compare is armed only for what could take the processor from the
 * task about to run: the earliest deadline of a more urgent task (any
 * deadline, when the idle task runs). A deadline of an equally or less
 * urgent task cannot preempt it, so it waits for the next scheduling
 * point, where everything due is woken first (timerq_expire). It is written
 * only when that changes, never to tick. One consequence: a timer
 * interrupt that wakes the most urgent task leaves the compare disarmed
 * instead of reprogramming it, so nothing but the switch stands between
 * the interrupt and the task's first instruction. */
#include "guests/rtos/kernel/kernel.h"

static struct rtos_list timerq;
static uint64_t programmed;            /* what the port's timer holds */
static bool fired;                     /* it interrupted: written again in any case */
/* Which priorities have a deadline queued, so that the common case - the
 * task about to run is more urgent than every one of them - needs no walk. */
static uint16_t queued_at[RTOS_PRIORITIES];
static uint32_t queued_mask;

static void count(const struct rtos_task *t, int delta)
{
	queued_at[t->prio] = (uint16_t)(queued_at[t->prio] + delta);
	if (queued_at[t->prio])
		queued_mask |= 1u << t->prio;
	else
		queued_mask &= ~(1u << t->prio);
}

void timerq_init(void)
{
	list_init(&timerq);
	programmed = RTOS_FOREVER;
	fired = false;
	for (int p = 0; p < RTOS_PRIORITIES; p++)
		queued_at[p] = 0;
	queued_mask = 0;
}

static void program(uint64_t deadline)
{
	programmed = deadline;
	fired = false;
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
	count(t, 1);
}

void timerq_remove(struct rtos_task *t)
{
	list_del(&t->timer_node);
	count(t, -1);
}

void timerq_arm_for(const struct rtos_task *next)
{
	uint64_t want = RTOS_FOREVER;
	struct rtos_list *pos;

	if (!(queued_mask & ((1u << next->prio) - 1)))
		pos = &timerq;   /* nothing more urgent waits for a deadline */
	else
		pos = timerq.next;
	for (; pos != &timerq; pos = pos->next) {
		const struct rtos_task *t = list_entry(pos, struct rtos_task, timer_node);

		if (t->prio < next->prio) {   /* more urgent: it may preempt next */
			want = t->wake;
			break;
		}
	}
	if (want != programmed || fired)
		program(want);
}

/* Everything due is woken: a delay with RTOS_OK, a wait with RTOS_TIMEOUT. */
void timerq_expire(void)
{
	uint64_t now = port_now();

	while (!list_empty(&timerq)) {
		struct rtos_task *t = list_entry(timerq.next, struct rtos_task, timer_node);

		if (t->wake > now)
			break;
		timerq_remove(t);
		kernel_wake(t, t->waitq ? RTOS_TIMEOUT : RTOS_OK);
	}
}

/* The level-triggered interrupt stays asserted until the compare moves or
 * the timer is disarmed: the switch that follows (rtos_irq_exit) re-arms
 * it for the task that then runs; until then it is known to be stale. */
void rtos_timer_expired(void)
{
	kernel_stats.timer_interrupts++;
	timerq_expire();
	fired = true;
}
