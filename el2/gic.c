/* Picks the GIC driver for the platform; see gic.h. */
#include "el2/gic.h"
#include "el2/cpu.h"
#include "dt/platform.h"

const struct gic_ops *gic;
static uint32_t lines;

uint32_t gic_lines(void)
{
	return lines;
}

int gic_init(const struct platform *p)
{
	uint32_t typer = *(volatile uint32_t *)(uintptr_t)(p->gicd.base + 4);

	lines = ((typer & 0x1f) + 1) * 32;
	if (lines > 1020)
		lines = 1020;
	if (p->gic_version == 3) {
		gic = &gicv3_ops;
		return gicv3_init(p);
	}
	gic = p->gic_v1 ? &gicv1_ops : &gicv2_ops;
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

void gic_wake_other_cores(void)
{
	gicv2_wake_other_cores();
}
