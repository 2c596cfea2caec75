/* Test guest entry on ARMv7-A, as Linux's booting.rst enters a zImage: SVC
 * mode, MMU and caches off, r0 = 0, r1 = ~0, r2 = the device tree. A zImage
 * header (so that loaders see the size), then: self-relocation (linked at 0,
 * position independent), per-vCPU stacks, exception vectors in SVC mode
 * (VBAR) and an identity-mapped LPAE MMU, so that memory is Normal and
 * cacheable as the arm64 guest has it. */
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#include "lib/arm32_image.h"

	.arch_extension virt
	.arch_extension sec


	.section .text.head, "ax"
	.global _start
_start:
	.rept	8
	mov	r0, r0
	.endr
	b	entry
	.word	0x016f2818              /* zImage magic */
	.word	0                       /* linked at 0: position independent */
	.word	__file_size             /* its end: the file holds the BSS too */
	.word	0x04030201              /* little-endian */

entry:
	cpsid	aif
	mov	r4, r2                  /* device tree */
	adr	r5, _start              /* load address = offset from the link address */
	relocate_self r5
	clear_bss
	mov	r0, #0
	bl	cpu_common_setup
	mov	r0, r4
	bl	guest_main
	b	park

/* Secondary vCPUs arrive from PSCI CPU_ON with their context id in r0: their
 * index in bits 0-7 (the stack is chosen by it), what to do above. */
	.global secondary_start
secondary_start:
	cpsid	aif
	mov	r4, r0
	and	r0, r0, #7
	bl	cpu_common_setup
	mov	r0, r4
	mov	r1, #0                  /* secondary_main(uint64_t ctx) */
	bl	secondary_main
	.global park
park:
	wfi
	b	park

/* r0 = vCPU index: stack, vectors, MMU. */
cpu_common_setup:
	adr_l	r1, stacks
	add	r2, r0, #1
	add	sp, r1, r2, lsl #14     /* 16 KiB per vCPU */
	adr_l	r1, guest_vectors
	mcr	p15, 0, r1, c12, c0, 0  /* VBAR (SCTLR.V is 0) */
	/* MAIR0: attr0 Device-nGnRE, attr1 Normal write-back */
	ldr	r1, =0xff04
	mcr	p15, 0, r1, c10, c2, 0
	/* TTBCR: EAE (LPAE), T0SZ = 0 (4 GiB from TTBR0), walks write-back
	 * inner shareable, TTBR1 unused. */
	ldr	r1, =(1 << 31) | (3 << 12) | (1 << 10) | (1 << 8)
	mcr	p15, 0, r1, c2, c0, 2
	adr_l	r1, page_table
	mov	r2, #0
	mcrr	p15, 0, r1, r2, c2      /* TTBR0 */
	isb
	mcr	p15, 0, r0, c8, c7, 0   /* TLBIALL */
	dsb
	isb
	mrc	p15, 0, r1, c1, c0, 0
	ldr	r2, =(1 << 0) | (1 << 2) | (1 << 12)   /* M, C, I */
	orr	r1, r1, r2
	mcr	p15, 0, r1, c1, c0, 0
	isb
	bx	lr

/* Exception vectors. Every entry but SVC's moves to SVC mode, its return
 * address and SPSR stored on the SVC stack (SRS) under the caller-saved
 * registers: struct irq_frame. An SVC returns at once (the native-exception
 * benchmark); an IRQ goes to C (gic.c, guest_irq); an undefined instruction
 * while hvc_probing is set is the HVC of the platform probe on a CPU without
 * HYP: stepped over with r0 = -1 (NOT_SUPPORTED). Anything else goes to C
 * (exception.c) with its fault status and address. */
.macro to_svc lr_adjust
	.if \lr_adjust
	sub	lr, lr, #\lr_adjust
	.endif
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r0-r3, r12, lr}
.endm

	.balign 32
	.global guest_vectors
guest_vectors:
	b	reset_entry
	b	undef_entry
	movs	pc, lr                  /* SVC */
	b	pabt_entry
	b	dabt_entry
	b	hyp_entry
	b	irq_entry
	b	fiq_entry

/* The latency benchmarks' vectors (irqtests.c, bench-irq): the IRQ vector's
 * first instruction reads the cycle counter. The IRQ mode's only free
 * register is its SP, which nothing uses (every entry moves to SVC mode):
 * the reading waits there. The IRQ slot has one word; the next, FIQ's, is
 * its branch onwards: FIQs stay masked in this guest (cpsid aif at entry,
 * irqs_on unmasks I only). */
	.balign 32
	.global bench_vectors
bench_vectors:
	b	reset_entry
	b	undef_entry
	movs	pc, lr                  /* SVC */
	b	pabt_entry
	b	dabt_entry
	b	hyp_entry
	mrc	p15, 0, sp, c9, c13, 0  /* IRQ: PMCCNTR into SP_irq */
	b	bench_irq_entry

/* Calls \fn with the stack 8-byte aligned, as AAPCS wants at a call: the
 * interrupted code may have been between a push and the rest of its frame. */
.macro call_aligned fn
	and	r12, sp, #4
	sub	sp, sp, r12
	push	{r12, lr}               /* the adjustment; 8 bytes keep the alignment */
	bl	\fn
	pop	{r12, lr}
	add	sp, sp, r12
.endm

irq_entry:
	to_svc	4
irq_handle:
	mov	r0, sp
	call_aligned guest_irq
	pop	{r0-r3, r12, lr}
	rfeia	sp!

