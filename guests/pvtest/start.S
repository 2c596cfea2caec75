/* The paravirtual test guest's entry, at EL0 at the start of its RAM with
 * its device tree in x0: relocate (linked at 0, position-independent),
 * clear BSS, take a stack, run pv_main. Nothing privileged: it cannot. */
#include "lib/arm64_image.h"
	.section .text.head, "ax"
	.global _start
_start:
	mov	x19, x0
	adr	x20, _start
	relocate_self x20
	clear_bss
	adrp	x0, stack_top
	add	x0, x0, :lo12:stack_top
	mov	sp, x0
	mov	x0, x19
	bl	pv_main
5:	b	5b

	.section .bss
	.balign	16
	.space	16384
stack_top:
