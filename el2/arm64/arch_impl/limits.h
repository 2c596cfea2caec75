/* AArch64 for el2/arch/limits.h: 39-bit guest-physical space (three levels
 * of 4 KiB tables from level 1, which every ARMv8 core supports). */
#ifndef TANDEM_ARM64_LIMITS_H
#define TANDEM_ARM64_LIMITS_H
#include "el2/arm64/layout.h"

#define ARCH_IPA_BITS 39

#endif
