/* AArch64 for el2/arch/firmware_call.h: PSCI's SMC64 calls. */
#ifndef TANDEM_ARM64_FIRMWARE_CALL_IMPL_H
#define TANDEM_ARM64_FIRMWARE_CALL_IMPL_H

#define ARCH_PSCI_CPU_ON 0xc4000003u

#endif
