/* RTOS message queues (guests/rtos/kernel/queue.c) and the console built on
 * one (console.c): FIFO order, full and empty queues with and without
 * timeouts, hand-offs to waiting partners, priority order among waiters,
 * and a randomized run checking that every message sent arrives once, in
 * order. */
#include <check.h>
#include <string.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/kernel/port.h"
#include "tests/unit/rtos_host_port.h"
#include "tests/unit/suites.h"

struct msg {
	uint32_t from, seq;
};

static struct rtos_queue q;
static struct msg slots[4];

static void setup_queue(uint32_t capacity)
{
	host_reset();
	ck_assert_int_eq(rtos_queue_init(&q, slots, sizeof(struct msg), capacity), RTOS_OK);
}

static struct msg m(uint32_t from, uint32_t seq)
{
	return (struct msg){ from, seq };
}

START_TEST(init_refuses_a_queue_without_room)
{
	host_reset();
	ck_assert_int_eq(rtos_queue_init(&q, slots, sizeof(struct msg), 0), RTOS_INVALID);
	ck_assert_int_eq(rtos_queue_init(&q, slots, 0, 4), RTOS_INVALID);
	ck_assert_int_eq(rtos_queue_init(&q, NULL, 8, 4), RTOS_INVALID);
}
END_TEST

START_TEST(messages_come_out_first_in_first_out)
{
	struct msg out, in;
	uint32_t expect = 1000, next = 1000;

	setup_queue(4);
	host_task("a", 1);
	rtos_start();
	/* Two in, two out, one always left in: around the ring a few times. */
	out = m(1, next++);
	ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_OK);
	for (int i = 0; i < 10; i++) {
		for (int k = 0; k < 2; k++) {
			out = m(1, next++);
			ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_OK);
		}
		ck_assert_uint_eq(rtos_queue_count(&q), 3);
		for (int k = 0; k < 2; k++) {
			ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_NO_WAIT), RTOS_OK);
			ck_assert_uint_eq(in.seq, expect++);
		}
	}
	ck_assert_uint_eq(rtos_queue_count(&q), 1);
	ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_uint_eq(in.seq, next - 1);
}
END_TEST

START_TEST(full_and_empty_without_waiting)
{
	struct msg out = m(1, 1), in;

	setup_queue(2);
	host_task("a", 1);
	rtos_start();
	ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_NO_WAIT), RTOS_TIMEOUT);
	ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_TIMEOUT);
	ck_assert_uint_eq(rtos_queue_count(&q), 2);
	ck_assert_uint_eq(host.switches, 0);
}
END_TEST

START_TEST(a_send_hands_the_message_to_a_waiting_receiver)
{
	struct msg out = m(7, 42), in = m(0, 0);

	setup_queue(4);
	struct rtos_task *r = host_task("receiver", 1);

	host_task("sender", 3);
	rtos_start();
	ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_FOREVER), RTOS_WAITING);
	ck_assert_str_eq(rtos_current()->name, "sender");
	ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_ptr_eq(rtos_current(), r);
	ck_assert_int_eq(r->wait_result, RTOS_OK);
	ck_assert_uint_eq(in.from, 7);
	ck_assert_uint_eq(in.seq, 42);
	ck_assert_uint_eq(rtos_queue_count(&q), 0);    /* it never went in */
}
END_TEST

START_TEST(a_receive_takes_a_blocked_senders_message_in)
{
	struct msg out[4], extra = m(2, 99), in;

	setup_queue(2);
	struct rtos_task *s = host_task("sender", 1);
	struct rtos_task *r = host_task("receiver", 3);

	rtos_start();
	out[0] = m(2, 1), out[1] = m(2, 2);
	rtos_queue_send(&q, &out[0], RTOS_NO_WAIT);
	rtos_queue_send(&q, &out[1], RTOS_NO_WAIT);
	ck_assert_int_eq(rtos_queue_send(&q, &extra, RTOS_FOREVER), RTOS_WAITING);
	ck_assert_ptr_eq(rtos_current(), r);
	ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_uint_eq(in.seq, 1);
	/* The sender's message is in, behind 2, and the sender runs again. */
	ck_assert_ptr_eq(rtos_current(), s);
	ck_assert_int_eq(s->wait_result, RTOS_OK);
	ck_assert_uint_eq(rtos_queue_count(&q), 2);
	rtos_delay(10);
	ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_uint_eq(in.seq, 2);
	ck_assert_int_eq(rtos_queue_recv(&q, &in, RTOS_NO_WAIT), RTOS_OK);
	ck_assert_uint_eq(in.seq, 99);
}
END_TEST

