/* Extension state that follows a vCPU beyond FP/SIMD: its SVE registers and
 * its pointer-authentication keys. Both are taken lazily: a vCPU that never
 * uses them (the RTOS) costs nothing, and a core keeps the state of the
 * last vCPU that used it until another one does.
 *
 * SVE: CPTR_EL2.TZ traps SVE until the vCPU loaded on the core uses it;
 * then its state is live in the Z/P/FFR registers (from zero above its
 * FP/SIMD registers on first use) and is saved and restored whole with it
 * from then until its reset. A vCPU that never used SVE switches only its
 * FP/SIMD registers, with TZ set again so that it cannot see the others'.
 *
 * Keys: HCR_EL2.API/APK trap pointer-authentication instructions and key
 * registers for every vCPU but the core's key owner; the first such use
 * moves the keys (the owner's saved, the user's loaded) and makes the user
 * the owner. */
#ifndef TANDEM_ARM64_VCPU_EXT_H
#define TANDEM_ARM64_VCPU_EXT_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/arm64/sve.h"

struct vcpu;

struct pauth_keys {
	uint64_t apia[2], apib[2], apda[2], apdb[2], apga[2];   /* lo, hi */
};

struct vcpu_ext {
	bool sve_live;            /* its vector state is SVE's (it used SVE since reset) */
	bool keys_reset;          /* reset since it last had its keys: they are zero */
	struct pauth_keys keys;   /* while another vCPU owns the core's keys */
	struct sve_state sve;     /* while sve_live and another vCPU has the core */
};

/* Per core: whose extension state the registers hold. */
struct pcpu_ext {
	struct vcpu *key_owner;   /* the vCPU whose keys are loaded, or NULL */
	bool sve_open;            /* CPTR_EL2.TZ clear: the loaded vCPU's SVE state is live */
};

/* The vCPU's FP/SIMD or SVE state out of (into) the core's registers, for
 * save_loaded() and vcpu_load(). */
void arch_fp_save(struct vcpu *v, struct pcpu_ext *c);
void arch_fp_restore(struct vcpu *v, struct pcpu_ext *c);
/* At vCPU reset: no SVE state, keys zero, not the owner of anything. */
void arch_ext_reset(struct vcpu *v);
/* A trapped SVE instruction (EC 0x19) or pointer-authentication
 * instruction or key access (EC 0x09; EC 0x18 for the keys): the state
 * is made the vCPU's, and the instruction is run again. */
void arch_sve_take(struct vcpu *v, struct pcpu_ext *c);
void arch_keys_take(struct vcpu *v, struct pcpu_ext *c);

#endif
