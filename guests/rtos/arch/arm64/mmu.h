/* The RTOS's identity map: RAM Normal write-back cacheable, devices
 * Device-nGnRE, nothing else mapped; 39-bit addresses, 4 KiB granule,
 * 1 GiB and 2 MiB blocks. Used by start.S (constants) and mmu.c. */
#ifndef RTOS_ARM64_MMU_H
#define RTOS_ARM64_MMU_H

#ifdef __ASSEMBLER__
#define U64(x)          x
#else
#define U64(x)          x##ull
#endif

/* MAIR: attribute 0 Device-nGnRE, attribute 1 Normal write-back RW-allocate. */
#define MMU_MAIR        0xff04
/* TCR: T0SZ 25, walks inner/outer write-back and inner shareable, 4 KiB
 * granule, TTBR1 walks off (EPD1), 40-bit physical addresses. */
#define MMU_TCR         (25 | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (U64(2) << 32))
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
 * False if it does not fit (beyond 512 GiB, or out of tables). */
bool mmu_map(uint64_t base, uint64_t size, bool device);
/* Switches from the boot map to the one built. */
void mmu_switch(void);
#endif

#endif
