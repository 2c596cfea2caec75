/* Entry of the paravirtual port, in USR mode at the first byte of the RAM
 * Tandem gave the VM (its memory-base), the device tree in r0, the address
 * space Tandem's: no MMU, vectors or mode to set up. Self-relocation (the
 * image is position independent: R_ARM_RELATIVE), BSS, the boot stack,
 * then C (bsp_boot). */
#include "guests/rtos/arch/arm32/asm.h"

#define R_ARM_RELATIVE  23

	.arm
	.section .note.GNU-stack, "", %progbits
	.section .text.head, "ax"
	.global _start
_start:
	mov	r8, r0                  /* device tree */
	adr	r9, _start              /* load address (linked at 0) */

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
	mov	r0, r8
	bl	bsp_boot
7:	b	7b

	.section .bss
	.balign	16
	.global boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
