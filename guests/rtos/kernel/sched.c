/* Tasks and the scheduler: one FIFO ready queue per priority, a bitmap of
 * the non-empty ones, and the block/wake primitives the semaphores, queues
 * and delays are built on. The running task stays at the head of its ready
 * queue, so a task preempted by a more urgent one resumes before its equals. */
#include <string.h>
#include "guests/rtos/kernel/kernel.h"

#define IDLE_STACK   2048
#define MIN_STACK    1024
#define STACK_PAINT  0xa5

struct rtos_stats kernel_stats;

static struct rtos_list ready[RTOS_PRIORITIES];
static uint32_t ready_mask;             /* bit p: ready[p] is not empty */
static struct rtos_task *current;
static struct rtos_task *tasks, **tasks_tail;
static unsigned int irq_nesting;
static bool running;

static struct rtos_task idle_task;
static uint64_t idle_stack[IDLE_STACK / 8];

void rtos_init(void)
{
	for (int p = 0; p < RTOS_PRIORITIES; p++)
		list_init(&ready[p]);
	ready_mask = 0;
	current = NULL;
	tasks = NULL;
	tasks_tail = &tasks;
	irq_nesting = 0;
	running = false;
	memset(&kernel_stats, 0, sizeof(kernel_stats));
	timerq_init();
	console_init();
}

static void ready_add(struct rtos_task *t)
{
	t->state = RTOS_TASK_READY;
	list_add_tail(&ready[t->prio], &t->node);
	ready_mask |= 1u << t->prio;
}

static void ready_remove(struct rtos_task *t)
{
	list_del(&t->node);
	if (list_empty(&ready[t->prio]))
		ready_mask &= ~(1u << t->prio);
}

/* Once started the idle task is always ready, so the mask is never 0. */
static struct rtos_task *highest_ready(void)
{
	unsigned int p = (unsigned int)__builtin_ctz(ready_mask);

	return list_entry(ready[p].next, struct rtos_task, node);
}

bool kernel_in_task(void)
{
	return running && irq_nesting == 0;
}

void kernel_schedule(void)
{
	struct rtos_task *from, *next;

	if (!running || irq_nesting)
		return;
	timerq_expire();   /* less urgent deadlines passed while it ran */
	next = highest_ready();
	timerq_arm_for(next);
	if (next == current)
		return;
	from = current;
	current = next;
	next->activations++;
	kernel_stats.switches++;
	port_switch(from, next);
}

int kernel_block(struct rtos_list *waitq, uint64_t deadline)
{
	struct rtos_task *t = current;

	ready_remove(t);
	t->wait_result = RTOS_WAITING;
	if (waitq) {
		struct rtos_list *pos;

		/* Priority order; behind the waiters of its own priority. */
		for (pos = waitq->next; pos != waitq; pos = pos->next)
			if (list_entry(pos, struct rtos_task, node)->prio > t->prio)
				break;
		list_insert_before(pos, &t->node);
		t->waitq = waitq;
		t->state = RTOS_TASK_WAITING;
	} else {
		t->state = RTOS_TASK_DELAYED;
	}
	if (deadline != RTOS_FOREVER)
		timerq_add(t, deadline);
	kernel_schedule();
	/* On the host this runs at once, the task still waiting: only t's own
	 * fields may be touched here, never `current`. */
	return t->wait_result;
}

void kernel_wake(struct rtos_task *t, int result)
{
	if (t->waitq) {
		list_del(&t->node);
		t->waitq = NULL;
	}
	if (list_linked(&t->timer_node))
		timerq_remove(t);
	t->wait_result = result;
	ready_add(t);
}

struct rtos_task *kernel_first_waiter(struct rtos_list *waitq)
{
	return list_empty(waitq) ? NULL : list_entry(waitq->next, struct rtos_task, node);
}

uint64_t kernel_deadline(uint64_t timeout)
{
	uint64_t now = port_now();

	return timeout >= RTOS_FOREVER - now ? RTOS_FOREVER : now + timeout;
}

/* ---------------------------------------------------------------- tasks */
static void task_entry(void *arg)
{
	struct rtos_task *t = arg;

	t->fn(t->arg);
	rtos_task_exit();
}

static int task_setup(struct rtos_task *t, const char *name, unsigned int prio,
		      void (*fn)(void *), void *arg, void *stack, size_t stack_size)
{
	port_irq_state_t flags;

	memset(t, 0, sizeof(*t));
	list_init(&t->node);
	list_init(&t->timer_node);
	t->name = name;
	t->prio = (uint8_t)prio;
	t->fn = fn;
	t->arg = arg;
	t->stack = stack;
	t->stack_size = stack_size;
	memset(stack, STACK_PAINT, stack_size);
	port_task_init(t, task_entry, t, stack, stack_size);

	flags = port_irq_save();
	*tasks_tail = t;
	tasks_tail = &t->next_task;
	ready_add(t);
	kernel_schedule();
	port_irq_restore(flags);
	return RTOS_OK;
}

int rtos_task_create(struct rtos_task *t, const char *name, unsigned int prio,
		     void (*fn)(void *arg), void *arg, void *stack, size_t stack_size)
{
	if (!t || !fn || !stack || stack_size < MIN_STACK || prio >= RTOS_PRIO_IDLE)
		return RTOS_INVALID;
	return task_setup(t, name, prio, fn, arg, stack, stack_size);
}

static void idle_main(void *arg)
{
	(void)arg;
	for (;;)
		port_idle();
}

void rtos_start(void)
{
	task_setup(&idle_task, "idle", RTOS_PRIO_IDLE, idle_main, NULL, idle_stack,
		   sizeof(idle_stack));
	(void)port_irq_save();          /* the first task's context unmasks */
	running = true;
	current = highest_ready();
	timerq_arm_for(current);
	current->activations++;
	port_start(current);
}

struct rtos_task *rtos_current(void)
{
	return current;
}

struct rtos_task *rtos_task_next(struct rtos_task *t)
{
	return t ? t->next_task : tasks;
}

/* Stacks grow down on every port: the paint survives at the low end. */
size_t rtos_task_stack_used(const struct rtos_task *t)
{
	size_t untouched = 0;

	while (untouched < t->stack_size && t->stack[untouched] == STACK_PAINT)
		untouched++;
	return t->stack_size - untouched;
}

void rtos_yield(void)
{
	port_irq_state_t flags = port_irq_save();

	if (kernel_in_task()) {
		list_del(&current->node);
		list_add_tail(&ready[current->prio], &current->node);
		kernel_schedule();
	}
	port_irq_restore(flags);
}

void rtos_task_exit(void)
{
	(void)port_irq_save();
	ready_remove(current);
	current->state = RTOS_TASK_DEAD;
	kernel_schedule();
	for (;;)                        /* not reached: nothing resumes it */
		port_idle();
}

/* ---------------------------------------------------------------- interrupts */
void rtos_irq_enter(void)
{
	irq_nesting++;
	kernel_stats.irqs++;
}

struct rtos_task *rtos_irq_exit(void)
{
	if (--irq_nesting == 0 && running) {
		struct rtos_task *next = highest_ready();

		timerq_arm_for(next);
		if (next != current) {
			current = next;
			next->activations++;
			kernel_stats.switches++;
		}
	}
	return current;
}

const struct rtos_stats *rtos_stats(void)
{
	return &kernel_stats;
}
