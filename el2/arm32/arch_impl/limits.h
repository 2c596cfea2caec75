/* ARMv7-A for el2/arch/limits.h: a 39-bit guest-physical space, three levels
 * of LPAE tables from level 1 (VTCR.SL0 = 1, one root table) as on arm64,
 * so that stage2/ builds the same tables for both. */
#ifndef TANDEM_ARM32_LIMITS_H
#define TANDEM_ARM32_LIMITS_H
#include "el2/arm32/layout.h"

#define ARCH_IPA_BITS 39

#endif
