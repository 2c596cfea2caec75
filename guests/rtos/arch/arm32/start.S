/* Entry as a zImage is entered (Linux's booting.rst): SVC (or HYP, then
 * dropped to SVC) with the MMU off, r2 = the device tree, on any load
 * address. Then: a temporary identity map and the caches on, self-
 * relocation, BSS, the boot stack, the vectors, and C (bsp_boot). */
#include "guests/rtos/arch/arm32/asm.h"
#include "guests/rtos/arch/arm32/frame.h"
#include "guests/rtos/arch/arm32/mmu.h"

#define R_ARM_RELATIVE  23

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
	.section .text.head, "ax"
	.global _start
_start:
	/* A zImage header, so that loaders recognise the image. */
	.rept	8
	mov	r0, r0
	.endr
	b	entry
	.word	0x016f2818              /* magic */
	.word	0                       /* start: linked at 0 */
	.word	__image_size            /* end: the image with its BSS */
	.word	0x04030201              /* little-endian */

entry:
	cpsid	aif
	mov	r8, r2                  /* device tree */
	mrs	r4, cpsr
	and	r4, r4, #0x1f
	cmp	r4, #MODE_HYP
	bne	in_svc
	/* HYP (QEMU virt with virtualization=on and no hypervisor): PL1 gets
	 * the counters and timers, a zero virtual offset; then SVC. */
	mov	r4, #3
	mcr	p15, 4, r4, c14, c1, 0  /* CNTHCTL: PL1PCEN, PL1PCTEN */
	mov	r4, #0
	mcrr	p15, 4, r4, r4, c14     /* CNTVOFF */
	mcr	p15, 4, r4, c1, c1, 0   /* HCR: nothing trapped */
	mov	r4, #(MODE_SVC | 0x1c0) /* A, I, F masked */
	msr	spsr_cxsf, r4
	adr	r4, in_svc
	msr	elr_hyp, r4
	isb
	eret

in_svc:
	adr	r9, _start              /* load address (linked at 0) */

	/* Boot map: the 1 GiB entries holding the image and the device tree,
	 * Normal memory, so that C and libfdt run cached. bsp_boot replaces it
	 * by the map the device tree describes. Written with the MMU off,
	 * straight to memory: invalidate any stale cache line over it. */
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
	bl	mmu_enable_boot         /* r0: the table */

	/* Apply our own R_ARM_RELATIVE relocations for this address. */
	adr_l	r0, __rel_start
	adr_l	r1, __rel_end
1:	cmp	r0, r1
	bhs	2f
	ldmia	r0!, {r2, r3}           /* offset, info */
	and	r3, r3, #0xff
	cmp	r3, #R_ARM_RELATIVE
	ldreq	r3, [r2, r9]
	addeq	r3, r3, r9
	streq	r3, [r2, r9]
	b	1b
2:
	adr_l	r0, __bss_start
	adr_l	r1, __bss_end
	mov	r2, #0
3:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	3b
	adr_l	r0, boot_stack_top
	mov	sp, r0
	adr_l	r0, rtos_vectors
	mcr	p15, 0, r0, c12, c0, 0  /* VBAR */
	isb
	mov	r0, r8
	bl	bsp_boot
7:	wfi
	b	7b

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

	.section .bss
	.balign	16
	.global boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
