/* Firmware PSCI calls; see machine.h. */
#include "firmware/machine.h"
#include "firmware/smccc.h"
#include "el2/arch/barrier.h"
#include "el2/arch/firmware_call.h"

static bool use_smc = true;

void machine_set_conduit(bool smc)
{
	use_smc = smc;
}

static uint64_t call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return arch_firmware_call(use_smc, fid, a1, a2, a3);
}

int64_t machine_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int64_t)call(ARCH_PSCI_CPU_ON, mpidr, entry, context);
}

void machine_power_off(void)
{
	call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		interrupt_wait();
}

uint32_t machine_psci_version(void)
{
	return (uint32_t)call(PSCI_VERSION, 0, 0, 0);
}
