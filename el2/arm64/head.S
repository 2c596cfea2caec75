/* Tandem's entry points. The primary core arrives here from the bootloader
 * (QEMU -kernel, U-Boot's booti: docs/boards.md) at EL2 with the platform
 * DTB in x0, MMU off; secondary cores arrive through PSCI CPU_ON with their
 * logical index in x0. */
#include "lib/arm64_image.h"
#include "el2/arm64/layout.h"

	.section .text.head, "ax"
	.global _start
_start:
	/* image_size is the whole reservation Tandem claims from its load
	 * address (image, stacks, page pool), so that a bootloader keeps it all
	 * free (U-Boot puts nothing of its own there: no relocated device tree
	 * or ramdisk); flags bit 3: position-independent, Tandem may be placed
	 * at any 2 MiB-aligned address of RAM, not only near its base (booti
	 * then leaves it where the boot script put it). */
	arm64_image_header primary_entry, TANDEM_RESERVED_SIZE, 0xa

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0                 /* platform DTB */
	mrs	x20, CurrentEL
	lsr	x20, x20, #2

	/* Tandem is linked at 0 as a position-independent executable and runs
	 * wherever the bootloader put it: apply its R_AARCH64_RELATIVE
	 * relocations (pointers in data) for the load address, with aligned
	 * 64-bit accesses only, since memory is Device until the MMU is on. */
	adrp	x21, _start             /* load address (2 MiB-aligned + text_offset) */
	relocate_self x21

	/* Clear .bss (the stacks live there) before any C runs: 64 bytes a
	 * turn (__bss_start is 16-aligned, __bss_end 4 KiB-aligned). */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
6:	tst	x0, #63
	b.eq	7f
	stp	xzr, xzr, [x0], #16
	b	6b
7:	cmp	x0, x1
	b.hs	8f
	stp	xzr, xzr, [x0]
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	add	x0, x0, #64
	b	7b
8:

	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0
	cmp	x20, #1
	b.eq	4f                      /* EL1: the paravirtual path (pv/boot.c) */
	cmp	x20, #2
	b.ne	5f                      /* not EL2: EL2 registers would be undefined */
	bl	arch_cpu_setup
5:	mov	x0, x19
	mov	x1, x20
	bl	primary_main            /* does not return; refuses anything but EL2 */
	b	arch_halt
4:	mov	x0, x19
	bl	paravirtual_main        /* does not return */
	b	arch_halt

	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0                 /* logical core index */
	adrp	x1, cpu_stack_tops
	add	x1, x1, :lo12:cpu_stack_tops
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	mrs	x20, CurrentEL
	cmp	x20, #(1 << 2)
	b.eq	6f                      /* EL1: the paravirtual path */
	bl	arch_cpu_setup
	bl	mmu_enable_secondary
	mov	x0, x19
	bl	secondary_main          /* does not return */
	b	arch_halt
6:	bl	mmu_enable_secondary
	mov	x0, x19
	bl	pv_secondary_main       /* does not return */
	b	arch_halt

/* Per-core EL2 state that does not depend on the device tree. */
	.global arch_cpu_setup
arch_cpu_setup:
	adrp	x0, el2_vectors
	add	x0, x0, :lo12:el2_vectors
	msr	vbar_el2, x0
	mov	x0, #0x33ff             /* CPTR_EL2: RES1, FP/SIMD not trapped */
	msr	cptr_el2, x0
	mov	x0, #(1 << 31)          /* HCR_EL2.RW; no traps until a guest runs */
	msr	hcr_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #1                  /* CNTHCTL_EL2: EL1 reads the physical counter; its
					 * physical timer traps (vtimer/ emulates it) */
	msr	cnthctl_el2, x0
	isb
	ret

	.global arch_halt
arch_halt:
	msr	daifset, #0xf
1:	wfi
	b	1b
