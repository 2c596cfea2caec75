/* The demo around the control task: a producer and a consumer over a
 * message queue (the consumer stalls now and then, so the queue fills and
 * the producer waits); three workers sharing a pool of two resources (a
 * counting semaphore) and a record (a semaphore as a mutex); and the status
 * task's line once a second - the sign of life a harness waits for (the
 * shell's `status off` silences it). With host-clock, its misses are
 * marked as measured against the host's clock. */
#include <format.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/app/app.h"

#define QUEUE_SLOTS     8
#define WORKERS         3
#define STACK           4096

struct demo_stats demo;
volatile bool status_quiet;
struct rtos_sem status_lock;

struct sample {
	uint32_t seq;
	uint32_t value;
	uint64_t stamp;
};

static struct rtos_queue queue;
static struct sample queue_buf[QUEUE_SLOTS];
static struct rtos_sem pool, mutex;
static struct {
	uint32_t a, b, holders;
} shared;

static struct rtos_task producer_tcb, consumer_tcb, status_tcb, worker_tcb[WORKERS];
static uint64_t producer_stack[STACK / 8], consumer_stack[STACK / 8], status_stack[8192 / 8];
static uint64_t worker_stack[WORKERS][STACK / 8];

/* Counters that more than one task updates (a more urgent worker may
 * preempt a less urgent one in the middle of an increment). */
static void count(uint32_t *c)
{
	__atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
}

static uint64_t ms(uint64_t n)
{
	return rtos_us_to_ticks(n * 1000);
}

/* Every 5 ms, a sample; a full queue is waited on (up to 20 ms). */
static void producer(void *arg)
{
	struct rtos_period p;
	struct sample s = { 0, 0, 0 };

	(void)arg;
	rtos_period_init(&p, app_epoch + ms(5), ms(5));
	for (;;) {
		rtos_period_wait(&p);
		s.value = (uint32_t)control.periods;
		s.stamp = rtos_now();
		if (rtos_queue_count(&queue) == QUEUE_SLOTS)
			demo.queue_full++;
		if (rtos_queue_send(&queue, &s, ms(20)) == RTOS_OK)
			s.seq++;
	}
}

/* Checks that samples arrive in order without gaps; every 100th, it
 * stalls for 60 ms, longer than the queue can cover. */
static void consumer(void *arg)
{
	struct sample s;
	uint32_t expect = 0;

	(void)arg;
	for (;;) {
		if (rtos_queue_recv(&queue, &s, ms(1000)) != RTOS_OK) {
			demo.recv_timeouts++;
			continue;
		}
		if (s.seq != expect)
			demo.lost += s.seq - expect;
		expect = s.seq + 1;
		demo.msgs++;
		if (demo.msgs % 100 == 0)
			rtos_delay(ms(60));
	}
}

/* Take one of the two resources (or give up after 10 ms), note it in the
 * shared record under the mutex, hold it a while, give it back. */
static void worker(void *arg)
{
	uintptr_t id = (uintptr_t)arg;

	for (;;) {
		if (rtos_sem_take(&pool, ms(10)) != RTOS_OK) {
			count(&demo.sem_timeouts);
			continue;
		}
		rtos_sem_take(&mutex, RTOS_FOREVER);
		shared.a++;
		if (++shared.holders > 2)
			count(&demo.conflicts);
		rtos_yield();           /* a chance for an equal to find the mutex taken */
		shared.b++;
		if (shared.a != shared.b)
			count(&demo.conflicts);
		rtos_sem_give(&mutex);
		rtos_delay(ms(2));
		rtos_sem_take(&mutex, RTOS_FOREVER);
		shared.holders--;
		rtos_sem_give(&mutex);
		rtos_sem_give(&pool);
		count(&demo.sem_uses);
		rtos_delay(ms(1 + id));
	}
}

int status_line(char *buf, unsigned long len)
{
	uint64_t t = (rtos_now() - app_epoch) / rtos_ticks_per_second();

	return snformat(buf, len, "rtos: t=%llus control periods=%u latency max=%lld cycles "
			"misses=%u%s queue msgs=%u lost=%u sem uses=%u timeouts=%u",
			(unsigned long long)t, control.periods,
			(long long)(control.periods ? control.lat_max : 0), control.misses,
			opt.host_clock ? " (vs host clock)" : "",
			demo.msgs, demo.lost, demo.sem_uses, demo.sem_timeouts);
}

static void status(void *arg)
{
	struct rtos_period p;
	char line[200];

	(void)arg;
	rtos_period_init(&p, app_epoch + rtos_ticks_per_second(), rtos_ticks_per_second());
	for (;;) {
		rtos_period_wait(&p);
		rtos_sem_take(&status_lock, RTOS_FOREVER);
		if (!status_quiet) {
			status_line(line, sizeof(line));
			rtos_printf("%s\n", line);
		}
		rtos_sem_give(&status_lock);
	}
}

void demo_start(void)
{
	rtos_queue_init(&queue, queue_buf, sizeof(struct sample), QUEUE_SLOTS);
	rtos_sem_init(&pool, 2);
	rtos_sem_init(&mutex, 1);
	rtos_sem_init(&status_lock, 1);
	rtos_task_create(&producer_tcb, "producer", PRIO_PRODUCER, producer, NULL,
			 producer_stack, sizeof(producer_stack));
	rtos_task_create(&consumer_tcb, "consumer", PRIO_CONSUMER, consumer, NULL,
			 consumer_stack, sizeof(consumer_stack));
	for (uintptr_t i = 0; i < WORKERS; i++)
		rtos_task_create(&worker_tcb[i], "worker", PRIO_WORKER + (i == WORKERS - 1),
				 worker, (void *)i, worker_stack[i], sizeof(worker_stack[i]));
	rtos_task_create(&status_tcb, "status", PRIO_STATUS, status, NULL, status_stack,
			 sizeof(status_stack));
}
