/* Entry as a zImage is entered (Linux's booting.rst): SVC (or HYP, then
 * dropped to SVC) with the MMU off, r2 = the device tree, on any load
 * address. Then: a temporary identity map and the caches on (mmu_boot.S,
 * the MMU format's), self-relocation, BSS, the boot stack, the vectors,
 * and C (bsp_boot). */
#include "guests/rtos/arch/arm32/asm.h"
#include "guests/rtos/arch/arm32/frame.h"


	.arm
	.arch_extension virt    /* leaving HYP for SVC where it starts in HYP (not on the A9) */
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

	/* The boot map (mmu_boot.S): the image and the device tree, Normal
	 * memory, so that C and libfdt run cached. */
	bl	mmu_boot

	relocate_self r9
	clear_bss
	adr_l	r0, boot_stack_top
	mov	sp, r0
	adr_l	r0, rtos_vectors
	mcr	p15, 0, r0, c12, c0, 0  /* VBAR */
	isb
	mov	r0, r8
	bl	bsp_boot
7:	wfi
	b	7b


	.section .bss
	.balign	16
	.global boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
