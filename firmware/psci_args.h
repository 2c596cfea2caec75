/* The argument checks of guest PSCI calls (firmware/psci.c), apart from
 * what the calls then do, so that they compile on the host and are fuzzed
 * there (tests/fuzz/fuzz_pv.c). */
#ifndef TANDEM_PSCI_ARGS_H
#define TANDEM_PSCI_ARGS_H
#include <stdbool.h>
#include <stdint.h>

/* The vCPU a target_cpu (MPIDR) names, or -1: Aff0 is the vCPU index, the
 * other affinity fields are zero (that is what the guest's device tree
 * says). */
static inline int psci_target_index(uint64_t mpidr, unsigned int nvcpus)
{
	if (mpidr & ~0xffull || mpidr >= nvcpus)
		return -1;
	return (int)mpidr;
}

/* CPU_ON's entry point: a 4-byte-aligned address in the VM's RAM
 * [mem_base, mem_base + mem_size). */
static inline bool psci_entry_ok(uint64_t mem_base, uint64_t mem_size, uint64_t entry)
{
	return entry >= mem_base && entry - mem_base < mem_size && !(entry & 3);
}

/* CPU_SUSPEND's power_state in the original format, the one Tandem
 * advertises (PSCI_FEATURES(CPU_SUSPEND) bit 1 clear; DEN0022, CPU_SUSPEND's
 * power_state parameter): StateID [15:0], StateType [16] (0 standby or retention, 1
 * power-down), PowerLevel [25:24]; [23:17] and [31:26] are reserved and
 * must be zero. The parameter is 32 bits wide in both calling conventions:
 * the upper half of an SMC64 caller's register is not part of it. A vCPU
 * is the only power domain of a VM, so Tandem knows two states, each at
 * level 0 with StateID 0: 0x00000000 standby, 0x00010000 power-down. */
#define PSCI_SUSPEND_FEATURES   0u             /* original format, platform-coordinated */
#define PSCI_POWER_STATE_TYPE   (1u << 16)

enum psci_suspend { PSCI_SUSPEND_INVALID, PSCI_SUSPEND_STANDBY, PSCI_SUSPEND_POWER_DOWN };

static inline enum psci_suspend psci_suspend_state(uint64_t power_state)
{
	uint32_t ps = (uint32_t)power_state;

	if (ps & ~PSCI_POWER_STATE_TYPE)
		return PSCI_SUSPEND_INVALID;   /* reserved bits, a StateID or level it does not know */
	return ps ? PSCI_SUSPEND_POWER_DOWN : PSCI_SUSPEND_STANDBY;
}

#endif
