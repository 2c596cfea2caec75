/* What the kernel's files share and applications do not see: the scheduler's
 * block/wake primitives, the timer queue and the statistics. All of it runs
 * with interrupts masked (port_irq_save). */
#ifndef RTOS_KERNEL_H
#define RTOS_KERNEL_H
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/kernel/port.h"

extern struct rtos_stats kernel_stats;

/* A task, not an interrupt handler or the boot code before rtos_start:
 * only a task may wait. */
bool kernel_in_task(void);
/* The running task leaves the ready queue, joins waitq (if any, in
 * priority order) and the timer queue (unless deadline is RTOS_FOREVER),
 * and the next task runs. Returns its wake-up result. */
int kernel_block(struct rtos_list *waitq, uint64_t deadline);
/* t leaves its wait queue and the timer queue and becomes ready with
 * `result`. Does not switch: the caller then calls kernel_schedule(). */
void kernel_wake(struct rtos_task *t, int result);
/* Switches to the most urgent ready task if it is not the running one
 * (in an interrupt handler: at rtos_irq_exit). */
void kernel_schedule(void);
/* The first (most urgent) waiter of a wait queue, NULL if none. */
struct rtos_task *kernel_first_waiter(struct rtos_list *waitq);
/* now + timeout, saturating at RTOS_FOREVER. */
uint64_t kernel_deadline(uint64_t timeout);

/* Timer queue (timerq.c): tasks by deadline, earliest first, first-come
 * among equal deadlines; the port's timer holds the earliest one that may
 * preempt the running task. */
void timerq_init(void);
void timerq_add(struct rtos_task *t, uint64_t deadline);
void timerq_remove(struct rtos_task *t);
/* Wakes every task whose deadline has passed. */
void timerq_expire(void);
/* Arms the compare for what may preempt `next`, about to run. */
void timerq_arm_for(const struct rtos_task *next);

void console_init(void);

#endif
