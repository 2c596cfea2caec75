/* The paravirtual test guest's AArch64 parts (EL0 on QEMU virt): the call,
 * the counter, the privileged probe and the stack switch, so that main.c
 * is the same C on both architectures. */
#ifndef PVTEST_ARM64_H
#define PVTEST_ARM64_H

#include <stdint.h>
#include "pv/abi.h"

#define PV_MODE        "EL0"
#define PV_PRIVILEGED  "CurrentEL"          /* what EL0 may not read */
#define PV_TANDEM_VA   0x40200000ul         /* Tandem's image on QEMU virt */
#define PV_HUGE        (1ul << 40)          /* a length / offset beyond any VM */
#define PV_TIMER_INTID 27u                  /* the virtual timer's PPI */

/* SVC #0: x0 the function ID, x1-x4 arguments; x0 (and x1, x2) back. */
static inline uintptr_t pv_call(uint32_t fid, uintptr_t a, uintptr_t b, uintptr_t c, uintptr_t d,
				uintptr_t *out1, uintptr_t *out2)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a;
	register uint64_t x2 __asm__("x2") = b;
	register uint64_t x3 __asm__("x3") = c;
	register uint64_t x4 __asm__("x4") = d;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4) : : "memory");
	if (out1)
		*out1 = x1;
	if (out2)
		*out2 = x2;
	return x0;
}

/* EL0 reads the virtual counter TIMER_SET counts in itself. */
static inline uint64_t pv_counter(uint64_t *hz)
{
	uint64_t t, f;

	__asm__ volatile("isb; mrs %0, cntvct_el0; mrs %1, cntfrq_el0" : "=r"(t), "=r"(f));
	*hz = f;
	return t;
}

/* TANDEM_PV_COUNTER (the same counter, through Tandem): x0, Hz in x1. */
static inline uint64_t pv_counter_call(uintptr_t garbage, uint64_t *hz)
{
	uintptr_t f = 0, t = pv_call(TANDEM_PV_COUNTER, garbage, garbage, garbage, garbage, &f, 0);

	*hz = f;
	return t;
}

static inline intptr_t pv_timer_set(uint64_t deadline)
{
	return (intptr_t)pv_call(TANDEM_PV_TIMER_SET, deadline, 0, 0, 0, 0, 0);
}

/* Must trap: Tandem stops the VM before this returns. */
/* A frame asking for EL1h with DAIF masked (frame=1): what TANDEM_PV_IRET
 * must not give. EL0 cannot read its own level, so the frame's landing
 * tries the privileged read: at EL0 Tandem stops it for that. */
#define PV_PRIVILEGED_FRAME_FLAGS 0x3c5u
#define PV_PRIVILEGED_FRAME       "EL1h with DAIF masked (SPSR 0x3c5)"
#define PV_FRAME_R0(f)            ((f).x[0])

static inline uint64_t pv_privileged_read(void)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	return el;
}

/* SP to 0x100, outside its RAM, then unmask as the ABI says (a store, and
 * the call if the interrupt is already pending), and wait for it. */
static inline __attribute__((noreturn)) void pv_wait_irq_with_bad_sp(struct tandem_pv_shared *s)
{
	__asm__ volatile("mov x0, #0x100\n mov sp, x0\n"
			 " str wzr, [%0]\n ldr w1, [%1]\n cbz w1, 1f\n"
			 " mov x0, %2\n svc #0\n"
			 "1: b 1b"
			 : : "r"(&s->masked), "r"(&s->pending), "r"((uint64_t)TANDEM_PV_IRQ_UNMASKED)
			 : "x0", "x1", "memory");
	__builtin_unreachable();
}

#endif
