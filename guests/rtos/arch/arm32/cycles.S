/* port_cycles() on the PMU's cycle counter (cycles.c calibrates it). */
#include "guests/rtos/arch/arm32/asm.h"

	.arm
	.section .note.GNU-stack, "", %progbits
	.text

/* port_cycles(): the cycle counter as at this call's own instruction (the
 * bl), as arm64's: under QEMU's -icount a read gives the time at the end
 * of its own instruction, here the fifth from the bl's start. PMCCNTR has
 * 32 bits on ARMv7: the high word is counted here, a wrap seen as a low
 * word below the last one read (so one read at least every 2^32 cycles,
 * 4.3 s at QEMU's 1 GHz: the timer interrupt's stamp and the demo's tasks
 * read it far more often). Interrupts masked: a handler's read in between
 * would look like a wrap. */
	.global port_cycles
port_cycles:
	mrs	r3, cpsr
	cpsid	i
	isb
	mrc	p15, 0, r0, c9, c13, 0  /* PMCCNTR */
	sub	r0, r0, #5
	adr_l	r2, cycles_ext
	ldr	r1, [r2]                /* the last low word */
	ldr	r12, [r2, #4]           /* the high word */
	cmp	r0, r1
	addlo	r12, r12, #1            /* wrapped since */
	str	r0, [r2]
	str	r12, [r2, #4]
	mov	r1, r12
	msr	cpsr_c, r3
	bx	lr

	.section .bss
	.balign	8
cycles_ext:
	.space	8
