/* PMU and debug isolation between VMs; see pmu_debug.h. */
#include "el2/arm64/pmu_debug.h"
#include "el2/arm64/sysreg.h"

static unsigned int guest_counters(void)
{
	unsigned int n = (unsigned int)(read_sysreg(pmcr_el0) >> 11) & 0x1f;   /* PMCR_EL0.N */

	return n < PMU_GUEST_COUNTERS ? n : PMU_GUEST_COUNTERS;
}

/* Registers named by an index must be spelled out: one case each. */
#define EACH_COUNTER(X) X(0) X(1) X(2) X(3) X(4) X(5)
_Static_assert(PMU_GUEST_COUNTERS == 6, "EACH_COUNTER lists every guest counter");

void arch_pmu_debug_cpu_init(void)
{
	unsigned int dfr0 = (unsigned int)read_sysreg(id_aa64dfr0_el1);
	unsigned int brps = ((dfr0 >> 12) & 0xf) + 1, wrps = ((dfr0 >> 20) & 0xf) + 1;

	/* At least two of each exist (the architecture's minimum); past that,
	 * as many as the core has, up to the six this loop names. */
#define CLEAR_BP(n) if (n < brps) write_sysreg(dbgbcr##n##_el1, 0); \
	if (n < wrps) write_sysreg(dbgwcr##n##_el1, 0);
	EACH_COUNTER(CLEAR_BP)
#undef CLEAR_BP
	write_sysreg(mdscr_el1, 0);
	write_sysreg(pmcr_el0, 0);
	write_sysreg(pmcntenclr_el0, ~0ull);
	write_sysreg(pmintenclr_el1, ~0ull);
	write_sysreg(pmuserenr_el0, 0);
	write_sysreg(mdcr_el2, arch_mdcr_for(false));
	isb();
}

uint64_t arch_mdcr_for(bool profiling)
{
	uint64_t mdcr = guest_counters() & MDCR_HPMN_MASK;

	mdcr |= MDCR_TDA | MDCR_TDOSA | MDCR_TDRA;
	if (!profiling)
		mdcr |= MDCR_TPM | MDCR_TPMCR;
	return mdcr;
}

#define EVENT_COUNTERS 0x7fffffffull   /* PMCNTEN and friends: bit 31 is the cycle counter */

bool arch_pmu_park(struct pmu_context *c)
{
	c->cntenset = read_sysreg(pmcntenset_el0) & EVENT_COUNTERS;
	c->userenr = read_sysreg(pmuserenr_el0);
	if (c->cntenset)
		write_sysreg(pmcntenclr_el0, c->cntenset);
	if (c->userenr)
		write_sysreg(pmuserenr_el0, 0);
	return c->cntenset || c->userenr;
}

void arch_pmu_unpark(const struct pmu_context *c)
{
	if (c->cntenset)
		write_sysreg(pmcntenset_el0, c->cntenset);
	if (c->userenr)
		write_sysreg(pmuserenr_el0, c->userenr);
}

void arch_pmu_switch_owner(struct pmu_context *from, const struct pmu_context *to)
{
	unsigned int n = guest_counters();

	write_sysreg(pmcntenclr_el0, EVENT_COUNTERS);   /* stopped already, unless a reset */
	write_sysreg(pmuserenr_el0, 0);
	if (from) {   /* parked: its counters are stopped, their values still here */
		from->intenset = read_sysreg(pmintenset_el1);
		from->ovsset = read_sysreg(pmovsset_el0) & EVENT_COUNTERS;
		from->selr = read_sysreg(pmselr_el0);
#define SAVE(i) if (i < n) { from->evcntr[i] = read_sysreg(pmevcntr##i##_el0); \
	from->evtyper[i] = read_sysreg(pmevtyper##i##_el0); }
		EACH_COUNTER(SAVE)
#undef SAVE
	}
#define RESTORE(i) if (i < n) { write_sysreg(pmevcntr##i##_el0, to->evcntr[i]); \
	write_sysreg(pmevtyper##i##_el0, to->evtyper[i]); }
	EACH_COUNTER(RESTORE)
#undef RESTORE
	write_sysreg(pmselr_el0, to->selr);
	write_sysreg(pmovsclr_el0, EVENT_COUNTERS);
	write_sysreg(pmovsset_el0, to->ovsset);
	write_sysreg(pmintenclr_el1, ~0ull);
	write_sysreg(pmintenset_el1, to->intenset);
}

void arch_pmu_reset_values(struct pmu_context *c)
{
	*c = (struct pmu_context){ 0 };
}

uint64_t arch_mdscr_read(void)
{
	return read_sysreg(mdscr_el1);
}

void arch_mdscr_write(uint64_t value)
{
	write_sysreg(mdscr_el1, value);
}
