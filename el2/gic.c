/* Picks the GIC driver for the platform; see gic.h. */
#include "el2/gic.h"
#include "el2/cpu.h"
#include "dt/platform.h"

const struct gic_ops *gic;

int gic_init(const struct platform *p)
{
	if (p->gic_version == 3) {
		gic = &gicv3_ops;
		return gicv3_init(p);
	}
	gic = &gicv2_ops;
	return gicv2_init(p);
}

void gic_cpu_init(struct pcpu *c)
{
	gic->cpu_init(c);
}

void gic_send_sgi(unsigned int cpu, unsigned int sgi)
{
	gic->send_sgi(&pcpus[cpu], sgi);
}
