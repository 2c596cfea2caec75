/* Tandem's paravirtual calls (pv/abi.h) from C: SVC #0, function ID in
 * x0, arguments in x1-x4, the result in x0; nothing else changes. */
#ifndef RTOS_BSP_PV_HYPERCALL_H
#define RTOS_BSP_PV_HYPERCALL_H
#include <stdint.h>
#include "pv/abi.h"

static inline int64_t pv_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4) : : "memory");
	return (int64_t)x0;
}

/* arch/arm64-pv/port.c: the area shared with Tandem (interrupt mask and
 * pending flag), registered with TANDEM_PV_SETUP by bsp_boot. */
extern struct tandem_pv_shared pv_shared;
/* The interrupt Tandem acknowledged for the current upcall (bsp_irq's),
 * or TANDEM_PV_SPURIOUS once taken. */
extern uint32_t pv_acked_intid;
void pv_upcall(void);

#endif
