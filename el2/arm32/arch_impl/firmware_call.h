/* ARMv7-A for el2/arch/firmware_call.h: PSCI's SMC32 calls. */
#ifndef TANDEM_ARM32_FIRMWARE_CALL_IMPL_H
#define TANDEM_ARM32_FIRMWARE_CALL_IMPL_H

#define ARCH_PSCI_CPU_ON 0x84000003u

#endif
