/* The RTOS's service on its Tandem channel (docs/channels.md): requests,
 * one per line, from the peer VM (Linux's /dev/hvc0), each answered at once:
 *   REQ <id> add <a> <b>   ->  RSP <id> <a+b>          (unsigned 64-bit)
 *   REQ <id> crc <word>    ->  RSP <id> <crc32 of word, 8 hex digits>
 *   REQ <id> echo <text>   ->  RSP <id> <text>
 *   anything else          ->  ERR <id or ?> <why>
 * The channel's interrupt wakes the task; it drains the ring, answers every
 * complete line, and sleeps again. With bootarg chan-corrupt=N it breaks
 * its own ring after N answers (the robustness test: Tandem stops the RTOS,
 * Linux goes on). */
#include <string.h>
#include <stdlib.h>
#include <format.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/app/app.h"
#include "guests/rtos/bsp/board.h"
#include "vchan/ring_abi.h"

#define LINE_MAX 256

static struct rtos_task task;
static uint64_t stack[1024] __attribute__((aligned(16)));
static struct rtos_sem rung;
static uint32_t answered;

static void on_ring(void)
{
	rtos_sem_give(&rung);
}

static uint32_t crc32(const char *s)
{
	uint32_t c = 0xffffffffu;

	for (; *s; s++) {
		c ^= (uint8_t)*s;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
	}
	return ~c;
}

static void send_all(const char *s, size_t n)
{
	while (n) {
		size_t k = channel_write(s, n);

		s += k;
		n -= k;
		if (n)
			rtos_sem_take(&rung, rtos_us_to_ticks(1000));   /* wait for room */
	}
}

/* Answers one request line (without its newline). */
static void answer(char *line)
{
	char out[LINE_MAX + 32], *id, *op, *rest;
	int n;

	if (strncmp(line, "REQ ", 4) || !(id = line + 4, op = strchr(id, ' '))) {
		n = snformat(out, sizeof(out), "ERR ? not a request\n");
	} else {
		*op++ = '\0';
		rest = strchr(op, ' ');
		if (rest)
			*rest++ = '\0';
		if (!strcmp(op, "add") && rest) {
			char *b;
			unsigned long long x = strtoul(rest, &b, 10), y = strtoul(b, NULL, 10);

			n = snformat(out, sizeof(out), "RSP %s %llu\n", id, x + y);
		} else if (!strcmp(op, "crc") && rest) {
			n = snformat(out, sizeof(out), "RSP %s %08x\n", id, crc32(rest));
		} else if (!strcmp(op, "echo")) {
			n = snformat(out, sizeof(out), "RSP %s %s\n", id, rest ? rest : "");
		} else {
			n = snformat(out, sizeof(out), "ERR %s unknown operation '%s'\n", id, op);
		}
	}
	if (n > (int)sizeof(out) - 1)
		n = (int)sizeof(out) - 1;
	send_all(out, (size_t)n);
	answered++;
}

static void corrupt_own_ring(void)
{
	struct tchan_page *page = (struct tchan_page *)(uintptr_t)board.chan.base;

	rtos_printf("rtos: channel: corrupting my ring on purpose (tx.head 0x7fffffff)\n");
	page->tx.head = 0x7fffffff;
	channel_notify();   /* Tandem reads the index at the notification */
	rtos_printf("rtos: channel: still running after corrupting the ring\n");
}

static void server(void *arg)
{
	uint32_t corrupt_after = (uint32_t)(uintptr_t)arg;
	char line[LINE_MAX + 1];
	size_t len = 0;
	bool overlong = false;

	for (;;) {
		char buf[128];
		size_t n = channel_read(buf, sizeof(buf));

		if (!n) {
			rtos_sem_take(&rung, RTOS_FOREVER);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (len < LINE_MAX)
					line[len++] = buf[i];
				else
					overlong = true;
				continue;
			}
			line[len] = '\0';
			if (overlong)
				send_all("ERR ? line too long\n", 20);
			else if (len)
				answer(line);
			len = 0;
			overlong = false;
			if (corrupt_after && answered == corrupt_after)
				corrupt_own_ring();
		}
	}
}

void channel_server_start(uint32_t corrupt_after)
{
	const char *why;

	rtos_sem_init(&rung, 0);
	if ((why = channel_init(on_ring))) {
		if (board.chan.base)
			rtos_printf("rtos: channel: %s\n", why);
		return;
	}
	rtos_task_create(&task, "channel", PRIO_CHANNEL_TASK, server, (void *)(uintptr_t)corrupt_after,
			 stack, sizeof(stack));
	rtos_printf("rtos: channel: serving requests on the channel at 0x%llx (interrupt %u)\n",
		    (unsigned long long)board.chan.base, board.chan_intid);
}
