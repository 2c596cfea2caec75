/* Copy-on-write spans over boot modules (el2/cow_span.c): which pages of a
 * payload or ramdisk a VM shares with its module, which bytes are copied. */
#include <check.h>
#include "el2/cow_span.h"
#include "suites.h"

START_TEST(aligned_payload_is_all_shared)
{
	struct cow_span s;
	uint64_t page, src;

	ck_assert_int_eq(cow_span_plan(&s, 0, 0x78000000, 0x10000), COW_OK);
	ck_assert_uint_eq(s.lazy_off, 0);
	ck_assert_uint_eq(s.lazy_len, 0x10000);
	ck_assert_uint_eq(s.head_len, 0);
	ck_assert_uint_eq(s.tail_len, 0);
	ck_assert(cow_span_lookup(&s, 0x1234, &page, &src));
	ck_assert_uint_eq(page, 0x1000);
	ck_assert_uint_eq(src, 0x78001000);
	ck_assert(cow_span_lookup(&s, 0xffff, &page, &src));
	ck_assert_uint_eq(src, 0x7800f000);
	ck_assert(!cow_span_lookup(&s, 0x10000, &page, &src));
}
END_TEST

START_TEST(partial_pages_are_copied)
{
	struct cow_span s;
	uint64_t page, src;

	/* 0x80 into a page, ending 0x234 into another: one head, whole pages,
	 * one tail (the image's end and its BSS's page). */
	ck_assert_int_eq(cow_span_plan(&s, 0x80080, 0x7c000080, 0x3000 + 0x1b4), COW_OK);
	ck_assert_uint_eq(s.head_len, 0xf80);
	ck_assert_uint_eq(s.lazy_off, 0x81000);
	ck_assert_uint_eq(s.lazy_len, 0x2000);
	ck_assert_uint_eq(s.tail_off, 0x83000);
	ck_assert_uint_eq(s.tail_len, 0x234);
	ck_assert_uint_eq(s.head_len + s.lazy_len + s.tail_len, s.len);
	ck_assert(!cow_span_lookup(&s, 0x80fff, &page, &src));
	ck_assert(cow_span_lookup(&s, 0x81000, &page, &src));
	ck_assert_uint_eq(src, 0x7c001000);
	ck_assert(cow_span_lookup(&s, 0x82fff, &page, &src));
	ck_assert_uint_eq(src, 0x7c002000);
	ck_assert(!cow_span_lookup(&s, 0x83000, &page, &src));
}
END_TEST

START_TEST(incongruent_or_small_ranges_are_copied_whole)
{
	struct cow_span s;
	uint64_t page, src;

	ck_assert_int_eq(cow_span_plan(&s, 0x1000, 0x7c000800, 0x5000), COW_NOT_CONGRUENT);
	ck_assert_uint_eq(s.lazy_len, 0);
	ck_assert_uint_eq(s.head_len, 0x5000);
	ck_assert(!cow_span_lookup(&s, 0x2000, &page, &src));
	ck_assert_int_eq(cow_span_plan(&s, 0x100, 0x7c000100, 0xe00), COW_NO_WHOLE_PAGE);
	ck_assert_uint_eq(s.head_len, 0xe00);
	ck_assert_int_eq(cow_span_plan(&s, 0x100, 0x7c000100, 0x1000), COW_NO_WHOLE_PAGE);
	ck_assert_int_eq(cow_span_plan(&s, 0x1000, 0x7c000000, 0), COW_NO_WHOLE_PAGE);
	ck_assert_uint_eq(s.head_len, 0);
	cow_span_copy_all(&s, 0x1000, 0x7c000000, 0x4000);
	ck_assert_uint_eq(s.lazy_len, 0);
	ck_assert_uint_eq(s.head_len, 0x4000);
	ck_assert_str_ne(cow_refusal_name(COW_NOT_CONGRUENT), "?");
}
END_TEST

START_TEST(spans_overlap_only_by_shared_pages)
{
	struct cow_span a, b;

	cow_span_plan(&a, 0, 0x78000000, 0x3000);
	cow_span_plan(&b, 0x3000, 0x7d000000, 0x2000);
	ck_assert(!cow_spans_overlap(&a, &b));
	cow_span_plan(&b, 0x2000, 0x7d000000, 0x2000);
	ck_assert(cow_spans_overlap(&a, &b));
	ck_assert(cow_spans_overlap(&b, &a));
	cow_span_copy_all(&b, 0x2000, 0x7d000000, 0x2000);
	ck_assert(!cow_spans_overlap(&a, &b));
}
END_TEST

Suite *cow_span_suite(void)
{
	Suite *s = suite_create("cow_span");
	TCase *t = tcase_create("spans");

	tcase_add_test(t, aligned_payload_is_all_shared);
	tcase_add_test(t, partial_pages_are_copied);
	tcase_add_test(t, incongruent_or_small_ranges_are_copied_whole);
	tcase_add_test(t, spans_overlap_only_by_shared_pages);
	suite_add_tcase(s, t);
	return s;
}
