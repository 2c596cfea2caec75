/* The emulated GIC distributor (GICv2 and GICv3), as declarative register
 * tables over shared handlers. Registers Linux and the test guest use are
 * modelled; reserved and unimplemented ones read as zero and ignore writes,
 * as the architecture allows. Private interrupts (INTID < 32) are banked
 * per vCPU: through the distributor on GICv2, through each vCPU's
 * redistributor on GICv3 (redist.c), where the distributor's copies read as
 * zero because affinity routing is always on. */
#include <string.h>
#include "vgic/vgic.h"
#include "vgic/sgi_v2.h"
#include "el2/passthrough.h"
#include "vgic/dist.h"
#include "el2/vm.h"
#include "el2/vcpu.h"
#include "stage2/stage2.h"
#include "dt/platform.h"
#include "el2/gic.h"

#define CTLR_ENABLE_G0 (1u << 0)
#define CTLR_ENABLE_G1 (1u << 1)
#define CTLR_ARE       (1u << 4)
#define CTLR_DS        (1u << 6)
#define PRIORITY_MASK  0xf8u   /* five priority bits, as QEMU's virtual CPU interface */
#define IIDR_TANDEM    0x0000043bu

#define R(fn) static uint64_t fn(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
#define W(fn) static void fn(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)

static struct vm *vm_of(void *dev) { return dev; }

/* ------------------------------------------------ shared state accessors */

bool vgic_irq_pending(const struct vgic_irq *irq)
{
	return (irq->flags & VIRQ_LATCH) || irq->sgi_sources ||
	       (!(irq->flags & VIRQ_EDGE) && (irq->flags & VIRQ_LINE)) ||
	       (irq->lr && (irq->lr_state & LR_PENDING));
}

static bool irq_active(const struct vgic_irq *irq)
{
	return (irq->flags & VIRQ_ACTIVE) || (irq->lr && (irq->lr_state & LR_ACTIVE));
}

/* The virtual timer's pending and active states live in its own LR. */
static bool is_timer(const struct vgic_irq *irq)
{
	return irq->flags & VIRQ_OWN_LR;
}

uint32_t vgic_bits_read(struct vm *vm, struct vcpu *owner, uint32_t first, enum vgic_bits what)
{
	uint32_t out = 0;

	spin_lock(&vm->vgic.lock);
	for (uint32_t i = 0; i < 32; i++) {
		struct vgic_irq *irq = vgic_irq(vm, owner, first + i);
		bool on;

		if (!irq)
			break;
		switch (what) {
		case VGIC_BITS_ENABLE: on = irq->flags & VIRQ_ENABLED; break;
		case VGIC_BITS_PENDING:
			on = is_timer(irq) ? vgic_timer_state(owner, LR_PENDING) : vgic_irq_pending(irq);
			break;
		default:
			on = is_timer(irq) ? vgic_timer_state(owner, LR_ACTIVE) : irq_active(irq);
			break;
		}
		out |= (uint32_t)on << i;
	}
	spin_unlock(&vm->vgic.lock);
	return out;
}

void vgic_bits_write(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t val,
		     enum vgic_bits what, bool set)
{
	bool updated = false;

	spin_lock(&vm->vgic.lock);
	for (; val; val &= val - 1) {   /* each set bit */
		struct vgic_irq *irq = vgic_irq(vm, owner, first + (uint32_t)__builtin_ctz(val));

		if (!irq)
			break;
		switch (what) {
		case VGIC_BITS_ENABLE:
			if (irq->intid < 16 && vm->vgic.version == 2)
				continue;   /* GICv2 SGIs are always enabled */
			irq->flags = set ? irq->flags | VIRQ_ENABLED : irq->flags & ~VIRQ_ENABLED;
			/* Not pending, not in an LR: nothing else changes (the
			 * common case, Linux enabling or disabling an interrupt).
			 * The timer's ready-made LR value always follows. */
			if (!(irq->flags & (VIRQ_LATCH | VIRQ_LATCH2 | VIRQ_LINE | VIRQ_OWN_LR)) &&
			    !irq->lr && !irq->sgi_sources)
				continue;
			break;
		case VGIC_BITS_PENDING:
			if (irq->intid < 16 && vm->vgic.version == 2)
				continue;   /* GICv2 SGIs: use [SC]PENDSGIR */
			if (is_timer(irq)) {
				/* A level interrupt from the timer itself: clearing it
				 * withdraws what is presented (it fires again if the
				 * timer still asserts); setting it is not offered. */
				if (!set && vcpu_exiting_here(owner))
					vgic_timer_drop(owner);
				continue;
			}
			if (set) {
				irq->flags |= VIRQ_LATCH;
			} else {
				vgic_release_hw(owner, irq);
				irq->flags &= ~(VIRQ_LATCH | VIRQ_LATCH2);
			}
			break;
		default:
			if (is_timer(irq)) {
				if (!set && vcpu_exiting_here(owner))
					vgic_timer_drop(owner);
				continue;
			}
			/* The active state of an interrupt in an LR belongs to the guest's
			 * CPU interface; only one that is not in an LR is changed here. */
			if (!irq->lr)
				irq->flags = set ? irq->flags | VIRQ_ACTIVE : irq->flags & ~VIRQ_ACTIVE;
			break;
		}
		vgic_update(vm, irq, owner);
		updated = true;
	}
	spin_unlock(&vm->vgic.lock);
	if (updated)
		vgic_flush_if_needed(owner);
}

