/* Where a secondary Cortex-A9 enters Tandem on vexpress: from the boot
 * loader's wait (QEMU's, or a board's), in SVC with the MMU off, at the
 * address machine_cpu_on wrote to SYS_FLAGS, knowing nothing but its own
 * MPIDR. Every waiting core comes: each finds its stack by its CPU number. */
#include "el2/arm32/layout.h"

	.syntax unified
	.arm
	.section .text
	.global a9_secondary_entry
a9_secondary_entry:
	cpsid	aif
	mrc	p15, 0, r10, c0, c0, 5  /* MPIDR: Aff0 is the A9 MPCore's CPU number */
	and	r10, r10, #(TANDEM_MAX_CPUS - 1)
	ldr	r1, =cpu_stack_tops     /* uint64_t each: the low word */
	ldr	sp, [r1, r10, lsl #3]
	cmp	sp, #0
	beq	arch_halt               /* a core pv_run gave no stack */
	bl	a9_core_setup
	bl	mmu_enable_secondary
	mov	r0, r10
	bl	a9_secondary_main       /* does not return */
	b	arch_halt

/* Per core: ACTLR.SMP and FW, without which the A9's caches and TLB
 * maintenance do not take part in coherency; the Secure state's own
 * VBAR is set by pv_core_setup. */
	.global a9_core_setup
a9_core_setup:
	mrc	p15, 0, r0, c1, c0, 1
	orr	r0, r0, #0x41
	mcr	p15, 0, r0, c1, c0, 1
	isb
	bx	lr

	.section .note.GNU-stack, "", %progbits
