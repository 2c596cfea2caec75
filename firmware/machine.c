/* Firmware PSCI calls; see machine.h. */
#include "firmware/machine.h"
#include "firmware/smccc.h"
#include "el2/arch/barrier.h"
#include "el2/arch/firmware_call.h"
#include "el2/gic.h"

#define SYS_FLAGSSET     0x30
#define SYS_FLAGSCLR     0x34
#define SYS_CFGCTRL      0xa4
/* SYS_CFGCTRL: start, write, function 8 (shut down), site 0 (motherboard). */
#define SYS_CFG_SHUTDOWN 0xc0800000u

static bool use_smc = true;
static volatile uint32_t *vexpress;   /* the motherboard's system registers, or none */

void machine_set_conduit(bool smc)
{
	use_smc = smc;
}

static uint64_t call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return arch_firmware_call(use_smc, fid, a1, a2, a3);
}

void machine_use_vexpress(uintptr_t sysreg)
{
	vexpress = (volatile uint32_t *)sysreg;
}

/* On vexpress every waiting core is woken (the entry finds out which core
 * it is), so the first call starts them all and the rest find them up. */
int64_t machine_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	if (!vexpress)
		return (int64_t)call(ARCH_PSCI_CPU_ON, mpidr, entry, context);
	vexpress[SYS_FLAGSCLR / 4] = ~0u;
	vexpress[SYS_FLAGSSET / 4] = (uint32_t)entry;
	gic_wake_other_cores();
	return 0;
}

void machine_power_off(void)
{
	if (vexpress)
		vexpress[SYS_CFGCTRL / 4] = SYS_CFG_SHUTDOWN;
	else
		call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		interrupt_wait();
}

uint32_t machine_psci_version(void)
{
	return (uint32_t)call(PSCI_VERSION, 0, 0, 0);
}
