/* A vCPU's FP/SIMD registers. Tandem's own C never touches them
 * (-mgeneral-regs-only), so they change hands only when a core switches
 * between vCPUs. */
#ifndef TANDEM_ARM64_FPSIMD_H
#define TANDEM_ARM64_FPSIMD_H
#include <stdint.h>

struct fpsimd_state {
	uint64_t q[64];         /* q0-q31 */
	uint64_t fpsr, fpcr;
} __attribute__((aligned(16)));

void fpsimd_save(struct fpsimd_state *s);
void fpsimd_restore(const struct fpsimd_state *s);

#endif
