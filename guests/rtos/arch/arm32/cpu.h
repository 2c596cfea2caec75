/* System-register and device accessors for the ARMv7-A port and the BSP.
 * The BSP names system registers as AArch64 does (read_sysreg(cntvct_el0));
 * here each name maps to its AArch32 cp15 encoding, so bsp/ has one text
 * for both ports. Device accesses are single plain loads and stores, which
 * a hypervisor's syndrome describes; a 64-bit register is two 32-bit
 * halves, low first, as the GIC allows (LDRD has no syndrome). */
#ifndef RTOS_ARM32_CPU_H
#define RTOS_ARM32_CPU_H
#include <stdint.h>

#define CP15_32(name, op1, crn, crm, op2)                                               \
	static inline uint64_t sysreg_read_##name(void)                                 \
	{                                                                               \
		uint32_t v;                                                             \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2     \
				 : "=r"(v));                                            \
		return v;                                                               \
	}                                                                               \
	static inline void sysreg_write_##name(uint64_t v)                              \
	{                                                                               \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2     \
				 : : "r"((uint32_t)v) : "memory");                      \
	}
#define CP15_64(name, op1, crm)                                                         \
	static inline uint64_t sysreg_read_##name(void)                                 \
	{                                                                               \
		uint64_t v;                                                             \
		__asm__ volatile("mrrc p15, " #op1 ", %Q0, %R0, " #crm : "=r"(v));      \
		return v;                                                               \
	}                                                                               \
	static inline void sysreg_write_##name(uint64_t v)                              \
	{                                                                               \
		__asm__ volatile("mcrr p15, " #op1 ", %Q0, %R0, " #crm : : "r"(v) : "memory"); \
	}

CP15_32(mpidr_el1, 0, c0, c0, 5)
CP15_32(cntfrq_el0, 0, c14, c0, 0)
CP15_32(cntv_ctl_el0, 0, c14, c3, 1)
CP15_64(cntvct_el0, 1, c14)
CP15_64(cntv_cval_el0, 3, c14)
/* GICv3's CPU interface (ICC_*; the AArch32 names drop the _EL1). */
CP15_32(icc_pmr_el1, 0, c4, c6, 0)
CP15_32(icc_iar1_el1, 0, c12, c12, 0)
CP15_32(icc_eoir1_el1, 0, c12, c12, 1)
CP15_32(icc_bpr1_el1, 0, c12, c12, 3)
CP15_32(icc_ctlr_el1, 0, c12, c12, 4)
CP15_32(icc_sre_el1, 0, c12, c12, 5)
CP15_32(icc_igrpen1_el1, 0, c12, c12, 7)

#define read_sysreg(r) sysreg_read_##r()
#define write_sysreg(r, v) sysreg_write_##r((uint64_t)(v))
#define isb() __asm__ volatile("isb" : : : "memory")
#define dmb(dom) __asm__ volatile("dmb " #dom : : : "memory")

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

static inline uint64_t readq(uintptr_t a)
{
	uint64_t lo = readl(a);

	return lo | (uint64_t)readl(a + 4) << 32;
}

static inline void writeq(uintptr_t a, uint64_t v)
{
	writel(a, (uint32_t)v);
	writel(a + 4, (uint32_t)(v >> 32));
}

static inline void writeb(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/* An SMCCC call to the hypervisor (HVC #0; assembled for the A9 too, whose
 * native build never makes it): function in r0, argument in
 * r1, the result in r0 (sign-extended, as the 32-bit convention's). */
static inline uint64_t arch_hvc(uint64_t fid, uint64_t a1)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)fid;
	register uint32_t r1 __asm__("r1") = (uint32_t)a1;

	__asm__ volatile(".arch_extension virt\n hvc #0" : "+r"(r0), "+r"(r1) : : "r2", "r3", "memory");
	return (uint64_t)(int64_t)(int32_t)r0;
}

/* arch/arm32/port.c, for the BSP. */
void arch_cpu_init(void);       /* cycle counter on */
void arch_fp_off(void);         /* from now on VFP/NEON traps */
void arch_halt(void) __attribute__((noreturn));

#endif
