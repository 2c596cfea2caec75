/* Distinct types for the address spaces Tandem juggles, so that a guest's
 * intermediate-physical address can never be passed where a physical one is
 * expected. Tandem's own mappings are the identity, so a hypervisor pointer
 * and a physical address convert without arithmetic. */
#ifndef TANDEM_ADDR_H
#define TANDEM_ADDR_H
#include <stdint.h>

typedef struct { uint64_t pa; } paddr_t;     /* physical */
typedef struct { uint64_t ipa; } ipaddr_t;   /* a VM's intermediate-physical */

static inline paddr_t pa_init(uint64_t v) { return (paddr_t){ v }; }
static inline uint64_t pa_addr(paddr_t p) { return p.pa; }
static inline paddr_t pa_add(paddr_t p, uint64_t n) { return (paddr_t){ p.pa + n }; }
static inline ipaddr_t ipa_init(uint64_t v) { return (ipaddr_t){ v }; }
static inline uint64_t ipa_addr(ipaddr_t i) { return i.ipa; }
static inline ipaddr_t ipa_add(ipaddr_t i, uint64_t n) { return (ipaddr_t){ i.ipa + n }; }

/* Identity-mapped hypervisor view of physical memory. */
static inline void *pa_to_ptr(paddr_t p) { return (void *)(uintptr_t)p.pa; }
static inline paddr_t ptr_to_pa(const void *v) { return (paddr_t){ (uintptr_t)v }; }

#define KiB (1024ull)
#define MiB (1024ull * KiB)
#define GiB (1024ull * MiB)

#define ALIGN_UP(x, a)   (((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a) - 1)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
