/* RTOS counting semaphores (guests/rtos/kernel/sem.c): counting, blocking,
 * timeouts, wake-ups in priority order, gives from interrupt handlers, and
 * a randomized run checking that no waiter and no unit is ever lost. */
#include <check.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/kernel/port.h"
#include "tests/unit/rtos_host_port.h"
#include "tests/unit/suites.h"

START_TEST(counts_without_waiting)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 2);
	host_task("a", 1);
	rtos_start();
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_FOREVER), RTOS_OK);
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_NO_WAIT), RTOS_TIMEOUT);
	ck_assert_uint_eq(rtos_sem_count(&s), 0);
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(rtos_sem_give(&s), RTOS_OK);
	ck_assert_uint_eq(rtos_sem_count(&s), 3);
	ck_assert_uint_eq(host.switches, 0);
	ck_assert(!host.masked);
}
END_TEST

START_TEST(the_count_does_not_overflow)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, UINT32_MAX - 1);
	ck_assert_int_eq(rtos_sem_give(&s), RTOS_OK);
	ck_assert_int_eq(rtos_sem_give(&s), RTOS_INVALID);
	ck_assert_uint_eq(rtos_sem_count(&s), UINT32_MAX);
}
END_TEST

START_TEST(a_give_goes_to_the_waiter_not_the_count)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *w = host_task("waiter", 2);
	struct rtos_task *g = host_task("giver", 2);

	rtos_start();
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_FOREVER), RTOS_WAITING);
	ck_assert_ptr_eq(rtos_current(), g);
	rtos_sem_give(&s);                      /* handed to the waiter */
	ck_assert_uint_eq(rtos_sem_count(&s), 0);
	ck_assert_int_eq(w->wait_result, RTOS_OK);
	/* The giver (same priority) keeps running and cannot take it back. */
	ck_assert_ptr_eq(rtos_current(), g);
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_NO_WAIT), RTOS_TIMEOUT);
}
END_TEST

START_TEST(waiters_wake_in_priority_order_then_arrival)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *a = host_task("a", 4);
	struct rtos_task *b = host_task("b", 4);
	struct rtos_task *c = host_task("c", 2);
	struct rtos_task *d = host_task("d", 6);
	struct rtos_task *g = host_task("giver", 8);
	struct rtos_task *order[4];

	rtos_start();
	/* c (2) waits first, then a (4), b (4), d (6) in arrival order. */
	for (int i = 0; i < 4; i++)
		rtos_sem_take(&s, RTOS_FOREVER);
	ck_assert_ptr_eq(rtos_current(), g);
	for (int i = 0; i < 4; i++) {
		rtos_sem_give(&s);              /* the waiter preempts the giver */
		order[i] = rtos_current();
		ck_assert_int_eq(order[i]->wait_result, RTOS_OK);
		rtos_delay(10);                 /* and gets out of the way */
	}
	ck_assert_ptr_eq(order[0], c);
	ck_assert_ptr_eq(order[1], a);
	ck_assert_ptr_eq(order[2], b);
	ck_assert_ptr_eq(order[3], d);
}
END_TEST

START_TEST(a_timeout_leaves_the_wait_queue)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *a = host_task("a", 1);
	struct rtos_task *b = host_task("b", 2);
	struct rtos_task *g = host_task("giver", 3);

	rtos_start();
	host.now = 100;
	ck_assert_int_eq(rtos_sem_take(&s, 50), RTOS_WAITING);     /* a, until 150 */
	ck_assert_int_eq(rtos_sem_take(&s, 500), RTOS_WAITING);    /* b, until 600 */
	ck_assert_uint_eq(host.timer, 150);
	ck_assert_ptr_eq(host_advance(150), a);
	ck_assert_int_eq(a->wait_result, RTOS_TIMEOUT);
	ck_assert_int_eq(a->state, RTOS_TASK_READY);
	ck_assert_ptr_eq(a->waitq, NULL);
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);   /* b is less urgent than a */
	rtos_delay(10000);                      /* a out of the way */
	ck_assert_ptr_eq(rtos_current(), g);
	/* The next give goes to b, the one still waiting, not to a. */
	rtos_sem_give(&s);
	ck_assert_ptr_eq(rtos_current(), b);
	ck_assert_int_eq(b->wait_result, RTOS_OK);
	ck_assert(!list_linked(&b->timer_node));
	ck_assert_uint_eq(host.timer, 10150);  /* b's timeout gone; a's delay left */
	rtos_delay(10000);
	/* Nobody waits any more: the next give counts. */
	rtos_sem_give(&s);
	ck_assert_uint_eq(rtos_sem_count(&s), 1);
}
END_TEST

static struct rtos_sem *isr_sem;

static void isr_give(void *arg)
{
	(void)arg;
	rtos_sem_give(isr_sem);
}

START_TEST(an_interrupt_gives_and_the_waiter_preempts_at_exit)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	isr_sem = &s;
	struct rtos_task *w = host_task("waiter", 1);
	struct rtos_task *busy = host_task("busy", 5);

	rtos_start();
	rtos_sem_take(&s, RTOS_FOREVER);
	ck_assert_ptr_eq(rtos_current(), busy);
	ck_assert_ptr_eq(host_irq(isr_give, NULL), w);
	ck_assert_int_eq(w->wait_result, RTOS_OK);
	/* With nobody waiting an interrupt's give counts. */
	ck_assert_ptr_eq(host_irq(isr_give, NULL), w);
	ck_assert_uint_eq(rtos_sem_count(&s), 1);
}
END_TEST

