/* ARMv7-A SMC/HVC for el2/arch/firmware_call.h (SMCCC, AArch32: r0-r3 in,
 * r0-r3 out, r4-r7 preserved by SMCCC 1.1 but not by older firmware). */
#include "el2/arch/firmware_call.h"

uint64_t arch_firmware_call(bool smc, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint32_t r0 __asm__("r0") = (uint32_t)fid;
	register uint32_t r1 __asm__("r1") = (uint32_t)a1;
	register uint32_t r2 __asm__("r2") = (uint32_t)a2;
	register uint32_t r3 __asm__("r3") = (uint32_t)a3;

	if (smc)
		__asm__ volatile(".arch_extension sec\n\tsmc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
				 : : "r4", "r5", "r6", "r7", "r12", "lr", "memory");
	else
		__asm__ volatile(".arch_extension virt\n\thvc #0"
				 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
				 : : "r4", "r5", "r6", "r7", "r12", "lr", "memory");
	/* Sign-extended: PSCI's negative error codes stay negative. */
	return (uint64_t)(int64_t)(int32_t)r0;
}
