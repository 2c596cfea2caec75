/* The ARMv7-A half of bsp-pv/hypercall.h: the call (SVC #0, r0-r4, result
 * r0; a 64-bit value in two registers, low first), the time base and how
 * the upcall ends an interrupt. USR mode cannot read the A9's global timer,
 * so time is a call (TANDEM_PV_COUNTER): read it only where the native
 * port reads its counter. */
#ifndef RTOS_ARM32_PV_PV_H
#define RTOS_ARM32_PV_PV_H
#include <stdint.h>
#include "guests/rtos/arch/arm32/cpu.h"
#include "pv/abi.h"

static inline long pv_call(uint32_t fid, unsigned long a1, unsigned long a2, unsigned long a3,
			   unsigned long a4)
{
	register uint32_t r0 __asm__("r0") = fid;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;
	register uint32_t r4 __asm__("r4") = a4;

	__asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4) : : "memory");
	return (long)(int32_t)r0;
}

/* TANDEM_PV_COUNTER: the count (r0 low, r1 high) and its Hz (r2). */
static inline uint64_t pv_counter(uint32_t *hz)
{
	register uint32_t r0 __asm__("r0") = TANDEM_PV_COUNTER;
	register uint32_t r1 __asm__("r1");
	register uint32_t r2 __asm__("r2");

	__asm__ volatile("svc #0" : "+r"(r0), "=r"(r1), "=r"(r2) : : "memory");
	*hz = r2;
	return (uint64_t)r1 << 32 | r0;
}

static inline uint64_t pv_now(void)
{
	uint32_t hz;

	return pv_counter(&hz);
}

/* The counter TIMER_SET counts in is Tandem's to name, whatever the tree says. */
static inline uint64_t pv_hz(uint64_t from_dt)
{
	uint32_t hz;

	(void)from_dt;
	pv_counter(&hz);
	return hz;
}

/* The timer interrupt's cycle stamp and the time, from one call: cycles
 * are the counter scaled (cycles.c). */
uint64_t pv_cycles_at(uint64_t count);

static inline uint64_t pv_irq_stamp(uint64_t *now)
{
	*now = pv_now();
	return pv_cycles_at(*now);
}

static inline void pv_timer_set(uint64_t deadline)
{
	pv_call(TANDEM_PV_TIMER_SET, (uint32_t)deadline, (uint32_t)(deadline >> 32), 0, 0);
}

/* bsp_irq leaves the interrupt active; the upcall's exit ends it and
 * resumes in one call (TANDEM_PV_EOI_IRET). */
#define PV_EOI_ON_IRET 1

#endif
