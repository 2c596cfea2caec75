/* The arm64 half of bsp-pv/hypercall.h: the call (SVC #0, x0-x4, result
 * x0), the time base (EL0 reads the virtual counter itself: Tandem sets
 * CNTKCTL_EL1.EL0VCTEN) and how the upcall ends an interrupt. */
#ifndef RTOS_ARM64_PV_PV_H
#define RTOS_ARM64_PV_PV_H
#include <stdint.h>
#include "guests/rtos/arch/arm64/cpu.h"
#include "guests/rtos/kernel/port.h"
#include "pv/abi.h"

static inline long pv_call(uint32_t fid, unsigned long a1, unsigned long a2, unsigned long a3,
			   unsigned long a4)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4) : : "memory");
	return (long)x0;
}

static inline uint64_t pv_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/* The device tree's clock-frequency if it has one, else CNTFRQ_EL0. */
static inline uint64_t pv_hz(uint64_t from_dt)
{
	return from_dt ? from_dt : read_sysreg(cntfrq_el0);
}

/* The timer interrupt's cycle stamp (port_cycles) and the time. */
static inline uint64_t pv_irq_stamp(uint64_t *now)
{
	uint64_t cycles = port_cycles();

	*now = pv_now();
	return cycles;
}

static inline void pv_timer_set(uint64_t deadline)
{
	pv_call(TANDEM_PV_TIMER_SET, deadline, 0, 0, 0);
}

/* The upcall's exit ends the interrupt (TANDEM_PV_EOI_IRET), as on ARMv7-A. */
#define PV_EOI_ON_IRET 1

#endif
