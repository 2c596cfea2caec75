/* The paravirtual test guest's ARMv7-A parts (USR mode on the Cortex-A9,
 * pv/abi.h's register convention): the call, the counter (through Tandem:
 * USR mode cannot read the A9's timers), the privileged probe and the
 * stack switch, so that main.c is the same C on both architectures. */
#ifndef PVTEST_ARM32_H
#define PVTEST_ARM32_H

#include <stdint.h>
#include "pv/abi.h"

#define PV_MODE        "USR mode"
#define PV_PRIVILEGED  "SCTLR"              /* MRC p15 c1: UNDEFINED in USR mode */
#define PV_TANDEM_VA   0x60010000ul         /* Tandem's image on vexpress-a9 */
#define PV_HUGE        0x40000000ul         /* a length / offset beyond any VM */
#define PV_TIMER_INTID 27u                  /* the A9 global timer's PPI */

/* SVC #0: r0 the function ID, r1-r4 arguments; r0 (and r1, r2) back. */
static inline uintptr_t pv_call(uint32_t fid, uintptr_t a, uintptr_t b, uintptr_t c, uintptr_t d,
				uintptr_t *out1, uintptr_t *out2)
{
	register uint32_t r0 __asm__("r0") = fid;
	register uint32_t r1 __asm__("r1") = a;
	register uint32_t r2 __asm__("r2") = b;
	register uint32_t r3 __asm__("r3") = c;
	register uint32_t r4 __asm__("r4") = d;

	__asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4) : : "memory");
	if (out1)
		*out1 = r1;
	if (out2)
		*out2 = r2;
	return r0;
}

/* TANDEM_PV_COUNTER (r1-r4 ignored): r0 low, r1 high, r2 Hz. */
static inline uint64_t pv_counter_call(uintptr_t garbage, uint64_t *hz)
{
	uintptr_t hi, f, lo = pv_call(TANDEM_PV_COUNTER, garbage, garbage, garbage, garbage, &hi, &f);

	*hz = f;
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t pv_counter(uint64_t *hz)
{
	return pv_counter_call(0, hz);
}

/* The 64-bit deadline in r1 (low) and r2 (high). */
static inline intptr_t pv_timer_set(uint64_t deadline)
{
	return (intptr_t)pv_call(TANDEM_PV_TIMER_SET, (uint32_t)deadline, (uint32_t)(deadline >> 32), 0, 0, 0, 0);
}

/* Must trap (UNDEF: CPS would be a NOP in USR mode, MRC of SCTLR is not):
 * Tandem stops the VM before this returns. */
static inline uint64_t pv_privileged_read(void)
{
	register uint32_t r0 __asm__("r0");

	__asm__ volatile("mrc p15, 0, r0, c1, c0, 0" : "=r"(r0));
	return r0;
}

/* A frame asking for SVC mode with IRQs and FIQs masked (frame=1): what
 * TANDEM_PV_IRET must not give; and the mode it gave, from the CPSR, which
 * USR mode may read. */
#define PV_PRIVILEGED_FRAME_FLAGS 0x1d3u
#define PV_PRIVILEGED_FRAME       "SVC mode with IRQs and FIQs masked (CPSR 0x1d3)"
#define PV_FRAME_R0(f)            ((f).r[0])
#define PV_CPSR_READABLE          1

static inline uint32_t pv_cpsr(void)
{
	uint32_t cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return cpsr;
}

/* SP to 0x100, outside its RAM, then unmask as the ABI says (a store, and
 * the call if the interrupt is already pending), and wait for it. */
static inline __attribute__((noreturn)) void pv_wait_irq_with_bad_sp(struct tandem_pv_shared *s)
{
	__asm__ volatile("mov r0, #0x100\n mov sp, r0\n"
			 " mov r1, #0\n str r1, [%0]\n ldr r1, [%1]\n cmp r1, #0\n beq 1f\n"
			 " mov r0, %2\n svc #0\n"
			 "1: b 1b"
			 : : "r"(&s->masked), "r"(&s->pending), "r"((uint32_t)TANDEM_PV_IRQ_UNMASKED)
			 : "r0", "r1", "memory", "cc");
	__builtin_unreachable();
}

#endif