START_TEST(an_interrupt_handler_cannot_wait)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	isr_sem = &s;
	host_task("a", 1);
	rtos_start();
	rtos_irq_enter();
	ck_assert_int_eq(rtos_sem_take(&s, 100), RTOS_INVALID);
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_NO_WAIT), RTOS_TIMEOUT);
	rtos_irq_exit();
}
END_TEST

/* ---------------------------------------------------------------- random */
#define RT_TASKS 8

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

static uint64_t rnd_timeout(void)
{
	switch (rnd() % 4) {
	case 0: return RTOS_NO_WAIT;
	case 1: return RTOS_FOREVER;
	default: return 1 + rnd() % 400;
	}
}

static void check_waiters(struct rtos_sem *s, struct rtos_task **t)
{
	struct rtos_list *pos;
	unsigned int prio = 0, n = 0, waiting = 0;

	/* A unit and a waiter never coexist: that would be a lost wake-up. */
	ck_assert(rtos_sem_count(s) == 0 || list_empty(&s->waiters));
	for (pos = s->waiters.next; pos != &s->waiters; pos = pos->next, n++) {
		struct rtos_task *w = list_entry(pos, struct rtos_task, node);

		ck_assert_uint_ge(w->prio, prio);
		prio = w->prio;
		ck_assert_int_eq(w->state, RTOS_TASK_WAITING);
		ck_assert_int_eq(w->wait_result, RTOS_WAITING);
	}
	for (int i = 0; i < RT_TASKS; i++)
		waiting += t[i]->state == RTOS_TASK_WAITING;
	ck_assert_uint_eq(n, waiting);
}

START_TEST(randomized_no_waiter_or_unit_is_lost)
{
	struct rtos_sem s;
	struct rtos_task *t[RT_TASKS];
	bool pending[RT_TASKS] = { false };
	uint64_t gives = 0, taken = 0, timeouts = 0;

	host_reset();
	rng = 0x9e3779b97f4a7c15ull + (uint64_t)_i;
	rtos_sem_init(&s, 2);
	isr_sem = &s;
	for (int i = 0; i < RT_TASKS; i++)
		t[i] = host_task("r", 1 + (unsigned int)(rnd() % 5));
	rtos_start();

	for (int step = 0; step < 4000; step++) {
		struct rtos_task *cur = rtos_current();
		int me = -1;

		for (int i = 0; i < RT_TASKS; i++)
			if (t[i] == cur)
				me = i;
		if (me < 0 || rnd() % 8 == 0) {        /* time passes, or an interrupt */
			if (rnd() % 2) {
				host_advance(host.now + rnd() % 300);
			} else {
				host_irq(isr_give, NULL);
				gives++;
			}
		} else {
			ck_assert(!pending[me]);
			switch (rnd() % 4) {
			case 0:
			case 1: {
				int r = rtos_sem_take(&s, rnd_timeout());

				if (r == RTOS_OK)
					taken++;
				else if (r == RTOS_TIMEOUT)
					timeouts++;
				else
					pending[me] = r == RTOS_WAITING;
				break;
			}
			case 2:
				ck_assert_int_eq(rtos_sem_give(&s), RTOS_OK);
				gives++;
				break;
			default:
				rtos_delay(1 + rnd() % 200);
				break;
			}
		}
		/* Waits that ended this step. */
		for (int i = 0; i < RT_TASKS; i++) {
			if (pending[i] && t[i]->wait_result != RTOS_WAITING) {
				ck_assert_int_eq(t[i]->state, RTOS_TASK_READY);
				if (t[i]->wait_result == RTOS_OK)
					taken++;
				else
					timeouts++;
				pending[i] = false;
			}
		}
		check_waiters(&s, t);
		ck_assert(!host.masked);
	}
	/* Give every remaining waiter its unit; let every delay run out. */
	while (!list_empty(&s.waiters)) {
		host_irq(isr_give, NULL);
		gives++;
	}
	host_advance(host.now + 1000000);
	rtos_yield();   /* a scheduling point: the less urgent deadlines are seen */
	for (int i = 0; i < RT_TASKS; i++) {
		if (pending[i]) {
			ck_assert_int_eq(t[i]->wait_result, RTOS_OK);
			taken++;
		}
		ck_assert_int_eq(t[i]->state, RTOS_TASK_READY);
	}
	ck_assert_uint_eq(2 + gives, taken + rtos_sem_count(&s));
	ck_assert_uint_gt(timeouts, 0);
	ck_assert_uint_gt(taken, 100);
}
END_TEST

Suite *rtos_sem_suite(void)
{
	Suite *s = suite_create("rtos_sem");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, counts_without_waiting);
	tcase_add_test(tc, the_count_does_not_overflow);
	tcase_add_test(tc, a_give_goes_to_the_waiter_not_the_count);
	tcase_add_test(tc, waiters_wake_in_priority_order_then_arrival);
	tcase_add_test(tc, a_timeout_leaves_the_wait_queue);
	tcase_add_test(tc, an_interrupt_gives_and_the_waiter_preempts_at_exit);
	tcase_add_test(tc, an_interrupt_handler_cannot_wait);
	tcase_add_loop_test(tc, randomized_no_waiter_or_unit_is_lost, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
