/* Entry of the paravirtual port, in USR mode at the first byte of the RAM
 * Tandem gave the VM (its memory-base), the device tree in r0, the address
 * space Tandem's: no MMU, vectors or mode to set up. Self-relocation (the
 * image is position independent: R_ARM_RELATIVE), BSS, the boot stack,
 * then C (bsp_boot). */
#include "guests/rtos/arch/arm32/asm.h"


	.arm
	.section .note.GNU-stack, "", %progbits
	.section .text.head, "ax"
	.global _start
_start:
	mov	r8, r0                  /* device tree */
	adr	r9, _start              /* load address (linked at 0) */

	relocate_self r9
	clear_bss
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
