/* Copy-on-write over a boot module: which part of a payload (or ramdisk) a
 * VM sees lazily through the module's own pages, and which bytes must be
 * copied at once. Pure logic, unit-tested on the host (tests/unit/
 * test_cow_span.c); el2/vm.c maps, faults and remaps with it.
 *
 * A range of `len` bytes that the VM sees at offset `dst_off` of its RAM,
 * whose pristine bytes are at physical address `src_pa`: the whole pages
 * inside it are shared read-only with the module (when dst_off and src_pa
 * are congruent modulo the page), the partial first and last pages are
 * copied (head, tail). */
#ifndef TANDEM_COW_SPAN_H
#define TANDEM_COW_SPAN_H
#include <stdbool.h>
#include <stdint.h>

#define COW_PAGE 4096ull

enum cow_refusal {
	COW_OK = 0,
	COW_NOT_CONGRUENT,   /* dst_off and src_pa differ modulo the page */
	COW_NO_WHOLE_PAGE,   /* the range holds no whole page */
};

struct cow_span {
	uint64_t dst_off, src_pa, len;   /* the whole range */
	uint64_t lazy_off, lazy_len;     /* page-aligned part shared with the module */
	uint64_t head_len;               /* bytes [dst_off, dst_off + head_len) copied */
	uint64_t tail_off, tail_len;     /* bytes [tail_off, tail_off + tail_len) copied */
};

/* Plans the range; on a refusal the span is all copied (lazy_len 0,
 * head_len = len). */
enum cow_refusal cow_span_plan(struct cow_span *s, uint64_t dst_off, uint64_t src_pa,
			       uint64_t len);
/* A span copied whole at each start (nothing shared). */
void cow_span_copy_all(struct cow_span *s, uint64_t dst_off, uint64_t src_pa, uint64_t len);
const char *cow_refusal_name(enum cow_refusal r);
/* True if RAM offset `off` lies in the span's shared pages; then *page_off
 * is its page's RAM offset and *src_page the module page behind it. */
bool cow_span_lookup(const struct cow_span *s, uint64_t off, uint64_t *page_off,
		     uint64_t *src_page);
/* True if two spans' shared pages overlap (the layout must prevent it). */
bool cow_spans_overlap(const struct cow_span *a, const struct cow_span *b);

#endif
