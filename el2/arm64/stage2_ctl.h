/* AArch64 stage-2 control beyond el2/arch/stage2.h: the VTCR_EL2 value
 * every core loads with a vCPU. */
#ifndef TANDEM_ARM64_STAGE2_CTL_H
#define TANDEM_ARM64_STAGE2_CTL_H
#include <stdint.h>

uint64_t arm64_vtcr(void);

#endif