uint64_t vgic_priority_read(struct vm *vm, struct vcpu *owner, uint32_t intid, unsigned int size)
{
	uint64_t out = 0;

	for (unsigned int b = 0; b < size; b++) {
		struct vgic_irq *irq = vgic_irq(vm, owner, intid + b);

		if (irq)
			out |= (uint64_t)irq->priority << (8 * b);
	}
	return out;
}

void vgic_priority_write(struct vm *vm, struct vcpu *owner, uint32_t intid, unsigned int size,
			 uint64_t val)
{
	spin_lock(&vm->vgic.lock);
	for (unsigned int b = 0; b < size; b++) {
		struct vgic_irq *irq = vgic_irq(vm, owner, intid + b);

		if (irq)
			irq->priority = (uint8_t)(val >> (8 * b)) & PRIORITY_MASK;
		if (irq && is_timer(irq))
			vgic_timer_refresh(owner);
	}
	spin_unlock(&vm->vgic.lock);
}

uint32_t vgic_config_read(struct vm *vm, struct vcpu *owner, uint32_t first)
{
	uint32_t out = 0;

	for (uint32_t i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq(vm, owner, first + i);

		if (irq && (irq->flags & VIRQ_EDGE))
			out |= 2u << (2 * i);
	}
	return out;
}

void vgic_config_write(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t val)
{
	spin_lock(&vm->vgic.lock);
	for (uint32_t i = 0; i < 16; i++) {
		struct vgic_irq *irq = vgic_irq(vm, owner, first + i);

		/* SGIs are edge and PPIs level, fixed; SPIs are configurable. */
		if (!irq || irq->intid < VGIC_PRIVATE)
			continue;
		if (val & (2u << (2 * i)))
			irq->flags |= VIRQ_EDGE;
		else
			irq->flags &= ~VIRQ_EDGE;
		vgic_update(vm, irq, owner);
	}
	spin_unlock(&vm->vgic.lock);
	vgic_flush_if_needed(owner);
}

/* ----------------------------------------------------- common registers */

R(typer_read)
{
	struct vm *vm = vm_of(dev);
	uint32_t lines = vm->vgic.nr_irqs / 32 - 1;

	(void)v, (void)off, (void)size;
	if (vm->vgic.version == 3)
		return lines | (9u << 19);   /* ITLinesNumber; IDbits: 10 INTID bits */
	return lines | ((vm->nvcpus - 1) << 5);
}

R(iidr_read) { (void)dev, (void)v, (void)off, (void)size; return IIDR_TANDEM; }
R(raz) { (void)dev, (void)v, (void)off, (void)size; return 0; }
R(rao) { (void)dev, (void)v, (void)off, (void)size; return 0xffffffffu; }

/* Banked registers: GICv2 banks INTIDs < 32 per accessing vCPU; on GICv3
 * (affinity routing) the distributor's copies are reserved. */
static bool reserved_private(struct vm *vm, uint32_t first)
{
	return first < VGIC_PRIVATE && vm->vgic.version == 3;
}

