/* Interrupts and context switches of the paravirtual port: vectors.S's
 * counterpart. A task's saved context is Tandem's frame (frame.h); Tandem
 * builds it for an interrupt (it pushes the frame below the interrupted SP
 * and enters pv_upcall with r0 = SP = the frame, r1 = the interrupt it
 * acknowledged, interrupts masked) and TANDEM_PV_IRET resumes one, so
 * every task is resumed the same way: resume_frame. */
#include "guests/rtos/arch/arm32/asm.h"
#include "guests/rtos/arch/arm32-pv/frame.h"
#include "pv/abi.h"

	.arm
	.section .note.GNU-stack, "", %progbits
	.text
	.global pv_upcall
	.balign	4
pv_upcall:
	adr_l	r2, boot_stack_top      /* the interrupt stack: the boot stack */
	mov	sp, r2
	bl	arch_irq                /* (frame, INTID): returns the frame to resume */
	mov	r1, r0
	/* The interrupt bsp_irq left active is ended by the call that leaves:
	 * EOI and IRET in one. */
	adr_l	r3, pv_acked_intid
	ldr	r2, [r3]
	movw	r0, #TANDEM_PV_SPURIOUS
	str	r0, [r3]
	cmp	r2, r0
	beq	resume_frame
	ldr	r0, =TANDEM_PV_EOI_IRET
	svc	#0
	udf	#1                      /* refused: not our frame or interrupt, a bug */

/* r1: a frame. Resumes it through Tandem; returns only if Tandem refused
 * the frame (not in the VM's RAM): a bug, which the UDF reports. */
resume_frame:
	ldr	r0, =TANDEM_PV_IRET
	svc	#0
	udf	#2

/* port_switch(from, to), interrupts masked. A call: only the callee-saved
 * registers, the return address (as the PC), the SP and the flags (still
 * masked) need saving; the caller-saved slots are left as they are. The
 * ABI's frames are 16-byte aligned, a call's SP only 8: the frame goes
 * below SP, rounded down, and its SP slot keeps SP as it was. */
	.global port_switch
port_switch:
	mov	r3, sp
	sub	r2, sp, #FRAME_SIZE
	bic	sp, r2, #15
	str	r3, [sp, #FRAME_SP]
	add	r2, sp, #FRAME_R(4)
	stmia	r2, {r4-r11}
	str	lr, [sp, #FRAME_LR]
	str	lr, [sp, #FRAME_PC]
	mov	r2, #FLAGS_MASKED
	str	r2, [sp, #FRAME_FLAGS]
	str	sp, [r0, #TASK_PORT_SP]
	ldr	r1, [r1, #TASK_PORT_SP]
	b	resume_frame

/* port_start(first): resume it; the boot stack becomes the interrupt stack. */
	.global port_start
port_start:
	ldr	r1, [r0, #TASK_PORT_SP]
	b	resume_frame
	.ltorg