/* The reading left in SP_irq to irq_stamp (zero-extended), then as any IRQ. */
bench_irq_entry:
	to_svc	4
	cps	#MODE_IRQ
	mov	r0, sp
	cps	#MODE_SVC
	adr_l	r1, irq_stamp
	mov	r2, #0
	str	r0, [r1]
	str	r2, [r1, #4]
	b	irq_handle

undef_entry:
	to_svc	0                       /* LR: the next instruction */
	adr_l	r0, hvc_probing
	ldr	r0, [r0]
	cmp	r0, #0
	beq	1f
	mvn	r0, #0
	str	r0, [sp]                /* the caller's r0 */
	pop	{r0-r3, r12, lr}
	rfeia	sp!
1:	ldr	r0, [sp, #24]
	sub	r0, r0, #4
	str	r0, [sp, #24]           /* the instruction itself */
	mov	r0, #1
	b	report

reset_entry:
	to_svc	0
	mov	r0, #0
	b	report
pabt_entry:
	to_svc	4
	mov	r0, #3
	b	report
dabt_entry:
	to_svc	8
	mov	r0, #4
	b	report
hyp_entry:
	to_svc	0
	mov	r0, #5
	b	report
fiq_entry:
	to_svc	4
	mov	r0, #7
	b	report

/* guest_exception(kind, frame, fsr, far): the vector's index; DFSR/DFAR
 * for a data abort, IFSR/IFAR otherwise. Should it return (a guest that
 * catches exceptions), the frame is restored and execution resumes at its
 * elr, which the handler may have moved. */
report:
	mov	r1, sp
	cmp	r0, #4
	mrceq	p15, 0, r2, c5, c0, 0   /* DFSR */
	mrceq	p15, 0, r3, c6, c0, 0   /* DFAR */
	mrcne	p15, 0, r2, c5, c0, 1   /* IFSR */
	mrcne	p15, 0, r3, c6, c0, 2   /* IFAR */
	call_aligned guest_exception
	pop	{r0-r3, r12, lr}
	rfeia	sp!

/* wait_irq_flag(flag, wakes): unmask IRQs and WFI until an interrupt
 * handler sets *flag (returns 1) or WFI has returned `wakes` times without
 * (returns 0). Returns with IRQs masked. An interrupt taken after the
 * flag's load but before the WFI sleeps would leave it waiting for another:
 * guest_irq sends such a return back to the load (wait_irq_check). wakes is
 * a uint64_t in r2:r3; its low word counts. */
	.global wait_irq_flag, wait_irq_check, wait_irq_wfi
wait_irq_flag:
	cpsie	i
wait_irq_check:
	ldr	r12, [r0]
	cmp	r12, #0
	bne	2f
	subs	r2, r2, #1
	beq	3f
wait_irq_wfi:
	wfi
	b	wait_irq_check
2:	cpsid	i
	mov	r0, #1
	bx	lr
3:	cpsid	i
	mov	r0, #0
	bx	lr

/* sgi_timed_v3(sgi1r, flag, spins) and sgi_timed_v2(sgir, flag, spins,
 * &GICD_SGIR): with IRQs unmasked, send an SGI with the one instruction
 * right after a cycle-counter read, then spin (at most spins times) until
 * the handler sets *flag. Return that reading: the write's own count is one
 * more. IRQs are masked again on return. The arguments as AAPCS passes
 * them: v3's sgi1r in r0:r1, flag in r2, spins on the stack; v2's sgir in
 * r0, flag in r1, spins in r2:r3, &GICD_SGIR on the stack (the low words
 * of spins count). r4 and r5 survive the interrupt (the handler saves
 * r0-r3, r12 and lr only). */
	.global sgi_timed_v3, sgi_timed_v2
sgi_timed_v3:
	push	{r4, r5}
	ldr	r4, [sp, #8]            /* spins */
	dsb	ishst
	cpsie	i
	isb
	mrc	p15, 0, r5, c9, c13, 0  /* PMCCNTR */
	mcrr	p15, 0, r0, r1, c12     /* ICC_SGI1R */
	isb
1:	ldr	r3, [r2]
	cmp	r3, #0
	bne	2f
	subs	r4, r4, #1
	bne	1b
2:	cpsid	i
	mov	r0, r5
	mov	r1, #0
	pop	{r4, r5}
	bx	lr

sgi_timed_v2:
	push	{r4, r5}
	ldr	r4, [sp, #8]            /* &GICD_SGIR */
	dsb	ishst
	cpsie	i
	isb
	mrc	p15, 0, r5, c9, c13, 0  /* PMCCNTR */
	str	r0, [r4]
1:	ldr	r3, [r1]
	cmp	r3, #0
	bne	2f
	subs	r2, r2, #1
	bne	1b
2:	cpsid	i
	mov	r0, r5
	mov	r1, #0
	pop	{r4, r5}
	bx	lr

	.ltorg

	.section .data
	.balign 4096
/* LPAE level-1 table, 1 GiB blocks: [0,1G) Device and never executable,
 * [1G,4G) Normal, inner shareable. Absolute physical addresses: the
 * identity map does not move with the image. */
page_table:
	.quad	0x0000000000000000 | (0 << 2) | (1 << 10) | 0x1 | (1 << 54)
	.quad	0x0000000040000000 | (1 << 2) | (1 << 10) | (3 << 8) | 0x1
	.quad	0x0000000080000000 | (1 << 2) | (1 << 10) | (3 << 8) | 0x1
	.quad	0x00000000c0000000 | (1 << 2) | (1 << 10) | (3 << 8) | 0x1

	.section .bss
	.balign 16
stacks:
	.space	16384 * 8

	.section .note.GNU-stack, "", %progbits
