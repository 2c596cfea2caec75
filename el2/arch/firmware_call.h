/* Calls into the platform's firmware (PSCI, SMCCC) by SMC or HVC. */
#ifndef TANDEM_ARCH_FIRMWARE_CALL_H
#define TANDEM_ARCH_FIRMWARE_CALL_H
#include <stdbool.h>
#include <stdint.h>
#include <arch_impl/firmware_call.h>

/* Provided by the implementation:
 *   ARCH_PSCI_CPU_ON   PSCI CPU_ON in the calling convention of the port
 *                      (SMC64 on AArch64, SMC32 on ARMv7) */

/* Function fid with three arguments, by SMC (smc) or HVC; its first result. */
uint64_t arch_firmware_call(bool smc, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
