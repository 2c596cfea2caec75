/* Test guest entry: an arm64 Image header (so Tandem places it like a Linux
 * kernel), then per-vCPU stacks, exception vectors, FP on (libfdt uses SIMD)
 * and an identity-mapped MMU so that memory is Normal and cacheable. */
#include "lib/arm64_image.h"

	.section .text.head, "ax"
	.global _start
_start:
	arm64_image_header entry

entry:
	mov	x19, x0                 /* device tree */
	/* Linked at 0 as a position-independent executable: apply our own
	 * R_AARCH64_RELATIVE relocations for wherever the VM's RAM starts. */
	adrp	x20, _start             /* runtime load address = offset */
	relocate_self x20
	clear_bss
	mov	x0, #0
	bl	cpu_common_setup
	mov	x0, x19
	bl	guest_main
	b	park

/* Secondary vCPUs arrive from PSCI CPU_ON with their context id in x0: their
 * index in bits 0-7 (the stack is chosen by it), what to do above. */
	.global secondary_start
secondary_start:
	mov	x19, x0
	and	x0, x0, #7
	bl	cpu_common_setup
	mov	x0, x19
	bl	secondary_main
park:
	wfi
	b	park

/* x0 = vCPU index: stack, vectors, FP, MMU. */
cpu_common_setup:
	adrp	x1, stacks
	add	x1, x1, :lo12:stacks
	add	x2, x0, #1
	lsl	x2, x2, #14             /* 16 KiB per vCPU */
	add	sp, x1, x2
	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1
	mov	x1, #(3 << 20)          /* CPACR_EL1.FPEN: no FP/SIMD traps */
	msr	cpacr_el1, x1
	isb
	/* MAIR: attr0 Device-nGnRE, attr1 Normal write-back */
	mov	x1, #0xff04
	msr	mair_el1, x1
	/* TCR: T0SZ=25 (39-bit), WB walks, inner shareable, 4 KiB, TTBR1 off, 40-bit PA */
	ldr	x1, =((25) | (1 << 8) | (1 << 10) | (3 << 12) | (1 << 23) | (2 << 32))
	msr	tcr_el1, x1
	adrp	x1, page_table
	add	x1, x1, :lo12:page_table
	msr	ttbr0_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	mrs	x1, sctlr_el1
	mov	x2, #(1 << 0) | (1 << 2) | (1 << 12)   /* M, C, I */
	orr	x1, x1, x2
	msr	sctlr_el1, x1
	isb
	ret

/* Exception vectors: an SVC from EL1 returns at once (the native-exception
 * benchmark), an IRQ goes to C (gic.c, guest_irq); anything else is reported
 * by C (x3 = the vector's index). bench_vectors differ only in their IRQ
 * entry, whose first instruction reads the cycle counter into irq_stamp for
 * the latency benchmarks: it clobbers x16 and x17, which the code that runs
 * with interrupts unmasked under it (wait_irq_flag, sgi_timed_*) treats as
 * scratch, as any called function may. */
#define IRQ_FRAME 192

.macro unexpected_entry n
	.balign 0x80
	mov	x3, #\n
	b	unexpected
.endm

.macro irq_entry stamp
	.balign 0x80
	.if \stamp == 2
	/* timer_vectors (bench-timer, no PMU): the generic timer at the first
	 * instruction (irq_stamp), then the number of 4-instruction spins until
	 * it next ticks (irq_spins), which places the first instruction within
	 * the tick to +-2 instructions (irqtests.c, bench_irq). */
	mrs	x17, cntvct_el0
	sub	sp, sp, #IRQ_FRAME
	stp	x0, x1, [sp]
	mov	x16, #0
1:	add	x16, x16, #1
	mrs	x0, cntvct_el0
	cmp	x0, x17
	b.eq	1b
	adrp	x0, irq_stamp
	str	x17, [x0, :lo12:irq_stamp]
	adrp	x0, irq_spins
	str	x16, [x0, :lo12:irq_spins]
	b	irq_common
	.else
	.if \stamp
	mrs	x17, pmccntr_el0
	adrp	x16, irq_stamp
	str	x17, [x16, :lo12:irq_stamp]
	.endif
	sub	sp, sp, #IRQ_FRAME
	stp	x0, x1, [sp]
	b	irq_common
	.endif
.endm

