/* The paravirtual test guest's entry, at EL0 at the start of its RAM with
 * its device tree in x0: relocate (linked at 0, position-independent),
 * clear BSS, take a stack, run pv_main. Nothing privileged: it cannot. */
	.section .text.head, "ax"
	.global _start
_start:
	mov	x19, x0
	adr	x20, _start
	adrp	x0, __rela_start
	add	x0, x0, :lo12:__rela_start
	adrp	x1, __rela_end
	add	x1, x1, :lo12:__rela_end
3:	cmp	x0, x1
	b.hs	4f
	ldp	x2, x3, [x0], #16
	ldr	x4, [x0], #8
	cmp	w3, #1027               /* R_AARCH64_RELATIVE */
	b.ne	3b
	add	x4, x4, x20
	str	x4, [x2, x20]
	b	3b
4:	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	adrp	x0, stack_top
	add	x0, x0, :lo12:stack_top
	mov	sp, x0
	mov	x0, x19
	bl	pv_main
5:	b	5b

	.section .bss
	.balign	16
	.space	16384
stack_top:
