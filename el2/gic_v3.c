/* GICv3 driver for Tandem's own use: affinity routing, one redistributor per
 * core, the CPU interface through ICC_* system registers. */
#include "el2/gic.h"
#include "el2/cpu.h"
#include "el2/arch/barrier.h"
#include "el2/arch/gic_cpuif.h"
#include "dt/platform.h"

#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ICACTIVER   0x0380
#define GICD_ISPENDR     0x0200
#define GICD_IPRIORITYR  0x0400
#define GICD_IROUTER     0x6000
#define GICD_CTLR_RWP    (1u << 31)
#define GICD_CTLR_ARE    (1u << 4)
#define GICD_CTLR_GRP1   (1u << 1)
#define GICD_CTLR_GRP0   (1u << 0)

#define GICR_TYPER       0x0008
#define GICR_WAKER       0x0014
#define GICR_SGI_BASE    0x10000
#define GICR_IGROUPR0    (GICR_SGI_BASE + 0x080)
#define GICR_ISENABLER0  (GICR_SGI_BASE + 0x100)
#define GICR_ICENABLER0  (GICR_SGI_BASE + 0x180)
#define GICR_IPRIORITYR  (GICR_SGI_BASE + 0x400)
#define GICR_TYPER_LAST  (1u << 4)
#define GICR_TYPER_VLPIS (1u << 1)

#define DEFAULT_PRIORITY 0xa0

static uintptr_t gicd, gicr_base;
static uint64_t gicr_size;
static uintptr_t gicr_of[TANDEM_MAX_CPUS];

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t rd64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void wr64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline void wr8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

static void wait_rwp(void)
{
	while (rd32(gicd + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

int gicv3_init(const struct platform *p)
{
	gicd = (uintptr_t)p->gicd.base;
	gicr_base = (uintptr_t)p->gicr.base;
	gicr_size = p->gicr.size;

	unsigned int lines = ((rd32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;

	wr32(gicd + GICD_CTLR, 0);
	wait_rwp();
	/* Every SPI: group 1, disabled, default priority, routed to the boot core. */
	for (unsigned int i = 32; i < lines && i < 1020; i += 32) {
		wr32(gicd + GICD_ICENABLER + i / 8, ~0u);
		wr32(gicd + GICD_IGROUPR + i / 8, ~0u);
	}
	for (unsigned int i = 32; i < lines && i < 1020; i++)
		wr8(gicd + GICD_IPRIORITYR + i, DEFAULT_PRIORITY);
	wait_rwp();
	wr32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1 | GICD_CTLR_GRP0);
	wait_rwp();
	return 0;
}

static uint64_t mpidr_to_aff(uint64_t mpidr)
{
	return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	uintptr_t rd = gicr_base;

	while (rd < gicr_base + gicr_size) {
		uint64_t typer = rd64(rd + GICR_TYPER);

		if ((typer >> 32) == mpidr_to_aff(mpidr))
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
	}
	return 0;
}

static void gicv3_cpu_init(struct pcpu *c)
{
	uintptr_t rd = find_redistributor(c->mpidr);

	gicr_of[c->id] = rd;
	if (rd) {
		/* Wake the redistributor, then: SGIs/PPIs group 1, SGIs enabled. */
		wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~2u);
		while (rd32(rd + GICR_WAKER) & 4u)
			;
		wr32(rd + GICR_ICENABLER0, ~0u);
		wr32(rd + GICR_IGROUPR0, ~0u);
		for (unsigned int i = 0; i < 32; i++)
			wr8(rd + GICR_IPRIORITYR + i, DEFAULT_PRIORITY);
		wr32(rd + GICR_ISENABLER0, 0xffffu);
	}
	gicv3_cpuif_enable();
}

static void gicv3_send_sgi(const struct pcpu *t, unsigned int sgi)
{
	uint64_t m = t->mpidr;
	uint64_t v = ((m >> 32 & 0xff) << 48) | ((m >> 16 & 0xff) << 32) |
		     ((m >> 8 & 0xff) << 16) | ((uint64_t)sgi << 24) | (1ull << (m & 0xf));

	sync_shared_stores();
	gicv3_sgi_write(v);
}

static uint32_t gicv3_ack(void)
{
	uint32_t intid = gicv3_iar();

	sync_system();
	return intid >= 1020 && intid < 1024 ? GIC_SPURIOUS : intid;
}

static void gicv3_eoi(uint32_t intid)
{
	gicv3_eoir(intid);
}

static void gicv3_deactivate(uint32_t intid)
{
	gicv3_dir(intid);
}

static void gicv3_enable(uint32_t intid, const struct pcpu *target)
{
	if (intid < 32) {
		uintptr_t rd = gicr_of[target->id];

		if (rd)
			wr32(rd + GICR_ISENABLER0, 1u << intid);
		return;
	}
	wr64(gicd + GICD_IROUTER + 8 * intid, mpidr_to_aff(target->mpidr) & 0xffffff) ;
	wr32(gicd + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

static void gicv3_disable(uint32_t intid)
{
	if (intid < 32) {
		uintptr_t rd = gicr_of[this_cpu()->id];

		if (rd)
			wr32(rd + GICR_ICENABLER0, 1u << intid);
		return;
	}
	wr32(gicd + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
	wait_rwp();
}

/* A shared interrupt's active state, cleared at the distributor: from any
 * core, whichever acknowledged it (a VM's device being taken back). */
static void gicv3_clear_active(uint32_t intid)
{
	if (intid >= 32)
		wr32(gicd + GICD_ICACTIVER + (intid / 32) * 4, 1u << (intid % 32));
}

/* A shared interrupt made pending at the distributor, from any core. */
static void gicv3_set_pending(uint32_t intid)
{
	if (intid >= 32)
		wr32(gicd + GICD_ISPENDR + (intid / 32) * 4, 1u << (intid % 32));
}

const struct gic_ops gicv3_ops = {
	gicv3_cpu_init, gicv3_send_sgi, gicv3_ack, gicv3_eoi, gicv3_deactivate, gicv3_enable,
	gicv3_disable, gicv3_clear_active, gicv3_set_pending,
};
