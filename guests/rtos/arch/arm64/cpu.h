/* System-register and device accessors for the arm64 port and its BSP.
 * Device accesses are single plain loads and stores, as Linux's readl and
 * writel: a hypervisor emulating the register needs an instruction its
 * syndrome describes. */
#ifndef RTOS_ARM64_CPU_H
#define RTOS_ARM64_CPU_H
#include <stdint.h>

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define isb() __asm__ volatile("isb" : : : "memory")
#define dmb(dom) __asm__ volatile("dmb " #dom : : : "memory")

static inline uint32_t readl(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void writel(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline uint64_t readq(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void writeq(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline void writeb(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* An SMCCC call to the hypervisor (HVC #0): function in x0, argument in
 * x1, the result in x0. */
static inline uint64_t arch_hvc(uint64_t fid, uint64_t a1)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1) : : "x2", "x3", "memory");
	return x0;
}

/* arch/arm64/port.c, for the BSP. */
void arch_cpu_init(void);       /* cycle counter on (clock=timer: the counter instead) */
/* cycles.c: cycles per counter tick under clock=timer; 0: the PMU's counter. */
extern uint64_t port_timer_cycles_per_tick;
void arch_fp_off(void);         /* from now on FP/SIMD traps */
void arch_halt(void) __attribute__((noreturn));

#endif
