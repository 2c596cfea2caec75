/* SMC Calling Convention function identifiers, and the guest-facing SMCCC
 * dispatcher that routes a trapped HVC or SMC to PSCI, to the Arm
 * architecture calls or to Tandem's own hypercalls. */
#ifndef TANDEM_SMCCC_H
#define TANDEM_SMCCC_H
#include <stdint.h>

#define SMCCC_FAST          (1u << 31)
#define SMCCC_64            (1u << 30)
#define SMCCC_OWNER(fid)    (((fid) >> 24) & 0x3f)
#define SMCCC_OWNER_ARCH    0
#define SMCCC_OWNER_STD     4     /* PSCI lives here */
#define SMCCC_OWNER_VENDOR_HYP 6  /* Tandem's hypercalls */

#define SMCCC_VERSION           0x80000000u
#define SMCCC_ARCH_FEATURES     0x80000001u
#define SMCCC_NOT_SUPPORTED     (-1)
#define SMCCC_INVALID_PARAMETER (-3)   /* as in Tandem's own calls */

#define PSCI_VERSION            0x84000000u
#define PSCI_CPU_SUSPEND        0x84000001u
#define PSCI_CPU_SUSPEND_64     0xc4000001u
#define PSCI_CPU_OFF            0x84000002u
#define PSCI_CPU_ON             0x84000003u
#define PSCI_CPU_ON_64          0xc4000003u
#define PSCI_AFFINITY_INFO      0x84000004u
#define PSCI_AFFINITY_INFO_64   0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE  0x84000006u
#define PSCI_SYSTEM_OFF         0x84000008u
#define PSCI_SYSTEM_RESET       0x84000009u
#define PSCI_FEATURES           0x8400000au

struct vcpu;

enum smccc_conduit { CONDUIT_HVC, CONDUIT_SMC };

/* Handles a guest's SMCCC call (function ID in x0); results go in the
 * vCPU's x0-x3. A call may also stop the vCPU or its VM (CPU_OFF, SYSTEM_OFF). */
void smccc_handle(struct vcpu *v, enum smccc_conduit conduit);

#endif
