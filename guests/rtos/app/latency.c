/* Latency statistics and the bench line; see latency.h. */
#include <format.h>
#include "guests/rtos/app/latency.h"

static void sift_down(int32_t *s, uint32_t root, uint32_t n)
{
	for (;;) {
		uint32_t child = 2 * root + 1;
		int32_t t;

		if (child >= n)
			return;
		if (child + 1 < n && s[child + 1] > s[child])
			child++;
		if (s[root] >= s[child])
			return;
		t = s[root], s[root] = s[child], s[child] = t;
		root = child;
	}
}

void latency_sort(int32_t *s, uint32_t n)
{
	for (uint32_t i = n / 2; i-- > 0;)
		sift_down(s, i, n);
	for (uint32_t end = n; end-- > 1;) {
		int32_t t = s[0];

		s[0] = s[end], s[end] = t;
		sift_down(s, 0, end);
	}
}

void latency_summarize(int32_t *s, uint32_t n, struct latency_summary *out)
{
	int64_t sum = 0, q;

	latency_sort(s, n);
	for (uint32_t i = 0; i < n; i++)
		sum += s[i];
	out->n = n;
	out->min = s[0];
	out->max = s[n - 1];
	out->jitter = out->max - out->min;
	out->p99 = s[(99ull * n + 99) / 100 - 1];
	q = sum * 10;
	out->mean_x10 = (q >= 0 ? q + (int64_t)n / 2 : q - (int64_t)n / 2) / (int64_t)n;
}

int latency_line(char *buf, size_t len, const struct latency_summary *s, uint32_t period_us,
		 uint32_t misses, uint64_t window_start, uint64_t window_end)
{
	int64_t m = s->mean_x10 < 0 ? -s->mean_x10 : s->mean_x10;

	return snformat(buf, len, "rtos: bench: periods %u period_us %u latency_cycles min %lld "
			"mean %s%lld.%lld p99 %lld max %lld jitter %lld misses %u "
			"window_start_cnt %llu window_end_cnt %llu", s->n, period_us,
			(long long)s->min, s->mean_x10 < 0 ? "-" : "", (long long)(m / 10),
			(long long)(m % 10), (long long)s->p99, (long long)s->max,
			(long long)s->jitter, misses, (unsigned long long)window_start,
			(unsigned long long)window_end);
}

int latency_irq_line(char *buf, size_t len, const struct latency_summary *s)
{
	int64_t m = s->mean_x10 < 0 ? -s->mean_x10 : s->mean_x10;

	return snformat(buf, len, "rtos: bench: interrupts %u latency_cycles min %lld mean %s%lld.%lld "
			"p99 %lld max %lld", s->n, (long long)s->min, s->mean_x10 < 0 ? "-" : "",
			(long long)(m / 10), (long long)(m % 10), (long long)s->p99, (long long)s->max);
}

int64_t latency_bucket(int64_t v)
{
	int64_t w;

	if (v < 512)
		return (v >= 0 ? v : v - 7) / 8 * 8;
	w = latency_bucket_width(v);
	return v / w * w;
}

int64_t latency_bucket_width(int64_t lo)
{
	int k = 0;

	if (lo < 512)
		return 8;
	while ((lo >> k) > 1)
		k++;
	return (int64_t)1 << (k - 5);
}

int latency_hist_line(char *buf, size_t len, const char *what, const int32_t *s, uint32_t n,
		      uint32_t *pos)
{
	int at;

	if (*pos >= n)
		return 0;
	at = snformat(buf, len, "rtos: bench: histogram %s", what);
	for (unsigned int b = 0; b < LATENCY_HIST_PER_LINE && *pos < n; b++) {
		int64_t lo = latency_bucket(s[*pos]);
		uint32_t count = 0;

		while (*pos < n && latency_bucket(s[*pos]) == lo)
			(*pos)++, count++;
		at += snformat(buf + at, len - (size_t)at, " %lld+%lld:%u", (long long)lo,
			       (long long)latency_bucket_width(lo), count);
	}
	return at;
}
