/* The RTOS's identity map without LPAE (the Cortex-A9 has none): the
 * ARMv7 short-descriptor format, one 16 KiB first-level table of 1 MiB
 * sections for the whole 32-bit space (TTBR0 only, TTBCR.N 0), domain 0 a
 * client so that the sections' permissions apply. RAM Normal write-back
 * write-allocate shareable, devices Shareable Device and execute-never.
 * Used by mmu_boot.S and mmu.c; the interface is arch/arm32/mmu.h's. */
#ifndef RTOS_ARM32_A9_MMU_H
#define RTOS_ARM32_A9_MMU_H

#define SD_SECTION      0x2
#define SD_B            (1 << 2)
#define SD_C            (1 << 3)
#define SD_XN           (1 << 4)
#define SD_AP_RW        (3 << 10)       /* AP[2:0] 0b011: read/write at every level */
#define SD_TEX(x)       ((x) << 12)
#define SD_S            (1 << 16)
#define SD_SECT_NORMAL  (SD_SECTION | SD_TEX(1) | SD_C | SD_B | SD_AP_RW | SD_S)
#define SD_SECT_DEVICE  (SD_SECTION | SD_B | SD_AP_RW | SD_XN)
#define SD_SECT_SHIFT   20
#define SD_L1_ENTRIES   4096
#define SD_L1_SIZE      (4 * SD_L1_ENTRIES)
/* TTBR0's walk attributes: inner and outer write-back write-allocate
 * (IRGN 0b01: bit 6; RGN 0b01), shareable. */
#define SD_TTBR_WALK    ((1 << 6) | (1 << 3) | (1 << 1))
#define SD_DACR         0x1             /* domain 0: client */
#define SCTLR_TRE_AFE   ((1 << 28) | (1 << 29))

#endif
