/* The GICv3 list registers through cp15 (el2/arch/gic_cpuif.h): LRn holds
 * the low word (ICH_LRn: c12, c12-c13) and LRCn the high word (ICH_LRCn:
 * c12, c14-c15); the register number is part of the instruction. */
#include "el2/arch/gic_cpuif.h"

#define LR_CASE(n, crm_lo, crm_hi, op2) \
	case n: \
		if (write) { \
			__asm__ volatile("mcr p15, 4, %0, c12, " #crm_lo ", " #op2 : : "r"(lo)); \
			__asm__ volatile("mcr p15, 4, %0, c12, " #crm_hi ", " #op2 : : "r"(hi)); \
		} else { \
			__asm__ volatile("mrc p15, 4, %0, c12, " #crm_lo ", " #op2 : "=r"(lo)); \
			__asm__ volatile("mrc p15, 4, %0, c12, " #crm_hi ", " #op2 : "=r"(hi)); \
		} \
		break;

static uint64_t lr_access(unsigned int n, bool write, uint64_t value)
{
	uint32_t lo = (uint32_t)value, hi = (uint32_t)(value >> 32);

	switch (n) {
	LR_CASE(0, c12, c14, 0) LR_CASE(1, c12, c14, 1) LR_CASE(2, c12, c14, 2)
	LR_CASE(3, c12, c14, 3) LR_CASE(4, c12, c14, 4) LR_CASE(5, c12, c14, 5)
	LR_CASE(6, c12, c14, 6) LR_CASE(7, c12, c14, 7) LR_CASE(8, c13, c15, 0)
	LR_CASE(9, c13, c15, 1) LR_CASE(10, c13, c15, 2) LR_CASE(11, c13, c15, 3)
	LR_CASE(12, c13, c15, 4) LR_CASE(13, c13, c15, 5) LR_CASE(14, c13, c15, 6)
	LR_CASE(15, c13, c15, 7)
	default:
		return 0;
	}
	return ((uint64_t)hi << 32) | lo;
}

uint64_t ich_lr_read(unsigned int n)
{
	return lr_access(n, false, 0);
}

void ich_lr_write(unsigned int n, uint64_t value)
{
	lr_access(n, true, value);
}
