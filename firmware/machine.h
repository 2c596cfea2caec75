/* Tandem's own calls to the platform firmware (PSCI through SMC, or HVC when
 * the device tree says so): starting cores and powering the machine off. */
#ifndef TANDEM_MACHINE_H
#define TANDEM_MACHINE_H
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

void machine_set_conduit(bool smc);
/* A Versatile Express board without PSCI (vexpress-a9): its cores wait in
 * the boot loader until an SGI wakes them, then jump to the address in the
 * motherboard's SYS_FLAGS register; its power is SYS_CFGCTRL's. From here
 * machine_cpu_on and machine_power_off use the system registers at sysreg
 * (mapped). */
void machine_use_vexpress(uintptr_t sysreg);
int64_t machine_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
void machine_power_off(void) __attribute__((noreturn));
uint32_t machine_psci_version(void);

#endif
