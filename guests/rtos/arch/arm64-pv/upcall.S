/* Interrupts and context switches of the paravirtual port: vectors.S's
 * counterpart. A task's saved context is the same frame as natively; Tandem
 * builds it for an interrupt (it pushes the frame below the interrupted SP
 * and enters pv_upcall with x0 = SP = the frame, x1 = the interrupt it
 * acknowledged, interrupts masked) and
 * TANDEM_PV_IRET resumes one, so every task is resumed the same way:
 * resume_frame. */
#include "guests/rtos/arch/arm64-pv/frame.h"
#include "pv/abi.h"

	.text
	.global pv_upcall
	.balign	4
pv_upcall:
	adrp	x2, boot_stack_top      /* the interrupt stack: the boot stack */
	add	x2, x2, :lo12:boot_stack_top
	mov	sp, x2
	bl	arch_irq                /* (frame, INTID): returns the frame to resume */
	mov	x1, x0
	/* The interrupt bsp_irq left active is ended by the call that leaves:
	 * EOI and IRET in one. */
	adrp	x3, pv_acked_intid
	add	x3, x3, :lo12:pv_acked_intid
	ldr	w2, [x3]
	mov	w0, #TANDEM_PV_SPURIOUS
	str	w0, [x3]
	cmp	w2, w0
	b.eq	resume_frame
	ldr	x0, =TANDEM_PV_EOI_IRET
	svc	#0
	brk	#2                      /* refused: not our frame or interrupt, a bug */

/* x1: a frame. Resumes it through Tandem; returns only if Tandem refused
 * the frame (not in the VM's RAM): a bug, which the BRK reports. */
resume_frame:
	ldr	x0, =TANDEM_PV_IRET
	svc	#0
	brk	#1

/* port_switch(from, to), interrupts masked. A call: only the callee-saved
 * registers, the return address (as the PC), the SP and the flags (still
 * masked) need saving. */
	.global port_switch
port_switch:
	sub	sp, sp, #FRAME_SIZE
	stp	x19, x20, [sp, #FRAME_X(19)]
	stp	x21, x22, [sp, #FRAME_X(21)]
	stp	x23, x24, [sp, #FRAME_X(23)]
	stp	x25, x26, [sp, #FRAME_X(25)]
	stp	x27, x28, [sp, #FRAME_X(27)]
	stp	x29, x30, [sp, #FRAME_X(29)]
	mov	x2, #FLAGS_MASKED
	stp	x30, x2, [sp, #FRAME_ELR]
	add	x2, sp, #FRAME_SIZE
	str	x2, [sp, #FRAME_SP]
	mov	x2, sp
	str	x2, [x0, #TASK_PORT_SP]
	ldr	x1, [x1, #TASK_PORT_SP]
	b	resume_frame

/* port_start(first): resume it; the boot stack becomes the interrupt stack. */
	.global port_start
port_start:
	ldr	x1, [x0, #TASK_PORT_SP]
	b	resume_frame

/* port_cycles(): as natively (vectors.S), from EL0: Tandem lets it read the
 * cycle counter (PMUSERENR_EL0.CR). */
	.global port_cycles
port_cycles:
	isb
	mrs	x0, pmccntr_el0
	sub	x0, x0, #3
	ret
	.ltorg
