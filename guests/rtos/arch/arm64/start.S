/* Entry: an arm64 Image header (so QEMU -kernel, Tandem and bootloaders
 * place it like a Linux kernel), then, on any load address: a temporary
 * identity map and the caches on, self-relocation, BSS, the boot stack,
 * the vectors, then C (bsp_boot) with the device tree from x0. */
#include "lib/arm64_image.h"
#include "guests/rtos/arch/arm64/mmu.h"

/* The boot map's 1 GiB block holding the address in \reg (x0: the table,
 * x3: the attributes; x1, x2 clobbered). Beyond 512 GiB: not mapped. */
.macro map_gib reg
	lsr	x1, \reg, #30
	cmp	x1, #512
	b.hs	.Lskip\@
	orr	x2, x3, x1, lsl #30
	str	x2, [x0, x1, lsl #3]
.Lskip\@:
.endm

	.section .text.head, "ax"
	.global _start
_start:
	arm64_image_header entry

entry:
	msr	daifset, #0xf
	mov	x19, x0                 /* device tree */
	adrp	x20, _start             /* load address (linked at 0) */

	/* Boot map: the 1 GiB blocks holding the image and the device tree,
	 * Normal memory, so that C and libfdt (which assume unaligned accesses
	 * work) run cached. bsp_boot replaces it by the map the device tree
	 * describes. It is written with the MMU off, straight to memory:
	 * invalidate any stale cache lines over it before the walker reads it. */
	adrp	x0, boot_l1
	add	x0, x0, :lo12:boot_l1
	mov	x1, x0
	add	x2, x0, #4096
1:	stp	xzr, xzr, [x1], #16
	cmp	x1, x2
	b.lo	1b
	ldr	x3, =MMU_BLOCK_NORMAL
	map_gib	x20
	adrp	x1, __image_end
	sub	x1, x1, #1
	map_gib	x1                      /* an image across a 1 GiB boundary */
	map_gib	x19
	mov	x1, x0
	add	x2, x0, #4096
2:	dc	ivac, x1
	add	x1, x1, #64
	cmp	x1, x2
	b.lo	2b
	dsb	sy
	bl	mmu_enable_boot         /* x0: the table */

	/* Apply our own R_AARCH64_RELATIVE relocations for this address. */
	relocate_self x20
	clear_bss
	adrp	x0, boot_stack_top
	add	sp, x0, :lo12:boot_stack_top
	adrp	x0, rtos_vectors
	add	x0, x0, :lo12:rtos_vectors
	msr	vbar_el1, x0
	mov	x0, #(3 << 20)          /* CPACR_EL1.FPEN: libfdt uses SIMD at boot */
	msr	cpacr_el1, x0
	isb
	mov	x0, x19
	bl	bsp_boot
7:	wfi
	b	7b

/* MMU on with the table in x0 (TTBR0), MAIR/TCR as mmu.h says; I and D
 * caches on. Also used to switch to the final table (mmu.c). */
	.global mmu_enable_boot
mmu_enable_boot:
	ldr	x1, =MMU_MAIR
	msr	mair_el1, x1
	ldr	x1, =MMU_TCR
	msr	tcr_el1, x1
	msr	ttbr0_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x1, sctlr_el1
	mov	x2, #(1 << 0) | (1 << 2) | (1 << 12)   /* M, C, I */
	orr	x1, x1, x2
	msr	sctlr_el1, x1
	isb
	ret
	.ltorg

/* In .data, not .bss: it is live while BSS is cleared. */
	.section .data
	.balign 4096
boot_l1:
	.space	4096

	.section .bss
	.balign	16
	.global boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