START_TEST(send_and_receive_time_out)
{
	struct msg out = m(1, 1), in;

	setup_queue(1);
	struct rtos_task *a = host_task("a", 1);
	struct rtos_task *b = host_task("b", 2);

	rtos_start();
	host.now = 1000;
	ck_assert_int_eq(rtos_queue_recv(&q, &in, 200), RTOS_WAITING);     /* a */
	rtos_queue_send(&q, &out, RTOS_NO_WAIT);                           /* b: to a */
	ck_assert_ptr_eq(rtos_current(), a);
	ck_assert_uint_eq(host.timer, RTOS_FOREVER);   /* a's timeout is gone */
	rtos_queue_send(&q, &out, RTOS_NO_WAIT);       /* a fills it */
	ck_assert_int_eq(rtos_queue_send(&q, &out, 300), RTOS_WAITING);    /* a waits */
	ck_assert_ptr_eq(rtos_current(), b);
	ck_assert_ptr_eq(host_advance(1300), a);
	ck_assert_int_eq(a->wait_result, RTOS_TIMEOUT);
	ck_assert(list_empty(&q.senders));
	ck_assert_uint_eq(rtos_queue_count(&q), 1);
	rtos_queue_recv(&q, &in, RTOS_NO_WAIT);
	ck_assert_int_eq(rtos_queue_recv(&q, &in, 50), RTOS_WAITING);
	ck_assert_ptr_eq(host_advance(1350), a);
	ck_assert_int_eq(a->wait_result, RTOS_TIMEOUT);
	ck_assert(list_empty(&q.receivers));
}
END_TEST

START_TEST(receivers_are_served_by_priority)
{
	struct msg in[3], out;

	setup_queue(4);
	struct rtos_task *lo = host_task("lo", 5);
	struct rtos_task *hi = host_task("hi", 1);
	struct rtos_task *mid = host_task("mid", 3);

	host_task("sender", 9);
	rtos_start();
	rtos_queue_recv(&q, &in[0], RTOS_FOREVER);     /* hi */
	rtos_queue_recv(&q, &in[1], RTOS_FOREVER);     /* mid */
	rtos_queue_recv(&q, &in[2], RTOS_FOREVER);     /* lo */
	ck_assert_str_eq(rtos_current()->name, "sender");
	for (uint32_t i = 0; i < 3; i++) {
		out = m(9, i);
		rtos_queue_send(&q, &out, RTOS_NO_WAIT);
		rtos_delay(100);                       /* whoever got it */
		while (strcmp(rtos_current()->name, "sender"))
			rtos_delay(100);
	}
	ck_assert_uint_eq(in[0].seq, 0);
	ck_assert_uint_eq(in[1].seq, 1);
	ck_assert_uint_eq(in[2].seq, 2);
	(void)lo, (void)hi, (void)mid;
}
END_TEST

static void isr_send(void *arg)
{
	ck_assert_int_eq(rtos_queue_send(&q, arg, RTOS_NO_WAIT), RTOS_OK);
}

START_TEST(an_interrupt_handler_sends_without_waiting)
{
	struct msg out = m(3, 3), in;

	setup_queue(1);
	struct rtos_task *r = host_task("r", 1);

	host_task("busy", 4);
	rtos_start();
	rtos_queue_recv(&q, &in, RTOS_FOREVER);
	ck_assert_ptr_eq(host_irq(isr_send, &out), r);
	ck_assert_uint_eq(in.seq, 3);
	host_irq(isr_send, &out);
	rtos_irq_enter();
	ck_assert_int_eq(rtos_queue_send(&q, &out, RTOS_NO_WAIT), RTOS_TIMEOUT);
	ck_assert_int_eq(rtos_queue_send(&q, &out, 10), RTOS_INVALID);
	rtos_irq_exit();
}
END_TEST

