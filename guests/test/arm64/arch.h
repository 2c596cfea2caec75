/* The test guest on AArch64: system registers by name, device accesses,
 * the SMCCC conduits and the benchmark loop (guest.h includes this). */
#ifndef TESTGUEST_ARM64_ARCH_H
#define TESTGUEST_ARM64_ARCH_H

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" : : : "memory")
#define irqs_on() __asm__ volatile("msr daifclr, #2" : : : "memory")
#define irqs_off() __asm__ volatile("msr daifset, #2" : : : "memory")

/* PSCI's calls that take an address or an MPIDR, in this state's width. */
#define GUEST_PSCI_CPU_ON        PSCI_CPU_ON_64
#define GUEST_PSCI_AFFINITY_INFO PSCI_AFFINITY_INFO_64
/* The physical timer's compare register, as the self-test names it. */
#define GUEST_CNTP_CVAL_NAME     "emulated CNTP_CVAL_EL0"
#define GUEST_BENCH_IRQ          1

/* Device accesses as single plain loads and stores, as Linux's readl/writel
 * do: an emulated register needs an instruction the syndrome describes. */
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

static inline void writeh(uintptr_t a, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline void writeb(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* A 16-bit register read with LDRSH: sign-extended into an X register. */
static inline long readh_signed(uintptr_t a)
{
	long v;

	__asm__ volatile("ldrsh %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

#define SMCCC_CALL(insn, fid, a1, a2, a3) ({ \
	register uint64_t x0 __asm__("x0") = (fid); \
	register uint64_t x1 __asm__("x1") = (a1); \
	register uint64_t x2 __asm__("x2") = (a2); \
	register uint64_t x3 __asm__("x3") = (a3); \
	__asm__ volatile(insn " #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) \
			 : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", \
			   "x13", "x14", "x15", "x16", "x17", "memory"); \
	(struct smc_result){ x0, x1, x2, x3 }; })
#define arch_hvc(fid, a1, a2, a3) SMCCC_CALL("hvc", fid, a1, a2, a3)
#define arch_smc(fid, a1, a2, a3) SMCCC_CALL("smc", fid, a1, a2, a3)

/* The IRQ exception's saved registers (start.S, irq_common). */
struct irq_frame {
	uint64_t x[19];                 /* x0-x18 */
	uint64_t x29, x30, pad;
	uint64_t elr, spsr;
};

static inline struct stamp now(void)
{
	struct stamp s;

	if (timer_only) {       /* bench-timer: no PMU access at all */
		__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(s.ticks));
		s.cycles = 0;
		return s;
	}
	__asm__ volatile("isb; mrs %0, pmccntr_el0; mrs %1, cntvct_el0"
			 : "=r"(s.cycles), "=r"(s.ticks));
	return s;
}

#define LOOP(body) ({ \
	struct stamp __t0, __t1; \
	register uint64_t __n __asm__("x9") = BENCH_ITERS; \
	__t0 = now(); \
	__asm__ volatile("1: " body "\n subs x9, x9, #1\n b.ne 1b" \
			 : "+r"(__n) : "r"(x2r) : "x0", "x1", "x17", "memory"); \
	__t1 = now(); \
	(struct stamp){ __t1.cycles - __t0.cycles, __t1.ticks - __t0.ticks }; })

/* LOOP bodies: x0/w1 scratch, %1 the operand (x2r). */
#define BENCH_EMPTY      "mov x0, #0\n nop"
#define BENCH_HVC        "mov x0, %1\n hvc #0"
#define BENCH_SMC        "mov x0, %1\n smc #0"
#define BENCH_LOAD       "mov x0, #0\n ldr w1, [%1]"
#define BENCH_SVC        "mov x0, #0\n svc #0"
#define BENCH_STORE_BIT31 "mov w1, #0x80000000\n str w1, [%1]"

/* A difference of cycle counts (readings or counts computed from the
 * timer): the counter has 64 bits. */
#define CYCLE_DIFF(a, b) ((int64_t)((uint64_t)(a) - (uint64_t)(b)))

/* One calibration sample (irqtests.c): a delay of k, an optional NOP, then
 * the cycle counter and the generic timer, one instruction apart. */
#define CAL_SAMPLE(c, t, k, nop) \
	__asm__ volatile("1: subs %2, %2, #1\n b.ne 1b\n" nop "isb\n" \
			 " mrs %0, pmccntr_el0\n mrs %1, cntvct_el0" \
			 : "=&r"(c), "=&r"(t), "+r"(k))

#endif
