/* Guest SMCCC dispatch; see smccc.h. */
#include "firmware/smccc.h"
#include "firmware/psci.h"
#include "el2/hypercall.h"
#include "el2/vcpu.h"

#define SMCCC_VERSION_1_1 0x10001u

static __attribute__((noinline)) void arch_call(struct vcpu *v, uint32_t fid)
{
	switch (fid) {
	case SMCCC_VERSION:
		vcpu_set_reg(v, 0, SMCCC_VERSION_1_1);
		return;
	case SMCCC_ARCH_FEATURES: {
		uint32_t q = (uint32_t)vcpu_reg(v, 1);

		/* Only the discovery calls themselves; no firmware workarounds. */
		vcpu_set_reg(v, 0, q == SMCCC_VERSION || q == SMCCC_ARCH_FEATURES
				       ? 0 : (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
		return;
	}
	default:
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
		return;
	}
}

void smccc_handle(struct vcpu *v, enum smccc_conduit conduit)
{
	uint32_t fid = (uint32_t)vcpu_reg(v, 0);

	(void)conduit;  /* HVC and SMC offer the same services */
	/* No yielding calls; and SMC64 calls from AArch32 are unknown
	 * function IDs (SMCCC 1.1, 2.5), whatever their owner. */
	if (!(fid & SMCCC_FAST) || ((fid & SMCCC_64) && vcpu_aarch32(v))) {
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
		return;
	}
	switch (SMCCC_OWNER(fid)) {
	case SMCCC_OWNER_VENDOR_HYP:
		hypercall_handle(v, fid);
		return;
	case SMCCC_OWNER_STD:
		psci_handle(v, fid);
		return;
	case SMCCC_OWNER_ARCH:
		arch_call(v, fid);
		return;
	default:
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
		return;
	}
}
