/* PSCI 1.1 for guests. Every call acts on the calling VM only: CPU_ON starts
 * one of its own vCPUs, SYSTEM_OFF stops the VM, SYSTEM_RESET restarts it from
 * a clean image; the machine and the other VMs are never touched. */
#ifndef TANDEM_PSCI_H
#define TANDEM_PSCI_H
#include <stdint.h>

#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_ON_PENDING         (-5)
#define PSCI_INVALID_ADDRESS    (-9)

#define PSCI_VERSION_1_1 0x10001u

struct vcpu;
void psci_handle(struct vcpu *v, uint32_t fid);

#endif
