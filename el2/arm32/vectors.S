/* HYP exception vectors and the world switch.
 *
 * While a guest runs, SP_hyp points at its vCPU's register frame (struct
 * arch_regs, first in struct vcpu), so an exit saves r0-r12 and LR (which
 * HYP mode shares with USR/SYS) with no scratch register, then switches to
 * the core's stack and calls the C handler (exit_decode.c). The guest's PC
 * and CPSR stay in ELR_hyp and SPSR_hyp throughout the exit (nothing in HYP
 * takes exceptions): C reaches them through vcpu_pc() and friends, and they
 * go to the frame only when the vCPU is parked. The guest's other banked
 * registers (SP/LR/SPSR of SVC, ABT, UND, IRQ, FIQ, and FIQ's r8-r12) are
 * untouched by HYP code and switch only with the vCPU (guest_context.c).
 *
 * The HYP vector table serves exceptions from the guests (the hyp trap
 * vector, IRQ, FIQ) and Tandem's own (undefined, aborts in HYP, any IRQ or
 * FIQ while in HYP): those are Tandem bugs and go to the panic report on a
 * separate stack. */
#include "el2/arm32/layout.h"

	.syntax unified
	.arm
	.arch_extension virt    /* HYP: eret, banked registers (also in the A9 build) */
	.section .text
	.balign 32
	.global hyp_vectors
hyp_vectors:
	b	hyp_fault_0             /* reset: never */
	b	hyp_fault_1             /* undefined instruction in HYP */
	b	hyp_fault_2             /* HVC in HYP: Tandem never makes one */
	b	hyp_fault_3             /* prefetch abort in HYP */
	b	hyp_fault_4             /* data abort in HYP */
	b	hyp_trap                /* a guest's exit */
	b	irq_exit                /* irq_exit.S: the timer's fast path */
	b	hyp_fiq

/* r0-r12, LR into the frame at SP; then r4 = vCPU, SP = this core's stack. */
.macro save_guest
	stm	sp, {r0-r12, lr}
	mov	r4, sp
	ldr	sp, [r4, #VCPU_HOST_SP]
.endm

hyp_trap:
	save_guest
	mrc	p15, 4, r1, c5, c2, 0   /* HSR */
	mov	r0, r4
	bl	arm32_trap
	b	return_to_guest

hyp_fiq:
	str	r0, [sp]
	mrs	r0, spsr
	and	r0, r0, #0x1f
	cmp	r0, #0x1a
	ldr	r0, [sp]
	beq	hyp_fault_7
	save_guest
	mov	r0, r4
	mov	r2, #0
	mov	r3, #0
	bl	trap_fiq
	b	return_to_guest

/* Back to the guest (the vCPU in r4), or park it if it needs attention. */
	.global return_to_guest
return_to_guest:
	ldrb	r0, [r4, #VCPU_ATTENTION]
	cmp	r0, #0
	bne	park
	mov	sp, r4
	ldm	sp, {r0-r12, lr}
	eret

park:
	mrs	r0, elr_hyp
	mrs	r1, spsr
	str	r0, [r4, #VCPU_REG_PC]
	str	r1, [r4, #VCPU_REG_CPSR]
	mov	r0, r4
	bl	vcpu_park               /* does not return */
	b	arch_halt

/* void guest_enter(struct vcpu *vcpu): enters a parked vCPU from its frame,
 * PC and CPSR included; does not return. */
	.global guest_enter
guest_enter:
	mov	sp, r0
	ldr	r1, [sp, #VCPU_REG_PC]
	ldr	r2, [sp, #VCPU_REG_CPSR]
	msr	elr_hyp, r1
	msr	spsr_cxsf, r2
	ldm	sp, {r0-r12, lr}
	eret

/* Tandem faulted in HYP. Its stack may be the culprit (overflow into a guard
 * page): keep the interrupted SP in r1 and continue on this core's panic
 * stack (the first word of struct pcpu, whose address HTPIDR holds). */
.macro hyp_fault kind
hyp_fault_\kind:
	mov	r1, sp
	mrc	p15, 4, r0, c13, c0, 2  /* HTPIDR */
	ldr	sp, [r0]
	mov	r0, #\kind
	b	hyp_fault_common
.endm
	hyp_fault 0
	hyp_fault 1
	hyp_fault 2
	hyp_fault 3
	hyp_fault 4
	.global hyp_fault_6
	hyp_fault 6
	hyp_fault 7

hyp_fault_common:
	bl	hyp_fault_report        /* does not return */
	b	arch_halt

	.section .note.GNU-stack, "", %progbits
