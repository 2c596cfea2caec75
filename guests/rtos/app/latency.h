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

/* The histogram of sorted samples, for distribution plots: fixed buckets,
 * 8 cycles wide below 512, above that 32 to each power of two (a bucket at
 * [2^k, 2^(k+1)) is 2^(k-5) wide), so about 3 % resolution at any scale.
 * A bucket is named by its lower bound. */
int64_t latency_bucket(int64_t v);
int64_t latency_bucket_width(int64_t lo);
#define LATENCY_HIST_PER_LINE 8
/* One line (no newline) of the histogram of n sorted samples from s[*pos]:
 * "rtos: bench: histogram WHAT LO+WIDTH:COUNT ..." with up to
 * LATENCY_HIST_PER_LINE non-empty buckets in increasing order; advances *pos
 * past them. Returns the line's length, 0 once *pos == n. */
int latency_hist_line(char *buf, size_t len, const char *what, const int32_t *s, uint32_t n,
		      uint32_t *pos);

/* The timer interrupts' latency (expiry to the BSP's handler), without a newline. */
int latency_irq_line(char *buf, size_t len, const struct latency_summary *s);

#endif
