/* How much a VM may print on the shared console: a token bucket of bytes
 * (a burst, refilled at a steady rate), so that a VM printing without pause
 * loses its own output, never another VM's lines or time. Pure logic,
 * unit-tested on the host; vpl011.c charges it and reports what it dropped. */
#ifndef TANDEM_OUTPUT_BUDGET_H
#define TANDEM_OUTPUT_BUDGET_H
#include <stdbool.h>
#include <stdint.h>

/* A Linux boot log (about 30 KB) fits in the burst; a flood gets the rate. */
#define OUTPUT_BURST_BYTES 65536u
#define OUTPUT_RATE_BYTES  8192u   /* per second */

struct output_budget {
	uint64_t tokens_x;   /* bytes left, times the counter frequency (exact refill) */
	uint64_t last;       /* counter value of the last refill */
	uint64_t dropped;    /* bytes refused since the last report */
	uint64_t dropped_total;   /* and since it was set up */
	uint64_t last_report;
	bool started, reported;
};

/* Charges n bytes at counter value now (hz ticks a second): true if they
 * may be shown; false if they are to be dropped (and counted). */
bool output_budget_take(struct output_budget *b, uint64_t now, uint64_t hz, unsigned int n);
/* Bytes dropped since the last report, at most one report a second (0:
 * nothing to say yet); the count then restarts. */
uint64_t output_budget_report(struct output_budget *b, uint64_t now, uint64_t hz);
/* Bytes dropped and not yet reported, now (the VM stops or restarts). */
uint64_t output_budget_unreported(struct output_budget *b);

#endif
