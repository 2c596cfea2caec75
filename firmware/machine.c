/* Firmware PSCI calls; see machine.h. */
#include "firmware/machine.h"
#include "firmware/smccc.h"
#include "el2/arm64/sysreg.h"

static bool use_smc = true;

void machine_set_conduit(bool smc)
{
	use_smc = smc;
}

static uint64_t call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (use_smc)
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
				   "x13", "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
				   "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

int64_t machine_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int64_t)call(PSCI_CPU_ON_64, mpidr, entry, context);
}

void machine_power_off(void)
{
	call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

uint32_t machine_psci_version(void)
{
	return (uint32_t)call(PSCI_VERSION, 0, 0, 0);
}
