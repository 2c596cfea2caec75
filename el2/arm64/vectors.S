/* EL2 exception vectors and the world switch. While a guest runs, SP_EL2
 * points at its vCPU's register frame, so an exit saves the guest's general
 * registers with no scratch register, then switches to the core's stack and
 * calls trap_handle(vcpu, reason), which returns the vCPU to resume. Any
 * exception taken from EL2 itself is a Tandem bug: it goes to the panic path on
 * a separate stack. */
#include "el2/arm64/layout.h"

.macro guest_exit reason
	stp	x0, x1, [sp, #VCPU_REG_X(0)]
	stp	x2, x3, [sp, #VCPU_REG_X(2)]
	stp	x4, x5, [sp, #VCPU_REG_X(4)]
	stp	x6, x7, [sp, #VCPU_REG_X(6)]
	stp	x8, x9, [sp, #VCPU_REG_X(8)]
	stp	x10, x11, [sp, #VCPU_REG_X(10)]
	stp	x12, x13, [sp, #VCPU_REG_X(12)]
	stp	x14, x15, [sp, #VCPU_REG_X(14)]
	stp	x16, x17, [sp, #VCPU_REG_X(16)]
	stp	x18, x19, [sp, #VCPU_REG_X(18)]
	stp	x20, x21, [sp, #VCPU_REG_X(20)]
	stp	x22, x23, [sp, #VCPU_REG_X(22)]
	stp	x24, x25, [sp, #VCPU_REG_X(24)]
	stp	x26, x27, [sp, #VCPU_REG_X(26)]
	stp	x28, x29, [sp, #VCPU_REG_X(28)]
	mrs	x0, elr_el2
	stp	x30, x0, [sp, #VCPU_REG_X(30)]
	mrs	x1, spsr_el2
	ldr	x2, [sp, #VCPU_HOST_SP]
	str	x1, [sp, #VCPU_REG_PSTATE]
	mov	x0, sp
	mov	sp, x2
	mov	w1, #\reason
	b	guest_exit_common
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

.macro ventry label
	.balign 0x80
	b	\label
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
	guest_exit TRAP_SYNC
	.balign 0x80
	guest_exit TRAP_IRQ
	.balign 0x80
	guest_exit TRAP_FIQ
	.balign 0x80
	guest_exit TRAP_SERROR
	/* Lower EL, AArch32. */
	.balign 0x80
	guest_exit TRAP_AARCH32
	.balign 0x80
	guest_exit TRAP_IRQ
	.balign 0x80
	guest_exit TRAP_FIQ
	.balign 0x80
	guest_exit TRAP_SERROR

guest_exit_common:
	bl	trap_handle
	/* fall through: x0 is the vCPU to resume */

/* void guest_enter(struct vcpu *vcpu), does not return. */
	.global guest_enter
guest_enter:
	mov	sp, x0
	ldp	x1, x2, [sp, #VCPU_REG_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
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
