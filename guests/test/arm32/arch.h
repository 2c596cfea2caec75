/* The test guest on ARMv7-A (AArch32, SVC mode): what guest.h needs from
 * the architecture. The shared C names system registers as AArch64 does;
 * read_sysreg(x) and write_sysreg(x, v) here become read_x() and
 * write_x(v), each the cp15 access of the AArch32 register that x maps to
 * (CNTV_CVAL_EL0 is CNTV_CVAL, ICC_SGI1R_EL1 is ICC_SGI1R, ...). */
#ifndef TESTGUEST_ARM32_ARCH_H
#define TESTGUEST_ARM32_ARCH_H

#define read_sysreg(r) read_##r()
#define write_sysreg(r, v) write_##r((uint64_t)(v))
#define isb() __asm__ volatile("isb" : : : "memory")
#define irqs_on() __asm__ volatile("cpsie i" : : : "memory")
#define irqs_off() __asm__ volatile("cpsid i" : : : "memory")

#define GUEST_PSCI_CPU_ON        PSCI_CPU_ON
#define GUEST_PSCI_AFFINITY_INFO PSCI_AFFINITY_INFO
#define GUEST_CNTP_CVAL_NAME     "CNTP_CVAL"
#define GUEST_BENCH_IRQ          1

/* A 32-bit cp15 register: name, opc1, CRn, CRm, opc2. */
#define CP15_32(name, op1, crn, crm, op2) \
	static inline uint64_t read_##name(void) \
	{ \
		uint32_t v; \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v)); \
		return v; \
	} \
	static inline void write_##name(uint64_t v) \
	{ \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
				 : : "r"((uint32_t)v) : "memory"); \
	}

