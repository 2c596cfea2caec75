/* Micro-benchmarks (bootarg `micro`), for comparing the native,
 * hardware-assisted and paravirtual runs (docs/benchmarks.md): the RTOS's
 * context switch (two tasks handing a semaphore back and forth), a null
 * hypercall (bootarg `hypercall`: only under Tandem) and a compute workload
 * (a bitwise CRC-32 over 64 KiB, 16 times) while the 1 kHz control task
 * goes on. Switch and hypercall: the minimum and the median of single
 * measurements (the median leaves out the ones a timer interrupt fell
 * into); compute: its whole run time, interrupts included. Cycles from
 * port_cycles(); under -icount one per instruction. */
#include <string.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/app/app.h"
#include "guests/rtos/app/latency.h"
#include "guests/rtos/bsp/board.h"

#define ROUNDS       2000
#define CALLS        2000
#define CRC_BYTES    (64 * 1024)
#define CRC_PASSES   16

static struct rtos_task ping_tcb, pong_tcb;
static uint64_t ping_stack[8192 / 8], pong_stack[8192 / 8];
static struct rtos_sem to_ping, to_pong;
static int32_t sample[ROUNDS > CALLS ? ROUNDS : CALLS];
static uint8_t data[CRC_BYTES];
static bool hypercall;

static void report(const char *what, int32_t *s, uint32_t n, unsigned int per)
{
	latency_sort(s, n);
	rtos_printf("rtos: micro: %s cycles min %ld median %ld\n", what, (long)(s[0] / per),
		    (long)(s[n / 2] / per));
}

static uint32_t crc32(const uint8_t *p, size_t n, uint32_t crc)
{
	crc = ~crc;
	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

static void pong_task(void *arg)
{
	(void)arg;
	for (;;) {
		rtos_sem_take(&to_pong, RTOS_FOREVER);
		rtos_sem_give(&to_ping);
	}
}

/* Each round trip is two switches (to pong and back) and two semaphore
 * hand-overs; reported per switch. Then the rest, in this task. */
static void ping_task(void *arg)
{
	uint64_t t0, t1;
	uint32_t crc = 0;

	(void)arg;
	for (unsigned int i = 0; i < ROUNDS; i++) {
		t0 = port_cycles();
		rtos_sem_give(&to_pong);
		rtos_sem_take(&to_ping, RTOS_FOREVER);
		t1 = port_cycles();
		sample[i] = (int32_t)(t1 - t0);
	}
	report("context-switch", sample, ROUNDS, 2);
	if (hypercall) {
		for (unsigned int i = 0; i < CALLS; i++) {
			t0 = port_cycles();
			bsp_null_hypercall();
			t1 = port_cycles();
			sample[i] = (int32_t)(t1 - t0);
		}
		report("null-hypercall", sample, CALLS, 1);
	}
	for (unsigned int i = 0; i < CRC_BYTES; i++)
		data[i] = (uint8_t)(i * 2654435761u >> 13);
	t0 = port_cycles();
	for (unsigned int k = 0; k < CRC_PASSES; k++)
		crc = crc32(data, CRC_BYTES, crc);
	t1 = port_cycles();
	rtos_printf("rtos: micro: compute cycles %llu crc 0x%08x\n", (unsigned long long)(t1 - t0), crc);
	rtos_printf("rtos: micro: done\n");
	for (;;)
		rtos_sem_take(&to_ping, RTOS_FOREVER);
}

void micro_start(bool with_hypercall)
{
	hypercall = with_hypercall;
	rtos_sem_init(&to_ping, 0);
	rtos_sem_init(&to_pong, 0);
	rtos_task_create(&ping_tcb, "ping", PRIO_MICRO, ping_task, NULL, ping_stack, sizeof(ping_stack));
	rtos_task_create(&pong_tcb, "pong", PRIO_MICRO, pong_task, NULL, pong_stack, sizeof(pong_stack));
}
