/* The RTOS scheduler's decisions (guests/rtos/kernel/sched.c): priority
 * preemption, first-come first-served among equals, yield, interrupts that
 * make a more urgent task ready. The host port records each switch. */
#include <check.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/kernel/port.h"
#include "tests/unit/rtos_host_port.h"
#include "tests/unit/suites.h"

START_TEST(starts_with_the_most_urgent_task)
{
	host_reset();
	struct rtos_task *low = host_task("low", 5);
	struct rtos_task *high = host_task("high", 1);
	struct rtos_task *mid = host_task("mid", 3);

	ck_assert_uint_eq(host.switches, 0);        /* nothing switches before start */
	rtos_start();
	ck_assert_ptr_eq(rtos_current(), high);
	ck_assert_ptr_eq(host.switched_to, high);
	ck_assert(!host.masked);
	ck_assert_uint_eq(high->activations, 1);
	(void)low, (void)mid;
}
END_TEST

static void body(void *arg)
{
	(void)arg;
}

START_TEST(creation_rejects_bad_arguments)
{
	static uint8_t stack[4096];
	struct rtos_task t;

	host_reset();
	ck_assert_int_eq(rtos_task_create(&t, "x", RTOS_PRIO_IDLE, NULL, NULL,
					  stack, sizeof(stack)), RTOS_INVALID);
	ck_assert_int_eq(rtos_task_create(&t, "x", RTOS_PRIO_IDLE, body, NULL,
					  stack, sizeof(stack)), RTOS_INVALID);
	ck_assert_int_eq(rtos_task_create(&t, "x", 1, body, NULL, stack, 64),
			 RTOS_INVALID);
	ck_assert_int_eq(rtos_task_create(&t, "x", 1, body, NULL, NULL, 4096),
			 RTOS_INVALID);
}
END_TEST

START_TEST(a_woken_urgent_task_preempts_at_once)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *high = host_task("high", 1);
	struct rtos_task *low = host_task("low", 5);

	rtos_start();
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_FOREVER), RTOS_WAITING);   /* high waits */
	ck_assert_ptr_eq(rtos_current(), low);
	ck_assert_ptr_eq(host.switched_to, low);
	ck_assert(!host.masked);
	ck_assert_int_eq(rtos_sem_give(&s), RTOS_OK);                      /* low gives */
	ck_assert_ptr_eq(rtos_current(), high);
	ck_assert_ptr_eq(host.switched_to, high);
	ck_assert_int_eq(high->wait_result, RTOS_OK);
	ck_assert_uint_eq(host.switches, 2);
	ck_assert(!host.masked);
}
END_TEST

START_TEST(a_less_urgent_task_does_not_preempt)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *high = host_task("high", 1);
	struct rtos_task *low = host_task("low", 5);
	struct rtos_task *mid = host_task("mid", 3);

	rtos_start();
	rtos_delay(100);                        /* high sleeps: mid runs */
	ck_assert_ptr_eq(rtos_current(), mid);
	rtos_sem_take(&s, RTOS_FOREVER);        /* mid waits: low runs */
	ck_assert_ptr_eq(rtos_current(), low);
	host_advance(100);                      /* high wakes */
	ck_assert_ptr_eq(rtos_current(), high);
	rtos_sem_give(&s);                      /* high wakes mid, keeps running */
	ck_assert_ptr_eq(rtos_current(), high);
	ck_assert_int_eq(mid->state, RTOS_TASK_READY);
	rtos_delay(100);
	ck_assert_ptr_eq(rtos_current(), mid);
	(void)low;
}
END_TEST

START_TEST(equal_priorities_run_first_come_first_served)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *a = host_task("a", 4);
	struct rtos_task *b = host_task("b", 4);
	struct rtos_task *c = host_task("c", 4);

	rtos_start();
	ck_assert_ptr_eq(rtos_current(), a);
	/* No time slicing: a runs until it waits or yields. */
	host_advance(1000000);
	ck_assert_ptr_eq(rtos_current(), a);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), b);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), c);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), a);
	/* A task made ready joins the back of its priority. */
	rtos_sem_take(&s, RTOS_FOREVER);        /* a waits: b runs, c behind it */
	ck_assert_ptr_eq(rtos_current(), b);
	rtos_sem_give(&s);                      /* a is ready again: behind c */
	ck_assert_ptr_eq(rtos_current(), b);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), c);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), a);
}
END_TEST

START_TEST(a_preempted_task_resumes_before_its_equals)
{
	host_reset();
	struct rtos_task *high = host_task("high", 1);
	struct rtos_task *a = host_task("a", 4);
	struct rtos_task *b = host_task("b", 4);

	rtos_start();
	rtos_delay(50);                         /* high sleeps: a runs */
	ck_assert_ptr_eq(rtos_current(), a);
	host_advance(50);                       /* high preempts a */
	ck_assert_ptr_eq(rtos_current(), high);
	rtos_delay(50);
	ck_assert_ptr_eq(rtos_current(), a);    /* not b */
	(void)b;
}
END_TEST

