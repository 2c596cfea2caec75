/* SVE and pointer-authentication state switch; see vcpu_ext.h. */
#include "el2/arm64/vcpu_ext.h"
#include "el2/arm64/cpu_features.h"
#include "el2/arm64/fpsimd.h"
#include "el2/arm64/sysreg.h"
#include "el2/vcpu.h"

#define CPTR_EL2_TZ (1ull << 8)
#define HCR_APK (1ull << 40)
#define HCR_API (1ull << 41)

static void sve_open(struct pcpu_ext *c)
{
	write_sysreg(cptr_el2, CPTR_EL2_RES1 & ~CPTR_EL2_TZ);
	isb();
	c->sve_open = true;
}

static void sve_close(struct pcpu_ext *c)
{
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	isb();
	c->sve_open = false;
}

void arch_fp_save(struct vcpu *v, struct pcpu_ext *c)
{
	if (__builtin_expect(c->sve_open, 0))
		sve_save(&v->arch.ext.sve);   /* sve_live: its FP/SIMD state is in there */
	else
		fpsimd_save(&v->arch.fp);
}

void arch_fp_restore(struct vcpu *v, struct pcpu_ext *c)
{
	if (__builtin_expect(v->arch.ext.sve_live, 0)) {
		if (!c->sve_open)
			sve_open(c);
		sve_restore(&v->arch.ext.sve);
		return;
	}
	fpsimd_restore(&v->arch.fp);
	if (__builtin_expect(c->sve_open, 0))
		sve_close(c);   /* Z bits above V are now zero; P and FFR wait behind TZ */
}

void arch_ext_reset(struct vcpu *v)
{
	v->arch.ext.sve_live = false;
	/* Not the keys themselves: the core that has them may save them into
	 * v->arch.ext.keys until v next takes them. */
	v->arch.ext.keys_reset = true;
}

void arch_sve_take(struct vcpu *v, struct pcpu_ext *c)
{
	if (!c->sve_open)
		sve_open(c);
	if (!v->arch.ext.sve_live) {
		/* Its FP/SIMD registers are loaded; the rest starts at zero. */
		sve_flush_live();
		v->arch.ext.sve_live = true;
	}
}

#define KEY_RW(op, crm, op2, var) op##_sysreg_key("s3_0_c2_c" #crm "_" #op2, var)
#define read_sysreg_key(enc, var) (var) = read_sysreg_s(enc)
#define write_sysreg_key(enc, var) write_sysreg_s(enc, var)

static void keys_save(struct pauth_keys *k)
{
	KEY_RW(read, 1, 0, k->apia[0]); KEY_RW(read, 1, 1, k->apia[1]);
	KEY_RW(read, 1, 2, k->apib[0]); KEY_RW(read, 1, 3, k->apib[1]);
	KEY_RW(read, 2, 0, k->apda[0]); KEY_RW(read, 2, 1, k->apda[1]);
	KEY_RW(read, 2, 2, k->apdb[0]); KEY_RW(read, 2, 3, k->apdb[1]);
	KEY_RW(read, 3, 0, k->apga[0]); KEY_RW(read, 3, 1, k->apga[1]);
}

static void keys_restore(const struct pauth_keys *k)
{
	KEY_RW(write, 1, 0, k->apia[0]); KEY_RW(write, 1, 1, k->apia[1]);
	KEY_RW(write, 1, 2, k->apib[0]); KEY_RW(write, 1, 3, k->apib[1]);
	KEY_RW(write, 2, 0, k->apda[0]); KEY_RW(write, 2, 1, k->apda[1]);
	KEY_RW(write, 2, 2, k->apdb[0]); KEY_RW(write, 2, 3, k->apdb[1]);
	KEY_RW(write, 3, 0, k->apga[0]); KEY_RW(write, 3, 1, k->apga[1]);
}

void arch_keys_take(struct vcpu *v, struct pcpu_ext *c)
{
	struct vcpu *from = c->key_owner;

	/* from is pinned to this core and not running: its keys and its HCR
	 * are ours to change. Its next use traps and brings its keys back. */
	if (from && from != v) {
		if (!from->arch.ext.keys_reset)
			keys_save(&from->arch.ext.keys);
		from->arch.hcr &= ~(HCR_API | HCR_APK);
	}
	/* Also when v owns them already: then it was reset since. */
	if (v->arch.ext.keys_reset) {
		v->arch.ext.keys = (struct pauth_keys){ 0 };
		v->arch.ext.keys_reset = false;
	}
	keys_restore(&v->arch.ext.keys);
	c->key_owner = v;
	v->arch.hcr |= HCR_API | HCR_APK;
	write_sysreg(hcr_el2, v->arch.hcr);
	isb();
}
