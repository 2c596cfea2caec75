/* CPU features for guests; see cpu_features.h. */
#include <format.h>
#include "el2/arm64/cpu_features.h"
#include "el2/arm64/id_regs.h"
#include "el2/arm64/sve.h"
#include "el2/arm64/sysreg.h"
#include "el2/console.h"
#include "el2/vcpu.h"
#include "stage2/stage2.h"

bool cpu_sve, cpu_pauth;
unsigned int cpu_sve_vl;
static uint64_t boot_id[ID_REG_COUNT];

#define CPTR_EL2_TZ (1ull << 8)

/* mrs needs its register in the instruction: one case per encoding. */
#define ID_CASE(crm, op2) \
	case ID_REG_INDEX(crm, op2): return read_sysreg_s("s3_0_c0_c" #crm "_" #op2);
#define ID_ROW(crm) ID_CASE(crm, 0) ID_CASE(crm, 1) ID_CASE(crm, 2) ID_CASE(crm, 3) \
	ID_CASE(crm, 4) ID_CASE(crm, 5) ID_CASE(crm, 6) ID_CASE(crm, 7)

static uint64_t read_id_reg(unsigned int index)
{
	switch (index) {
	ID_ROW(1) ID_ROW(2) ID_ROW(3) ID_ROW(4) ID_ROW(5) ID_ROW(6) ID_ROW(7)
	}
	return 0;
}

static struct id_policy policy_for(bool profiling)
{
	return (struct id_policy){
		.sve = cpu_sve, .pauth = cpu_pauth, .pmu = profiling,
		.pa_range = id_pa_range_covering(STAGE2_IPA_BITS),
	};
}

void cpu_features_init(void)
{
	for (unsigned int i = 0; i < ID_REG_COUNT; i++)
		boot_id[i] = read_id_reg(i);
	cpu_sve = id_has_sve(boot_id[ID_AA64PFR0]);
	cpu_pauth = id_has_pauth(boot_id[ID_AA64ISAR1], boot_id[ID_AA64ISAR2]);
}

void cpu_features_core_init(unsigned int core)
{
	struct id_policy p = policy_for(true);

	for (unsigned int i = 0; i < ID_REG_COUNT; i++) {
		uint64_t mine = id_reg_guest_value(i, read_id_reg(i), &p);

		if (mine != id_reg_guest_value(i, boot_id[i], &p)) {
			tlog("core %u: ID register (CRm %u, op2 %u) differs from the boot core's "
			     "(0x%llx): guests see the boot core's features", core, i / 8 + 1, i % 8,
			     (unsigned long long)mine);
			break;
		}
	}
	if (!cpu_sve)
		return;
	/* ZCR_EL2 and SVE itself are reachable at EL2 only with TZ clear. */
	write_sysreg(cptr_el2, CPTR_EL2_RES1 & ~CPTR_EL2_TZ);
	isb();
	write_sysreg_s("s3_4_c1_c2_0", SVE_MAX_VQ - 1);   /* ZCR_EL2.LEN */
	isb();
	if (!cpu_sve_vl)
		cpu_sve_vl = (unsigned int)sve_vl_bytes();
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	isb();
}

void cpu_features_describe(char *buf, unsigned long len)
{
	char sve[32] = "no SVE";

	if (cpu_sve)
		snformat(sve, sizeof(sve), "SVE at %u-bit vectors", cpu_sve_vl * 8);
	snformat(buf, len, "guest CPU features: %s, %spointer authentication; SME, MTE, "
		 "AMU, SPE, trace and nested virtualization hidden", sve, cpu_pauth ? "" : "no ");
}

uint64_t arch_id_reg_read(const struct vcpu *v, unsigned int crm, unsigned int op2)
{
	struct id_policy p = policy_for(v->profiling);
	unsigned int index = ID_REG_INDEX(crm, op2);

	return index < ID_REG_COUNT ? id_reg_guest_value(index, boot_id[index], &p) : 0;
}
