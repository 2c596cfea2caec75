/* EL2 exception vectors and the world switch.
 *
 * While a guest runs, SP_EL2 points at its vCPU's register frame, so an exit
 * saves registers with no scratch register. It saves x0-x9, x16-x19, x29 and
 * x30 - the registers Tandem's C may clobber (it is built with x9-x15
 * reserved, -ffixed-x9..x15, checked after linking by tools/check_fixed_regs.py;
 * x9 rides along in a pair) - then switches to the core's stack and calls the
 * C handler for the kind of exit (trap.c). The guest's PC and PSTATE stay in ELR_EL2 and SPSR_EL2
 * throughout the exit (nothing at EL2 takes exceptions): C reaches them
 * through vcpu_pc() and friends, and they go to the frame only when the
 * vCPU is parked. C code preserves x20-x28 (AAPCS64), so when the handler
 * returns, those still hold the guest's values, like x10-x15, and only what
 * was saved is restored. The frame's x10-x15 and x20-x28 are completed
 * ("full frame") in two cases only:
 *   - before the handler, for exits that read or write any guest register
 *     (trapped system-register accesses: TRAP_FULL_FRAME in their
 *     trap_table entry), or a data abort whose register is not in the
 *     partial frame (TRAP_FRAME_BY_SRT: x10-x15 and x20-x28);
 *   - after the handler, when the vCPU needs attention (it must be parked):
 *     the registers are the guest's again at that point.
 * A handler on the partial path must therefore touch only x0-x9 and x16-x19.
 * Code built without the reservation (libfdt) must not run during an exit.
 *
 * Synchronous exits are dispatched here, from trap_table indexed by the
 * exception class, and counted per vCPU and class.
 *
 * Any exception taken from EL2 itself is a Tandem bug: it goes to the panic
 * path on a separate stack.
 */
#include "el2/arm64/layout.h"


/* x0-x9, x16-x19, x29, x30 into the frame at SP; then x19 = vCPU, SP =
 * this core's stack, x1 = ESR_EL2. */
