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

#endif