START_TEST(console_lines_and_input)
{
	host_reset();
	host_task("a", 1);
	rtos_start();
	rtos_printf("rtos: x=%d\n", 5);
	rtos_console_write("ab", 2);                   /* an echo, line open */
	rtos_printf("rtos: y\n");                      /* starts on a fresh line */
	ck_assert_str_eq(host.out, "rtos: x=5\r\nab\r\nrtos: y\r\n");
	rtos_irq_enter();
	rtos_console_rx('h');
	rtos_console_rx('i');
	rtos_irq_exit();
	ck_assert_int_eq(rtos_console_getc(RTOS_NO_WAIT), 'h');
	ck_assert_int_eq(rtos_console_getc(RTOS_NO_WAIT), 'i');
	ck_assert_int_eq(rtos_console_getc(RTOS_NO_WAIT), RTOS_TIMEOUT);
	rtos_irq_enter();
	for (int i = 0; i < 70; i++)
		rtos_console_rx('z');
	rtos_irq_exit();
	ck_assert_uint_eq(rtos_stats()->console_rx_dropped, 6);
}
END_TEST

/* A shell's input line (its prompt and what is typed) stays below other
 * output: a line that breaks it goes on its own, and the input line is
 * drawn again, whole, at the next key (not under every line printed while
 * nobody types); an Enter after a break shows the line it ends. */
START_TEST(console_input_line_redrawn)
{
	static const char typed[] = "rtos> stat";
	char longer[200];

	host_reset();
	host_task("a", 1);
	rtos_start();
	rtos_console_input("rtos> ", 6, typed, 6);
	rtos_printf("rtos: t=1s\n");                  /* breaks the prompt */
	rtos_printf("rtos: t=2s\n");                  /* nobody typed: no prompt between */
	ck_assert_str_eq(host.out, "rtos> \r\nrtos: t=1s\r\nrtos: t=2s\r\n");
	host.out[0] = '\0';
	host.out_len = 0;
	rtos_console_input("stat", 4, typed, 10);     /* a key: the whole line again */
	rtos_console_input("\b \b", 3, typed, 9);
	rtos_printf("rtos: t=3s\n");
	ck_assert_str_eq(host.out, "rtos> stat\b \b\r\nrtos: t=3s\r\n");
	host.out[0] = '\0';
	host.out_len = 0;
	rtos_printf("rtos: part");
	rtos_printf("ial\n");
	ck_assert_str_eq(host.out, "rtos: part\r\nial\r\n");
	host.out[0] = '\0';
	host.out_len = 0;
	rtos_console_input("\n", 1, NULL, 0);        /* Enter: the line it ends, then closed */
	rtos_printf("rtos: answer\n");
	ck_assert_str_eq(host.out, "rtos> sta\r\nrtos: answer\r\n");
	/* a line longer than the console keeps is cut, not overrun */
	memset(longer, 'x', sizeof(longer));
	rtos_console_input("", 0, longer, sizeof(longer));
	rtos_printf("\n");
	host.out[0] = '\0';
	host.out_len = 0;
	rtos_console_input("x", 1, longer, sizeof(longer));
	ck_assert_uint_eq(host.out_len, RTOS_CONSOLE_INPUT_MAX);
	rtos_console_input("", 0, NULL, 0);
}
END_TEST

/* ---------------------------------------------------------------- random */
#define RQ_TASKS   6
#define RQ_SENDS   4096

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return rng;
}

/* Per sender (RQ_TASKS is the interrupt handler): the sequence numbers it
 * sent successfully, in order, and how many of them have arrived. */
static uint32_t sent[RQ_TASKS + 1][RQ_SENDS];
static uint32_t nsent[RQ_TASKS + 1], nrecv[RQ_TASKS + 1], next_seq[RQ_TASKS + 1];

static void arrived(struct msg in)
{
	ck_assert_uint_le(in.from, RQ_TASKS);
	ck_assert_uint_lt(nrecv[in.from], nsent[in.from]);
	ck_assert_uint_eq(in.seq, sent[in.from][nrecv[in.from]]);
	nrecv[in.from]++;
}

static void was_sent(struct msg out)
{
	ck_assert_uint_lt(nsent[out.from], RQ_SENDS);
	sent[out.from][nsent[out.from]++] = out.seq;
}

static struct msg isr_msg;

static void isr_send_one(void *arg)
{
	(void)arg;
	isr_msg = m(RQ_TASKS, next_seq[RQ_TASKS]++);
	if (rtos_queue_send(&q, &isr_msg, RTOS_NO_WAIT) == RTOS_OK)
		was_sent(isr_msg);
}

