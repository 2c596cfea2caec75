/* Statistics of the benchmark's latency samples and its report line:
 * plain functions, unit-tested on the host (tests/unit/test_rtos_latency.c). */
#ifndef RTOS_APP_LATENCY_H
#define RTOS_APP_LATENCY_H
#include <stddef.h>
#include <stdint.h>

struct latency_summary {
	uint32_t n;
	int64_t min, max, p99, jitter;
	int64_t mean_x10;               /* tenths, rounded half away from zero */
};

/* Sorts the samples in place (heapsort: no recursion, n log n, so the
 * reporting task does not hold the CPU for long). */
void latency_sort(int32_t *s, uint32_t n);
/* Sorts and summarizes n >= 1 samples. p99: the ceil(0.99 n)-th smallest. */
void latency_summarize(int32_t *s, uint32_t n, struct latency_summary *out);
/* The machine-readable line, without a newline. */
int latency_line(char *buf, size_t len, const struct latency_summary *s, uint32_t period_us,
		 uint32_t misses, uint64_t window_start, uint64_t window_end);

/* The timer interrupts' latency (expiry to the BSP's handler), without a newline. */
int latency_irq_line(char *buf, size_t len, const struct latency_summary *s);

#endif
