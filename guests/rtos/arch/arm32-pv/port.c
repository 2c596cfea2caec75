/* The paravirtual port's C half (port.h), in USR mode under Tandem: task
 * frames, idle. Masking through the shared area (instead of the CPSR's I
 * bit) and the upcall's C part are every paravirtual port's
 * (bsp-pv/masking.c); the assembly half is upcall.S; the cycle count is
 * cycles.c. */
#include <stddef.h>
#include <string.h>
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/arch/arm32-pv/frame.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"
#include "firmware/smccc.h"

_Static_assert(offsetof(struct rtos_task, port_sp) == TASK_PORT_SP, "upcall.S reads port_sp");
_Static_assert(FRAME_SIZE == sizeof(struct tandem_pv_frame) &&
	       FRAME_R(0) == offsetof(struct tandem_pv_frame, r) &&
	       FRAME_LR == offsetof(struct tandem_pv_frame, lr) &&
	       FRAME_PC == offsetof(struct tandem_pv_frame, pc) &&
	       FRAME_FLAGS == offsetof(struct tandem_pv_frame, flags) &&
	       FRAME_SP == offsetof(struct tandem_pv_frame, sp) &&
	       FLAGS_MASKED == TANDEM_PV_FLAGS_MASKED, "the frame is Tandem's");

void port_task_init(struct rtos_task *t, void (*entry)(void *), void *arg, void *stack,
		    size_t stack_size)
{
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15;
	uint32_t *f = (uint32_t *)(top - FRAME_SIZE);

	memset(f, 0, FRAME_SIZE);
	f[0] = (uint32_t)(uintptr_t)arg;
	f[FRAME_PC / 4] = (uint32_t)(uintptr_t)entry;
	f[FRAME_FLAGS / 4] = FLAGS_TASK;
	f[FRAME_SP / 4] = (uint32_t)top;
	t->port_sp = f;
}

/* Idle is a call: ARMv7-A has no trap for WFI in USR mode (SCTLR.nTWI is
 * ARMv8's), so a WFI would halt the core with Tandem unaware that this VM
 * idles, and a VM sharing the core would never run. */
void port_idle(void)
{
	pv_call(TANDEM_PV_IDLE, 0, 0, 0, 0);
}

/* Runtime-ABI hooks libgcc's division routines call on a division by zero. */
void __aeabi_idiv0(void);
void __aeabi_ldiv0(void);
void __aeabi_idiv0(void)
{
}

void __aeabi_ldiv0(void)
{
}

/* Nothing to start: cycles are the counter Tandem keeps (cycles.c). */
void arch_cpu_init(void)
{
}

/* VFP/NEON is Tandem's to switch on or off (CPACR); tasks are built
 * integer-only (-mgeneral-regs-only) all the same. */
void arch_fp_off(void)
{
}
