/* Tandem's paravirtual calls (pv/abi.h) from C. The one place bsp-pv names
 * its architecture (as bsp/arch.h for the native BSP): the arch's pv.h
 * gives pv_call (SVC #0, function ID and four arguments, one result;
 * nothing else changes), pv_now/pv_hz/pv_timer_set (the time base) and
 * PV_EOI_ON_IRET (who ends an interrupt), and its cpu.h. */
#ifndef RTOS_BSP_PV_HYPERCALL_H
#define RTOS_BSP_PV_HYPERCALL_H
#include <stdint.h>
#include "pv/abi.h"
#if defined(__aarch64__)
#include "guests/rtos/arch/arm64-pv/pv.h"
#elif defined(__arm__)
#include "guests/rtos/arch/arm32-pv/pv.h"
#else
#error "no paravirtual RTOS port for this architecture"
#endif

/* arch/<arch>-pv/port.c: the area shared with Tandem (interrupt mask and
 * pending flag), registered with TANDEM_PV_SETUP by bsp_boot. */
extern struct tandem_pv_shared pv_shared;
/* The interrupt Tandem acknowledged for the current upcall (bsp_irq's),
 * or TANDEM_PV_SPURIOUS once ended. */
extern uint32_t pv_acked_intid;
void pv_upcall(void);

#endif
