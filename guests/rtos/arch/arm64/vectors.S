/* Exception vectors and context switching. Tasks run at EL1 on their own
 * stack (SP_EL1). An interrupt saves the whole integer context on the
 * interrupted task's stack, runs the handler on the interrupt stack, and
 * resumes whichever task the kernel says: the one interrupted or the one
 * the handler woke. A switch requested by the kernel (port_switch) saves
 * the same frame, so every task is resumed the same way: restore_frame. */
#include "guests/rtos/arch/arm64/frame.h"

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #FRAME_X(0)]
	stp	x2, x3, [sp, #FRAME_X(2)]
	stp	x4, x5, [sp, #FRAME_X(4)]
	stp	x6, x7, [sp, #FRAME_X(6)]
	stp	x8, x9, [sp, #FRAME_X(8)]
	stp	x10, x11, [sp, #FRAME_X(10)]
	stp	x12, x13, [sp, #FRAME_X(12)]
	stp	x14, x15, [sp, #FRAME_X(14)]
	stp	x16, x17, [sp, #FRAME_X(16)]
	stp	x18, x19, [sp, #FRAME_X(18)]
	stp	x20, x21, [sp, #FRAME_X(20)]
	stp	x22, x23, [sp, #FRAME_X(22)]
	stp	x24, x25, [sp, #FRAME_X(24)]
	stp	x26, x27, [sp, #FRAME_X(26)]
	stp	x28, x29, [sp, #FRAME_X(28)]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #FRAME_X(30)]
	str	x1, [sp, #FRAME_SPSR]
.endm

/* Anything but an IRQ from EL1h is a bug: report it (arch_fault). */
.macro fault_vector kind
	.balign 0x80
	save_frame
	mov	x1, #\kind
	b	fault_common
.endm

	.text
	.balign 0x800
	.global rtos_vectors
rtos_vectors:
	fault_vector 0                  /* EL1 with SP_EL0: synchronous */
	fault_vector 1                  /* IRQ */
	fault_vector 2                  /* FIQ */
	fault_vector 3                  /* SError */
	fault_vector 4                  /* EL1 with SP_EL1: synchronous */
	.balign 0x80
	b	irq_entry               /* EL1 with SP_EL1: IRQ */
	fault_vector 6                  /* FIQ */
	fault_vector 7                  /* SError */
	fault_vector 8                  /* lower EL, AArch64 */
	fault_vector 9
	fault_vector 10
	fault_vector 11
	fault_vector 12                 /* lower EL, AArch32 */
	fault_vector 13
	fault_vector 14
	fault_vector 15

irq_entry:
	save_frame
	mov	x0, sp                  /* the interrupted task's frame */
	adrp	x1, boot_stack_top      /* the interrupt stack: the boot stack */
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	bl	arch_irq                /* returns the frame to resume */
	mov	sp, x0
	/* fall through */

/* sp: a frame. Resumes it. */
restore_frame:
	ldp	x30, x0, [sp, #FRAME_X(30)]
	ldr	x1, [sp, #FRAME_SPSR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x0, x1, [sp, #FRAME_X(0)]
	ldp	x2, x3, [sp, #FRAME_X(2)]
	ldp	x4, x5, [sp, #FRAME_X(4)]
	ldp	x6, x7, [sp, #FRAME_X(6)]
	ldp	x8, x9, [sp, #FRAME_X(8)]
	ldp	x10, x11, [sp, #FRAME_X(10)]
	ldp	x12, x13, [sp, #FRAME_X(12)]
	ldp	x14, x15, [sp, #FRAME_X(14)]
	ldp	x16, x17, [sp, #FRAME_X(16)]
	ldp	x18, x19, [sp, #FRAME_X(18)]
	ldp	x20, x21, [sp, #FRAME_X(20)]
	ldp	x22, x23, [sp, #FRAME_X(22)]
	ldp	x24, x25, [sp, #FRAME_X(24)]
	ldp	x26, x27, [sp, #FRAME_X(26)]
	ldp	x28, x29, [sp, #FRAME_X(28)]
	add	sp, sp, #FRAME_SIZE
	eret

fault_common:
	mov	x0, sp
	bl	arch_fault              /* does not return */
1:	wfi
	b	1b

/* port_switch(from, to), interrupts masked. A call: only the callee-saved
 * registers, the return address (as the PC) and PSTATE (interrupts still
 * masked) need saving; the caller-saved slots of the frame are left as
 * they are. */
	.global port_switch
port_switch:
	sub	sp, sp, #FRAME_SIZE
	stp	x19, x20, [sp, #FRAME_X(19)]
	stp	x21, x22, [sp, #FRAME_X(21)]
	stp	x23, x24, [sp, #FRAME_X(23)]
	stp	x25, x26, [sp, #FRAME_X(25)]
	stp	x27, x28, [sp, #FRAME_X(27)]
	stp	x29, x30, [sp, #FRAME_X(29)]
	mrs	x2, daif
	mov	x3, #SPSR_EL1H          /* not a logical immediate */
	orr	x2, x2, x3
	stp	x30, x2, [sp, #FRAME_ELR]
	mov	x2, sp
	str	x2, [x0, #TASK_PORT_SP]
	ldr	x2, [x1, #TASK_PORT_SP]
	mov	sp, x2
	b	restore_frame

/* port_start(first): resume it; the boot code's stack becomes the
 * interrupt stack. */
	.global port_start
port_start:
	ldr	x1, [x0, #TASK_PORT_SP]
	mov	sp, x1
	b	restore_frame

/* port_cycles(): the cycle counter as at this call's own instruction (the
 * bl). Under QEMU's -icount a read gives the time at the end of its own
 * instruction, three after the bl's start (checked against an instruction
 * trace; the same convention as guests/test's, where a timer interrupt
 * natively reaches its vector at latency 0). */
	.global port_cycles
port_cycles:
	isb
	mrs	x0, pmccntr_el0
	sub	x0, x0, #3
	ret

/* port_cycles() under the bootarg clock=timer (port.c, arch_cpu_init): the
 * virtual counter times port_timer_cycles_per_tick, QEMU's nominal 1 GHz
 * CPU clock over the counter's frequency (16 on QEMU virt), so that
 * latencies keep their unit, cycles, at the counter's resolution. Reached
 * by a branch arch_cpu_init writes over port_cycles' first instruction, so
 * that the default (PMU) path keeps every one of its instructions. */
	.global port_cycles_timer
port_cycles_timer:
	isb
	mrs	x0, cntvct_el0
	adrp	x1, port_timer_cycles_per_tick
	ldr	x1, [x1, :lo12:port_timer_cycles_per_tick]
	mul	x0, x0, x1
	ret
