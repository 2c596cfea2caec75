/* The one boundary between the RTOS kernel and the machine. A port
 * (arch/ + bsp/: today the native arm64 one at EL1; next a paravirtual one
 * at EL0 over Tandem's hypercalls) implements the first half and calls the
 * second; the kernel touches nothing else of the machine. On the host the
 * unit tests implement it (tests/unit/rtos_host_port.c) and their context
 * switch only records which task is now current.
 *
 * Rules: the kernel masks interrupts only through port_irq_save/restore;
 * port_switch is called with interrupts masked and returns (when `from`
 * runs again) with them still masked; interrupt handlers call the kernel
 * only between rtos_irq_enter and rtos_irq_exit. */
#ifndef RTOS_PORT_H
#define RTOS_PORT_H
#include <stddef.h>
#include <stdint.h>

struct rtos_task;

/* ================================================ what the port provides */

/* Interrupt masking: mask, returning the previous state; restore it. */
typedef unsigned long port_irq_state_t;
port_irq_state_t port_irq_save(void);
void port_irq_restore(port_irq_state_t state);

/* Builds t's initial context on its stack so that, switched to, it runs
 * entry(arg) with interrupts enabled; sets t->port_sp. */
void port_task_init(struct rtos_task *t, void (*entry)(void *arg), void *arg,
		    void *stack, size_t stack_size);
/* Saves the running task's context in from->port_sp and resumes `to`
 * (interrupts masked). */
void port_switch(struct rtos_task *from, struct rtos_task *to);
/* Resumes the first task; the caller's context is dropped. */
void port_start(struct rtos_task *first);
/* Waits for an interrupt (the idle task's body; interrupts enabled). */
void port_idle(void);

/* Time: a free-running 64-bit counter, and its one compare. */
uint64_t port_now(void);
uint64_t port_ticks_per_second(void);
/* Interrupts (rtos_timer_expired) once port_now() >= deadline, then stays
 * quiet until programmed again; RTOS_FOREVER (UINT64_MAX) disarms it. A
 * deadline already past interrupts at once. */
void port_timer_set(uint64_t deadline);

/* Console output, polled; received characters arrive by interrupt
 * (rtos_console_rx). */
void port_console_put(const char *s, size_t n);

/* Measurement, for applications (the kernel does not use it): a cycle
 * counter, and its relation to port_now(): cycles at the instant the
 * counter reads t are cycles_per_tick * t + offset. exact: the relation
 * was seen to hold to the cycle (QEMU -icount). */
uint64_t port_cycles(void);
struct port_cycles_cal {
	uint64_t cycles_per_tick;
	int64_t offset;
	int64_t spread;
	int exact;
};
void port_cycles_calibrate(struct port_cycles_cal *cal);

/* ================================================ what the kernel provides */

/* Around every interrupt handler. rtos_irq_exit returns the task to resume:
 * the interrupted one, or the more urgent task the handler made ready. The
 * port then saves into / resumes from port_sp, as port_switch does. */
void rtos_irq_enter(void);
struct rtos_task *rtos_irq_exit(void);
/* The programmed deadline passed (from the timer interrupt). */
void rtos_timer_expired(void);
/* A character arrived (from the console's receive interrupt). */
void rtos_console_rx(char c);

#endif