START_TEST(yield_alone_at_its_priority_keeps_running)
{
	host_reset();
	struct rtos_task *a = host_task("a", 2);

	host_task("b", 6);
	rtos_start();
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), a);
	ck_assert_uint_eq(host.switches, 0);
}
END_TEST

START_TEST(idle_runs_when_every_task_waits)
{
	struct rtos_task *t;

	host_reset();
	host_task("a", 2);
	rtos_start();
	rtos_delay(10);
	t = rtos_current();
	ck_assert_str_eq(t->name, "idle");
	ck_assert_uint_eq(t->prio, RTOS_PRIO_IDLE);
	/* The idle task is listed last. */
	for (t = rtos_task_next(NULL); rtos_task_next(t); t = rtos_task_next(t))
		;
	ck_assert_str_eq(t->name, "idle");
}
END_TEST

static struct rtos_sem *irq_sem;

static void give_from_irq(void *arg)
{
	(void)arg;
	ck_assert_int_eq(rtos_sem_give(irq_sem), RTOS_OK);
	/* Inside the handler nothing switches yet. */
	ck_assert_uint_eq(host.switches, 1);
}

START_TEST(an_interrupt_switches_only_at_its_exit)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	irq_sem = &s;
	struct rtos_task *high = host_task("high", 1);
	struct rtos_task *low = host_task("low", 5);

	rtos_start();
	rtos_sem_take(&s, RTOS_FOREVER);
	ck_assert_uint_eq(host.switches, 1);
	ck_assert_ptr_eq(host_irq(give_from_irq, NULL), high);
	ck_assert_ptr_eq(rtos_current(), high);
	ck_assert_uint_eq(rtos_stats()->switches, 2);
	ck_assert_uint_eq(rtos_stats()->irqs, 1);
	(void)low;
}
END_TEST

static void nothing(void *arg)
{
	(void)arg;
}

START_TEST(an_interrupt_that_wakes_nobody_resumes_the_same_task)
{
	host_reset();
	struct rtos_task *a = host_task("a", 3);

	rtos_start();
	ck_assert_ptr_eq(host_irq(nothing, NULL), a);
	ck_assert_uint_eq(rtos_stats()->switches, 0);
}
END_TEST

START_TEST(a_task_created_by_a_task_may_preempt_it)
{
	host_reset();
	struct rtos_task *a = host_task("a", 5);

	rtos_start();
	struct rtos_task *b = host_task("b", 7);

	ck_assert_ptr_eq(rtos_current(), a);
	struct rtos_task *c = host_task("c", 2);

	ck_assert_ptr_eq(rtos_current(), c);
	ck_assert(!host.masked);
	(void)b;
}
END_TEST

START_TEST(waiting_outside_a_task_is_refused)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	host_task("a", 1);
	/* Before rtos_start: no task to block. */
	ck_assert_int_eq(rtos_sem_take(&s, 10), RTOS_INVALID);
	ck_assert_int_eq(rtos_delay_until(5), RTOS_INVALID);
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_NO_WAIT), RTOS_TIMEOUT);
}
END_TEST

START_TEST(stacks_are_painted_for_the_high_water_mark)
{
	host_reset();
	struct rtos_task *a = host_task("a", 1);

	ck_assert_uint_eq(rtos_task_stack_used(a), 0);
	a->stack[a->stack_size - 100] = 0;      /* as if the task had used 100 bytes */
	ck_assert_uint_eq(rtos_task_stack_used(a), 100);
}
END_TEST

Suite *rtos_sched_suite(void)
{
	Suite *s = suite_create("rtos_sched");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, starts_with_the_most_urgent_task);
	tcase_add_test(tc, creation_rejects_bad_arguments);
	tcase_add_test(tc, a_woken_urgent_task_preempts_at_once);
	tcase_add_test(tc, a_less_urgent_task_does_not_preempt);
	tcase_add_test(tc, equal_priorities_run_first_come_first_served);
	tcase_add_test(tc, a_preempted_task_resumes_before_its_equals);
	tcase_add_test(tc, yield_alone_at_its_priority_keeps_running);
	tcase_add_test(tc, idle_runs_when_every_task_waits);
	tcase_add_test(tc, an_interrupt_switches_only_at_its_exit);
	tcase_add_test(tc, an_interrupt_that_wakes_nobody_resumes_the_same_task);
	tcase_add_test(tc, a_task_created_by_a_task_may_preempt_it);
	tcase_add_test(tc, waiting_outside_a_task_is_refused);
	tcase_add_test(tc, stacks_are_painted_for_the_high_water_mark);
	suite_add_tcase(s, tc);
	return s;
}
