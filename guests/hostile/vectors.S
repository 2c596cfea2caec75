/* The hostile guest's own exception vectors: synchronous exceptions from
 * its own EL1 are caught, counted and stepped over (hostile.h); everything
 * else goes to the entry code's vectors (guests/test/start.S): interrupts
 * to its GIC dispatch, the rest to its report. x16 and x17 survive. */

.macro to_guest_vectors off
	.balign 0x80
	b	guest_vectors + \off
.endm

	.section .text
	.balign 0x800
	.global hostile_vectors
hostile_vectors:
	to_guest_vectors 0x000          /* current EL with SP_EL0 */
	to_guest_vectors 0x080
	to_guest_vectors 0x100
	to_guest_vectors 0x180
	.balign 0x80                    /* current EL with SP_EL1, synchronous */
	b	catch_sync
	to_guest_vectors 0x280          /* IRQ */
	to_guest_vectors 0x300          /* FIQ */
	to_guest_vectors 0x380          /* SError */
	to_guest_vectors 0x400          /* lower EL, AArch64 */
	to_guest_vectors 0x480
	to_guest_vectors 0x500
	to_guest_vectors 0x580
	to_guest_vectors 0x600          /* lower EL, AArch32 */
	to_guest_vectors 0x680
	to_guest_vectors 0x700
	to_guest_vectors 0x780

catch_sync:
	stp	x16, x17, [sp, #-16]!
	adrp	x16, caught_esr
	mrs	x17, esr_el1
	str	x17, [x16, :lo12:caught_esr]
	adrp	x16, caught_far
	mrs	x17, far_el1
	str	x17, [x16, :lo12:caught_far]
	adrp	x16, caught_elr
	mrs	x17, elr_el1
	str	x17, [x16, :lo12:caught_elr]
	adrp	x16, caught
	ldr	x17, [x16, :lo12:caught]
	add	x17, x17, #1
	str	x17, [x16, :lo12:caught]
	mrs	x17, esr_el1
	lsr	x17, x17, #26
	cmp	x17, #0x15              /* SVC: returns past itself already */
	b.eq	2f
	cmp	x17, #0x21              /* instruction abort: back to the BLR's caller */
	b.ne	1f
	msr	elr_el1, x30
	b	2f
1:	mrs	x17, elr_el1
	add	x17, x17, #4
	msr	elr_el1, x17
2:	ldp	x16, x17, [sp], #16
	eret

	.section .bss
	.balign 8
	.global caught, caught_esr, caught_far, caught_elr
caught:		.quad 0
caught_esr:	.quad 0
caught_far:	.quad 0
caught_elr:	.quad 0
