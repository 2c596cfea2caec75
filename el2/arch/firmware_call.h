/* Calls into the platform's firmware (PSCI, SMCCC) by SMC or HVC. */
#ifndef TANDEM_ARCH_FIRMWARE_CALL_H
#define TANDEM_ARCH_FIRMWARE_CALL_H
#include <stdbool.h>
#include <stdint.h>

/* Function fid with three arguments, by SMC (smc) or HVC; its first result. */
uint64_t arch_firmware_call(bool smc, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