START_TEST(randomized_every_message_arrives_once_in_order)
{
	struct rtos_task *t[RQ_TASKS];
	enum { NONE, SEND, RECV } pending[RQ_TASKS] = { NONE };
	struct msg out[RQ_TASKS], in[RQ_TASKS];
	uint32_t total_sent = 0, total_recv = 0;

	setup_queue(3);
	memset(nsent, 0, sizeof(nsent));
	memset(nrecv, 0, sizeof(nrecv));
	memset(next_seq, 0, sizeof(next_seq));
	rng = 0x243f6a8885a308d3ull + (uint64_t)_i;
	for (int i = 0; i < RQ_TASKS; i++)
		t[i] = host_task("r", 1 + (unsigned int)(rnd() % 4));
	rtos_start();

	for (int step = 0; step < 6000; step++) {
		struct rtos_task *cur = rtos_current();
		int me = -1;

		for (int i = 0; i < RQ_TASKS; i++)
			if (t[i] == cur)
				me = i;
		if (me < 0 || rnd() % 8 == 0) {
			if (rnd() % 3)
				host_advance(host.now + rnd() % 300);
			else
				host_irq(isr_send_one, NULL);
		} else {
			uint64_t timeout = rnd() % 3 ? 1 + rnd() % 400 : RTOS_NO_WAIT;
			int r;

			ck_assert_int_eq(pending[me], NONE);
			switch (rnd() % 5) {
			case 0:
			case 1:
				out[me] = m((uint32_t)me, next_seq[me]++);
				r = rtos_queue_send(&q, &out[me], timeout);
				if (r == RTOS_OK)
					was_sent(out[me]);
				else if (r == RTOS_WAITING)
					pending[me] = SEND;
				break;
			case 2:
			case 3:
				r = rtos_queue_recv(&q, &in[me], timeout);
				if (r == RTOS_OK)
					arrived(in[me]);
				else if (r == RTOS_WAITING)
					pending[me] = RECV;
				break;
			default:
				rtos_delay(1 + rnd() % 100);
				break;
			}
		}
		/* Operations that completed this step, in the order they did: at
		 * most one partner completes per step. */
		for (int i = 0; i < RQ_TASKS; i++) {
			if (pending[i] == NONE || t[i]->wait_result == RTOS_WAITING)
				continue;
			if (t[i]->wait_result == RTOS_OK) {
				if (pending[i] == SEND)
					was_sent(out[i]);
				else
					arrived(in[i]);
			}
			pending[i] = NONE;
		}
		/* A waiting receiver means an empty queue, a waiting sender a full one. */
		ck_assert(list_empty(&q.receivers) || rtos_queue_count(&q) == 0);
		ck_assert(list_empty(&q.senders) || rtos_queue_count(&q) == q.capacity);
		ck_assert(!host.masked);
	}
	/* Every timeout runs out; then whoever runs drains the queue. */
	host_advance(host.now + 1000000);
	rtos_yield();   /* a scheduling point: the less urgent deadlines are seen */
	for (int i = 0; i < RQ_TASKS; i++)
		ck_assert_int_eq(t[i]->state, RTOS_TASK_READY);
	for (int i = 0; i < RQ_TASKS; i++) {
		if (pending[i] != NONE && t[i]->wait_result == RTOS_OK) {
			if (pending[i] == SEND)
				was_sent(out[i]);
			else
				arrived(in[i]);
		}
	}
	struct msg rest;

	while (rtos_queue_recv(&q, &rest, RTOS_NO_WAIT) == RTOS_OK)
		arrived(rest);
	for (int i = 0; i <= RQ_TASKS; i++) {
		ck_assert_uint_eq(nrecv[i], nsent[i]);
		total_sent += nsent[i];
		total_recv += nrecv[i];
	}
	ck_assert_uint_eq(total_sent, total_recv);
	ck_assert_uint_gt(total_sent, 300);
}
END_TEST

Suite *rtos_queue_suite(void)
{
	Suite *s = suite_create("rtos_queue");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, init_refuses_a_queue_without_room);
	tcase_add_test(tc, messages_come_out_first_in_first_out);
	tcase_add_test(tc, full_and_empty_without_waiting);
	tcase_add_test(tc, a_send_hands_the_message_to_a_waiting_receiver);
	tcase_add_test(tc, a_receive_takes_a_blocked_senders_message_in);
	tcase_add_test(tc, send_and_receive_time_out);
	tcase_add_test(tc, receivers_are_served_by_priority);
	tcase_add_test(tc, an_interrupt_handler_sends_without_waiting);
	tcase_add_test(tc, console_lines_and_input);
	tcase_add_test(tc, console_input_line_redrawn);
	tcase_add_loop_test(tc, randomized_every_message_arrives_once_in_order, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}
