/* The paravirtual test guest's entry on ARMv7-A: in USR mode at the first
 * byte of its RAM (its memory-base VA), r0 = its device tree (pv/abi.h).
 * Relocate (linked at 0, position independent: R_ARM_RELATIVE), clear BSS,
 * take a stack, run pv_main. Nothing privileged: it cannot. */
#include "lib/arm32_image.h"


	.arm
	.section .note.GNU-stack, "", %progbits
	.section .text.head, "ax"
	.global _start
_start:
	mov	r4, r0                  /* device tree */
	adr	r5, _start              /* load address = offset from the link address */
	relocate_self r5
	clear_bss
	adr_l	r0, stack_top
	mov	sp, r0
	mov	r0, r4
	bl	pv_main
5:	b	5b

	.section .bss
	.balign	16
	.space	16384
stack_top:
