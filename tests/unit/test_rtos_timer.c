/* The RTOS's time (guests/rtos/kernel/timerq.c, time.c): delays, the timer
 * queue's order, drift-free periodic releases, and the tick-less timer:
 * the port's compare holds the earliest deadline that may preempt the task
 * about to run, and is written only when that changes. Host time is in
 * microseconds (1 MHz). */
#include <check.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/kernel/port.h"
#include "tests/unit/rtos_host_port.h"
#include "tests/unit/suites.h"

START_TEST(nothing_is_programmed_without_deadlines)
{
	host_reset();
	host_task("a", 1);
	host_task("b", 2);
	rtos_start();
	host_advance(5000000);
	ck_assert_uint_eq(host.timer_sets, 0);
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);
	ck_assert_uint_eq(rtos_stats()->timer_interrupts, 0);
}
END_TEST

START_TEST(a_delay_sleeps_its_ticks_and_no_fewer)
{
	host_reset();
	struct rtos_task *a = host_task("a", 1);

	rtos_start();
	host.now = 1000;
	ck_assert_int_eq(rtos_delay_until(1250), RTOS_WAITING);
	ck_assert_int_eq(a->state, RTOS_TASK_DELAYED);
	ck_assert_uint_eq(host.timer, 1250);
	ck_assert_uint_eq(host.timer_sets, 1);
	ck_assert_str_eq(rtos_current()->name, "idle");
	host_advance(1249);                     /* not yet */
	ck_assert_str_eq(rtos_current()->name, "idle");
	ck_assert_ptr_eq(host_advance(1250), a);
	ck_assert_int_eq(a->wait_result, RTOS_OK);
	ck_assert_int_eq(a->state, RTOS_TASK_READY);
	/* Nothing left: the timer is disarmed, not left to tick. */
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);
	ck_assert_uint_eq(host.timer_sets, 2);
	/* Relative: from now. */
	rtos_delay(300);
	ck_assert_uint_eq(host.timer, 1550);
}
END_TEST

START_TEST(a_deadline_already_past_does_not_sleep)
{
	host_reset();
	struct rtos_task *a = host_task("a", 1);

	rtos_start();
	host.now = 500;
	ck_assert_int_eq(rtos_delay_until(500), RTOS_TIMEOUT);
	ck_assert_int_eq(rtos_delay_until(20), RTOS_TIMEOUT);
	rtos_delay(0);
	ck_assert_ptr_eq(rtos_current(), a);
	ck_assert_uint_eq(host.timer_sets, 0);
	ck_assert_uint_eq(host.switches, 0);
}
END_TEST

START_TEST(the_timer_queue_wakes_in_deadline_order)
{
	host_reset();
	struct rtos_task *a = host_task("a", 1);
	struct rtos_task *b = host_task("b", 2);
	struct rtos_task *c = host_task("c", 3);
	struct rtos_task *d = host_task("d", 4);

	rtos_start();
	rtos_delay_until(300);                  /* a */
	rtos_delay_until(100);                  /* b */
	rtos_delay_until(400);                  /* c */
	rtos_delay_until(200);                  /* d */
	ck_assert_str_eq(rtos_current()->name, "idle");
	ck_assert_uint_eq(host.timer, 100);
	ck_assert_ptr_eq(host_advance(100), b);
	/* While b runs only a, more urgent, may take the processor from it:
	 * d's earlier deadline waits until b blocks. */
	ck_assert_uint_eq(host.timer, 300);
	rtos_delay_until(1000);                 /* b again: last */
	ck_assert_uint_eq(host.timer, 200);
	ck_assert_ptr_eq(host_advance(200), d);
	rtos_delay_until(1000);
	ck_assert_ptr_eq(host_advance(300), a);
	rtos_delay_until(1000);
	ck_assert_ptr_eq(host_advance(400), c);
	ck_assert_uint_eq(host.timer, 1000);
}
END_TEST

