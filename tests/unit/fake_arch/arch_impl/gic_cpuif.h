/* Host for el2/arch/gic_cpuif.h: the GICv3 CPU interface as fields of
 * fake_arch (fake.h): the list registers, ICH_HCR (its UIE bit mirrored in
 * underflow_irq), VMCR and AP1R0, and logs of the SGIs sent, the priority
 * drops and the deactivations. ich_lr_read/write are in fake_arch.c. */
#ifndef TANDEM_FAKE_GIC_CPUIF_IMPL_H
#define TANDEM_FAKE_GIC_CPUIF_IMPL_H
#include <stdint.h>
#include "tests/unit/fake_arch/fake.h"

static inline void gicv3_cpuif_enable(void) { fake_arch.cpuif_enabled = true; }

static inline void gicv3_sgi_write(uint64_t value)
{
	if (fake_arch.nsgi < FAKE_LOG)
		fake_arch.sgi_sent[fake_arch.nsgi] = value;
	fake_arch.nsgi++;
}

static inline uint32_t gicv3_iar(void)
{
	uint32_t intid = fake_arch.iar_next;

	fake_arch.iar_next = 1023;   /* acknowledged: nothing more pending */
	return intid;
}

static inline void gicv3_eoir(uint32_t intid)
{
	if (fake_arch.neoi < FAKE_LOG)
		fake_arch.eoi[fake_arch.neoi] = intid;
	fake_arch.neoi++;
}

static inline void gicv3_dir(uint32_t intid)
{
	if (fake_arch.ndir < FAKE_LOG)
		fake_arch.dir[fake_arch.ndir] = intid;
	fake_arch.ndir++;
}

static inline unsigned int ich_nr_lrs(void) { return fake_arch.nlr; }

static inline void ich_hcr_write(uint64_t value)
{
	fake_arch.hcr = value;
	fake_arch.underflow_irq = (value >> 1) & 1;   /* ICH_HCR.UIE */
}

static inline uint64_t ich_vmcr_read(void)        { return fake_arch.vmcr; }
static inline void ich_vmcr_write(uint64_t value) { fake_arch.vmcr = value; }
static inline uint64_t ich_apr_read(void)         { return fake_arch.apr; }
static inline void ich_apr_write(uint64_t value)  { fake_arch.apr = value; }

#endif
