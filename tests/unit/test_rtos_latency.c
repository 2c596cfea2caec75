/* The RTOS benchmark's statistics and report line (guests/rtos/app/latency.c):
 * sorting, min/mean/p99/max/jitter, and the exact line a harness parses. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guests/rtos/app/latency.h"
#include "tests/unit/suites.h"

START_TEST(sorts_like_qsort)
{
	static int32_t a[5000], b[5000];
	uint64_t x = 88172645463325252ull;

	for (uint32_t n = 1; n <= 5000; n = n * 3 + 1) {
		for (uint32_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			a[i] = b[i] = (int32_t)(x % 2000) - 1000;
		}
		latency_sort(a, n);
		for (uint32_t i = 1; i < n; i++)
			ck_assert_int_le(a[i - 1], a[i]);
		/* The same multiset: sum and extremes agree. */
		int64_t sa = 0, sb = 0;
		int32_t mn = b[0], mx = b[0];

		for (uint32_t i = 0; i < n; i++) {
			sa += a[i], sb += b[i];
			mn = b[i] < mn ? b[i] : mn;
			mx = b[i] > mx ? b[i] : mx;
		}
		ck_assert_int_eq(sa, sb);
		ck_assert_int_eq(a[0], mn);
		ck_assert_int_eq(a[n - 1], mx);
	}
}
END_TEST

START_TEST(p99_is_the_ceil_99_percent_smallest)
{
	static int32_t s[10000];
	struct latency_summary r;

	/* 10000 samples 1..10000, shuffled: p99 is the 9900th smallest. */
	for (int i = 0; i < 10000; i++)
		s[i] = (int32_t)((i * 7919) % 10000) + 1;
	latency_summarize(s, 10000, &r);
	ck_assert_int_eq(r.n, 10000);
	ck_assert_int_eq(r.min, 1);
	ck_assert_int_eq(r.max, 10000);
	ck_assert_int_eq(r.p99, 9900);
	ck_assert_int_eq(r.jitter, 9999);
	ck_assert_int_eq(r.mean_x10, 50005);     /* 5000.5 */

	int32_t one = 42;

	latency_summarize(&one, 1, &r);
	ck_assert_int_eq(r.p99, 42);
	ck_assert_int_eq(r.jitter, 0);
	ck_assert_int_eq(r.mean_x10, 420);

	int32_t some[300];

	for (int i = 0; i < 300; i++)
		some[i] = 300 - i;
	latency_summarize(some, 300, &r);
	ck_assert_int_eq(r.p99, 297);           /* ceil(297) */
}
END_TEST

START_TEST(the_mean_rounds_to_tenths)
{
	struct latency_summary r;
	int32_t a[3] = { 1, 1, 2 };             /* 1.333 */
	int32_t b[3] = { 1, 2, 2 };             /* 1.667 */
	int32_t c[2] = { -1, -2 };              /* -1.5 */

	latency_summarize(a, 3, &r);
	ck_assert_int_eq(r.mean_x10, 13);
	latency_summarize(b, 3, &r);
	ck_assert_int_eq(r.mean_x10, 17);
	latency_summarize(c, 2, &r);
	ck_assert_int_eq(r.mean_x10, -15);
}
END_TEST

START_TEST(the_line_is_the_documented_one)
{
	struct latency_summary r = { .n = 10000, .min = 412, .max = 440, .p99 = 431,
				     .jitter = 28, .mean_x10 = 4183 };
	char line[256];

	latency_line(line, sizeof(line), &r, 1000, 0, 123456, 789012);
	ck_assert_str_eq(line, "rtos: bench: periods 10000 period_us 1000 latency_cycles min 412 "
			 "mean 418.3 p99 431 max 440 jitter 28 misses 0 window_start_cnt 123456 "
			 "window_end_cnt 789012");
	r.mean_x10 = -5;
	r.min = -3;
	latency_line(line, sizeof(line), &r, 250, 2, 0, 1);
	ck_assert_ptr_nonnull(strstr(line, "min -3 mean -0.5 p99"));
	ck_assert_ptr_nonnull(strstr(line, "period_us 250 "));
	ck_assert_ptr_nonnull(strstr(line, "misses 2 "));
}
END_TEST

