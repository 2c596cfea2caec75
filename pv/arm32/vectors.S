/* The paravirtual path's exception vectors on ARMv7-A (docs/paravirt.md).
 * Guests run in USR mode in address spaces Tandem built (pv/arm32/
 * address_space.c); each maps Tandem's image for PL1 only, so an exception
 * from USR lands here with this core's SVC stack (banked: never the
 * guest's) and the current vCPU's frame (TPIDRPRW, struct pv_arch_regs)
 * reachable. Every entry moves to SVC mode (SRS puts the return address
 * and SPSR on SVC's stack), saves the guest's registers into the frame
 * (USR's SP and LR with a user-bank STM), switches TTBR0 to Tandem's own
 * table (global mappings only: the guest's ASID may stay in CONTEXTIDR
 * meanwhile), calls pv_trap(frame, kind) (exception.c), then resumes the
 * frame it returns. Tandem itself runs with IRQs masked: an exception taken
 * from a privileged mode is a Tandem bug, reported. */
#include "pv/arm32/frame_layout.h"
#include "pv/call_in_place.h"

#define MODE_USR 0x10
#define MODE_SVC 0x13

	.syntax unified
	.arm
	.section .text
	.balign	32
	.global pv_vectors
pv_vectors:
	b	pv_bad                  /* reset */
	b	pv_und
	b	pv_svc
	b	pv_pabt
	b	pv_dabt
	b	pv_bad                  /* HYP trap: not on this path */
	b	pv_irq
	b	pv_bad                  /* FIQ: nothing is routed to it */

/* kind: what pv_trap sees (exception.c); back: how far the mode's LR is
 * past the instruction to resume or report. */
.macro enter kind, back
	.if \back
	sub	lr, lr, #\back
	.endif
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	save_and_trap \kind
.endm

/* On SVC's stack: the return PC and SPSR (SRS's). */
.macro save_and_trap kind
	push	{r0}
	ldr	r0, [sp, #8]            /* the SPSR: from USR? */
	and	r0, r0, #0x1f
	cmp	r0, #MODE_USR
	bne	pv_from_pl1
	mrc	p15, 0, r0, c13, c0, 4  /* TPIDRPRW: this core's vCPU frame */
	add	r0, r0, #4
	stmia	r0, {r1-r12}
	add	r0, r0, #(PV_REG_SP_USR - 4)
	stmia	r0, {sp, lr}^           /* USR's banked SP and LR */
	sub	r0, r0, #PV_REG_SP_USR
	pop	{r1, r2, r3}            /* its r0, the return PC, the SPSR */
	str	r1, [r0]
	add	r1, r0, #PV_REG_PC
	stmia	r1, {r2, r3}
	ldr	r1, =pv_tandem_ttbr
	ldr	r1, [r1]
	mcr	p15, 0, r1, c2, c0, 0   /* TTBR0: Tandem's own table */
	isb
	mov	r1, #\kind
	bl	pv_trap
	b	pv_resume
.endm

/* A call. The ones that touch no guest memory (pv/call_in_place.c) take
 * the short way: only r0-r3 (arguments and results) go into the frame and
 * r12 onto the stack (C keeps r4-r11; SVC's LR is not the guest's), the
 * guest's table stays current (it maps Tandem's image and the MPCore's
 * page, which is all those calls use), and RFE returns at once. Any other
 * call, or one that made an interrupt due, takes the full exit. */
pv_svc:
	srsdb	sp!, #MODE_SVC
	push	{r12}
	sub	r12, r0, #PV_IN_PLACE_BASE   /* one pv/call_in_place.h names? */
	cmp	r12, #31
	bhi	3f
	ldr	lr, =PV_IN_PLACE_MASK   /* SVC's LR is free: SRS saved it */
	lsr	r12, lr, r12
	tst	r12, #1
	beq	3f
	mrc	p15, 0, r12, c13, c0, 4 /* TPIDRPRW: this core's vCPU frame */
	stmia	r12, {r0-r3}
	mov	r0, r12
	bl	pv_fast_call            /* -> PV_FAST_NO / _DONE / _DELIVER */
	mrc	p15, 0, r12, c13, c0, 4
	mov	lr, r0
	ldmia	r12, {r0-r3}            /* the results, or the arguments untouched */
	pop	{r12}
	cmp	lr, #1                  /* PV_FAST_DONE */
	bne	1f
	rfeia	sp!
1:	cmp	lr, #0                  /* PV_FAST_NO: the call is made on the full exit */
	bne	2f
	save_and_trap 0
2:	save_and_trap 5                 /* made: the full exit only delivers */
3:	sub	r12, r0, #PV_IN_PLACE_BASE
	cmp	r12, #PV_IRET_INDEX
	cmpne	r12, #PV_EOI_IRET_INDEX
	bne	5f
	/* IRET, EOI_IRET: every register comes from the guest's frame, so
	 * only the call's are saved; C runs in Tandem's table (it reads the
	 * frame from guest RAM) and the vCPU it returns resumes in full. */
	mrc	p15, 0, r12, c13, c0, 4
	stmia	r12, {r0-r3}
	ldr	r1, =pv_tandem_ttbr
	ldr	r1, [r1]
	mcr	p15, 0, r1, c2, c0, 0   /* TTBR0: Tandem's own table */
	isb
	mov	r0, r12
	bl	pv_fast_iret
	cmp	r0, #0
	beq	4f
	add	sp, sp, #12             /* SRS's pair and r12: nothing returns through them */
	b	pv_resume
4:	mrc	p15, 0, r12, c13, c0, 4 /* refused: back as it was, -2 in r0 */
	ldr	r1, [r12, #PV_REG_TTBR]
	mcr	p15, 0, r1, c2, c0, 0
	isb
	ldmia	r12, {r0-r3}
	pop	{r12}
	rfeia	sp!
5:	pop	{r12}
	save_and_trap 0
pv_irq:
	enter	1, 4
pv_dabt:
	enter	2, 8
pv_pabt:
	enter	3, 4
pv_und:
	enter	4, 4

/* pv_resume(frame in r0): into the guest the frame describes. The ASID
 * changes while Tandem's table (global mappings only) is the current one,
 * so no walk of the guest's table is ever tagged with another ASID. */
	.global pv_resume
pv_resume:
	ldr	r1, [r0, #PV_REG_ASID]
	mcr	p15, 0, r1, c13, c0, 1  /* CONTEXTIDR */
	isb
	ldr	r1, [r0, #PV_REG_TTBR]
	mcr	p15, 0, r1, c2, c0, 0   /* TTBR0: the guest's table */
	isb
	add	r1, r0, #PV_REG_PC
	ldmia	r1, {r2, r3}
	push	{r2, r3}                /* RFE's PC and CPSR */
	add	r1, r0, #PV_REG_SP_USR
	ldmia	r1, {sp, lr}^
	ldmia	r0, {r0-r12}
	rfeia	sp!

/* pv_enter(frame, uint64_t stack_top: r2 low): the first entry into a
 * guest. Every later exception from USR starts on that stack top again. */
	.global pv_enter
pv_enter:
	mov	sp, r2
	mcr	p15, 0, r0, c13, c0, 4  /* TPIDRPRW */
	b	pv_resume

pv_from_pl1:
	mov	r0, #0
	b	pv_panic
pv_bad:
	mov	r0, #1
	b	pv_panic

	.section .note.GNU-stack, "", %progbits
