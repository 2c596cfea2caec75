/* Assembly helpers of the ARMv7-A port. */
#ifndef RTOS_ARM32_ASM_H
#define RTOS_ARM32_ASM_H

/* \reg = the run-time address of \sym, wherever the image was loaded: a
 * PC-relative offset the linker fills in (ADR reaches only 4 KiB). */
.macro adr_l reg, sym
	ldr	\reg, .Loff\@
.Lpc\@:	add	\reg, pc, \reg
	b	.Lend\@
.Loff\@: .word	\sym - (.Lpc\@ + 8)
.Lend\@:
.endm

#endif
