/* Tandem's own page allocator: a fixed pool inside its reserved memory, for
 * translation tables. Pages are handed out zeroed and never shared. */
#ifndef TANDEM_PAGE_POOL_H
#define TANDEM_PAGE_POOL_H
#include <stddef.h>
#include "stage2/lpae.h"

void *page_alloc(void);
void page_free(void *page);
size_t page_pool_free_pages(void);
/* The pool's pages ever handed out: from the returned address, *bytes long
 * (the pool hands its pages out in order; freed ones stay in that range). */
const void *page_pool_handed_out(size_t *bytes);

/* The allocator in the form the LPAE table builder takes. */
extern const struct lpae_alloc page_pool_lpae;

#endif
