/* The IRQ exit, as on arm64 (el2/arm64/irq_exit.S): the physical interrupt
 * is acknowledged here, and the virtual timer's own - the latency an RTOS
 * lives by - is presented from here too: its ready-made list-register value
 * (vgic/timer_lr.c) goes into the LR reserved for it, the physical
 * interrupt is priority-dropped (it stays active until the guest
 * deactivates it, the LR being hardware-linked), and the guest resumes
 * having lost only r0-r3 to the frame and back. Anything else goes to
 * trap_irq() in C with the acknowledged INTID, on the full frame.
 *
 * The fast path needs no lock and no check of `attention` or `needs_flush`:
 * whoever sets those kicks this core, and the kick is an interrupt of its
 * own, taken as soon as this one returns. */
#include "el2/arm32/layout.h"

#define GICC_IAR  0x00c
#define GICC_EOIR 0x010

	.syntax unified
	.arm
	.arch_extension virt    /* HYP: eret, banked registers (also in the A9 build) */
	.section .text
	.balign 32
/* Entered from the HYP IRQ vector with SP at the guest's frame. */
	.global irq_exit
irq_exit:
	stm	sp, {r0-r3}
	mrs	r0, spsr                /* from HYP itself: a Tandem bug */
	and	r0, r0, #0x1f
	cmp	r0, #0x1a
	beq	irq_in_hyp
	ldr	r3, =irq_fast
	ldr	r2, [r3, #IRQ_FAST_GICC]
	cmp	r2, #0
	mrceq	p15, 0, r0, c12, c12, 0 /* ICC_IAR1 */
	ldrne	r0, [r2, #GICC_IAR]
	ldr	r1, [r3, #IRQ_FAST_INTID]
	cmp	r0, r1
	bne	irq_slow
	ldr	r1, [sp, #VCPU_VTIMER_LR]
	cmp	r1, #0
	beq	irq_slow
	ldr	pc, [r3, #IRQ_FAST_PRESENT]     /* one of the routines below */

/* GICv2: the LR and the CPU interface are memory. */
	.global irq_present_v2
irq_present_v2:
	ldr	r2, [r3, #IRQ_FAST_V2_LR]
	ldr	r3, [r2]
	tst	r3, #(3 << 28)          /* State: the LR must be free */
	bne	irq_slow
	str	r1, [r2]
	ldr	r3, =irq_fast
	ldr	r2, [r3, #IRQ_FAST_GICC]
	str	r0, [r2, #GICC_EOIR]
	b	irq_done

/* GICv3: the LR's number is part of the instruction, so there is one
 * routine per LR (32 bytes each); the State bits are in the high word
 * (ICH_LRCn), written last so that the LR becomes valid whole. */
.macro present_v3 crm_lo, crm_hi, op2
	.balign 32
	mrc	p15, 4, r2, c12, \crm_hi, \op2
	tst	r2, #(3 << 30)
	bne	irq_slow
	ldr	r2, [sp, #VCPU_VTIMER_LR + 4]
	mcr	p15, 4, r1, c12, \crm_lo, \op2
	mcr	p15, 4, r2, c12, \crm_hi, \op2
	mcr	p15, 0, r0, c12, c12, 1 /* ICC_EOIR1 */
	b	irq_done
.endm
	.balign 32
	.global irq_present_v3
irq_present_v3:
	present_v3 c12, c14, 0
	present_v3 c12, c14, 1
	present_v3 c12, c14, 2
	present_v3 c12, c14, 3
	present_v3 c12, c14, 4
	present_v3 c12, c14, 5
	present_v3 c12, c14, 6
	present_v3 c12, c14, 7
	present_v3 c13, c15, 0
	present_v3 c13, c15, 1
	present_v3 c13, c15, 2
	present_v3 c13, c15, 3
	present_v3 c13, c15, 4
	present_v3 c13, c15, 5
	present_v3 c13, c15, 6
	present_v3 c13, c15, 7

irq_done:
	add	r1, sp, #(VCPU_TRAPS + 8 * TRAP_COUNT_IRQ_INDEX)
	ldrd	r2, r3, [r1]
	adds	r2, r2, #1
	adc	r3, r3, #0
	strd	r2, r3, [r1]
	ldm	sp, {r0-r3}
	eret

/* The rest of the frame (r0-r3 are saved; r0 holds the acknowledged
 * INTID), then trap_irq(vcpu, intid) in C and back as any exit. */
irq_slow:
	add	r1, sp, #16
	stm	r1, {r4-r12, lr}
	mov	r4, sp
	ldr	sp, [r4, #VCPU_HOST_SP]
	mov	r2, r0                  /* trap_irq(struct vcpu *, uint64_t iar): */
	mov	r3, #0                  /* the 64-bit argument in r2:r3 */
	mov	r0, r4
	bl	trap_irq
	b	return_to_guest

irq_in_hyp:
	ldm	sp, {r0-r3}
	b	hyp_fault_6

	.ltorg

	.section .note.GNU-stack, "", %progbits
