/* The RTOS kernel's port on the host (rtos_host_port.c), for the unit
 * tests: a context switch only records the task now current, time is
 * whatever the test says, the timer records what it was programmed with,
 * and "interrupts" are the test calling the handlers between
 * rtos_irq_enter and rtos_irq_exit. */
#ifndef TANDEM_TEST_RTOS_HOST_PORT_H
#define TANDEM_TEST_RTOS_HOST_PORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "guests/rtos/kernel/rtos.h"

struct host_port {
	uint64_t now;
	uint64_t timer;                 /* last deadline programmed */
	unsigned int timer_sets;        /* how often it was programmed */
	bool masked;                    /* interrupts masked */
	unsigned int switches;          /* port_switch calls */
	struct rtos_task *switched_to;  /* the last port_switch/port_start target */
	char out[4096];                 /* console output */
	size_t out_len;
};
extern struct host_port host;

/* Fresh kernel and port; the tick rate is 1 MHz (1 tick = 1 us). */
void host_reset(void);
/* Creates a task with a static stack from a pool (fn never runs here). */
struct rtos_task *host_task(const char *name, unsigned int prio);
/* Moves time to `now` and, if the programmed deadline has passed, takes
 * the timer interrupt. Returns the task current afterwards. */
struct rtos_task *host_advance(uint64_t now);
/* Runs fn(arg) as an interrupt handler; returns the task current after. */
struct rtos_task *host_irq(void (*fn)(void *arg), void *arg);

#endif
