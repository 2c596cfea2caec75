/* Tandem's entry points on ARMv7-A. The primary core arrives from the
 * bootloader (QEMU -kernel, a raw image at TANDEM_LOAD_ADDR) in HYP mode with
 * MMU and caches off and the platform DTB in r2; secondary cores arrive
 * through PSCI CPU_ON, in HYP, with their logical index in r0. */
#include "el2/arm32/layout.h"

	.syntax unified
	.arm
	.section .text.head, "ax"
	.global _start
_start:
	cpsid	aif
	mov	r10, r2                 /* platform DTB */
	mrs	r11, cpsr
	and	r11, r11, #0x1f         /* the mode entered in */

	/* Clear .bss (the stacks live there) before any C runs. */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
1:	cmp	r0, r1
	strdlo	r2, r3, [r0], #8
	blo	1b

	ldr	sp, =boot_stack_top
	mov	r2, #1                  /* primary_main's level: 1 unless HYP */
	cmp	r11, #0x1a
	beq	4f
	/* Not in HYP: on a core without the virtualization extensions, the
	 * paravirtual path, if the image has one (the A9 build: pv/arm32);
	 * otherwise primary_main says why it cannot run. */
	ldr	r12, =paravirtual_main
	cmp	r12, #0
	beq	5f
	mrc	p15, 0, r0, c0, c1, 1   /* ID_PFR1.Virtualization, bits 15:12 */
	tst	r0, #0xf000
	bne	5f
	mov	r0, r10                 /* paravirtual_main(uint64_t dtb): r0:r1 */
	mov	r1, #0
	blx	r12                     /* does not return */
	b	arch_halt
4:
	bl	arch_cpu_setup
	mov	r2, #2
5:	mov	r0, r10                 /* primary_main(uint64_t dtb, uint64_t level): */
	mov	r1, #0                  /* r0:r1 and r2:r3 */
	mov	r3, #0
	bl	primary_main            /* does not return; refuses anything but HYP */
	b	arch_halt

	.weak	paravirtual_main

	.global secondary_entry
secondary_entry:
	cpsid	aif
	mov	r10, r0                 /* logical core index */
	ldr	r1, =cpu_stack_tops     /* uint64_t each: the low word */
	ldr	sp, [r1, r10, lsl #3]
	bl	arch_cpu_setup
	bl	mmu_enable_secondary
	mov	r0, r10
	bl	secondary_main          /* does not return */
	b	arch_halt

/* Per-core HYP state that does not depend on the device tree. */
	.global arch_cpu_setup
arch_cpu_setup:
	ldr	r0, =hyp_vectors
	mcr	p15, 4, r0, c12, c0, 0  /* HVBAR */
	mov	r0, #(1 << 20)          /* HCPTR: trace registers trapped; FP not */
	mcr	p15, 4, r0, c1, c1, 2
	mov	r0, #0
	mcr	p15, 4, r0, c1, c1, 0   /* HCR: no traps until a guest runs */
	mov	r0, #(1 << 15)          /* HSTR.T15: CP15 c15, implementation */
	mcr	p15, 4, r0, c1, c1, 3   /* defined (L2, CBAR, ...), traps: UNDEF */
	mov	r0, #0
	mcrr	p15, 4, r0, r0, c14     /* CNTVOFF (UNKNOWN at reset) */
	mov	r0, #1                  /* CNTHCTL: PL1 reads the physical counter; its
					 * physical timer traps (vtimer/ emulates it) */
	mcr	p15, 4, r0, c14, c1, 0
	isb
	bx	lr

	.global arch_halt
arch_halt:
	cpsid	aif
1:	wfi
	b	1b

	.section .note.GNU-stack, "", %progbits