START_TEST(one_interrupt_wakes_everything_due)
{
	host_reset();
	struct rtos_task *a = host_task("a", 3);
	struct rtos_task *b = host_task("b", 1);
	struct rtos_task *c = host_task("c", 2);

	rtos_start();
	rtos_delay_until(100);                  /* b */
	rtos_delay_until(100);                  /* c */
	rtos_delay_until(90);                   /* a */
	ck_assert_uint_eq(host.timer, 90);
	/* Interrupt taken late: all three are due; the most urgent runs. */
	ck_assert_ptr_eq(host_advance(150), b);
	ck_assert_uint_eq(rtos_stats()->timer_interrupts, 1);
	ck_assert_int_eq(a->state, RTOS_TASK_READY);
	ck_assert_int_eq(c->state, RTOS_TASK_READY);
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);
	rtos_delay(1000);
	ck_assert_ptr_eq(rtos_current(), c);
}
END_TEST

START_TEST(equal_deadlines_wake_in_arrival_order)
{
	host_reset();
	struct rtos_task *a = host_task("a", 5);
	struct rtos_task *b = host_task("b", 5);
	struct rtos_task *c = host_task("c", 5);

	rtos_start();
	rtos_delay_until(100);                  /* a */
	rtos_delay_until(100);                  /* b */
	rtos_delay_until(100);                  /* c */
	ck_assert_ptr_eq(host_advance(100), a);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), b);
	rtos_yield();
	ck_assert_ptr_eq(rtos_current(), c);
}
END_TEST

START_TEST(the_timer_is_written_only_when_what_may_preempt_changes)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *t[4];

	for (int i = 0; i < 4; i++)
		t[i] = host_task("t", (unsigned int)i + 1);
	host_task("giver", 10);
	rtos_start();
	rtos_delay_until(500);                  /* t0: more urgent than t1 */
	ck_assert_uint_eq(host.timer_sets, 1);
	ck_assert_uint_eq(host.timer, 500);
	rtos_delay_until(700);                  /* t1: t0's 500 still first for t2 */
	ck_assert_uint_eq(host.timer_sets, 1);
	rtos_sem_take(&s, 300);                 /* t2: deadline 300, but t3 runs:  */
	ck_assert_uint_eq(host.timer_sets, 2);  /* t2 is more urgent, 300 first */
	ck_assert_uint_eq(host.timer, 300);
	rtos_sem_take(&s, 1000);                /* t3: the giver runs, same earliest */
	ck_assert_uint_eq(host.timer_sets, 2);
	/* giver wakes t2 before its timeout: t2 runs, only t0 and t1 may
	 * preempt it, t0 first at 500. */
	rtos_sem_give(&s);
	ck_assert_ptr_eq(rtos_current(), t[2]);
	ck_assert_uint_eq(host.timer, 500);
	ck_assert_uint_eq(host.timer_sets, 3);
	rtos_delay_until(2000);                 /* t2 blocks: the giver runs, 500 still first */
	ck_assert_str_eq(rtos_current()->name, "giver");
	ck_assert_uint_eq(host.timer_sets, 3);
	/* t3 is woken before its timeout: no write, 500 is still what matters. */
	rtos_sem_give(&s);
	ck_assert_ptr_eq(rtos_current(), t[3]);
	ck_assert_int_eq(rtos_sem_take(&s, RTOS_NO_WAIT), RTOS_TIMEOUT);
	ck_assert_uint_eq(host.timer_sets, 3);
	ck_assert_uint_eq(rtos_stats()->timer_programs, host.timer_sets);
	(void)t;
}
END_TEST

START_TEST(a_less_urgent_deadline_waits_for_the_running_task)
{
	host_reset();
	struct rtos_task *h = host_task("h", 1);
	struct rtos_task *l = host_task("l", 5);

	(void)h;
	rtos_start();
	rtos_delay_until(200);                  /* h sleeps, l runs */
	ck_assert_ptr_eq(rtos_current(), l);
	ck_assert_uint_eq(host.timer, 200);
	rtos_delay_until(100);                  /* l sleeps too: idle, 100 first */
	ck_assert_uint_eq(host.timer, 100);
	ck_assert_ptr_eq(host_advance(100), l);
	ck_assert_uint_eq(host.timer, 200);     /* h may preempt l */
	rtos_delay_until(300);                  /* idle: h's 200 first */
	ck_assert_uint_eq(host.timer, 200);
	ck_assert_ptr_eq(host_advance(200), h);
	/* While h runs, l's deadline is not worth an interrupt: the compare is
	 * disarmed. */
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);
	ck_assert_int_eq(l->state, RTOS_TASK_DELAYED);
	host.now = 400;
	/* h blocks: l, due meanwhile, is woken at this scheduling point. */
	rtos_delay_until(1000);
	ck_assert_ptr_eq(rtos_current(), l);
	ck_assert_int_eq(l->wait_result, RTOS_OK);
	ck_assert_uint_eq(host.timer, 1000);
}
END_TEST

