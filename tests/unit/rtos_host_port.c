/* The RTOS kernel's host port; see rtos_host_port.h. */
#include <check.h>
#include <string.h>
#include "guests/rtos/kernel/port.h"
#include "tests/unit/rtos_host_port.h"

#define HOST_TASKS      16
#define HOST_STACK      2048

struct host_port host;
static struct rtos_task pool[HOST_TASKS];
static uint8_t stacks[HOST_TASKS][HOST_STACK];
static unsigned int pool_used;

static void never_runs(void *arg)
{
	(void)arg;
	ck_abort_msg("a task body ran on the host");
}

port_irq_state_t port_irq_save(void)
{
	port_irq_state_t was = host.masked;

	host.masked = true;
	return was;
}

void port_irq_restore(port_irq_state_t state)
{
	host.masked = state != 0;
}

void port_task_init(struct rtos_task *t, void (*entry)(void *), void *arg, void *stack,
		    size_t stack_size)
{
	(void)entry, (void)arg;
	t->port_sp = (uint8_t *)stack + stack_size;
}

void port_switch(struct rtos_task *from, struct rtos_task *to)
{
	ck_assert_msg(host.masked, "context switch with interrupts enabled");
	ck_assert_ptr_ne(from, to);
	host.switches++;
	host.switched_to = to;
}

void port_start(struct rtos_task *first)
{
	host.switched_to = first;
	host.masked = false;            /* the first task runs with them enabled */
}

void port_idle(void)
{
}

uint64_t port_now(void)
{
	return host.now;
}

uint64_t port_ticks_per_second(void)
{
	return 1000000;
}

void port_timer_set(uint64_t deadline)
{
	ck_assert_msg(host.masked, "timer programmed with interrupts enabled");
	host.timer = deadline;
	host.timer_sets++;
}

void port_console_put(const char *s, size_t n)
{
	ck_assert_uint_le(host.out_len + n, sizeof(host.out) - 1);
	memcpy(host.out + host.out_len, s, n);
	host.out_len += n;
	host.out[host.out_len] = '\0';
}

uint64_t port_cycles(void)
{
	return host.now;
}

void port_cycles_calibrate(struct port_cycles_cal *cal)
{
	memset(cal, 0, sizeof(*cal));
	cal->cycles_per_tick = 1;
}

void host_reset(void)
{
	memset(&host, 0, sizeof(host));
	host.timer = RTOS_FOREVER;
	host.masked = true;             /* as at boot */
	pool_used = 0;
	rtos_init();
}

struct rtos_task *host_task(const char *name, unsigned int prio)
{
	struct rtos_task *t;

	ck_assert_uint_lt(pool_used, HOST_TASKS);
	t = &pool[pool_used];
	ck_assert_int_eq(rtos_task_create(t, name, prio, never_runs, NULL,
					  stacks[pool_used], HOST_STACK), RTOS_OK);
	pool_used++;
	return t;
}

struct rtos_task *host_irq(void (*fn)(void *arg), void *arg)
{
	port_irq_state_t was = port_irq_save();   /* taking an interrupt masks them */
	struct rtos_task *t;

	rtos_irq_enter();
	fn(arg);
	t = rtos_irq_exit();
	host.switched_to = t;
	port_irq_restore(was);
	return t;
}

static void timer_irq(void *arg)
{
	(void)arg;
	rtos_timer_expired();
}

struct rtos_task *host_advance(uint64_t now)
{
	host.now = now;
	if (host.timer != RTOS_FOREVER && host.timer <= now)
		return host_irq(timer_irq, NULL);
	return rtos_current();
}
