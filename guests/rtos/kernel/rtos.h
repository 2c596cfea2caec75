/* The RTOS kernel's API for applications: tasks, delays, periodic releases,
 * counting semaphores, message queues and the console. The kernel is
 * portable C; everything it needs from the machine goes through port.h.
 *
 * Scheduling: fixed priorities, 0 the most urgent, RTOS_PRIO_IDLE the
 * least (the kernel's idle task). The highest-priority ready task always
 * runs; equal priorities are served first-come first-served, without time
 * slicing. Time is counted in ticks of the port's free-running counter
 * (rtos_now()); there is no periodic tick. */
#ifndef RTOS_RTOS_H
#define RTOS_RTOS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "guests/rtos/kernel/list.h"

#define RTOS_PRIORITIES   32
#define RTOS_PRIO_IDLE    (RTOS_PRIORITIES - 1)
#define RTOS_NO_WAIT      0ull
#define RTOS_FOREVER      UINT64_MAX        /* a timeout, or "no deadline" */

/* Results of the calls that may wait. */
enum {
	RTOS_OK = 0,
	RTOS_TIMEOUT = -1,      /* the timeout passed (or was RTOS_NO_WAIT) */
	RTOS_INVALID = -2,      /* bad arguments, or waiting outside a task */
	/* Still waiting. Only ever returned on the host, where the port's
	 * context switch returns at once (tests/unit/rtos_host_port.c). */
	RTOS_WAITING = 1,
};

enum rtos_task_state {
	RTOS_TASK_READY,        /* ready or running */
	RTOS_TASK_DELAYED,      /* in the timer queue only */
	RTOS_TASK_WAITING,      /* in a wait queue, maybe with a timeout */
	RTOS_TASK_DEAD,
};

/* A task's control block: the application owns the memory, the kernel the
 * fields. */
struct rtos_task {
	void *port_sp;                  /* first: the port's saved context (asm) */
	struct rtos_list node;          /* ready queue or wait queue */
	struct rtos_list timer_node;    /* timer queue, while it has a deadline */
	uint64_t wake;                  /* that deadline */
	struct rtos_list *waitq;        /* the wait queue it is in, if any */
	void *msg;                      /* message hand-off (queues) */
	int wait_result;
	uint8_t prio;
	uint8_t state;
	const char *name;
	void (*fn)(void *arg);
	void *arg;
	uint8_t *stack;
	size_t stack_size;
	uint32_t activations;           /* times it was switched to */
	struct rtos_task *next_task;    /* all tasks, in creation order */
};

/* ---------------------------------------------------------------- tasks */
/* Resets the kernel (once, before anything else). */
void rtos_init(void);
/* Makes t ready at priority prio (0..RTOS_PRIO_IDLE - 1), running fn(arg)
 * on the given stack. Returning from fn ends the task. */
int rtos_task_create(struct rtos_task *t, const char *name, unsigned int prio,
		     void (*fn)(void *arg), void *arg, void *stack, size_t stack_size);
/* Starts scheduling: runs the highest-priority task; does not return. */
void rtos_start(void);
struct rtos_task *rtos_current(void);
/* Every task, in creation order (the idle task last): start with NULL. */
struct rtos_task *rtos_task_next(struct rtos_task *t);
/* Deepest stack use seen, in bytes (the stack is painted at creation). */
size_t rtos_task_stack_used(const struct rtos_task *t);
/* Goes behind the other ready tasks of its priority. */
void rtos_yield(void);
void rtos_task_exit(void) __attribute__((noreturn));

/* ---------------------------------------------------------------- time */
uint64_t rtos_now(void);
uint64_t rtos_ticks_per_second(void);
uint64_t rtos_us_to_ticks(uint64_t us);
/* Sleeps at least `ticks`. */
void rtos_delay(uint64_t ticks);
/* Sleeps until rtos_now() >= when. RTOS_TIMEOUT if that was already so
 * (returning at once), RTOS_OK after sleeping. */
int rtos_delay_until(uint64_t when);

/* Periodic releases without drift: release k is first + k * period,
 * whatever the task did in between. */
struct rtos_period {
	uint64_t next;
	uint64_t period;
	uint64_t releases;
};
void rtos_period_init(struct rtos_period *p, uint64_t first, uint64_t period);
/* Waits for the next release and returns its time. A release already past
 * returns at once (the caller sees it is late). */
uint64_t rtos_period_wait(struct rtos_period *p);

/* ---------------------------------------------------------------- semaphores */
/* Counting semaphore. A give with waiters hands the unit to the most
 * urgent one (first-come among equals) instead of counting it. */
struct rtos_sem {
	uint32_t count;
	struct rtos_list waiters;
};
void rtos_sem_init(struct rtos_sem *s, uint32_t initial);
/* RTOS_OK, or RTOS_TIMEOUT after `timeout` ticks (RTOS_NO_WAIT: at once,
 * RTOS_FOREVER: never). */
int rtos_sem_take(struct rtos_sem *s, uint64_t timeout);
/* Also from interrupt handlers. RTOS_INVALID if the count would overflow. */
int rtos_sem_give(struct rtos_sem *s);
uint32_t rtos_sem_count(const struct rtos_sem *s);

/* ---------------------------------------------------------------- queues */
/* Fixed-size messages in a caller-provided ring of `capacity` slots. A send
 * to a waiting receiver copies straight into its buffer; a receive from a
 * full queue with waiting senders takes the most urgent sender's message
 * into the freed slot. Either way the woken task has nothing left to do,
 * so no wake-up can be lost or stolen. */
struct rtos_queue {
	uint8_t *buf;
	size_t msg_size;
	uint32_t capacity, count, head;
	struct rtos_list senders, receivers;
};
/* buf holds capacity * msg_size bytes; capacity >= 1. */
int rtos_queue_init(struct rtos_queue *q, void *buf, size_t msg_size, uint32_t capacity);
/* Also from interrupt handlers, with RTOS_NO_WAIT. */
int rtos_queue_send(struct rtos_queue *q, const void *msg, uint64_t timeout);
int rtos_queue_recv(struct rtos_queue *q, void *msg, uint64_t timeout);
uint32_t rtos_queue_count(const struct rtos_queue *q);

/* ---------------------------------------------------------------- console */
/* One formatted write (lib/format.h's conversions), whole: lines from
 * different tasks do not interleave. '\n' goes out as "\r\n"; a write that
 * starts a line while another task's partial line (an echo) is open starts
 * on a fresh line. */
int rtos_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rtos_console_write(const char *s, size_t n);
/* A shell's input line: writes s[0..n) (a prompt, an echo, an erase) and
 * records that the open line now reads line[0..len) (len 0: none open, as
 * after the user's Enter). rtos_printf, when its text breaks that line,
 * draws it again after its own, so a prompt stays below other output. */
#define RTOS_CONSOLE_INPUT_MAX 96
void rtos_console_input(const char *s, size_t n, const char *line, size_t len);
/* The next received character, or RTOS_TIMEOUT. */
int rtos_console_getc(uint64_t timeout);

/* ---------------------------------------------------------------- statistics */
struct rtos_stats {
	uint64_t switches;              /* context switches */
	uint64_t timer_programs;        /* deadlines written to the port's timer */
	uint64_t timer_interrupts;
	uint64_t irqs;                  /* interrupt entries */
	uint32_t console_rx_dropped;    /* characters lost to a full input queue */
};
const struct rtos_stats *rtos_stats(void);

#endif
