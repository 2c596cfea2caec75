/* The ARMv7-A port's C half (port.h): interrupt masking through the CPSR's
 * I bit, task frames, idle, the interrupt entry's C part, fault reports,
 * and the cycle counter's start. The assembly half is vectors.S, and
 * cycles.S the counter's read; its calibration is cycles.c. */
#include <stddef.h>
#include <string.h>
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/arch/arm32/cpu.h"
#include "guests/rtos/arch/arm32/frame.h"
#include "guests/rtos/bsp/board.h"

_Static_assert(offsetof(struct rtos_task, port_sp) == TASK_PORT_SP, "vectors.S reads port_sp");

port_irq_state_t port_irq_save(void)
{
	port_irq_state_t cpsr;

	__asm__ volatile("mrs %0, cpsr\n cpsid i" : "=r"(cpsr) : : "memory");
	return cpsr;
}

void port_irq_restore(port_irq_state_t cpsr)
{
	__asm__ volatile("msr cpsr_c, %0" : : "r"(cpsr) : "memory");
}

void port_task_init(struct rtos_task *t, void (*entry)(void *), void *arg, void *stack,
		    size_t stack_size)
{
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15;
	uint32_t *f = (uint32_t *)(top - FRAME_SIZE);

	memset(f, 0, FRAME_SIZE);
	f[0] = (uint32_t)(uintptr_t)arg;
	f[FRAME_PC / 4] = (uint32_t)(uintptr_t)entry & ~1u;
	f[FRAME_CPSR / 4] = CPSR_TASK | ((uintptr_t)entry & 1 ? CPSR_T : 0);
	t->port_sp = f;
}

void port_idle(void)
{
	__asm__ volatile("dsb\n wfi" : : : "memory");
}

/* From vectors.S, on the interrupt stack, with the interrupted task's
 * frame; returns the frame to resume. One interrupt per entry: another
 * pending one is taken again right after the return. */
void *arch_irq(void *frame);
void *arch_irq(void *frame)
{
	rtos_current()->port_sp = frame;
	rtos_irq_enter();
	bsp_irq();
	return rtos_irq_exit()->port_sp;
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cpsid aif\n wfi");
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

/* From vectors.S: any exception but an IRQ. The console is written
 * directly: whatever lock the faulting code held stays held. */
void arch_fault(uint32_t *frame, uint32_t kind) __attribute__((noreturn));
void arch_fault(uint32_t *frame, uint32_t kind)
{
	static const char *const what[8] = { "reset", "undefined instruction", "SVC", "prefetch abort",
					     "data abort", "unused vector", "IRQ", "FIQ" };
	uint32_t fsr, far;
	struct rtos_task *t = rtos_current();

	if (kind == 3) {
		__asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(fsr));     /* IFSR */
		__asm__ volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(far));     /* IFAR */
	} else {
		__asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(fsr));     /* DFSR */
		__asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(far));     /* DFAR */
	}
	rtos_irq_enter();               /* so the console takes no lock; never left */
	rtos_printf("rtos: FAULT: %s in task %s: PC 0x%x CPSR 0x%x FSR 0x%x FAR 0x%x SP 0x%x\n",
		    what[kind & 7], t ? t->name : "(boot)", (unsigned)frame[FRAME_PC / 4],
		    (unsigned)frame[FRAME_CPSR / 4], (unsigned)fsr, (unsigned)far,
		    (unsigned)(uintptr_t)(frame + FRAME_SIZE / 4));
	if (kind == 1)
		rtos_printf("rtos: FAULT: (a VFP/NEON instruction traps so: tasks are integer-only, "
			    "built with -mgeneral-regs-only; docs/rtos.md)\n");
	rtos_printf("rtos: halted\n");
	arch_halt();
}

/* The PMU's cycle counter, counting in HYP mode too (under a hypervisor),
 * as arm64's: PMUv2's cycle-counter filter is PMXEVTYPER with PMSELR 31. */
void arch_cpu_init(void)
{
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 5" : : "r"(31));            /* PMSELR: cycles */
	__asm__ volatile("mcr p15, 0, %0, c9, c13, 1" : : "r"(1u << 27));      /* PMXEVTYPER: NSH */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" : : "r"(1 | (1 << 2)));  /* PMCR: E, C reset */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" : : "r"(1u << 31));      /* PMCNTENSET: C */
	isb();
}

void arch_fp_off(void)
{
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 2" : : "r"(0));      /* CPACR: cp10/11 off */
	isb();
}
