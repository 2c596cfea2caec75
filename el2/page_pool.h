/* Tandem's own page allocator: a fixed pool inside its reserved memory, for
 * translation tables. Pages are handed out zeroed and never shared. */
#ifndef TANDEM_PAGE_POOL_H
#define TANDEM_PAGE_POOL_H
#include <stddef.h>
#include "stage2/lpae.h"

void *page_alloc(void);
void page_free(void *page);
size_t page_pool_free_pages(void);

/* The allocator in the form the LPAE table builder takes. */
extern const struct lpae_alloc page_pool_lpae;

#endif
