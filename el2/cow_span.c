/* Copy-on-write spans; see cow_span.h. */
#include "el2/cow_span.h"

static uint64_t round_up(uint64_t x)
{
	return (x + COW_PAGE - 1) & ~(COW_PAGE - 1);
}

void cow_span_copy_all(struct cow_span *s, uint64_t dst_off, uint64_t src_pa, uint64_t len)
{
	*s = (struct cow_span){ .dst_off = dst_off, .src_pa = src_pa, .len = len, .head_len = len };
}

enum cow_refusal cow_span_plan(struct cow_span *s, uint64_t dst_off, uint64_t src_pa,
			       uint64_t len)
{
	uint64_t start = round_up(dst_off);
	uint64_t end = (dst_off + len) & ~(COW_PAGE - 1);

	cow_span_copy_all(s, dst_off, src_pa, len);
	if ((dst_off ^ src_pa) & (COW_PAGE - 1))
		return COW_NOT_CONGRUENT;
	if (start >= end || start - dst_off > len)
		return COW_NO_WHOLE_PAGE;
	s->lazy_off = start;
	s->lazy_len = end - start;
	s->head_len = start - dst_off;
	s->tail_off = end;
	s->tail_len = dst_off + len - end;
	return COW_OK;
}

const char *cow_refusal_name(enum cow_refusal r)
{
	switch (r) {
	case COW_OK: return "shared";
	case COW_NOT_CONGRUENT: return "its module's address and its load offset differ "
				       "within a 4 KiB page";
	case COW_NO_WHOLE_PAGE: return "it holds no whole page";
	}
	return "?";
}

bool cow_span_lookup(const struct cow_span *s, uint64_t off, uint64_t *page_off,
		     uint64_t *src_page)
{
	if (!s->lazy_len || off < s->lazy_off || off - s->lazy_off >= s->lazy_len)
		return false;
	*page_off = off & ~(COW_PAGE - 1);
	*src_page = s->src_pa + (*page_off - s->dst_off);
	return true;
}

bool cow_spans_overlap(const struct cow_span *a, const struct cow_span *b)
{
	if (!a->lazy_len || !b->lazy_len)
		return false;
	return a->lazy_off < b->lazy_off + b->lazy_len && b->lazy_off < a->lazy_off + a->lazy_len;
}
