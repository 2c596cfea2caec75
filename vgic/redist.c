/* The emulated GICv3 redistributor of each vCPU: an RD_base frame (control,
 * identification, wake-up) and an SGI_base frame (its SGIs and PPIs).
 * LPIs are not offered (GICR_TYPER.PLPIS is 0). */
#include "vgic/vgic.h"
#include "vgic/dist.h"
#include "el2/vm.h"
#include "el2/vcpu.h"

#define SGI_BASE 0x10000
#define WAKER_PROCESSOR_SLEEP (1u << 1)
#define WAKER_CHILDREN_ASLEEP (1u << 2)

#define R(fn) static uint64_t fn(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
#define W(fn) static void fn(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)

/* dev is the vCPU whose redistributor this is; v is the one accessing it. */
static struct vcpu *owner_of(void *dev) { return dev; }

R(raz) { (void)dev, (void)v, (void)off, (void)size; return 0; }
R(rao) { (void)dev, (void)v, (void)off, (void)size; return 0xffffffffu; }
R(iidr_read) { (void)dev, (void)v, (void)off, (void)size; return 0x0000043bu; }
R(pidr2_read) { (void)dev, (void)v, (void)off, (void)size; return 0x3b; }

R(typer_read)
{
	struct vcpu *o = owner_of(dev);
	/* Affinity 0.0.0.n, Processor_Number n, Last for the VM's last vCPU. */
	uint64_t t = ((uint64_t)o->id << 32) | ((uint64_t)o->id << 8) |
		     (o->id == o->vm->nvcpus - 1 ? 1u << 4 : 0);

	(void)v;
	return size == 8 ? t : (uint32_t)(t >> (off & 4 ? 32 : 0));
}

R(waker_read)
{
	uint32_t sleep = owner_of(dev)->vgic.redist_waker & WAKER_PROCESSOR_SLEEP;

	(void)v, (void)off, (void)size;
	return sleep | (sleep ? WAKER_CHILDREN_ASLEEP : 0);
}

W(waker_write)
{
	(void)v, (void)off, (void)size;
	owner_of(dev)->vgic.redist_waker = (uint32_t)val & WAKER_PROCESSOR_SLEEP;
}

#define BITS0(name, what, set) \
R(name##_read) { (void)v, (void)off, (void)size; \
	return vgic_bits_read(owner_of(dev)->vm, owner_of(dev), 0, what); } \
W(name##_write) { (void)v, (void)off, (void)size; \
	vgic_bits_write(owner_of(dev)->vm, owner_of(dev), 0, (uint32_t)val, what, set); }

BITS0(isenabler, VGIC_BITS_ENABLE, true)
BITS0(icenabler, VGIC_BITS_ENABLE, false)
BITS0(ispendr, VGIC_BITS_PENDING, true)
BITS0(icpendr, VGIC_BITS_PENDING, false)
BITS0(isactiver, VGIC_BITS_ACTIVE, true)
BITS0(icactiver, VGIC_BITS_ACTIVE, false)

R(ipriority_read)
{
	(void)v;
	return vgic_priority_read(owner_of(dev)->vm, owner_of(dev), (uint32_t)off, size);
}

W(ipriority_write)
{
	(void)v;
	vgic_priority_write(owner_of(dev)->vm, owner_of(dev), (uint32_t)off, size, val);
}

R(icfg_read)
{
	(void)v, (void)size;
	return vgic_config_read(owner_of(dev)->vm, owner_of(dev), (uint32_t)off * 4);
}

W(icfg_write)
{
	(void)v, (void)size;
	vgic_config_write(owner_of(dev)->vm, owner_of(dev), (uint32_t)off * 4, (uint32_t)val);
}

static const struct mmio_reg regs[] = {
	/* RD_base */
	{ 0x0000, 4, MMIO_W32, raz, NULL },                       /* CTLR: no LPIs */
	{ 0x0004, 4, MMIO_W32, iidr_read, NULL },
	{ 0x0008, 8, MMIO_W32 | MMIO_W64, typer_read, NULL },
	{ 0x0010, 4, MMIO_W32, raz, NULL },                       /* STATUSR */
	{ 0x0014, 4, MMIO_W32, waker_read, waker_write },
	{ 0xffe8, 4, MMIO_W32, pidr2_read, NULL },
	/* SGI_base */
	{ SGI_BASE + 0x0080, 4, MMIO_W32, rao, NULL },            /* IGROUPR0: Group 1 */
	{ SGI_BASE + 0x0100, 4, MMIO_W32, isenabler_read, isenabler_write },
	{ SGI_BASE + 0x0180, 4, MMIO_W32, icenabler_read, icenabler_write },
	{ SGI_BASE + 0x0200, 4, MMIO_W32, ispendr_read, ispendr_write },
	{ SGI_BASE + 0x0280, 4, MMIO_W32, icpendr_read, icpendr_write },
	{ SGI_BASE + 0x0300, 4, MMIO_W32, isactiver_read, isactiver_write },
	{ SGI_BASE + 0x0380, 4, MMIO_W32, icactiver_read, icactiver_write },
	{ SGI_BASE + 0x0400, 0x20, MMIO_W8 | MMIO_W32, ipriority_read, ipriority_write },
	{ SGI_BASE + 0x0c00, 8, MMIO_W32, icfg_read, icfg_write },
};

MMIO_MODEL(vgic_redist_model, "gicv3-redistributor", regs, VGIC_REDIST_STRIDE);
