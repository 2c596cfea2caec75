/* The arm64 port's C half (port.h): interrupt masking through DAIF, task
 * frames, idle, the interrupt entry's C part, fault reports, and the cycle
 * counter's start. The assembly half is vectors.S; the counter's
 * calibration is cycles.c (the paravirtual port shares it). */
#include <stddef.h>
#include <string.h>
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/arch/arm64/cpu.h"
#include "guests/rtos/arch/arm64/frame.h"
#include "guests/rtos/bsp/board.h"

_Static_assert(offsetof(struct rtos_task, port_sp) == TASK_PORT_SP, "vectors.S reads port_sp");

port_irq_state_t port_irq_save(void)
{
	port_irq_state_t daif;

	__asm__ volatile("mrs %0, daif\n msr daifset, #2" : "=r"(daif) : : "memory");
	return daif;
}

void port_irq_restore(port_irq_state_t daif)
{
	__asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

void port_task_init(struct rtos_task *t, void (*entry)(void *), void *arg, void *stack,
		    size_t stack_size)
{
	uintptr_t top = ((uintptr_t)stack + stack_size) & ~(uintptr_t)15;
	uint64_t *f = (uint64_t *)(top - FRAME_SIZE);

	memset(f, 0, FRAME_SIZE);
	f[0] = (uint64_t)(uintptr_t)arg;
	f[FRAME_ELR / 8] = (uint64_t)(uintptr_t)entry;
	f[FRAME_SPSR / 8] = SPSR_TASK;
	t->port_sp = f;
}

void port_idle(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* From vectors.S, on the interrupt stack, with the interrupted task's
 * frame; returns the frame to resume. One interrupt per entry: another
 * pending one is taken again right after the eret. */
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
	for (;;) {
		__asm__ volatile("msr daifset, #0xf");
		__asm__ volatile("wfi");
	}
}

/* From vectors.S: anything but an IRQ at EL1. The console is written
 * directly: whatever lock the faulting code held stays held. */
void arch_fault(uint64_t *frame, uint64_t kind) __attribute__((noreturn));
void arch_fault(uint64_t *frame, uint64_t kind)
{
	static const char *const what[4] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	static const char *const from[4] = { "EL1t", "EL1h", "EL0 (AArch64)", "EL0 (AArch32)" };
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
	struct rtos_task *t = rtos_current();

	rtos_irq_enter();               /* so the console takes no lock; never left */
	rtos_printf("rtos: FAULT: %s from %s in task %s: ESR 0x%llx (EC 0x%02x) ELR 0x%llx "
		    "FAR 0x%llx SP 0x%llx\n", what[kind & 3], from[(kind >> 2) & 3],
		    t ? t->name : "(boot)", (unsigned long long)esr, ec,
		    (unsigned long long)frame[FRAME_ELR / 8], (unsigned long long)far,
		    (unsigned long long)(uintptr_t)(frame + FRAME_SIZE / 8));
	if (ec == 0x07)
		rtos_printf("rtos: FAULT: an FP/SIMD instruction: tasks are integer-only "
			    "(built with -mgeneral-regs-only; docs/rtos.md)\n");
	rtos_printf("rtos: halted\n");
	arch_halt();
}

/* The bootarg clock=timer: no PMU access at all (a Xen domU has none:
 * PMCCNTR_EL0 reads as zero), and port_cycles() becomes the virtual
 * counter in units of QEMU's nominal 1 GHz CPU clock (port_cycles_timer in
 * vectors.S; cycles.c reports the relation as inexact). */
#define NOMINAL_CPU_HZ 1000000000ull

uint64_t port_cycles_timer(void);      /* vectors.S */

static bool has_arg(const char *args, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = args; *p; p++)
		if ((p == args || p[-1] == ' ') && !strncmp(p, word, n) && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

/* Writes `b port_cycles_timer` over port_cycles' first instruction (the
 * image's RAM is mapped writable and executable), then makes the
 * instruction fetch see it. */
static void clock_timer(void)
{
	uint64_t hz = board.timer_hz ? board.timer_hz : read_sysreg(cntfrq_el0);
	uintptr_t at = (uintptr_t)&port_cycles, to = (uintptr_t)&port_cycles_timer;
	volatile uint32_t *insn = (volatile uint32_t *)at;

	port_timer_cycles_per_tick = hz && hz < NOMINAL_CPU_HZ ? NOMINAL_CPU_HZ / hz : 1;
	*insn = 0x14000000u | (uint32_t)(((to - at) >> 2) & 0x03ffffffu);   /* B */
	__asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb"
			 : : "r"(at) : "memory");
}

void arch_cpu_init(void)
{
	if (has_arg(board.bootargs, "clock=timer")) {
		clock_timer();
		return;
	}
	write_sysreg(pmccfiltr_el0, 1ull << 27);   /* NSH: count at EL2 too (under a hypervisor) */
	write_sysreg(pmcr_el0, 1 | (1 << 2));      /* enable, reset the cycle counter */
	write_sysreg(pmcntenset_el0, 1ull << 31);  /* cycle counter on */
	isb();
}

void arch_fp_off(void)
{
	write_sysreg(cpacr_el1, 0);
	isb();
}
