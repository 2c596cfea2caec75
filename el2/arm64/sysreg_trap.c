/* System-register trap table; see sysreg_trap.h. */
#include <stddef.h>
#include "el2/arm64/sysreg_trap.h"
#include "el2/vcpu.h"
#include "el2/cpu.h"
#include "el2/arm64/cpu_features.h"
#include "el2/arm64/pmu_debug.h"
#include "el2/arm64/sysreg_class.h"
#include "vtimer/vtimer.h"
#include "vgic/vgic.h"

struct sysreg_entry {
	unsigned int key;
	unsigned int arg;
	uint64_t (*read)(struct vcpu *v, unsigned int arg);
	void (*write)(struct vcpu *v, unsigned int arg, uint64_t value);
};

static uint64_t raz(struct vcpu *v, unsigned int arg)
{
	(void)v, (void)arg;
	return 0;
}

static void sgi_write(struct vcpu *v, unsigned int arg, uint64_t value)
{
	(void)arg;
	vgic_sgi1r_write(v, value);
	vgic_flush_if_needed(v);
}

static const struct sysreg_entry table[] = {
	/* SGI generation traps to EL2 with virtual interrupts; write-only. */
	{ SYSREG_KEY(3, 0, 12, 11, 5), 0, raz, sgi_write },   /* ICC_SGI1R_EL1 */
	{ SYSREG_KEY(3, 1, 12, 11, 6), 0, raz, sgi_write },   /* ICC_ASGI1R_EL1 */
	{ SYSREG_KEY(3, 2, 12, 11, 7), 0, raz, sgi_write },   /* ICC_SGI0R_EL1 */
	{ SYSREG_KEY(3, 3, 14, 2, 0), PTIMER_TVAL, ptimer_read, ptimer_write },  /* CNTP_TVAL_EL0 */
	{ SYSREG_KEY(3, 3, 14, 2, 1), PTIMER_CTL, ptimer_read, ptimer_write },   /* CNTP_CTL_EL0 */
	{ SYSREG_KEY(3, 3, 14, 2, 2), PTIMER_CVAL, ptimer_read, ptimer_write },  /* CNTP_CVAL_EL0 */
};

/* Registers trapped by family rather than one by one (MDCR_EL2, HCR_EL2.TIDCP;
 * docs/security.md): a VM without `profiling` sees a PMU with no counters
 * that ignores writes; no VM sees or sets breakpoints, watchpoints, the OS
 * lock or the debug channel; MDSCR_EL1 is the vCPU's own, less the bits
 * that would reach them. Implementation-defined registers: UNDEF. */
static enum sysreg_result family_access(struct vcpu *v, const struct sysreg_iss *s)
{
	switch (sysreg_classify(s)) {
	case SYSREG_PMU:
	case SYSREG_DEBUG:
		if (s->read)
			vcpu_set_reg(v, s->reg, 0);
		return SYSREG_DONE;
	case SYSREG_MDSCR:
		if (s->read)
			vcpu_set_reg(v, s->reg, arch_mdscr_read());
		else
			arch_mdscr_write(vcpu_reg(v, s->reg) & MDSCR_GUEST_BITS);
		return SYSREG_DONE;
	case SYSREG_ID:   /* read-only: only reads trap (HCR_EL2.TID3) */
		if (!s->read)
			return SYSREG_UNKNOWN;
		vcpu_set_reg(v, s->reg, arch_id_reg_read(v, s->crm, s->op2));
		return SYSREG_DONE;
	case SYSREG_PAUTH_KEY:   /* HCR_EL2.APK: the keys here are not its own */
		if (!cpu_pauth)
			return SYSREG_UNKNOWN;
		arch_keys_take(v, &this_cpu()->arch.ext);
		return SYSREG_RETRY;
	default:
		return SYSREG_UNKNOWN;
	}
}

enum sysreg_result sysreg_trap_handle(struct vcpu *v, const struct sysreg_iss *s)
{
	unsigned int key = sysreg_key(s);

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct sysreg_entry *e = &table[i];

		if (e->key != key)
			continue;
		if (s->read)
			vcpu_set_reg(v, s->reg, e->read ? e->read(v, e->arg) : 0);
		else if (e->write)
			e->write(v, e->arg, vcpu_reg(v, s->reg));
		return SYSREG_DONE;
	}
	return family_access(v, s);
}
