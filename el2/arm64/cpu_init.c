/* AArch64 for el2/arch/boot.h's CPU bring-up: the features guests are
 * shown (cpu_features.c) and each core's debug and PMU traps (pmu_debug.c). */
#include "el2/arch/boot.h"
#include "el2/arm64/cpu_features.h"
#include "el2/arm64/pmu_debug.h"

const char arch_hyp_name[] = "EL2";

void arch_features_init(void)
{
	cpu_features_init();
}

void arch_cpu_init(unsigned int id)
{
	arch_pmu_debug_cpu_init();
	cpu_features_core_init(id);
}

void arch_features_describe(char *buf, size_t len)
{
	cpu_features_describe(buf, len);
}
