/* The paravirtual port's C half (port.h), at EL0 under Tandem: task
 * frames, idle. Masking through the shared area and the upcall's C part
 * are every paravirtual port's (bsp-pv/masking.c); the assembly half is
 * upcall.S; the cycle counter's calibration is the native port's
 * (arch/arm64/cycles.c). */
#include <stddef.h>
#include <string.h>
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/arch/arm64/cpu.h"
#include "guests/rtos/arch/arm64-pv/frame.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"
#include "firmware/smccc.h"

_Static_assert(offsetof(struct rtos_task, port_sp) == TASK_PORT_SP, "upcall.S reads port_sp");
_Static_assert(FRAME_SIZE == sizeof(struct tandem_pv_frame) &&
	       FRAME_ELR == offsetof(struct tandem_pv_frame, pc) &&
	       FRAME_SPSR == offsetof(struct tandem_pv_frame, flags) &&
	       FRAME_SP == offsetof(struct tandem_pv_frame, sp), "the frame is Tandem's");

void port_task_init(struct rtos_task *t, void (*entry)(void *), void *arg, void *stack,
		    size_t stack_size)
{
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15;
	uint64_t *f = (uint64_t *)(top - FRAME_SIZE);

	memset(f, 0, FRAME_SIZE);
	f[0] = (uint64_t)(uintptr_t)arg;
	f[FRAME_ELR / 8] = (uint64_t)(uintptr_t)entry;
	f[FRAME_SPSR / 8] = FLAGS_TASK;
	f[FRAME_SP / 8] = top;
	t->port_sp = f;
}

/* WFI traps to Tandem, which returns when a virtual interrupt is due. */
void port_idle(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* Tandem started the cycle counter and lets EL0 read it. */
void arch_cpu_init(void)
{
}

/* FP/SIMD is Tandem's to switch on or off (CPACR_EL1); tasks are built
 * integer-only (-mgeneral-regs-only) all the same. */
void arch_fp_off(void)
{
}
