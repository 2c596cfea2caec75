/* Cache maintenance for what Tandem writes and a guest then runs or reads
 * with its caches off (images, device trees, seeds, flash contents). */
#ifndef TANDEM_ARCH_CACHE_H
#define TANDEM_ARCH_CACHE_H
#include <stdint.h>

/* Data cache lines covering [p, p + size) written back to memory. */
void cache_clean_range(const void *p, uint64_t size);
/* ... written back and invalidated. */
void cache_clean_inval_range(const void *p, uint64_t size);
/* [p, p + size) set to zero, the fastest way the core has (a whole cache
 * line per instruction where it can): a removed VM's RAM cleared. */
void memory_zero_range(void *p, uint64_t size);
/* Every instruction cache, on every core, invalidated. */
void icache_inval_all(void);

#endif
