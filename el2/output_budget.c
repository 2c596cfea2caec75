/* Console output budget; see output_budget.h. */
#include "el2/output_budget.h"

static void refill(struct output_budget *b, uint64_t now, uint64_t hz)
{
	uint64_t full = (uint64_t)OUTPUT_BURST_BYTES * hz, elapsed;

	if (!b->started) {
		b->started = true;
		b->tokens_x = full;
		b->last = now;
		return;
	}
	elapsed = now - b->last;
	b->last = now;
	/* Long gaps refill completely; the cap keeps the product from wrapping. */
	if (elapsed >= hz * (OUTPUT_BURST_BYTES / OUTPUT_RATE_BYTES + 1) ||
	    full - b->tokens_x <= elapsed * OUTPUT_RATE_BYTES)
		b->tokens_x = full;
	else
		b->tokens_x += elapsed * OUTPUT_RATE_BYTES;
}

bool output_budget_take(struct output_budget *b, uint64_t now, uint64_t hz, unsigned int n)
{
	uint64_t cost;

	if (!hz)
		hz = 1;
	cost = (uint64_t)n * hz;
	refill(b, now, hz);
	if (b->tokens_x < cost) {
		b->dropped += n;
		b->dropped_total += n;
		return false;
	}
	b->tokens_x -= cost;
	return true;
}

uint64_t output_budget_report(struct output_budget *b, uint64_t now, uint64_t hz)
{
	uint64_t n = b->dropped;

	if (!n || (b->reported && now - b->last_report < hz))
		return 0;
	b->dropped = 0;
	b->reported = true;
	b->last_report = now;
	return n;
}

uint64_t output_budget_unreported(struct output_budget *b)
{
	uint64_t n = b->dropped;

	b->dropped = 0;
	return n;
}