/* A 64-bit one (MRRC/MCRR): name, opc1, CRm. */
#define CP15_64(name, op1, crm) \
	static inline uint64_t read_##name(void) \
	{ \
		uint32_t lo, hi; \
		__asm__ volatile("mrrc p15, " #op1 ", %0, %1, " #crm : "=r"(lo), "=r"(hi)); \
		return (uint64_t)hi << 32 | lo; \
	} \
	static inline void write_##name(uint64_t v) \
	{ \
		__asm__ volatile("mcrr p15, " #op1 ", %0, %1, " #crm \
				 : : "r"((uint32_t)v), "r"((uint32_t)(v >> 32)) : "memory"); \
	}

CP15_32(mpidr_el1, 0, c0, c0, 5)
CP15_32(vbar_el1, 0, c12, c0, 0)
CP15_32(cntfrq_el0, 0, c14, c0, 0)
CP15_64(cntvct_el0, 1, c14)
CP15_32(cntv_ctl_el0, 0, c14, c3, 1)
CP15_64(cntv_cval_el0, 3, c14)
CP15_32(cntv_tval_el0, 0, c14, c3, 0)
CP15_32(cntp_ctl_el0, 0, c14, c2, 1)
CP15_64(cntp_cval_el0, 2, c14)
/* GICv3's CPU interface through cp15 (the 64-bit ICC_SGI1R by MCRR). */
CP15_32(icc_sre_el1, 0, c12, c12, 5)
CP15_32(icc_pmr_el1, 0, c4, c6, 0)
CP15_32(icc_bpr1_el1, 0, c12, c12, 3)
CP15_32(icc_ctlr_el1, 0, c12, c12, 4)
CP15_32(icc_igrpen1_el1, 0, c12, c12, 7)
CP15_32(icc_iar1_el1, 0, c12, c12, 0)
CP15_32(icc_eoir1_el1, 0, c12, c12, 1)
CP15_64(icc_sgi1r_el1, 0, c12)
/* The PMU: PMCR, PMCNTENSET, PMCCNTR (32 bits), and PMCCFILTR reached the
 * ARMv7 way, through PMSELR = 31 and PMXEVTYPER. */
CP15_32(pmcr_el0, 0, c9, c12, 0)
CP15_32(pmcntenset_el0, 0, c9, c12, 1)
CP15_32(pmselr_el0, 0, c9, c12, 5)
CP15_32(pmxevtyper_el0, 0, c9, c13, 1)
CP15_32(pmccntr_el0, 0, c9, c13, 0)

static inline void write_pmccfiltr_el0(uint64_t v)
{
	write_pmselr_el0(31);
	isb();
	write_pmxevtyper_el0(v);
}

/* Device accesses as single plain loads and stores, as Linux's readl/writel
 * do: an emulated register needs an instruction the syndrome describes. */
static inline uint32_t readl(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void writel(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* 64-bit registers as two word accesses, low word first, as Linux's
 * AArch32 GICv3 driver does: LDRD/STRD give the hypervisor no syndrome. */
static inline uint64_t readq(uintptr_t a)
{
	uint32_t lo = readl(a);

	return (uint64_t)readl(a + 4) << 32 | lo;
}

static inline void writeq(uintptr_t a, uint64_t v)
{
	writel(a, (uint32_t)v);
	writel(a + 4, (uint32_t)(v >> 32));
}

static inline void writeh(uintptr_t a, uint16_t v)
{
	__asm__ volatile("strh %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

static inline void writeb(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* A 16-bit register read with LDRSH: sign-extended into the register. */
static inline long readh_signed(uintptr_t a)
{
	long v;

	__asm__ volatile("ldrsh %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

/* SMCCC with 32-bit registers: r0-r3 in and out, r4-r14 preserved. w0 is
 * signed (error codes), w1-w3 are returned as they are. */
#define SMCCC_CALL(insn, fid, a1, a2, a3) ({ \
	register uint32_t r0 __asm__("r0") = (uint32_t)(fid); \
	register uint32_t r1 __asm__("r1") = (uint32_t)(a1); \
	register uint32_t r2 __asm__("r2") = (uint32_t)(a2); \
	register uint32_t r3 __asm__("r3") = (uint32_t)(a3); \
	__asm__ volatile(insn " #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) \
			 : : "ip", "memory"); \
	(struct smc_result){ (uint64_t)(int64_t)(int32_t)r0, r1, r2, r3 }; })
#define arch_hvc(fid, a1, a2, a3) SMCCC_CALL(".arch_extension virt\n hvc", fid, a1, a2, a3)
#define arch_smc(fid, a1, a2, a3) SMCCC_CALL(".arch_extension sec\n smc", fid, a1, a2, a3)

/* The IRQ exception's saved registers (start.S, irq_vector): the
 * caller-saved ones, then what SRS stored (the return address and CPSR). */
struct irq_frame {
	uint32_t r[4], r12, lr;
	uint32_t elr, spsr;
};

/* exception.c: when set and it returns true, an exception that start.S's
 * vectors would report resumes at f->elr instead. kind: the vector's index
 * (1 undefined, 3 prefetch abort, 4 data abort); f->elr: the instruction. */
extern bool (*exception_catcher)(uint32_t kind, struct irq_frame *f, uint32_t fsr, uint32_t far);

static inline struct stamp now(void)
{
	struct stamp s;

	isb();
	s.cycles = read_pmccntr_el0();
	s.ticks = read_cntvct_el0();
	return s;
}

/* The cycle counter has 32 bits: a loop's count is its low 32 bits' difference. */
#define LOOP(body) ({ \
	struct stamp __t0, __t1; \
	register uint32_t __n __asm__("r9") = BENCH_ITERS; \
	__t0 = now(); \
	__asm__ volatile("1: " body "\n subs r9, r9, #1\n bne 1b" \
			 : "+r"(__n) : "r"(x2r) : "r0", "r1", "r2", "r3", "ip", "lr", "memory"); \
	__t1 = now(); \
	(struct stamp){ (uint32_t)(__t1.cycles - __t0.cycles), __t1.ticks - __t0.ticks }; })

/* PMCCNTR has 32 bits: a difference of cycle counts (readings or counts
 * computed from the timer) modulo 2^32, sign-extended; exact while the true
 * difference is within 2^31 either way. */
#define CYCLE_DIFF(a, b) ((int64_t)(int32_t)((uint32_t)(a) - (uint32_t)(b)))

/* One calibration sample (irqtests.c): a delay of k, an optional NOP, then
 * the cycle counter and the generic timer, one instruction apart (c's high
 * word is cleared after both). */
#define CAL_SAMPLE(c, t, k, nop) \
	__asm__ volatile("1: subs %Q2, %Q2, #1\n bne 1b\n" nop "isb\n" \
			 " mrc p15, 0, %Q0, c9, c13, 0\n mrrc p15, 1, %Q1, %R1, c14\n" \
			 " mov %R0, #0" \
			 : "=&r"(c), "=&r"(t), "+r"(k))

/* LOOP bodies: r0-r3 scratch (an HVC returns in them), %1 the operand
 * (x2r). An SVC taken in SVC mode overwrites LR, which LOOP gives up. */
#define BENCH_EMPTY      "mov r0, #0\n nop"
#define BENCH_HVC        "mov r0, %1\n .arch_extension virt\n hvc #0"
#define BENCH_SMC        "mov r0, %1\n .arch_extension sec\n smc #0"
#define BENCH_LOAD       "mov r0, #0\n ldr r1, [%1]"
#define BENCH_SVC        "mov r0, #0\n svc #0"
#define BENCH_STORE_BIT31 "mov r1, #0x80000000\n str r1, [%1]"

#endif
