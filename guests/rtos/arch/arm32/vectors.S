/* Exception vectors and context switching. Tasks run in SVC mode on their
 * own stack. An exception pushes the whole integer context on the
 * interrupted task's stack (SRSDB to SVC's stack, then SVC mode), so the
 * other modes need no stack. An interrupt runs its handler on the
 * interrupt stack and resumes whichever task the kernel says: the one
 * interrupted or the one the handler woke. A switch requested by the
 * kernel (port_switch) saves the same frame, so every task is resumed the
 * same way: restore_frame. */
#include "guests/rtos/arch/arm32/asm.h"
#include "guests/rtos/arch/arm32/frame.h"

/* LR - \adjust is the interrupted or faulting instruction (ARM state). */
.macro save_frame adjust
	sub	lr, lr, #\adjust
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r0-r12, lr}
.endm

/* Anything but an IRQ is a bug: report it (arch_fault). */
.macro fault_entry adjust, kind
	save_frame \adjust
	mov	r0, sp
	mov	r1, #\kind
	b	fault_common
.endm

	.arm
	.section .note.GNU-stack, "", %progbits
	.text
	.balign	32
	.global rtos_vectors
rtos_vectors:
	b	reset_entry
	b	undef_entry
	b	svc_entry
	b	pabt_entry
	b	dabt_entry
	b	unused_entry            /* 0x14: not used at PL1 */
	b	irq_entry
	b	fiq_entry

reset_entry:	fault_entry 0, 0
undef_entry:	fault_entry 4, 1
svc_entry:	fault_entry 0, 2
pabt_entry:	fault_entry 4, 3
dabt_entry:	fault_entry 8, 4
unused_entry:	fault_entry 0, 5
fiq_entry:	fault_entry 4, 7

irq_entry:
	save_frame 4
	mov	r0, sp                  /* the interrupted task's frame */
	adr_l	r1, boot_stack_top      /* the interrupt stack: the boot stack */
	mov	sp, r1
	bl	arch_irq                /* returns the frame to resume */
	mov	sp, r0
	/* fall through */

/* sp: a frame. Resumes it. */
restore_frame:
	pop	{r0-r12, lr}
	rfeia	sp!

fault_common:
	bl	arch_fault              /* does not return */
1:	wfi
	b	1b

/* port_switch(from, to), interrupts masked. A call: only the callee-saved
 * registers, the return address (as the PC) and the CPSR (interrupts still
 * masked) need saving; the caller-saved slots of the frame are left as
 * they are. */
	.global port_switch
port_switch:
	sub	sp, sp, #FRAME_SIZE
	add	r2, sp, #FRAME_R(4)
	stmia	r2, {r4-r11}
	str	lr, [sp, #FRAME_LR]
	str	lr, [sp, #FRAME_PC]
	mrs	r2, cpsr
	str	r2, [sp, #FRAME_CPSR]
	str	sp, [r0, #TASK_PORT_SP]
	ldr	sp, [r1, #TASK_PORT_SP]
	b	restore_frame

/* port_start(first): resume it; the boot code's stack becomes the
 * interrupt stack. */
	.global port_start
port_start:
	ldr	sp, [r0, #TASK_PORT_SP]
	b	restore_frame
