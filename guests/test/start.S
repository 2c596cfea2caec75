/* Test guest entry: an arm64 Image header (so Tandem places it like a Linux
 * kernel), then per-vCPU stacks, exception vectors, FP on (libfdt uses SIMD)
 * and an identity-mapped MMU so that memory is Normal and cacheable. */

	.section .text.head, "ax"
	.global _start
_start:
	b	entry
	.long	0
	.quad	0                       /* text_offset */
	.quad	__image_size            /* image_size */
	.quad	0x2                     /* little-endian, 4 KiB pages */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0

entry:
	mov	x19, x0                 /* device tree */
	/* Linked at 0 as a position-independent executable: apply our own
	 * R_AARCH64_RELATIVE relocations for wherever the VM's RAM starts. */
	adrp	x20, _start             /* runtime load address = offset */
	adrp	x0, __rela_start
	add	x0, x0, :lo12:__rela_start
	adrp	x1, __rela_end
	add	x1, x1, :lo12:__rela_end
3:	cmp	x0, x1
	b.hs	4f
	ldp	x2, x3, [x0], #16       /* r_offset, r_info */
	ldr	x4, [x0], #8            /* r_addend */
	cmp	w3, #1027               /* R_AARCH64_RELATIVE */
	b.ne	3b
	add	x4, x4, x20
	str	x4, [x2, x20]
	b	3b
4:	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	mov	x0, #0
	bl	cpu_common_setup
	mov	x0, x19
	bl	guest_main
	b	park

/* Secondary vCPUs arrive from PSCI CPU_ON with their index in x0. */
	.global secondary_start
secondary_start:
	mov	x19, x0
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
 * benchmark); anything else is reported by C. */
	.balign 0x800
guest_vectors:
	.rept 4                         /* current EL with SP_EL0 */
	.balign 0x80
	b	unexpected
	.endr
	.balign 0x80                    /* current EL with SP_EL1, synchronous */
	mrs	x17, esr_el1
	lsr	x17, x17, #26
	cmp	x17, #0x15              /* SVC */
	b.ne	unexpected
	eret
	.rept 11                        /* the rest: IRQ/FIQ/SError, lower ELs */
	.balign 0x80
	b	unexpected
	.endr
unexpected:
	mrs	x0, esr_el1
	mrs	x1, elr_el1
	mrs	x2, far_el1
	bl	guest_unexpected_exception
	b	park

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
