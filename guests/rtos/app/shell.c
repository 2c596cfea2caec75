/* A small console shell, fed by the UART's receive interrupt through the
 * kernel's console queue: it shows a prompt, echoes what is typed and runs
 * a command per line: help, stats, tasks, status on|off. The prompt and
 * the line typed so far are the console's input line: a line another task
 * prints (the status line) goes above it and it is drawn again below. */
#include <string.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/app/app.h"

#define LINE 64
#define PROMPT "rtos> "
#define PROMPT_LEN (sizeof(PROMPT) - 1)

static struct rtos_task shell_tcb;
static uint64_t shell_stack[8192 / 8];

static const char *const state_names[] = { "ready", "delayed", "waiting", "dead" };

static void cmd_stats(void)
{
	const struct rtos_stats *k = rtos_stats();
	uint64_t ticks = rtos_now() - app_epoch, hz = rtos_ticks_per_second();
	char line[200];

	rtos_printf("rtos: stats: uptime %llu.%03llu s\n", (unsigned long long)(ticks / hz),
		    (unsigned long long)(ticks % hz * 1000 / hz));
	status_line(line, sizeof(line));
	rtos_printf("rtos: stats: %s\n", line + 6);
	rtos_printf("rtos: stats: control latency min=%lld max=%lld cycles "
		    "(%llu cycles per tick, %s)\n", (long long)(control.periods ? control.lat_min : 0),
		    (long long)(control.periods ? control.lat_max : 0),
		    (unsigned long long)cal.cycles_per_tick, cal.exact ? "exact" : "approximate");
	rtos_printf("rtos: stats: queue full=%u recv-timeouts=%u; sem conflicts=%u\n",
		    demo.queue_full, demo.recv_timeouts, demo.conflicts);
	rtos_printf("rtos: stats: kernel switches=%llu irqs=%llu timer-interrupts=%llu "
		    "timer-programs=%llu rx-dropped=%u\n", (unsigned long long)k->switches,
		    (unsigned long long)k->irqs, (unsigned long long)k->timer_interrupts,
		    (unsigned long long)k->timer_programs, k->console_rx_dropped);
}

static void cmd_tasks(void)
{
	rtos_printf("rtos: tasks: %-9s %4s %-8s %10s %s\n", "name", "prio", "state", "runs",
		    "stack used");
	for (struct rtos_task *t = rtos_task_next(NULL); t; t = rtos_task_next(t))
		rtos_printf("rtos: tasks: %-9s %4u %-8s %10u %u/%u\n", t->name, t->prio,
			    state_names[t->state & 3], t->activations,
			    (unsigned int)rtos_task_stack_used(t), (unsigned int)t->stack_size);
}

static void cmd_status(const char *arg)
{
	if (!strcmp(arg, "off") || !strcmp(arg, "on")) {
		rtos_sem_take(&status_lock, RTOS_FOREVER);
		status_quiet = arg[1] == 'f';
		rtos_printf("rtos: status line %s\n", status_quiet ? "off (status on resumes it)" : "on");
		rtos_sem_give(&status_lock);
	} else if (!*arg) {
		rtos_printf("rtos: status line is %s; status on|off to change it\n",
			    status_quiet ? "off" : "on");
	} else {
		rtos_printf("rtos: status takes on or off, not '%s'\n", arg);
	}
}

static void run(const char *cmd)
{
	if (!*cmd)
		return;
	if (!strcmp(cmd, "help"))
		rtos_printf("rtos: commands: help (this), stats (counters), tasks (task list), "
			    "status on|off (the 1 Hz status line)\n");
	else if (!strcmp(cmd, "stats"))
		cmd_stats();
	else if (!strcmp(cmd, "tasks"))
		cmd_tasks();
	else if (!strcmp(cmd, "status"))
		cmd_status("");
	else if (!strncmp(cmd, "status ", 7))
		cmd_status(cmd + 7);
	else
		rtos_printf("rtos: unknown command '%s'; try help\n", cmd);
}

static void shell(void *arg)
{
	char shown[PROMPT_LEN + LINE];          /* the prompt, then the line typed */
	char *line = shown + PROMPT_LEN;
	size_t n = 0;
	int c, last = 0;

	(void)arg;
	memcpy(shown, PROMPT, PROMPT_LEN);
	rtos_console_input(PROMPT, PROMPT_LEN, shown, PROMPT_LEN);
	for (;;) {
		c = rtos_console_getc(RTOS_FOREVER);
		if (c < 0)
			continue;
		if (c == '\r' || c == '\n') {
			if (!(c == '\n' && last == '\r')) {     /* CR LF is one end of line */
				rtos_console_input("\n", 1, NULL, 0);
				line[n] = '\0';
				run(line);
				n = 0;
				rtos_console_input(PROMPT, PROMPT_LEN, shown, PROMPT_LEN);
			}
		} else if (c == 0x7f || c == '\b') {
			if (n) {
				n--;
				rtos_console_input("\b \b", 3, shown, PROMPT_LEN + n);
			}
		} else if (c >= 0x20 && c < 0x7f && n < LINE - 1) {
			line[n++] = (char)c;
			rtos_console_input(line + n - 1, 1, shown, PROMPT_LEN + n);
		}
		last = c;
	}
}

void shell_start(void)
{
	rtos_task_create(&shell_tcb, "shell", PRIO_SHELL, shell, NULL, shell_stack,
			 sizeof(shell_stack));
}
