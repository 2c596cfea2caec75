/* Assembler macros for the position-independent ARMv7-A images Tandem
 * builds (the RTOS natively and paravirtualized, the test guests): each is
 * linked at 0 and fixes itself up for wherever it was loaded, before any C
 * runs and possibly with the MMU off. The counterpart of arm64_image.h.
 * Clobber r0-r3. */
#ifndef TANDEM_ARM32_IMAGE_H
#define TANDEM_ARM32_IMAGE_H
#ifdef __ASSEMBLER__

#define R_ARM_RELATIVE 23

/* \reg = the run-time address of \sym, wherever the image was loaded: a
 * PC-relative offset the linker fills in (ADR reaches only 4 KiB). */
.macro adr_l reg, sym
	ldr	\reg, .Loff\@
.Lpc\@:	add	\reg, pc, \reg
	b	.Lend\@
.Loff\@: .word	\sym - (.Lpc\@ + 8)
.Lend\@:
.endm

/* Applies the image's R_ARM_RELATIVE relocations (REL: the addend is in
 * place) for load offset \base, a register other than r0-r3. */
.macro relocate_self base
	adr_l	r0, __rel_start
	adr_l	r1, __rel_end
9990:	cmp	r0, r1
	bhs	9991f
	ldmia	r0!, {r2, r3}           /* r_offset, r_info */
	and	r3, r3, #0xff
	cmp	r3, #R_ARM_RELATIVE
	bne	9990b
	ldr	r3, [r2, \base]
	add	r3, r3, \base
	str	r3, [r2, \base]
	b	9990b
9991:
.endm

/* Zeroes [__bss_start, __bss_end) (word aligned). */
.macro clear_bss
	adr_l	r0, __bss_start
	adr_l	r1, __bss_end
	mov	r2, #0
9992:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	9992b
.endm

#endif
#endif
