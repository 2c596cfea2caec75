/* GICv2 driver for Tandem's own use: memory-mapped distributor and CPU
 * interface; SGIs are targeted by CPU-interface number, which each core
 * learns from its banked GICD_ITARGETSR0. */
#include "el2/gic.h"
#include "el2/cpu.h"
#include "el2/arch/barrier.h"
#include "dt/platform.h"

#define GICD_CTLR        0x000
#define GICD_TYPER       0x004
#define GICD_ISENABLER   0x100
#define GICD_ICENABLER   0x180
#define GICD_ICACTIVER   0x380
#define GICD_ISPENDR     0x200
#define GICD_IPRIORITYR  0x400
#define GICD_ITARGETSR   0x800
#define GICD_SGIR        0xf00
#define GICC_CTLR        0x000
#define GICC_PMR         0x004
#define GICC_BPR         0x008
#define GICC_IAR         0x00c
#define GICC_EOIR        0x010
#define GICC_DIR         0x1000
#define GICC_CTLR_EOIMODE (1u << 9)

#define DEFAULT_PRIORITY 0xa0

static uintptr_t gicd, gicc;

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t rd8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void wr8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

int gicv2_init(const struct platform *p)
{
	gicd = (uintptr_t)p->gicd.base;
	gicc = (uintptr_t)p->gicc.base;

	unsigned int lines = ((rd32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;

	wr32(gicd + GICD_CTLR, 0);
	for (unsigned int i = 32; i < lines && i < 1020; i += 32)
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
	for (unsigned int i = 32; i < lines && i < 1020; i++)
		wr8(gicd + GICD_IPRIORITYR + i, DEFAULT_PRIORITY);
	wr32(gicd + GICD_CTLR, 1);
	return 0;
}

static void gicv2_cpu_init(struct pcpu *c)
{
	c->gicv2_target = rd8(gicd + GICD_ITARGETSR);
	wr32(gicd + GICD_ICENABLER, ~0u);
	for (unsigned int i = 0; i < 32; i++)
		wr8(gicd + GICD_IPRIORITYR + i, DEFAULT_PRIORITY);
	wr32(gicd + GICD_ISENABLER, 0xffffu);
	wr32(gicc + GICC_PMR, 0xff);
	wr32(gicc + GICC_BPR, 0);
	wr32(gicc + GICC_CTLR, 1 | GICC_CTLR_EOIMODE);   /* EOIR drops priority, DIR deactivates */
}

static void gicv2_send_sgi(const struct pcpu *t, unsigned int sgi)
{
	sync_shared_stores();
	wr32(gicd + GICD_SGIR, (t->gicv2_target & 0xff) << 16 | sgi);
}

#define GICD_SGIR_OTHERS (1u << 24)   /* TargetListFilter 01: all but the sender */

void gicv2_wake_other_cores(void)
{
	sync_shared_stores();
	wr32(gicd + GICD_SGIR, GICD_SGIR_OTHERS | 0);
}

uintptr_t gicv2_cpu_interface(void)
{
	return gicc;
}

static uint32_t gicv2_ack(void)
{
	uint32_t iar = rd32(gicc + GICC_IAR);
	uint32_t intid = iar & 0x3ff;

	/* Keep the source-CPU bits of an SGI: EOIR needs the whole IAR value. */
	return intid >= 1020 ? GIC_SPURIOUS : iar;
}

static void gicv2_eoi(uint32_t iar)
{
	wr32(gicc + GICC_EOIR, iar);
}

static void gicv2_deactivate(uint32_t iar)
{
	wr32(gicc + GICC_DIR, iar);
}

static void gicv2_enable(uint32_t intid, const struct pcpu *target)
{
	if (intid >= 32)
		wr8(gicd + GICD_ITARGETSR + intid, (uint8_t)target->gicv2_target);
	wr32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

static void gicv2_disable(uint32_t intid)
{
	wr32(gicd + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

/* A shared interrupt's active state, cleared at the distributor: from any
 * core, whichever acknowledged it (a VM's device being taken back). */
static void gicv2_clear_active(uint32_t intid)
{
	if (intid >= 32)
		wr32(gicd + GICD_ICACTIVER + (intid / 32) * 4, 1u << (intid % 32));
}

/* A shared interrupt made pending at the distributor, from any core. */
static void gicv2_set_pending(uint32_t intid)
{
	if (intid >= 32)
		wr32(gicd + GICD_ISPENDR + (intid / 32) * 4, 1u << (intid % 32));
}

/* The Cortex-A9 MPCore's GICv1 has no split priority drop (EOImode) and no
 * GICC_DIR: its EOIR also deactivates, and what lies at GICC + 0x1000 there
 * is the distributor. */
static void gicv1_cpu_init(struct pcpu *c)
{
	gicv2_cpu_init(c);
	wr32(gicc + GICC_CTLR, 1);
}

static void gicv1_deactivate(uint32_t iar)
{
	(void)iar;   /* done by gicv2_eoi's EOIR */
}

const struct gic_ops gicv1_ops = {
	gicv1_cpu_init, gicv2_send_sgi, gicv2_ack, gicv2_eoi, gicv1_deactivate, gicv2_enable,
	gicv2_disable, gicv2_clear_active, gicv2_set_pending,
};

const struct gic_ops gicv2_ops = {
	gicv2_cpu_init, gicv2_send_sgi, gicv2_ack, gicv2_eoi, gicv2_deactivate, gicv2_enable,
	gicv2_disable, gicv2_clear_active, gicv2_set_pending,
};