.macro vector_table stamp
	unexpected_entry 0              /* current EL with SP_EL0 */
	unexpected_entry 1
	unexpected_entry 2
	unexpected_entry 3
	.balign 0x80                    /* current EL with SP_EL1, synchronous */
	mrs	x17, esr_el1
	lsr	x17, x17, #26
	cmp	x17, #0x15              /* SVC */
	b.ne	sync_other
	eret
	irq_entry \stamp                /* current EL with SP_EL1, IRQ */
	unexpected_entry 6              /* FIQ, SError, then the lower ELs */
	unexpected_entry 7
	unexpected_entry 8
	unexpected_entry 9
	unexpected_entry 10
	unexpected_entry 11
	unexpected_entry 12
	unexpected_entry 13
	unexpected_entry 14
	unexpected_entry 15
.endm

	.global guest_vectors, bench_vectors, timer_vectors
	.balign 0x800
guest_vectors:
	vector_table 0
	.balign 0x800
bench_vectors:
	vector_table 1
	.balign 0x800
timer_vectors:
	vector_table 2

/* An undefined instruction while hvc_probing is set is the HVC of the
 * platform probe on a CPU without EL2: step over it, x0 = -1 (NOT_SUPPORTED). */
sync_other:
	cbnz	x17, sync_unexpected    /* EC 0: unknown reason (undefined) */
	adrp	x17, hvc_probing
	ldr	w17, [x17, :lo12:hvc_probing]
	cbz	w17, sync_unexpected
	mrs	x17, elr_el1
	add	x17, x17, #4
	msr	elr_el1, x17
	mov	x0, #-1
	eret
sync_unexpected:
	mov	x3, #4
unexpected:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	guest_unexpected_exception
	b	park

/* Caller-saved registers, ELR and SPSR around guest_irq(frame); interrupts
 * stay masked throughout (no nesting). */
irq_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #176]
	mov	x0, sp
	bl	guest_irq
	ldp	x0, x1, [sp, #176]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldr	x30, [sp, #160]
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp]
	add	sp, sp, #IRQ_FRAME
	eret

/* wait_irq_flag(flag, wakes): unmask IRQs and WFI until an interrupt
 * handler sets *flag (returns 1) or WFI has returned `wakes` times without
 * (returns 0: a trapped WFI may return at once, again and again). Returns
 * with IRQs masked. An interrupt taken after the flag's load but before the
 * WFI sleeps would leave it waiting for another: guest_irq sends such a
 * return back to the load (wait_irq_check). */
	.global wait_irq_flag, wait_irq_check, wait_irq_wfi
wait_irq_flag:
	msr	daifclr, #2
wait_irq_check:
	ldr	w2, [x0]
	cbnz	w2, 2f
	subs	x1, x1, #1
	b.eq	3f
wait_irq_wfi:
	wfi
	b	wait_irq_check
2:	msr	daifset, #2
	mov	x0, #1
	ret
3:	msr	daifset, #2
	mov	x0, #0
	ret

/* sgi_timed_v3(sgi1r, flag, spins) and sgi_timed_v2(sgir, flag, spins,
 * &GICD_SGIR): with IRQs unmasked, send an SGI with the one instruction
 * right after a cycle-counter read, then spin (at most spins times) until
 * the handler sets *flag. Return that reading: the write's own count is one
 * more. IRQs are masked again on return. */
	.global sgi_timed_v3, sgi_timed_v2
sgi_timed_v3:
	dsb	ishst
	msr	daifclr, #2
	isb
	mrs	x3, pmccntr_el0
	msr	icc_sgi1r_el1, x0
	isb
1:	ldr	w4, [x1]
	cbnz	w4, 2f
	subs	x2, x2, #1
	b.ne	1b
2:	msr	daifset, #2
	mov	x0, x3
	ret

sgi_timed_v2:
	dsb	ishst
	msr	daifclr, #2
	isb
	mrs	x4, pmccntr_el0
	str	w0, [x3]
1:	ldr	w5, [x1]
	cbnz	w5, 2f
	subs	x2, x2, #1
	b.ne	1b
2:	msr	daifset, #2
	mov	x0, x4
	ret

	.section .data
	.balign 4096
/* Level-1 table, 1 GiB blocks: [0,1G) Device, [1G,4G) Normal. Absolute
 * physical addresses: the identity map does not move with the image. */
page_table:
	.quad	0x0000000000000000 | (0 << 2) | (1 << 10) | 0x1 | (1 << 54)
	.quad	0x0000000040000000 | (1 << 2) | (1 << 10) | (3 << 8) | 0x1
	.quad	0x0000000080000000 | (1 << 2) | (1 << 10) | (3 << 8) | 0x1
	.quad	0x00000000c0000000 | (1 << 2) | (1 << 10) | (3 << 8) | 0x1
	.fill	508, 8, 0

	.section .bss
	.balign 16
stacks:
	.space	16384 * 8
