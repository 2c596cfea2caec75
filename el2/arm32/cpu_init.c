/* ARMv7-A for el2/arch/boot.h's CPU bring-up: what each core's HYP needs
 * before a guest runs (VTCR, the PMU counters HDCR leaves to guests), and
 * what the boot log says of the CPU. */
#include <format.h>
#include "el2/arch/boot.h"
#include "el2/arch/limits.h"
#include "el2/cpu.h"
#include "el2/arm32/cp15.h"

/* VTCR: T0SZ = 32 - ARCH_IPA_BITS as a signed 4-bit field with its sign in
 * bit 4, walks from level 1 (SL0 = 1), inner/outer write-back, inner
 * shareable; bit 31 RES1. */
#define VTCR_VALUE ((((32 - ARCH_IPA_BITS) & 0xfu) | ((32 - ARCH_IPA_BITS) < 0 ? 0x10u : 0)) | \
		    (1u << 6) | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 31))

const char arch_hyp_name[] = "HYP";

static uint32_t midr;

void arch_features_init(void)
{
	midr = read_cp15(MIDR);
}

void arch_cpu_init(unsigned int id)
{
	(void)id;
	write_cp15(VTCR, VTCR_VALUE);
	/* HDCR.HPMN: the counters a guest with `profiling` may use: all. */
	this_cpu()->arch.hdcr_hpmn = (read_cp15(PMCR) >> 11) & 0x1f;
	isb();
}

void arch_features_describe(char *buf, size_t len)
{
	snformat(buf, len, "CPU: ARMv7-A, MIDR 0x%08x (part 0x%03x), guests in SVC with LPAE "
		 "stage 2 (%u-bit IPA); no debug, PMU only with `profiling`",
		 (unsigned int)midr, (unsigned int)((midr >> 4) & 0xfff), ARCH_IPA_BITS);
}
