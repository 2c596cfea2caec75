/* AArch64 for el2/arch/random.h: the random number instruction (FEAT_RNG:
 * RNDR). RNDR returns 64 bits from a reseeded DRBG, or sets Z when it could
 * not produce them in time. */
#ifndef TANDEM_ARM64_RANDOM_H
#define TANDEM_ARM64_RANDOM_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/arm64/id_regs.h"
#include "el2/arm64/sysreg.h"

#define SYS_RNDR "s3_3_c2_c4_0"   /* by encoding: older assemblers lack the name */

static inline bool arch_hw_random_present(void)
{
	return id_has_rndr(read_sysreg(id_aa64isar0_el1));
}

static inline bool arch_hw_random(uint64_t *out)
{
	uint64_t v, ok;

	__asm__ volatile("mrs %0, " SYS_RNDR "\n\tcset %1, ne" : "=r"(v), "=r"(ok) : : "cc");
	*out = v;
	return ok != 0;
}

#endif