START_TEST(histogram_buckets_are_fixed)
{
	ck_assert_int_eq(latency_bucket(0), 0);
	ck_assert_int_eq(latency_bucket(7), 0);
	ck_assert_int_eq(latency_bucket(246), 240);
	ck_assert_int_eq(latency_bucket(511), 504);
	ck_assert_int_eq(latency_bucket(-1), -8);
	ck_assert_int_eq(latency_bucket(-8), -8);
	ck_assert_int_eq(latency_bucket(-9), -16);
	ck_assert_int_eq(latency_bucket_width(-16), 8);
	ck_assert_int_eq(latency_bucket(512), 512);
	ck_assert_int_eq(latency_bucket_width(512), 16);
	ck_assert_int_eq(latency_bucket(1023), 1008);
	ck_assert_int_eq(latency_bucket(2090), 2048);
	ck_assert_int_eq(latency_bucket(2120), 2048 + 64);
	ck_assert_int_eq(latency_bucket_width(2048), 64);
	ck_assert_int_eq(latency_bucket_width(latency_bucket(INT32_MAX)), 1 << 25);
	/* Every value lies in its bucket, and buckets do not overlap. */
	for (int64_t v = -100; v < 70000; v++) {
		int64_t lo = latency_bucket(v);

		ck_assert(lo <= v && v < lo + latency_bucket_width(lo));
		ck_assert_int_eq(latency_bucket(lo), lo);
	}
}
END_TEST

START_TEST(histogram_lines_cover_every_sample)
{
	static int32_t s[1000];
	static char line[LATENCY_HIST_PER_LINE * 48 + 48];
	uint32_t pos = 0, total = 0, lines = 0;

	for (int i = 0; i < 1000; i++)
		s[i] = (int32_t)((i * 7919) % 1000) * 3 - 20;
	latency_sort(s, 1000);
	while (latency_hist_line(line, sizeof(line), "release", s, 1000, &pos)) {
		const char *p = line + strlen("rtos: bench: histogram release");

		ck_assert_int_eq(strncmp(line, "rtos: bench: histogram release ", 31), 0);
		lines++;
		for (int k = 0; *p; k++) {
			long lo, w, c;
			int used;

			ck_assert_int_lt(k, LATENCY_HIST_PER_LINE);
			ck_assert_int_eq(sscanf(p, " %ld+%ld:%ld%n", &lo, &w, &c, &used), 3);
			ck_assert_int_eq(w, latency_bucket_width(lo));
			total += (uint32_t)c;
			p += used;
		}
	}
	ck_assert_int_eq(total, 1000);
	ck_assert_int_eq(pos, 1000);
	ck_assert_int_gt(lines, 1);
	int32_t one[1] = { 335 };

	pos = 0;
	latency_hist_line(line, sizeof(line), "release", one, 1, &pos);
	ck_assert_str_eq(line, "rtos: bench: histogram release 328+8:1");
	ck_assert_int_eq(latency_hist_line(line, sizeof(line), "release", one, 1, &pos), 0);
}
END_TEST

Suite *rtos_latency_suite(void)
{
	Suite *s = suite_create("rtos_latency");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, sorts_like_qsort);
	tcase_add_test(tc, p99_is_the_ceil_99_percent_smallest);
	tcase_add_test(tc, the_mean_rounds_to_tenths);
	tcase_add_test(tc, the_line_is_the_documented_one);
	tcase_add_test(tc, histogram_buckets_are_fixed);
	tcase_add_test(tc, histogram_lines_cover_every_sample);
	suite_add_tcase(s, tc);
	return s;
}
