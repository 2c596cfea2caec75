/* The console: whole formatted writes under a semaphore (so that lines from
 * different tasks never interleave, and a more urgent task can still preempt
 * a long write), and a queue of received characters that the port's receive
 * interrupt fills. Output is polled by the port, with interrupts enabled.
 * A shell's input line (its prompt and what has been typed) stays open at
 * the bottom: another task's line goes below it, and the input line is
 * drawn again, whole, at the next key, not after every line another task
 * prints (a prompt repeated under each status line while nobody types). */
#include <stdarg.h>
#include <format.h>
#include <string.h>
#include "guests/rtos/kernel/kernel.h"

#define LINE_MAX   256
#define RX_SLOTS   64

static struct rtos_sem lock;
static struct rtos_queue rx;
static char rx_buf[RX_SLOTS];
static bool mid_line;                   /* the last character out was not '\n' */
static char input[RTOS_CONSOLE_INPUT_MAX];      /* the open input line, drawn again */
static size_t input_len;
static bool input_broken;                       /* another write ended it on the screen */

void console_init(void)
{
	rtos_sem_init(&lock, 1);
	rtos_queue_init(&rx, rx_buf, 1, RX_SLOTS);
	mid_line = false;
	input_len = 0;
	input_broken = false;
}

/* Interrupt handlers and the boot code write without the lock: they cannot
 * wait, and nothing else runs then. */
static bool console_lock(void)
{
	if (!kernel_in_task())
		return false;
	rtos_sem_take(&lock, RTOS_FOREVER);
	return true;
}

static void put(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			port_console_put(s + start, i - start);
			port_console_put("\r\n", 2);
			start = i + 1;
		}
	}
	port_console_put(s + start, n - start);
	if (n)
		mid_line = s[n - 1] != '\n';
}

void rtos_console_write(const char *s, size_t n)
{
	bool locked = console_lock();

	put(s, n);
	if (locked)
		rtos_sem_give(&lock);
}

int rtos_printf(const char *fmt, ...)
{
	char buf[LINE_MAX];
	va_list ap;
	int n;
	bool locked;

	va_start(ap, fmt);
	n = vsnformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	locked = console_lock();
	if (mid_line)
		put("\n", 1);
	put(buf, (size_t)n);
	if (input_len && !mid_line)
		input_broken = true;
	if (locked)
		rtos_sem_give(&lock);
	return n;
}

void rtos_console_input(const char *s, size_t n, const char *line, size_t len)
{
	bool locked = console_lock();

	if (len > sizeof(input))
		len = sizeof(input);
	if (input_broken && !len && input_len)
		put(input, input_len);   /* the line it ends, again, then its end */
	if (len)
		memcpy(input, line, len);
	input_len = len;
	if (input_broken && len)
		put(input, len);         /* the whole line again, this key included */
	else
		put(s, n);
	input_broken = false;
	if (locked)
		rtos_sem_give(&lock);
}

int rtos_console_getc(uint64_t timeout)
{
	char c;
	int r = rtos_queue_recv(&rx, &c, timeout);

	return r == RTOS_OK ? (unsigned char)c : r;
}

void rtos_console_rx(char c)
{
	if (rtos_queue_send(&rx, &c, RTOS_NO_WAIT) != RTOS_OK)
		kernel_stats.console_rx_dropped++;
}