.macro save_partial
	stp	x0, x1, [sp, #VCPU_REG_X(0)]
	stp	x2, x3, [sp, #VCPU_REG_X(2)]
	stp	x4, x5, [sp, #VCPU_REG_X(4)]
	stp	x6, x7, [sp, #VCPU_REG_X(6)]
	stp	x8, x9, [sp, #VCPU_REG_X(8)]
	stp	x16, x17, [sp, #VCPU_REG_X(16)]
	stp	x18, x19, [sp, #VCPU_REG_X(18)]
	stp	x29, x30, [sp, #VCPU_REG_X(29)]
	mov	x19, sp
	ldr	x2, [sp, #VCPU_HOST_SP]
	mov	sp, x2
	mrs	x1, esr_el2
.endm

/* x10-x15 and x20-x28 into the frame of the vCPU in x19. */
.macro save_rest
	stp	x10, x11, [x19, #VCPU_REG_X(10)]
	stp	x12, x13, [x19, #VCPU_REG_X(12)]
	stp	x14, x15, [x19, #VCPU_REG_X(14)]
	stp	x20, x21, [x19, #VCPU_REG_X(20)]
	stp	x22, x23, [x19, #VCPU_REG_X(22)]
	stp	x24, x25, [x19, #VCPU_REG_X(24)]
	stp	x26, x27, [x19, #VCPU_REG_X(26)]
	str	x28, [x19, #VCPU_REG_X(28)]
.endm

.macro exit_to handler
	save_partial
	mov	x0, x19
	bl	\handler
	b	after_partial
.endm

/* IRQ exits have their own path (irq_exit.S). */
.macro irq_entry
	stp	x0, x1, [sp, #VCPU_REG_X(0)]
	stp	x2, x3, [sp, #VCPU_REG_X(2)]
	b	irq_exit
.endm

.macro el2_fault kind
	/* Tandem faulted at EL2. Its stack may be the culprit (overflow into a
	 * guard page), so park the interrupted SP and x0 in EL0 thread registers
	 * and continue on this core's panic stack. */
	msr	tpidrro_el0, x0
	mov	x0, sp
	msr	tpidr_el0, x0
	mrs	x0, tpidr_el2
	ldr	x0, [x0]                /* struct pcpu starts with its panic stack top */
	mov	sp, x0
	mov	x0, #\kind
	b	el2_fault_common
.endm

	.section .text
	.balign 0x800
	.global el2_vectors
el2_vectors:
	/* Current EL with SP_EL0: never used. */
	.balign 0x80
	el2_fault 0
	.balign 0x80
	el2_fault 1
	.balign 0x80
	el2_fault 2
	.balign 0x80
	el2_fault 3
	/* Current EL with SP_EL2: Tandem's own faults. */
	.balign 0x80
	el2_fault 0
	.balign 0x80
	el2_fault 1
	.balign 0x80
	el2_fault 2
	.balign 0x80
	el2_fault 3
	/* Lower EL, AArch64: the guests. */
	.balign 0x80
	save_partial
	b	sync_exit
	.balign 0x80
	irq_entry
	.balign 0x80
	exit_to trap_fiq
	.balign 0x80
	exit_to trap_serror
	/* Lower EL, AArch32. */
	.balign 0x80
	save_partial
	b	sync_exit
	.balign 0x80
	irq_entry
	.balign 0x80
	exit_to trap_fiq
	.balign 0x80
	exit_to trap_serror

/* Back to the guest from a partial exit (the vCPU in x19), or park it if
 * it needs attention. */
.macro resume_partial
	ldrb	w0, [x19, #VCPU_ATTENTION]
	cbnz	w0, park_after_partial
	mov	sp, x19
	ldp	x2, x3, [sp, #VCPU_REG_X(2)]
	ldp	x4, x5, [sp, #VCPU_REG_X(4)]
	ldp	x6, x7, [sp, #VCPU_REG_X(6)]
	ldp	x8, x9, [sp, #VCPU_REG_X(8)]
	ldp	x16, x17, [sp, #VCPU_REG_X(16)]
	ldp	x18, x19, [sp, #VCPU_REG_X(18)]
	ldp	x29, x30, [sp, #VCPU_REG_X(29)]
	ldp	x0, x1, [sp, #VCPU_REG_X(0)]
	eret
	dsb	nsh
	isb
.endm

sync_exit:
	ubfx	w2, w1, #26, #6         /* exception class */
	add	x3, x19, x2, lsl #3
	ldr	x4, [x3, #VCPU_TRAPS]
	add	x4, x4, #1
	str	x4, [x3, #VCPU_TRAPS]
	adr	x3, trap_table
	ldr	x3, [x3, x2, lsl #3]
	mov	x0, x19
	tbnz	x3, #1, by_srt
	tbnz	x3, #0, full_frame
	blr	x3
	.global after_partial
after_partial:
	resume_partial

by_srt:	/* TRAP_FRAME_BY_SRT: a data abort */
	ubfx	w4, w1, #16, #5         /* ESR.SRT */
	cmp	w4, #9
	b.ls	1f                      /* x0-x9: in the partial frame */
	mov	w5, #0xfc00             /* registers save_partial leaves out: */
	movk	w5, #0x1ff0, lsl #16    /* x10-x15, x20-x28 */
	lsr	w5, w5, w4
	tbnz	w5, #0, full_frame      /* complete the frame first */
1:	bic	x3, x3, #3
	blr	x3
	resume_partial

full_frame:	/* The handler may read or write any guest register. */
	save_rest
	bic	x3, x3, #3
	blr	x3
	ldrb	w0, [x19, #VCPU_ATTENTION]
	cbnz	w0, park
	mov	sp, x19
	b	restore_all_regs

park_after_partial:
	save_rest                       /* the guest's x20-x28, intact again */
park:
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [x19, #VCPU_REG_PC]
	mov	x0, x19
	bl	vcpu_park               /* does not return */
	b	arch_halt

/* void guest_enter(struct vcpu *vcpu): enters a parked vCPU from its full
 * frame, PC and PSTATE included; does not return. */
	.global guest_enter
guest_enter:
	mov	sp, x0
	ldp	x1, x2, [sp, #VCPU_REG_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
restore_all_regs:
	ldp	x2, x3, [sp, #VCPU_REG_X(2)]
	ldp	x4, x5, [sp, #VCPU_REG_X(4)]
	ldp	x6, x7, [sp, #VCPU_REG_X(6)]
	ldp	x8, x9, [sp, #VCPU_REG_X(8)]
	ldp	x10, x11, [sp, #VCPU_REG_X(10)]
	ldp	x12, x13, [sp, #VCPU_REG_X(12)]
	ldp	x14, x15, [sp, #VCPU_REG_X(14)]
	ldp	x16, x17, [sp, #VCPU_REG_X(16)]
	ldp	x18, x19, [sp, #VCPU_REG_X(18)]
	ldp	x20, x21, [sp, #VCPU_REG_X(20)]
	ldp	x22, x23, [sp, #VCPU_REG_X(22)]
	ldp	x24, x25, [sp, #VCPU_REG_X(24)]
	ldp	x26, x27, [sp, #VCPU_REG_X(26)]
	ldp	x28, x29, [sp, #VCPU_REG_X(28)]
	ldr	x30, [sp, #VCPU_REG_X(30)]
	ldp	x0, x1, [sp, #VCPU_REG_X(0)]
	eret
	dsb	nsh
	isb

el2_fault_common:
	bl	el2_fault_report       /* does not return */
	b	arch_halt
