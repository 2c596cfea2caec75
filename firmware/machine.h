/* Tandem's own calls to the platform firmware (PSCI through SMC, or HVC when
 * the device tree says so): starting cores and powering the machine off. */
#ifndef TANDEM_MACHINE_H
#define TANDEM_MACHINE_H
#include <stdbool.h>
#include <stdint.h>

void machine_set_conduit(bool smc);
int64_t machine_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
void machine_power_off(void) __attribute__((noreturn));
uint32_t machine_psci_version(void);

#endif
