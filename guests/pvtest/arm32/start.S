/* The paravirtual test guest's entry on ARMv7-A: in USR mode at the first
 * byte of its RAM (its memory-base VA), r0 = its device tree (pv/abi.h).
 * Relocate (linked at 0, position independent: R_ARM_RELATIVE), clear BSS,
 * take a stack, run pv_main. Nothing privileged: it cannot. */
#include "guests/rtos/arch/arm32/asm.h"

#define R_ARM_RELATIVE 23

	.arm
	.section .note.GNU-stack, "", %progbits
	.section .text.head, "ax"
	.global _start
_start:
	mov	r4, r0                  /* device tree */
	adr	r5, _start              /* load address = offset from the link address */
	adr_l	r0, __rel_start
	adr_l	r1, __rel_end
1:	cmp	r0, r1
	bhs	2f
	ldmia	r0!, {r2, r3}           /* r_offset, r_info (REL: addend in place) */
	and	r3, r3, #0xff
	cmp	r3, #R_ARM_RELATIVE
	bne	1b
	ldr	r3, [r2, r5]
	add	r3, r3, r5
	str	r3, [r2, r5]
	b	1b
2:	adr_l	r0, __bss_start
	adr_l	r1, __bss_end
	mov	r2, #0
3:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	3b
	adr_l	r0, stack_top
	mov	sp, r0
	mov	r0, r4
	bl	pv_main
5:	b	5b

	.section .bss
	.balign	16
	.space	16384
stack_top:
