/* A vCPU's floating-point and Advanced SIMD registers (VFPv3/v4-D32 on
 * Cortex-A7/A15), saved and loaded when the core changes vCPU. Tandem's
 * own C never touches them (-mgeneral-regs-only). HYP can access them only
 * with FPEXC.EN set, which is the guest's: it is saved first and restored
 * last. */
	.syntax unified
	.arm
	.fpu	neon-vfpv4
	.section .text

/* void arch_vfp_save(struct vfp_state *s): d0-d31, FPSCR, FPEXC. */
	.global arch_vfp_save
arch_vfp_save:
	vmrs	r2, fpexc
	orr	r3, r2, #(1 << 30)      /* EN */
	vmsr	fpexc, r3
	isb
	vstmia	r0!, {d0-d15}
	vstmia	r0!, {d16-d31}
	vmrs	r3, fpscr
	str	r3, [r0], #4
	str	r2, [r0]
	bx	lr

/* void arch_vfp_load(const struct vfp_state *s) */
	.global arch_vfp_load
arch_vfp_load:
	vmrs	r2, fpexc
	orr	r2, r2, #(1 << 30)
	vmsr	fpexc, r2
	isb
	vldmia	r0!, {d0-d15}
	vldmia	r0!, {d16-d31}
	ldr	r3, [r0], #4
	vmsr	fpscr, r3
	ldr	r2, [r0]
	vmsr	fpexc, r2
	bx	lr

	.section .note.GNU-stack, "", %progbits
