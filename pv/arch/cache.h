/* The paravirtual path's architecture interface: cache maintenance for the
 * code and data Tandem writes into a guest's RAM before it first runs. */
#ifndef TANDEM_PV_ARCH_CACHE_H
#define TANDEM_PV_ARCH_CACHE_H
#include <stdint.h>

/* [p, p + size) written back to the point of coherency. */
void pv_arch_clean_dcache(const void *p, uint64_t size);
/* Every instruction cache line invalidated (new code in guest RAM). */
void pv_arch_inval_icache(void);

#endif
