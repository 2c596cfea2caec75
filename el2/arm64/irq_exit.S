/* The IRQ exit. It acknowledges the physical interrupt right here; the
 * virtual timer's own interrupt - the common case, and the latency an RTOS
 * lives by - is presented from here too: its ready-made list-register value
 * (vgic/timer_lr.c) goes into the LR reserved for it, the physical interrupt
 * is priority-dropped (it stays active until the guest's deactivation, the
 * LR being hardware-linked), and the guest resumes, having lost only x0-x3
 * to the frame and back. Anything else - another interrupt, the timer's LR
 * still busy, the timer not presentable - goes to trap_irq() in C with the
 * acknowledged INTID, on the partial frame as every other exit.
 *
 * The fast path needs no lock and no check of `attention` or `needs_flush`:
 * whoever sets those kicks this core, and the kick is an interrupt of its
 * own, taken (and handled in C) as soon as this one returns.
 *
 * irq_fast (el2/irq.c) says, once at boot, which GIC this is, the timer's
 * INTID, and the code that reads and writes its LR. */
#include "el2/arm64/layout.h"

#define ICC_IAR1_EL1  s3_0_c12_c12_0
#define ICC_EOIR1_EL1 s3_0_c12_c12_1
#define GICC_IAR      0x00c
#define GICC_EOIR     0x010

	.section .text
	.balign 64
/* Entered from the vector with x0-x3 saved in the frame at SP. */
	.global irq_exit
irq_exit:
	adrp	x3, irq_fast
	add	x3, x3, :lo12:irq_fast
	ldr	x2, [x3, #IRQ_FAST_GICC]
	cbnz	x2, 1f
	mrs	x0, ICC_IAR1_EL1
	b	2f
1:	ldr	w0, [x2, #GICC_IAR]
2:	ldr	x1, [x3, #IRQ_FAST_INTID]
	cmp	x0, x1
	b.ne	irq_slow
	ldr	x1, [sp, #VCPU_VTIMER_LR]
	cbz	x1, irq_slow
	ldr	x2, [x3, #IRQ_FAST_PRESENT]
	br	x2                      /* one of the routines below */

/* GICv2: the LR and the CPU interface are memory. */
	.global irq_present_v2
irq_present_v2:
	ldr	x2, [x3, #IRQ_FAST_V2_LR]
	ldr	w3, [x2]
	tst	w3, #(3 << 28)          /* State: the LR must be free */
	b.ne	irq_slow
	str	w1, [x2]
	adrp	x3, irq_fast
	add	x3, x3, :lo12:irq_fast
	ldr	x2, [x3, #IRQ_FAST_GICC]
	str	w0, [x2, #GICC_EOIR]
	b	irq_done

/* GICv3: the LR's number is part of the instruction, so there is one
 * routine per LR; irq_fast.present points at the timer's. */
.macro present_v3 op0, op1, crn, crm, op2
	.balign 32
	mrs	x2, \op0\()_\op1\()_\crn\()_\crm\()_\op2
	tst	x2, #(3 << 62)
	b.ne	irq_slow
	msr	\op0\()_\op1\()_\crn\()_\crm\()_\op2, x1
	msr	ICC_EOIR1_EL1, x0
	b	irq_done
.endm
	.balign 32
	.global irq_present_v3
irq_present_v3:                         /* 32 bytes per LR, LR 0 first */
	present_v3 s3, 4, c12, c12, 0
	present_v3 s3, 4, c12, c12, 1
	present_v3 s3, 4, c12, c12, 2
	present_v3 s3, 4, c12, c12, 3
	present_v3 s3, 4, c12, c12, 4
	present_v3 s3, 4, c12, c12, 5
	present_v3 s3, 4, c12, c12, 6
	present_v3 s3, 4, c12, c12, 7
	present_v3 s3, 4, c12, c13, 0
	present_v3 s3, 4, c12, c13, 1
	present_v3 s3, 4, c12, c13, 2
	present_v3 s3, 4, c12, c13, 3
	present_v3 s3, 4, c12, c13, 4
	present_v3 s3, 4, c12, c13, 5
	present_v3 s3, 4, c12, c13, 6
	present_v3 s3, 4, c12, c13, 7

irq_done:
	ldr	x2, [sp, #VCPU_TRAPS + 8 * TRAP_COUNT_IRQ_INDEX]
	add	x2, x2, #1
	str	x2, [sp, #VCPU_TRAPS + 8 * TRAP_COUNT_IRQ_INDEX]
	ldp	x2, x3, [sp, #VCPU_REG_X(2)]
	ldp	x0, x1, [sp, #VCPU_REG_X(0)]
	eret
	dsb	nsh
	isb

/* The rest of the partial frame (x0-x3 are saved already, x0 now holds
 * the acknowledged INTID), then trap_irq(vcpu, intid) in C. */
irq_slow:
	stp	x4, x5, [sp, #VCPU_REG_X(4)]
	stp	x6, x7, [sp, #VCPU_REG_X(6)]
	stp	x8, x9, [sp, #VCPU_REG_X(8)]
	stp	x16, x17, [sp, #VCPU_REG_X(16)]
	stp	x18, x19, [sp, #VCPU_REG_X(18)]
	stp	x29, x30, [sp, #VCPU_REG_X(29)]
	mov	x19, sp
	ldr	x2, [sp, #VCPU_HOST_SP]
	mov	sp, x2
	mov	x1, x0
	mov	x0, x19
	bl	trap_irq
	b	after_partial
