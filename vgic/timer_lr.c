/* The virtual timer's own list register. Each core keeps its last LR for
 * the virtual timer of the vCPU it runs, so that the timer's interrupt - the
 * latency an RTOS lives by - reaches the guest with no lock, no queue and no
 * allocation: each vCPU carries the ready-made LR value (hardware-linked to
 * the physical PPI, its priority, its group), or 0 while its GIC
 * configuration says the interrupt may not be presented (disabled, group
 * off). When it may not, the physical interrupt is held active, as the
 * hardware would keep it pending, until it may. The general machinery in
 * vgic.c never touches this LR. Locking as in vgic.h; the fast path only
 * reads the vCPU's ready-made value and the LR, both its core's.
 *
 * GICv2: not hardware-linked, but a software LR asking for an EOI
 * maintenance interrupt, on which Tandem deactivates the physical
 * interrupt itself (vgic_timer_eoi). QEMU's GICv2 does not re-evaluate a
 * physical level interrupt that a hardware-linked LR deactivated: a timer
 * still asserting at the guest's EOI (it fell behind) would never fire
 * again. Deactivating it through the physical CPU interface does. */
#include "vgic/vgic.h"
#include "el2/gic.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "vtimer/vtimer.h"

static bool v3(const struct vcpu *v)
{
	return v->vm->vgic.version == 3;
}

static bool slot_is(unsigned int state)
{
	return lr_raw_state(vgic_hw->read_raw(vgic_timer_slot), vgic_hw == &vgic_v3_hw) == state;
}

void vgic_timer_refresh(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	const struct vgic *g = &v->vm->vgic;
	const struct vgic_irq *irq = &c->priv[vtimer_virt_intid];
	bool may = (irq->flags & VIRQ_ENABLED) && (g->ctlr & (v3(v) ? 2u : 1u));
	uint32_t id = vtimer_virt_intid;

	c->vtimer_lr = may ? (v3(v) ? lr_raw_pending_v3(id, id, irq->priority)
				    : lr_raw_pending_v2_eoi(id, irq->priority)) : 0;
	if (!vcpu_exiting_here(v)) {
		/* Its core looks again at its next exit (vgic_timer_sync). */
		v->vgic.needs_flush = true;
		return;
	}
	vgic_timer_sync(v);
}

void vgic_timer_sync(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	struct lr empty = { 0 };

	if (!vgic_timer_slot)
		return;
	if (slot_is(LR_PENDING) && (!c->vtimer_lr || !vtimer_asserted())) {
		/* Not to be presented after all: withdrawn. Still asserting (only
		 * disabled): held active. Stopped asserting: given back. */
		vgic_hw->write_lr(vgic_timer_slot, &empty);
		if (vtimer_asserted())
			c->vtimer_held = true;
		else
			gic->deactivate(vtimer_virt_intid);
	}
	if (c->vtimer_held && c->vtimer_lr && slot_is(LR_INVALID)) {
		vgic_hw->write_raw(vgic_timer_slot, c->vtimer_lr);
		c->vtimer_held = false;
	}
}

void vgic_timer_hold(struct vcpu *v)
{
	struct vm *vm = v->vm;

	spin_lock(&vm->vgic.lock);
	v->vgic.vtimer_held = true;
	vgic_timer_sync(v);   /* its configuration may have just changed */
	spin_unlock(&vm->vgic.lock);
}

/* An LR the guest completed whose physical interrupt Tandem must still
 * deactivate (GICv2: no hardware link). */
static bool completed_v2(const struct vcpu *v)
{
	uint64_t raw = vgic_hw->read_raw(vgic_timer_slot);

	return !v3(v) && (raw & LR_V2_EOI) && lr_raw_state(raw, false) == LR_INVALID;
}

void vgic_timer_eoi(struct vcpu *v)
{
	struct lr empty = { 0 };

	if (!vgic_timer_slot || !completed_v2(v))
		return;
	vgic_hw->write_lr(vgic_timer_slot, &empty);   /* ends the maintenance request */
	gic->deactivate(vtimer_virt_intid);
}

void vgic_timer_drop(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	struct lr empty = { 0 };

	if (!vgic_timer_slot)
		return;
	if (!slot_is(LR_INVALID) || c->vtimer_held || completed_v2(v))
		gic->deactivate(vtimer_virt_intid);
	vgic_hw->write_lr(vgic_timer_slot, &empty);
	c->vtimer_held = false;
}

bool vgic_timer_state(struct vcpu *v, unsigned int state)
{
	if (state == LR_PENDING && v->vgic.vtimer_held)
		return true;
	if (!vgic_timer_slot || !vcpu_exiting_here(v))
		return false;
	return lr_raw_state(vgic_hw->read_raw(vgic_timer_slot), v3(v)) & state;
}
