/* The fake architecture for el2/arch/firmware_call.h: as AArch64. */
#ifndef TANDEM_FAKE_FIRMWARE_CALL_IMPL_H
#define TANDEM_FAKE_FIRMWARE_CALL_IMPL_H

#define ARCH_PSCI_CPU_ON 0xc4000003u

#endif
