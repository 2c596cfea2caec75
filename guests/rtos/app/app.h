/* The RTOS's application: what it does at boot (docs/rtos.md). Options
 * come from the bootargs the port hands to app_main. */
#ifndef RTOS_APP_H
#define RTOS_APP_H
#include <stdbool.h>
#include <stdint.h>
#include "guests/rtos/kernel/port.h"

/* channel_server.c: answers requests on a Tandem channel, if there is one. */
void channel_server_start(uint32_t corrupt_after);

/* micro.c: the micro-benchmarks (bootargs `micro`, `hypercall`). */
void micro_start(bool with_hypercall);

/* Called by the port once the board is up; starts the kernel. */
void app_main(const char *bootargs);

/* Priorities (0 most urgent). */
enum {
	PRIO_CONTROL = 1,
	PRIO_SHELL = 2,
	PRIO_MICRO = 2,                 /* micro.c: ping and pong */
	PRIO_PRODUCER = 3,
	PRIO_CHANNEL_TASK = 3,          /* channel_server.c: answers the peer VM */
	PRIO_CONSUMER = 4,
	PRIO_WORKER = 5,                /* 5, 5, 6 */
	PRIO_STATUS = 7,
	PRIO_REPORT = 8,
};

struct app_options {
	bool bench;
	uint32_t periods;               /* measured periods (bench) */
	uint32_t period_us;             /* the control task's period */
	uint32_t start_ms;              /* before the first measured release (bench) */
	bool host_clock;                /* the counter follows the host's clock (QEMU, no -icount) */
};
extern struct app_options opt;
extern struct port_cycles_cal cal;
extern uint64_t app_epoch;              /* releases are counted from here */

/* The control task's record, read by the status task and the shell. */
struct control_stats {
	uint32_t periods, misses;
	int64_t lat_min, lat_max;       /* cycles, release to first instruction */
};
extern struct control_stats control;

struct demo_stats {
	uint32_t msgs, lost, queue_full, recv_timeouts;
	uint32_t sem_uses, sem_timeouts, conflicts;
};
extern struct demo_stats demo;

void control_start(void);
void demo_start(void);
void shell_start(void);
/* "rtos: t=..." without the newline, for the status task and the shell. */
int status_line(char *buf, unsigned long len);
/* The shell's `status off`: the status task stops printing (it still runs).
 * Changed and read under status_lock, so that no status line follows the
 * shell's answer to `status off`. */
extern volatile bool status_quiet;
extern struct rtos_sem status_lock;

#endif