#define BITS_REG(name, what, set) \
R(name##_read) \
{ \
	struct vm *vm = vm_of(dev); \
	uint32_t first = (uint32_t)off * 8; \
	(void)size; \
	return reserved_private(vm, first) ? 0 : vgic_bits_read(vm, v, first, what); \
} \
W(name##_write) \
{ \
	struct vm *vm = vm_of(dev); \
	uint32_t first = (uint32_t)off * 8; \
	(void)size; \
	if (!reserved_private(vm, first)) \
		vgic_bits_write(vm, v, first, (uint32_t)val, what, set); \
}

BITS_REG(isenabler, VGIC_BITS_ENABLE, true)
BITS_REG(icenabler, VGIC_BITS_ENABLE, false)
BITS_REG(ispendr, VGIC_BITS_PENDING, true)
BITS_REG(icpendr, VGIC_BITS_PENDING, false)
BITS_REG(isactiver, VGIC_BITS_ACTIVE, true)
BITS_REG(icactiver, VGIC_BITS_ACTIVE, false)

R(ipriority_read)
{
	struct vm *vm = vm_of(dev);

	return reserved_private(vm, (uint32_t)off) ? 0 : vgic_priority_read(vm, v, (uint32_t)off, size);
}

W(ipriority_write)
{
	struct vm *vm = vm_of(dev);

	if (!reserved_private(vm, (uint32_t)off))
		vgic_priority_write(vm, v, (uint32_t)off, size, val);
}

R(icfg_read)
{
	struct vm *vm = vm_of(dev);
	uint32_t first = (uint32_t)off * 4;

	(void)size;
	return reserved_private(vm, first) ? 0 : vgic_config_read(vm, v, first);
}

W(icfg_write)
{
	struct vm *vm = vm_of(dev);
	uint32_t first = (uint32_t)off * 4;

	(void)size;
	if (!reserved_private(vm, first))
		vgic_config_write(vm, v, first, (uint32_t)val);
}

/* ------------------------------------------------------------- GICv3 */

R(ctlr_v3_read)
{
	(void)v, (void)off, (void)size;
	return vm_of(dev)->vgic.ctlr | CTLR_ARE | CTLR_DS;
}

W(ctlr_v3_write)
{
	struct vm *vm = vm_of(dev);

	(void)v, (void)off, (void)size;
	spin_lock(&vm->vgic.lock);
	vm->vgic.ctlr = (uint32_t)val & (CTLR_ENABLE_G0 | CTLR_ENABLE_G1);
	/* Every interrupt's deliverability may have changed. */
	for (uint32_t i = 0; i < vm->vgic.nr_irqs; i++)
		for (unsigned int c = 0; c < (i < VGIC_PRIVATE ? vm->nvcpus : 1); c++)
			vgic_update(vm, vgic_irq(vm, &vm->vcpus[c], i), &vm->vcpus[c]);
	spin_unlock(&vm->vgic.lock);
	vgic_flush_if_needed(v);
}

/* IROUTER<n>: Aff3.Aff2.Aff1.Aff0 of the target, or IRM (bit 31) for "any".
 * vCPU n has affinity 0.0.0.n; a route to no vCPU delivers nowhere. */
static uint8_t route_target(struct vm *vm, uint64_t r)
{
	if (r & (1ull << 31))
		return 0;
	if ((r & 0xff00ffff00ull) || (r & 0xff) >= vm->nvcpus)
		return 0xff;
	return (uint8_t)(r & 0xff);
}

R(irouter_read)
{
	struct vm *vm = vm_of(dev);
	struct vgic_irq *irq = vgic_irq(vm, v, 32 + (uint32_t)(off / 8));

	uint64_t r;

	if (!irq)
		return 0;
	r = vm->vgic.irouter[irq->intid - VGIC_PRIVATE];
	return size == 8 ? r : (uint32_t)(r >> (off & 4 ? 32 : 0));
}

W(irouter_write)
{
	struct vm *vm = vm_of(dev);
	struct vgic_irq *irq = vgic_irq(vm, v, 32 + (uint32_t)(off / 8));
	uint64_t r;

	if (!irq)
		return;
	spin_lock(&vm->vgic.lock);
	r = vm->vgic.irouter[irq->intid - VGIC_PRIVATE];
	if (size == 8)
		r = val;
	else if (off & 4)
		r = (r & 0xffffffffull) | (val << 32);
	else
		r = (r & ~0xffffffffull) | (uint32_t)val;
	r &= 0xff80ffffffull;   /* Aff3, IRM, Aff2, Aff1, Aff0 */
	vm->vgic.irouter[irq->intid - VGIC_PRIVATE] = r;
	irq->target = route_target(vm, r);
	passthrough_follow_target(vm, irq);
	vgic_update(vm, irq, v);
	spin_unlock(&vm->vgic.lock);
	vgic_flush_if_needed(v);
}

R(pidr2_v3_read) { (void)dev, (void)v, (void)off, (void)size; return 0x3b; }   /* ArchRev 3 */

static const struct mmio_reg dist_v3_regs[] = {
	{ 0x0000, 4, MMIO_W32, ctlr_v3_read, ctlr_v3_write },
	{ 0x0004, 4, MMIO_W32, typer_read, NULL },
	{ 0x0008, 4, MMIO_W32, iidr_read, NULL },
	{ 0x000c, 4, MMIO_W32, raz, NULL },                 /* TYPER2 */
	{ 0x0010, 4, MMIO_W32, raz, NULL },                 /* STATUSR */
	{ 0x0080, 0x80, MMIO_W32, rao, NULL },              /* IGROUPR: all Group 1 */
	{ 0x0100, 0x80, MMIO_W32, isenabler_read, isenabler_write },
	{ 0x0180, 0x80, MMIO_W32, icenabler_read, icenabler_write },
	{ 0x0200, 0x80, MMIO_W32, ispendr_read, ispendr_write },
	{ 0x0280, 0x80, MMIO_W32, icpendr_read, icpendr_write },
	{ 0x0300, 0x80, MMIO_W32, isactiver_read, isactiver_write },
	{ 0x0380, 0x80, MMIO_W32, icactiver_read, icactiver_write },
	{ 0x0400, 0x400, MMIO_W8 | MMIO_W32, ipriority_read, ipriority_write },
	{ 0x0c00, 0x100, MMIO_W32, icfg_read, icfg_write },
	{ 0x6100, 0x1f00, MMIO_W32 | MMIO_W64, irouter_read, irouter_write },
	{ 0xffe8, 4, MMIO_W32, pidr2_v3_read, NULL },
};

MMIO_MODEL(vgic_dist_v3_model, "gicv3-distributor", dist_v3_regs, 0x10000);

/* ------------------------------------------------------------- GICv2 */

R(ctlr_v2_read)
{
	(void)v, (void)off, (void)size;
	return vm_of(dev)->vgic.ctlr;
}

W(ctlr_v2_write)
{
	ctlr_v3_write(dev, v, off, size, val & CTLR_ENABLE_G0);
}

R(itargets_read)
{
	struct vm *vm = vm_of(dev);
	uint64_t out = 0;

	for (unsigned int b = 0; b < size; b++) {
		uint32_t intid = (uint32_t)off + b;
		struct vgic_irq *irq = vgic_irq(vm, v, intid);

		if (!irq)
			continue;
		/* Private interrupts target the vCPU reading. */
		out |= (uint64_t)(intid < VGIC_PRIVATE ? 1u << v->id : irq->itargets) << (8 * b);
	}
	return out;
}

W(itargets_write)
{
	struct vm *vm = vm_of(dev);

	spin_lock(&vm->vgic.lock);
	for (unsigned int b = 0; b < size; b++) {
		uint32_t intid = (uint32_t)off + b;
		struct vgic_irq *irq = vgic_irq(vm, v, intid);
		uint8_t mask = (uint8_t)(val >> (8 * b)) & (uint8_t)((1u << vm->nvcpus) - 1);

		if (!irq || intid < VGIC_PRIVATE)
			continue;
		irq->itargets = mask;
		/* 1-of-N: Tandem delivers to the lowest-numbered target. */
		irq->target = mask ? (uint8_t)__builtin_ctz(mask) : 0xff;
		passthrough_follow_target(vm, irq);
		vgic_update(vm, irq, v);
	}
	spin_unlock(&vm->vgic.lock);
	vgic_flush_if_needed(v);
}

W(sgir_write)
{
	struct vm *vm = vm_of(dev);
	uint32_t filter = (uint32_t)(val >> 24) & 3;
	uint32_t list = (uint32_t)(val >> 16) & 0xff;

	(void)off, (void)size;
	if (filter == 3)
		return;   /* TargetListFilter 0b11 is reserved: no SGI */
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		bool hit = filter == 0 ? (list >> i) & 1 : filter == 1 ? i != v->id : i == v->id;

		if (hit)
			vgic_send_sgi(v, &vm->vcpus[i], (uint32_t)val & 0xf);
	}
	vgic_flush_if_needed(v);
}

/* [SC]PENDSGIR: one byte per SGI, one bit per source vCPU (sgi_v2.h): the
 * sources waiting, and the one in an LR until the guest acknowledges it. */
R(pendsgi_read)
{
	struct vm *vm = vm_of(dev);
	uint64_t out = 0;

	if (vcpu_exiting_here(v))
		vgic_flush(v);   /* what the guest acknowledged so far */
	spin_lock(&vm->vgic.lock);
	for (unsigned int b = 0; b < size; b++) {
		const struct vgic_irq *irq = &v->vgic.priv[(off + b) & 15];

		out |= (uint64_t)sgi_v2_pending(irq->sgi_sources, irq->lr && (irq->flags & VIRQ_LATCH),
						 irq->lr_source) << (8 * b);
	}
	spin_unlock(&vm->vgic.lock);
	return out;
}

static void pendsgi_write(struct vm *vm, struct vcpu *v, uint64_t off, unsigned int size,
			  uint64_t val, bool set)
{
	uint8_t valid = (uint8_t)((1u << vm->nvcpus) - 1);

	spin_lock(&vm->vgic.lock);
	for (unsigned int b = 0; b < size; b++) {
		struct vgic_irq *irq = &v->vgic.priv[(off + b) & 15];
		uint8_t bits = (uint8_t)(val >> (8 * b)) & valid;

		if (set)
			irq->sgi_sources |= bits;
		else if (sgi_v2_clear(&irq->sgi_sources, bits, irq->lr && (irq->flags & VIRQ_LATCH),
				      irq->lr_source))
			irq->flags &= ~VIRQ_LATCH;   /* its LR is withdrawn at the flush below */
		vgic_update(vm, irq, v);
	}
	spin_unlock(&vm->vgic.lock);
	vgic_flush_if_needed(v);
}

W(spendsgi_write) { pendsgi_write(vm_of(dev), v, off, size, val, true); }
W(cpendsgi_write) { pendsgi_write(vm_of(dev), v, off, size, val, false); }

R(pidr2_v2_read) { (void)dev, (void)v, (void)off, (void)size; return 0x2b; }   /* ArchRev 2 */

static const struct mmio_reg dist_v2_regs[] = {
	{ 0x000, 4, MMIO_W32, ctlr_v2_read, ctlr_v2_write },
	{ 0x004, 4, MMIO_W32, typer_read, NULL },
	{ 0x008, 4, MMIO_W32, iidr_read, NULL },
	{ 0x080, 0x80, MMIO_W32, raz, NULL },               /* IGROUPR: all Group 0 */
	{ 0x100, 0x80, MMIO_W32, isenabler_read, isenabler_write },
	{ 0x180, 0x80, MMIO_W32, icenabler_read, icenabler_write },
	{ 0x200, 0x80, MMIO_W32, ispendr_read, ispendr_write },
	{ 0x280, 0x80, MMIO_W32, icpendr_read, icpendr_write },
	{ 0x300, 0x80, MMIO_W32, isactiver_read, isactiver_write },
	{ 0x380, 0x80, MMIO_W32, icactiver_read, icactiver_write },
	{ 0x400, 0x400, MMIO_W8 | MMIO_W32, ipriority_read, ipriority_write },
	{ 0x800, 0x400, MMIO_W8 | MMIO_W32, itargets_read, itargets_write },
	{ 0xc00, 0x100, MMIO_W32, icfg_read, icfg_write },
	{ 0xf00, 4, MMIO_W32, NULL, sgir_write },
	{ 0xf10, 0x10, MMIO_W8 | MMIO_W32, pendsgi_read, cpendsgi_write },
	{ 0xf20, 0x10, MMIO_W8 | MMIO_W32, pendsgi_read, spendsgi_write },
	{ 0xfe8, 4, MMIO_W32, pidr2_v2_read, NULL },
};

MMIO_MODEL(vgic_dist_v2_model, "gicv2-distributor", dist_v2_regs, 0x1000);

/* ----------------------------------------------------------- the VM */

int vgic_vm_init(struct vm *vm, const struct platform *p)
{
	struct vgic *g = &vm->vgic;
	uint32_t lines = gic_lines();

	memset(g, 0, sizeof(*g));
	g->version = p->gic_version;
	g->nr_irqs = lines > VGIC_MAX_IRQS ? VGIC_MAX_IRQS : lines;
	vgic_vm_reset(vm);
	if (g->version == 3) {
		if (vm_add_mmio(vm, p->gicd.base, 0x10000, &vgic_dist_v3_model, vm))
			return -1;
		for (unsigned int i = 0; i < vm->nvcpus; i++)
			if (vm_add_mmio(vm, p->gicr.base + i * VGIC_REDIST_STRIDE, VGIC_REDIST_STRIDE,
					&vgic_redist_model, &vm->vcpus[i]))
				return -1;
		return 0;
	}
	if (vm_add_mmio(vm, p->gicd.base, 0x1000, &vgic_dist_v2_model, vm))
		return -1;
	/* The guest's CPU interface is the hardware's virtual one (GICV). */
	return stage2_map(&vm->s2, ipa_init(p->gicc.base), pa_init(p->gicv.base),
			  VGIC_V2_CPU_SIZE, S2_DEVICE) == LPAE_OK ? 0 : -1;
}
