/* The boot map with LPAE (mmu.h) and the MMU's switch on, for start.S:
 * the 1 GiB entries holding the image and the device tree, Normal memory,
 * so that C and libfdt run cached. bsp_boot replaces it by the map the
 * device tree describes (mmu.c). */
#include "guests/rtos/arch/arm32/asm.h"
#include "guests/rtos/arch/arm32/mmu.h"

/* The boot map's 1 GiB entry holding the address in \reg (r0: the table,
 * r3: the attributes' low word; r1, r2 clobbered). */
.macro map_gib reg
	lsr	r1, \reg, #30
	lsl	r2, r1, #30
	orr	r2, r2, r3
	str	r2, [r0, r1, lsl #3]
.endm

	.arm
	.section .note.GNU-stack, "", %progbits
	.text

/* mmu_boot: r8 = the device tree, r9 = the load address; MMU off. Written
 * straight to memory: invalidate any stale cache line over the table.
 * r0-r4 clobbered. */
	.global mmu_boot
mmu_boot:
	adr_l	r0, boot_l1
	mov	r2, #0
	mov	r3, #0
	strd	r2, r3, [r0]
	strd	r2, r3, [r0, #8]
	strd	r2, r3, [r0, #16]
	strd	r2, r3, [r0, #24]
	ldr	r3, =MMU_BLOCK_NORMAL
	map_gib	r9
	adr_l	r4, __image_end
	sub	r4, r4, #1
	map_gib	r4                      /* an image across a 1 GiB boundary */
	map_gib	r8
	mcr	p15, 0, r0, c7, c6, 1   /* DCIMVAC: the table's line */
	dsb	sy
	b	mmu_enable_boot         /* r0: the table; returns to start.S */

/* MMU on with the table in r0 (TTBR0), MAIR/TTBCR as mmu.h says; I and D
 * caches on. Also used to switch to the final table (mmu.c). */
	.global mmu_enable_boot
mmu_enable_boot:
	ldr	r1, =MMU_MAIR0
	mcr	p15, 0, r1, c10, c2, 0  /* MAIR0 */
	mov	r1, #0
	mcr	p15, 0, r1, c10, c2, 1  /* MAIR1 */
	ldr	r1, =MMU_TTBCR
	mcr	p15, 0, r1, c2, c0, 2   /* TTBCR */
	mov	r1, #0
	mcrr	p15, 0, r0, r1, c2      /* TTBR0 */
	isb
	mcr	p15, 0, r1, c8, c7, 0   /* TLBIALL */
	mcr	p15, 0, r1, c7, c5, 6   /* BPIALL */
	dsb	nsh
	isb
	mrc	p15, 0, r1, c1, c0, 0   /* SCTLR */
	orr	r1, r1, #(1 << 0) | (1 << 2)    /* M, C */
	orr	r1, r1, #(1 << 12)      /* I */
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr
	.ltorg

/* In .data, not .bss: it is live while BSS is cleared. */
	.section .data
	.balign	64
boot_l1:
	.space	32
