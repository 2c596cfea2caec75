/* The paravirtual port's C half (port.h), at EL0 under Tandem: interrupt
 * masking through the area shared with Tandem instead of DAIF, task frames,
 * idle, the upcall's C part. The assembly half is upcall.S; the cycle
 * counter's calibration is the native port's (arch/arm64/cycles.c). */
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

/* Masked until the first task runs (Tandem masks it at TANDEM_PV_SETUP). */
struct tandem_pv_shared pv_shared __attribute__((aligned(16))) = { .masked = 1 };

port_irq_state_t port_irq_save(void)
{
	port_irq_state_t was = pv_shared.masked;

	pv_shared.masked = 1;
	__asm__ volatile("" : : : "memory");
	return was;
}

/* Unmasking with an interrupt already waiting asks Tandem for it: the
 * only hypercall of masking, and only then. */
void port_irq_restore(port_irq_state_t was)
{
	__asm__ volatile("" : : : "memory");
	pv_shared.masked = (uint32_t)was;
	__asm__ volatile("" : : : "memory");
	if (!was && pv_shared.pending)
		pv_call(TANDEM_PV_IRQ_UNMASKED, 0, 0, 0, 0);
}

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

/* From upcall.S, on the interrupt stack, with the interrupted task's
 * frame and the interrupt Tandem acknowledged for it; returns the frame to
 * resume. One interrupt per upcall: Tandem makes the next upcall right
 * after the TANDEM_PV_IRET if another waits. */
void *arch_irq(void *frame, uint32_t intid);
void *arch_irq(void *frame, uint32_t intid)
{
	rtos_current()->port_sp = frame;
	rtos_irq_enter();
	pv_acked_intid = intid;
	bsp_irq();
	return rtos_irq_exit()->port_sp;
}

/* A VM that cannot go on powers itself off: Tandem says so and the other
 * VMs run on. */
void arch_halt(void)
{
	for (;;)
		pv_call(PSCI_SYSTEM_OFF, 0, 0, 0, 0);
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