START_TEST(periodic_releases_do_not_drift)
{
	struct rtos_period p;
	uint64_t release;

	host_reset();
	struct rtos_task *a = host_task("a", 1);

	rtos_start();
	host.now = 37;
	rtos_period_init(&p, 1000, 1000);
	for (uint64_t k = 0; k < 50; k++) {
		release = rtos_period_wait(&p);
		ck_assert_uint_eq(release, 1000 + k * 1000);
		ck_assert_uint_eq(host.timer, release);
		/* Woken late by a varying amount, and the job takes a while: the
		 * next release is still on the grid. */
		ck_assert_ptr_eq(host_advance(release + (k * 7) % 13), a);
		host.now += 100 + (k * 31) % 200;
	}
	ck_assert_uint_eq(p.releases, 50);
	ck_assert_uint_eq(rtos_stats()->timer_interrupts, 50);
}
END_TEST

START_TEST(a_late_job_catches_up_without_shifting_the_grid)
{
	struct rtos_period p;

	host_reset();
	struct rtos_task *a = host_task("a", 1);

	rtos_start();
	rtos_period_init(&p, 100, 100);
	ck_assert_uint_eq(rtos_period_wait(&p), 100);
	host_advance(100);
	host.now = 350;                         /* the job overran two releases */
	ck_assert_uint_eq(rtos_period_wait(&p), 200);   /* already past: no wait */
	ck_assert_ptr_eq(rtos_current(), a);
	ck_assert_uint_eq(rtos_period_wait(&p), 300);
	ck_assert_ptr_eq(rtos_current(), a);
	ck_assert_uint_eq(rtos_period_wait(&p), 400);   /* back on the grid */
	ck_assert_str_eq(rtos_current()->name, "idle");
	ck_assert_uint_eq(host.timer, 400);
}
END_TEST

START_TEST(deadlines_saturate_instead_of_wrapping)
{
	struct rtos_sem s;

	host_reset();
	rtos_sem_init(&s, 0);
	struct rtos_task *a = host_task("a", 1);

	rtos_start();
	host.now = 1000;
	rtos_sem_take(&s, RTOS_FOREVER - 10);   /* now + timeout overflows */
	ck_assert_int_eq(a->state, RTOS_TASK_WAITING);
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);
	ck_assert_uint_eq(host.timer_sets, 0);
}
END_TEST

START_TEST(tick_conversion)
{
	host_reset();
	ck_assert_uint_eq(rtos_us_to_ticks(1000), 1000);
	ck_assert_uint_eq(rtos_us_to_ticks(12345678), 12345678);
	ck_assert_uint_eq(rtos_ticks_per_second(), 1000000);
}
END_TEST

Suite *rtos_timer_suite(void)
{
	Suite *s = suite_create("rtos_timer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, nothing_is_programmed_without_deadlines);
	tcase_add_test(tc, a_delay_sleeps_its_ticks_and_no_fewer);
	tcase_add_test(tc, a_deadline_already_past_does_not_sleep);
	tcase_add_test(tc, the_timer_queue_wakes_in_deadline_order);
	tcase_add_test(tc, one_interrupt_wakes_everything_due);
	tcase_add_test(tc, equal_deadlines_wake_in_arrival_order);
	tcase_add_test(tc, the_timer_is_written_only_when_what_may_preempt_changes);
	tcase_add_test(tc, a_less_urgent_deadline_waits_for_the_running_task);
	tcase_add_test(tc, periodic_releases_do_not_drift);
	tcase_add_test(tc, a_late_job_catches_up_without_shifting_the_grid);
	tcase_add_test(tc, deadlines_saturate_instead_of_wrapping);
	tcase_add_test(tc, tick_conversion);
	suite_add_tcase(s, tc);
	return s;
}
