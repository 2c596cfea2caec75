/* The paravirtual path's EL1 vectors (docs/paravirt.md). Guests run at EL0
 * in address spaces Tandem built (pv/address_space.c); each maps Tandem's
 * image for EL1 only, so an exception from EL0 lands here with this core's
 * stack (SP_EL1) and the current vCPU's frame (TPIDR_EL1, struct
 * pv_arch_regs in context.h) reachable. The entry saves the guest's
 * registers into the frame and switches TTBR0_EL1 to Tandem's own table
 * (the guest's has nothing else of Tandem's: a KPTI-like split), calls
 * pv_trap(frame, kind) (exception.c), then switches back and returns. */

#include "pv/call_in_place.h"

#define F_SP     (31 * 8)
#define F_ELR    (32 * 8)
#define F_SPSR   (33 * 8)
#define F_TTBR   (34 * 8)    /* the guest's TTBR0_EL1 (table | ASID) */

.macro vector label
	.balign 0x80
	b	\label
.endm

	.section .text
	.balign 0x800
	.global pv_vectors
pv_vectors:
	vector	pv_bad_el1          /* current EL, SP0: never used */
	vector	pv_bad_el1
	vector	pv_bad_el1
	vector	pv_bad_el1
	vector	pv_fault_el1        /* current EL, SPx: a Tandem bug */
	vector	pv_bad_el1
	vector	pv_bad_el1
	vector	pv_bad_el1
	vector	pv_sync_el0         /* lower EL, AArch64 */
	vector	pv_irq_el0
	vector	pv_bad_el1
	vector	pv_bad_el1
	vector	pv_bad_el1          /* lower EL, AArch32: not supported */
	vector	pv_bad_el1
	vector	pv_bad_el1
	vector	pv_bad_el1

/* The registers a C call may change (x0-x18, x30) into the frame; x0 =
 * the frame. */
.macro save_caller_saved
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el1
	stp	x2, x3, [x0, #16]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	str	x18, [x0, #144]
	str	x30, [x0, #240]
.endm

/* The rest (x19-x29, SP_EL0, ELR, SPSR) into the frame at x0, then
 * Tandem's own address space. */
.macro save_rest
	str	x19, [x0, #152]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	mrs	x1, sp_el0
	str	x1, [x0, #248]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [x0, #F_ELR]
	adrp	x1, pv_tandem_ttbr
	ldr	x1, [x1, :lo12:pv_tandem_ttbr]
	msr	ttbr0_el1, x1
	isb
.endm

/* A call that touches no guest memory (pv/call_in_place.c) takes the short
 * way: only what C may change is saved, the guest's table (which maps
 * Tandem's image: all those calls use) stays, and ERET returns at once.
 * Anything else, or a call that made an interrupt due, takes the full
 * exit. */
pv_sync_el0:
	save_caller_saved
	mrs	x1, esr_el1
	lsr	x1, x1, #26
	cmp	x1, #0x15               /* EC_SVC64 */
	b.ne	1f
	ldr	w1, [x0]                /* the function ID: one pv/call_in_place.h names? */
	mov	w2, #(PV_IN_PLACE_BASE >> 16)
	sub	w1, w1, w2, lsl #16
	cmp	w1, #31
	b.hi	1f
	movz	w2, #(PV_IN_PLACE_MASK & 0xffff)
	movk	w2, #(PV_IN_PLACE_MASK >> 16), lsl #16
	lsr	w2, w2, w1
	tbz	w2, #0, 4f
	bl	pv_fast_call            /* -> PV_FAST_NO / _DONE / _DELIVER */
	cmp	x0, #1
	b.ne	2f
	mrs	x0, tpidr_el1           /* PV_FAST_DONE: back with the results */
5:	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldr	x18, [x0, #144]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
/* IRET, EOI_IRET: every register comes from the guest's frame, so the
 * rest need not be saved; C runs in Tandem's table (it reads the frame
 * from guest RAM) and the vCPU it returns resumes in full. */
4:	cmp	w1, #PV_IRET_INDEX
	ccmp	w1, #PV_EOI_IRET_INDEX, #4, ne
	b.ne	1f
	adrp	x1, pv_tandem_ttbr
	ldr	x1, [x1, :lo12:pv_tandem_ttbr]
	msr	ttbr0_el1, x1
	isb
	bl	pv_fast_iret
	cbnz	x0, pv_resume
	mrs	x0, tpidr_el1           /* refused: back as it was, -2 in x0 */
	ldr	x1, [x0, #F_TTBR]
	msr	ttbr0_el1, x1
	isb
	b	5b
2:	cmp	x0, #0                  /* PV_FAST_NO: made on the full exit */
	mov	x3, #2                  /* PV_FAST_DELIVER: made; the exit delivers */
	csel	x3, xzr, x3, eq         /* (x3 is in the frame already: scratch) */
	mrs	x0, tpidr_el1
	b	3f
1:	mov	x3, #0
3:	save_rest
	mov	x1, x3
	bl	pv_trap
	b	pv_resume

pv_irq_el0:
	save_caller_saved
	save_rest
	mov	x1, #1
	bl	pv_trap
	b	pv_resume

/* pv_resume(frame in x0): into the guest the frame describes. */
	.global pv_resume
pv_resume:
	ldr	x1, [x0, #F_TTBR]
	msr	ttbr0_el1, x1
	isb
	ldp	x1, x2, [x0, #F_ELR]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x30, x1, [x0, #240]
	msr	sp_el0, x1
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldp	x0, x1, [x0, #0]
	eret

/* pv_enter(frame, stack top): the first entry into a guest, from C. Every
 * later exception from EL0 starts on that stack top again. */
	.global pv_enter
pv_enter:
	mov	sp, x1
	msr	tpidr_el1, x0
	b	pv_resume

pv_fault_el1:
	mov	x0, #0
	b	pv_panic
pv_bad_el1:
	mov	x0, #1
	b	pv_panic
