/* The RTOS's identity map with LPAE (long descriptors, as arm64's stage 1):
 * RAM Normal write-back cacheable, devices Device-nGnRE, nothing else
 * mapped; the 32-bit address space (TTBR0 only, four 1 GiB entries at the
 * first level), 1 GiB and 2 MiB blocks. Used by start.S and mmu.c. */
#ifndef RTOS_ARM32_MMU_H
#define RTOS_ARM32_MMU_H

#ifdef __ASSEMBLER__
#define U64(x)          x
#else
#define U64(x)          x##ull
#endif

/* MAIR0: attribute 0 Device-nGnRE, attribute 1 Normal write-back RW-allocate. */
#define MMU_MAIR0       0xff04
/* TTBCR: EAE (long descriptors), T0SZ 0, walks inner/outer write-back and
 * inner shareable, TTBR1 walks off (EPD1). */
#define MMU_TTBCR       ((1 << 31) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23))
#define MMU_AF          (1 << 10)
#define MMU_BLOCK       0x1
#define MMU_TABLE       0x3
#define MMU_XN          ((U64(1) << 53) | (U64(1) << 54))
#define MMU_BLOCK_NORMAL (MMU_BLOCK | (1 << 2) | (3 << 8) | MMU_AF)
#define MMU_BLOCK_DEVICE (MMU_BLOCK | (0 << 2) | MMU_AF | MMU_XN)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* Adds [base, base + size), rounded out to 2 MiB, to the map being built.
 * False if it does not fit (beyond 4 GiB, or out of tables). */
bool mmu_map(uint64_t base, uint64_t size, bool device);
/* Switches from the boot map to the one built. */
void mmu_switch(void);
#endif

#endif
