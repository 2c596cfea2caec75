/* The boot map with short descriptors (mmu.h) and the MMU's switch on, for
 * start.S: 1 MiB sections over the image and the device tree, Normal
 * memory, so that C and libfdt run cached. bsp_boot replaces it by the map
 * the device tree describes (mmu.c). */
#include "guests/rtos/arch/arm32/asm.h"
#include "guests/rtos/arch/arm32-a9/mmu.h"

/* Sections over [\from, \to) (r0: the table, r3: the attributes; r1, r2,
 * r4 clobbered). */
.macro map_range from, to
	lsr	r1, \from, #SD_SECT_SHIFT
	sub	r2, \to, #1
	lsr	r2, r2, #SD_SECT_SHIFT
1:	orr	r4, r3, r1, lsl #SD_SECT_SHIFT
	str	r4, [r0, r1, lsl #2]
	add	r1, r1, #1
	cmp	r1, r2
	bls	1b
.endm

	.arm
	.section .note.GNU-stack, "", %progbits
	.text

/* mmu_boot: r8 = the device tree, r9 = the load address; MMU off. Written
 * straight to memory: invalidate any stale cache line over the table
 * afterwards. r0-r5 clobbered. */
	.global mmu_boot
mmu_boot:
	adr_l	r0, boot_l1
	add	r2, r0, #SD_L1_SIZE
	mov	r1, #0
1:	str	r1, [r2, #-4]!
	cmp	r2, r0
	bhi	1b
	ldr	r3, =SD_SECT_NORMAL
	adr_l	r5, __image_end
	map_range r9, r5
	ldr	r5, [r8, #4]            /* the tree's totalsize, big-endian */
	rev	r5, r5
	add	r5, r8, r5
	map_range r8, r5
	mov	r1, r0
	add	r2, r0, #SD_L1_SIZE
2:	mcr	p15, 0, r1, c7, c6, 1   /* DCIMVAC */
	add	r1, r1, #32             /* the A9's line */
	cmp	r1, r2
	blo	2b
	dsb	sy
	b	mmu_enable_boot         /* r0: the table; returns to start.S */

/* MMU on with the table in r0 (TTBR0), short descriptors, domain 0 a
 * client; I and D caches on, TEX remap and the access flag off (the
 * sections' TEX/C/B and AP are used as written). Also used to switch to
 * the final table (mmu.c). */
	.global mmu_enable_boot
mmu_enable_boot:
	mov	r1, #0
	mcr	p15, 0, r1, c2, c0, 2   /* TTBCR: short descriptors, N 0 */
	orr	r1, r0, #SD_TTBR_WALK
	mcr	p15, 0, r1, c2, c0, 0   /* TTBR0 */
	mov	r1, #SD_DACR
	mcr	p15, 0, r1, c3, c0, 0   /* DACR */
	isb
	mov	r1, #0
	mcr	p15, 0, r1, c8, c7, 0   /* TLBIALL */
	mcr	p15, 0, r1, c7, c5, 6   /* BPIALL */
	dsb	nsh
	isb
	mrc	p15, 0, r1, c1, c0, 0   /* SCTLR */
	bic	r1, r1, #SCTLR_TRE_AFE
	orr	r1, r1, #(1 << 0) | (1 << 2)    /* M, C */
	orr	r1, r1, #(1 << 12)      /* I */
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr
	.ltorg

/* In .data, not .bss: it is live while BSS is cleared. */
	.section .data
	.balign	SD_L1_SIZE
boot_l1:
	.space	SD_L1_SIZE
