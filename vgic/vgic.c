/* The virtual GIC's core: interrupt state, queues, and the list registers.
 *
 * An interrupt is deliverable when its group is enabled in GICD_CTLR, it is
 * enabled, and it is pending (an edge or ISPENDR latch, a level line that is
 * high, or a GICv2 SGI with a source). A deliverable interrupt that is not in
 * a list register sits in its target vCPU's queue. vgic_flush() runs on the
 * target's core: it first reconciles the LRs with the interrupts' state (what
 * the guest acknowledged or completed, what is no longer pending), then fills
 * free LRs from the queue by priority, evicting lower-priority pending ones if
 * needed (lr_allocate), and arms the underflow maintenance interrupt when more
 * are waiting than fit. See vgic.h for locking and docs/vgic.md. */
#include <string.h>
#include "vgic/vgic.h"
#include "vgic/sgi_v2.h"
#include "el2/cpu.h"
#include "el2/sched.h"
#include "el2/gic.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "vtimer/vtimer.h"
#include "dt/platform.h"

_Static_assert(sizeof(struct vgic_irq) == 16, "keep interrupt state 16 bytes: indexed by shift");

const struct vgic_hw_ops *vgic_hw;
static unsigned int nr_lrs;    /* LRs for general use: all but the timer's */
static uint32_t lrs_present;   /* mask of those */
unsigned int vgic_timer_slot;

void vgic_v2_set_base(uint64_t base);

int vgic_hw_init(const struct platform *p)
{
	if (p->gic_version == 3) {
		vgic_hw = &vgic_v3_hw;
	} else {
		vgic_hw = &vgic_v2_hw;
		vgic_v2_set_base(p->gich.base);
	}
	return 0;
}

void vgic_cpu_hw_init(void)
{
	vgic_hw->cpu_init();
	nr_lrs = vgic_hw->nr_lrs();
	if (nr_lrs > LR_MAX)
		nr_lrs = LR_MAX;
	if (nr_lrs >= 2)   /* the last one is the virtual timer's (timer_lr.c) */
		vgic_timer_slot = --nr_lrs;
	lrs_present = (1u << nr_lrs) - 1;
}

struct vgic_irq *vgic_irq(struct vm *vm, struct vcpu *v, uint32_t intid)
{
	if (intid < VGIC_PRIVATE)
		return v ? &v->vgic.priv[intid] : NULL;
	if (intid < vm->vgic.nr_irqs)
		return &vm->vgic.spi[intid - VGIC_PRIVATE];
	return NULL;
}

static uint32_t group_enable_bit(const struct vgic *g)
{
	/* Linux uses Group 1 on GICv3 and Group 0 (no security) on GICv2. */
	return g->version == 3 ? 2 : 1;
}

static bool deliverable(const struct vgic *g, const struct vgic_irq *irq)
{
	if (!(g->ctlr & group_enable_bit(g)) || !(irq->flags & VIRQ_ENABLED))
		return false;
	return (irq->flags & VIRQ_LATCH) || irq->sgi_sources ||
	       (!(irq->flags & VIRQ_EDGE) && (irq->flags & VIRQ_LINE));
}

static bool is_sgi_v2(const struct vgic *g, const struct vgic_irq *irq)
{
	return irq->intid < 16 && g->version == 2;
}

/* A pending entry in an LR still to be presented. A GICv2 SGI's LR stands
 * for its own source only (LATCH), not for the others waiting behind it. */
static bool lr_still_wanted(const struct vgic *g, const struct vgic_irq *irq)
{
	if (is_sgi_v2(g, irq))
		return (g->ctlr & group_enable_bit(g)) && (irq->flags & VIRQ_ENABLED) &&
		       (irq->flags & VIRQ_LATCH);
	return deliverable(g, irq);
}

/* A GICv2 SGI leaving its LR unacknowledged (evicted, CPU interface reset):
 * its source waits again with the others. */
static void sgi_v2_unload(struct vgic_irq *irq)
{
	if (irq->flags & VIRQ_LATCH)
		irq->sgi_sources |= (uint8_t)(1u << (irq->lr_source & 7));
	irq->flags &= ~VIRQ_LATCH;
}

struct vcpu *vgic_target(struct vm *vm, struct vgic_irq *irq, struct vcpu *owner)
{
	if (irq->intid < VGIC_PRIVATE)
		return owner;
	return irq->target < vm->nvcpus ? &vm->vcpus[irq->target] : NULL;
}

static void queue_set(struct vgic_cpu *c, uint32_t intid, bool on)
{
	uint64_t bit = 1ull << (intid % 64), *w = &c->queued[intid / 64];

	if (on && !(*w & bit)) {
		*w |= bit;
		c->nqueued++;
	} else if (!on && (*w & bit)) {
		*w &= ~bit;
		c->nqueued--;
	}
}

static bool queued(const struct vgic_cpu *c, uint32_t intid)
{
	return (c->queued[intid / 64] >> (intid % 64)) & 1;
}

/* After any change to irq: (un)queue it on its target, and make sure the
 * target's list registers are looked at soon (its core kicked if remote)
 * when that changes anything: its queue, or an LR holding irq, whose guest
 * state only the target's core can read. */
void vgic_update(struct vm *vm, struct vgic_irq *irq, struct vcpu *owner)
{
	struct vcpu *t = vgic_target(vm, irq, owner);
	bool want;

	if (!t)
		return;
	if (irq->flags & VIRQ_OWN_LR) {
		vgic_timer_refresh(t);   /* never queued: it has its own LR */
		return;
	}
	want = deliverable(&vm->vgic, irq) && !irq->lr;
	if (want == queued(&t->vgic, irq->intid) && !irq->lr)
		return;
	queue_set(&t->vgic, irq->intid, want);
	t->vgic.needs_flush = true;
	sync_shared();   /* against sched_wait: it sets `waiting`, then looks at the queue */
	if (want && t->waiting)
		sched_wake(t);
	else if (t->in_guest && t->pcpu != this_cpu()->id)
		cpu_kick(t->pcpu);
}

void vgic_set_line(struct vm *vm, struct vcpu *v, uint32_t intid, bool high)
{
	struct vgic_irq *irq;

	spin_lock(&vm->vgic.lock);
	irq = vgic_irq(vm, v, intid);
	if (irq && !!(irq->flags & VIRQ_LINE) != high) {
		irq->flags = high ? irq->flags | VIRQ_LINE : irq->flags & ~VIRQ_LINE;
		vgic_update(vm, irq, v);
	}
	spin_unlock(&vm->vgic.lock);
}

static void latch_edge(struct vgic_irq *irq)
{
	/* In an LR, the guest may have taken the first edge already: which it
	 * did only the LR can tell, at the next sync (LATCH2). */
	irq->flags |= irq->lr ? VIRQ_LATCH2 : VIRQ_LATCH;
}

/* The common case of a new edge for the vCPU this core is running (the
 * caller makes sure): nothing else waits in its queue, and a list register
 * is free (or the interrupt's previous one has completed). Then it goes
 * straight into that LR - no sync, no allocation - which keeps SGI latency
 * short. Otherwise the caller queues it for vgic_flush(). source: the
 * sender of a GICv2 SGI. Lock held. */
static inline __attribute__((always_inline)) bool present_now(struct vcpu *v,
							       struct vgic_irq *irq,
							       unsigned int source)
{
	struct vgic_cpu *c = &v->vgic;
	const struct vgic *g = &v->vm->vgic;
	bool v3 = g->version == 3;
	unsigned int slot;

	if (c->nqueued || irq->sgi_sources || !(irq->flags & VIRQ_ENABLED) ||
	    !(g->ctlr & (v3 ? 2u : 1u)))
		return false;
	if (irq->lr) {
		slot = irq->lr - 1u;
		if (lr_raw_state(vgic_hw->read_raw(slot), v3) != LR_INVALID)
			return false;   /* still there: merged at the next sync */
		irq->flags &= ~VIRQ_LATCH2;   /* that edge and this one are one pending state */
	} else {
		uint32_t free = ~c->lr_used & lrs_present;

		if (!free)
			return false;
		slot = (unsigned int)__builtin_ctz(free);
	}
	vgic_hw->write_raw(slot, v3 ? lr_raw_pending_v3(irq->intid, irq->hw_intid, irq->priority)
				    : lr_raw_pending_v2(irq->intid, irq->hw_intid, irq->priority) |
				      (irq->intid < 16 ? (source & 7) << 10 : 0));
	c->lr_used |= 1u << slot;
	c->lr_intid[slot] = (uint16_t)irq->intid;
	irq->lr = (uint8_t)(slot + 1);
	irq->lr_state = LR_PENDING;
	irq->lr_source = (uint8_t)(source & 7);
	irq->flags |= VIRQ_LATCH;
	return true;
}

void vgic_send_sgi(struct vcpu *from, struct vcpu *to, uint32_t intid)
{
	struct vm *vm = to->vm;
	struct vgic_irq *irq = &to->vgic.priv[intid & 15];

	spin_lock(&vm->vgic.lock);
	if (from == to && present_now(to, irq, from->id)) {   /* to's core is this one */
		/* presented */
	} else if (vm->vgic.version == 2) {
		irq->sgi_sources |= (uint8_t)(1u << (from->id & 7));
		vgic_update(vm, irq, to);
	} else {
		latch_edge(irq);
		vgic_update(vm, irq, to);
	}
	spin_unlock(&vm->vgic.lock);
}

void vgic_forward_hw(struct vcpu *v, uint32_t intid)
{
	struct vm *vm = v->vm;
	struct vgic_irq *irq = &v->vgic.priv[intid];

	spin_lock(&vm->vgic.lock);
	irq->hw_intid = (uint16_t)intid;
	/* The physical interrupt stays active until the guest deactivates this
	 * virtual one (or Tandem gives it back: vgic_release_hw()). */
	if (!present_now(v, irq, 0)) {
		latch_edge(irq);
		vgic_update(vm, irq, v);
	}
	spin_unlock(&vm->vgic.lock);
}

void vgic_forward_spi(struct vm *vm, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq(vm, NULL, intid);

	if (!irq)
		return;
	spin_lock(&vm->vgic.lock);
	/* Queued for its target's core, which writes the LR (the physical
	 * interrupt may have come to another core while the guest re-routed). */
	irq->hw_intid = (uint16_t)intid;
	latch_edge(irq);
	vgic_update(vm, irq, NULL);
	spin_unlock(&vm->vgic.lock);
}

void vgic_pulse_spi(struct vm *vm, uint32_t intid)
{
	struct vgic_irq *irq = vgic_irq(vm, NULL, intid);

	if (!irq)
		return;
	spin_lock(&vm->vgic.lock);
	latch_edge(irq);
	vgic_update(vm, irq, NULL);
	spin_unlock(&vm->vgic.lock);
}

void vgic_sgi1r_write(struct vcpu *v, uint64_t value)
{
	/* TargetList[15:0], Aff1[23:16], INTID[27:24], Aff2[39:32], IRM[40],
	 * RS[47:44], Aff3[55:48]. vCPU n has affinity 0.0.0.n. */
	uint32_t intid = (value >> 24) & 0xf;
	uint32_t list = value & 0xffff;
	unsigned int base = ((value >> 44) & 0xf) * 16;
	bool others = (value >> 40) & 1;
	struct vm *vm = v->vm;

	if (!others && (value & 0x00ff00ff00ff0000ull))
		return;   /* Aff1-3 name vCPUs that do not exist */
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		bool hit = others ? i != v->id
				  : i >= base && i < base + 16 && ((list >> (i - base)) & 1);

		if (hit)
			vgic_send_sgi(v, &vm->vcpus[i], intid);
	}
}

/* ------------------------------------------------------------------ LRs */

/* A hardware-linked interrupt that will not reach the guest after all (its
 * pending state cleared, its vCPU reset or leaving the core): give the
 * physical one back, or it stays active and never fires again. On the core
 * that owns it (private interrupts are per core). */
static void release_hw(struct vgic_irq *irq)
{
	if (irq->hw_intid && !irq->lr && (irq->flags & (VIRQ_LATCH | VIRQ_LATCH2))) {
		gic->deactivate(irq->hw_intid);
		irq->flags &= ~(VIRQ_LATCH | VIRQ_LATCH2);
	}
}

void vgic_release_hw(struct vcpu *v, struct vgic_irq *irq)
{
	if (vcpu_exiting_here(v))
		release_hw(irq);
}

static void lr_release(struct vgic_cpu *c, unsigned int i)
{
	vgic_hw->write_raw(i, 0);   /* an empty LR: what either encoding makes of { 0 } */
	c->lr_used &= ~(1u << i);
}

/* What the guest did with each LR since the last look; drops pending
 * entries that are no longer pending (disabled, cleared, line dropped). */
static void sync_lrs(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *c = &v->vgic;

	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(used);
		struct vgic_irq *irq = vgic_irq(vm, v, c->lr_intid[i]);
		struct lr lr = vgic_hw->read_lr(i);

		/* A pending state the guest took (acknowledged) is consumed. */
		if ((irq->lr_state & LR_PENDING) && !(lr.state & LR_PENDING))
			irq->flags &= ~VIRQ_LATCH;
		/* An edge that came meanwhile: merged into a pending state still
		 * in the LR, otherwise pending again. */
		if (irq->flags & VIRQ_LATCH2) {
			irq->flags &= ~VIRQ_LATCH2;
			if (!(lr.state & LR_PENDING))
				irq->flags |= VIRQ_LATCH;
		}
		if (lr.state == LR_INVALID) {   /* completed */
			irq->lr = 0;
			irq->lr_state = 0;
			/* The guest's deactivation ended the physical interrupt; one
			 * latched meanwhile (LATCH2 above) is a new physical one,
			 * active again, and stays hardware-linked. */
			if (!(irq->flags & VIRQ_LATCH))
				irq->hw_intid = 0;
			lr_release(c, i);
			vgic_update(vm, irq, v);
			continue;
		}
		if (lr.state == LR_PENDING) {
			bool still = lr_still_wanted(&vm->vgic, irq);

			if (!still) {
				if (lr.hw)
					gic->deactivate(lr.pintid);
				irq->lr = 0;
				irq->lr_state = 0;
				lr_release(c, i);
				vgic_update(vm, irq, v);
				continue;
			}
		}
		if (lr.state == LR_ACTIVE && (irq->flags & VIRQ_LATCH) && !lr.hw &&
		    (irq->flags & VIRQ_EDGE)) {
			lr.state = LR_PENDING_ACTIVE;   /* the next edge, behind this one */
			vgic_hw->write_lr(i, &lr);
		}
		/* Other sources of this SGI came meanwhile: be told when the
		 * guest completes this one, to present the next at once. */
		if (is_sgi_v2(&vm->vgic, irq) && sgi_v2_needs_eoi(&lr, irq->sgi_sources)) {
			lr.eoi = true;
			vgic_hw->write_lr(i, &lr);
		}
		irq->lr_state = lr.state;
	}
}

/* A queued interrupt into the free LR i. */
static void fill_one(struct vcpu *v, unsigned int i, struct vgic_irq *irq)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *c = &v->vgic;
	struct lr lr = {
		.vintid = irq->intid,
		.priority = irq->priority,
		.state = LR_PENDING,
		.group1 = vm->vgic.version == 3,
		.hw = irq->hw_intid != 0,
		.pintid = irq->hw_intid,
		/* A software level interrupt: be told when the guest is done
		 * with it, to present it again if its line is still high. */
		.eoi = !irq->hw_intid && !(irq->flags & VIRQ_EDGE),
	};

	if (is_sgi_v2(&vm->vgic, irq)) {
		if (irq->sgi_sources)
			irq->lr_source = (uint8_t)sgi_v2_fill(&lr, &irq->sgi_sources);
		lr.source = irq->lr_source;
		irq->flags |= VIRQ_LATCH;
	}
	vgic_hw->write_lr(i, &lr);
	c->lr_used |= 1u << i;
	c->lr_intid[i] = (uint16_t)irq->intid;
	irq->lr = (uint8_t)(i + 1);
	irq->lr_state = LR_PENDING;
	queue_set(c, irq->intid, false);
}

static void want_underflow(struct vgic_cpu *c, bool on)
{
	if (on != c->underflow) {
		vgic_hw->set_underflow(on);
		c->underflow = on;
	}
}

static void fill_lrs(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *c = &v->vgic;
	struct lr_slot slots[LR_MAX];
	struct lr_candidate cand[2 * LR_MAX];
	unsigned int ncand = 0;
	struct lr_plan plan;
	uint32_t free = ~c->lr_used & lrs_present;

	/* The common case, a cross-vCPU SGI: one interrupt waits and an LR is
	 * free. There is no choice to make: it goes into the lowest free LR,
	 * with nothing evicted and no underflow wanted - what lr_allocate()
	 * plans for one candidate - without building the plan. */
	if (c->nqueued == 1 && free) {
		unsigned int w = 0;

		while (!c->queued[w])
			w++;
		fill_one(v, (unsigned int)__builtin_ctz(free),
			 vgic_irq(vm, v, w * 64 + (uint32_t)__builtin_ctzll(c->queued[w])));
		want_underflow(c, false);
		return;
	}
	/* (Stops once it has all nqueued: the queue is mostly empty words.) */
	for (unsigned int w = 0; w < VGIC_QUEUE_WORDS && ncand < 2 * LR_MAX && ncand < c->nqueued; w++)
		for (uint64_t bits = c->queued[w]; bits && ncand < 2 * LR_MAX; bits &= bits - 1) {
			uint32_t intid = w * 64 + (uint32_t)__builtin_ctzll(bits);

			cand[ncand].intid = intid;
			cand[ncand++].priority = vgic_irq(vm, v, intid)->priority;
		}
	if (!ncand) {
		want_underflow(c, false);
		return;
	}
	for (unsigned int i = 0; i < nr_lrs; i++) {
		struct vgic_irq *irq = (c->lr_used >> i) & 1 ? vgic_irq(vm, v, c->lr_intid[i]) : NULL;

		slots[i].used = irq != NULL;
		slots[i].intid = irq ? irq->intid : 0;
		slots[i].priority = irq ? irq->priority : 0;
		slots[i].state = irq ? irq->lr_state : 0;
	}
	lr_allocate(slots, nr_lrs, cand, ncand, &plan);

	for (unsigned int e = 0; e < plan.nevict; e++) {
		unsigned int i = plan.evict[e];
		struct vgic_irq *irq = vgic_irq(vm, v, c->lr_intid[i]);

		if (is_sgi_v2(&vm->vgic, irq))
			sgi_v2_unload(irq);
		irq->lr = 0;
		irq->lr_state = 0;
		lr_release(c, i);
		queue_set(c, irq->intid, deliverable(&vm->vgic, irq));
	}
	for (unsigned int f = 0; f < plan.nfill; f++)
		fill_one(v, plan.fill[f].slot, vgic_irq(vm, v, cand[plan.fill[f].candidate].intid));
	want_underflow(c, plan.underflow);
}

void vgic_flush(struct vcpu *v)
{
	struct vm *vm = v->vm;

	spin_lock(&vm->vgic.lock);
	sync_lrs(v);
	fill_lrs(v);
	vgic_timer_sync(v);
	v->vgic.needs_flush = false;   /* others wait for the lock to queue more */
	spin_unlock(&vm->vgic.lock);
}

bool vgic_pending_for(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	bool v3 = v->vm->vgic.version == 3;

	if (c->needs_flush || c->nqueued || c->vtimer_held)
		return true;
	for (uint32_t used = c->lr_used; used; used &= used - 1)
		if (lr_raw_state(vgic_hw->read_raw((unsigned int)__builtin_ctz(used)), v3) &
		    LR_PENDING)
			return true;
	return vgic_timer_slot &&
	       (lr_raw_state(vgic_hw->read_raw(vgic_timer_slot), v3) & LR_PENDING);
}

void vgic_flush_if_needed(struct vcpu *v)
{
	if (v && v->vgic.needs_flush && vcpu_exiting_here(v))
		vgic_flush(v);
}

void vgic_maintenance(struct vcpu *v)
{
	vgic_timer_eoi(v);
	vgic_flush(v);
}

void vgic_load(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *c = &v->vgic;

	spin_lock(&vm->vgic.lock);
	vgic_hw->restore(c);
	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(used);

		vgic_hw->write_raw(i, c->saved_lr[i]);
	}
	c->underflow = false;
	vgic_hw->set_underflow(false);
	spin_unlock(&vm->vgic.lock);
	vgic_flush(v);
}

void vgic_put(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *c = &v->vgic;

	spin_lock(&vm->vgic.lock);
	sync_lrs(v);
	vgic_timer_drop(v);   /* a level interrupt: it fires again when it runs */
	/* A hardware-linked interrupt cannot stay active for a vCPU that is not
	 * on this core: give the physical one back, keep the virtual one as a
	 * software interrupt. */
	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(used);
		struct lr lr = vgic_hw->read_lr(i);

		if (lr.hw) {
			gic->deactivate(lr.pintid);
			lr.hw = false;
			lr.pintid = 0;
			lr.eoi = false;
			vgic_hw->write_lr(i, &lr);
			vgic_irq(vm, v, lr.vintid)->hw_intid = 0;
		}
		c->saved_lr[i] = vgic_hw->read_raw(i);
		lr_release(c, i);
		c->lr_used |= 1u << i;   /* still held, in saved_lr */
	}
	for (unsigned int i = 0; i < VGIC_PRIVATE; i++)
		release_hw(&c->priv[i]);
	vgic_hw->save(c);
	if (c->underflow)
		vgic_hw->set_underflow(false);
	spin_unlock(&vm->vgic.lock);
}

/* ------------------------------------------------------------ reset, init */

static void reset_irq(struct vgic_irq *irq, uint32_t intid)
{
	memset(irq, 0, sizeof(*irq));
	irq->intid = (uint16_t)intid;
	if (intid < 16)
		irq->flags = VIRQ_EDGE;   /* SGIs are edge-triggered */
}

void vgic_vcpu_reset(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	bool sgis_always_on = v->vm->vgic.version == 2;

	memset(c, 0, sizeof(*c));
	for (uint32_t i = 0; i < VGIC_PRIVATE; i++) {
		reset_irq(&c->priv[i], i);
		/* GICv2 SGIs cannot be disabled (ISENABLER0[15:0] read as one). */
		if (i < 16 && sgis_always_on)
			c->priv[i].flags |= VIRQ_ENABLED;
	}
	if (vgic_timer_slot)
		c->priv[vtimer_virt_intid].flags |= VIRQ_OWN_LR;
	c->redist_waker = 2;   /* GICR_WAKER.ProcessorSleep, as at reset */
}

void vgic_vcpu_init(struct vcpu *v)
{
	vgic_vcpu_reset(v);
}

void vgic_vm_reset(struct vm *vm)
{
	struct vgic *g = &vm->vgic;

	g->ctlr = 0;
	for (uint32_t i = VGIC_PRIVATE; i < g->nr_irqs; i++) {
		reset_irq(&g->spi[i - VGIC_PRIVATE], i);
		g->irouter[i - VGIC_PRIVATE] = 0;
	}
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		vgic_vcpu_reset(&vm->vcpus[i]);
}

void vgic_abandon_lrs(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;

	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(used);
		struct lr lr = vgic_hw->read_lr(i);

		if (lr.hw && lr.state != LR_INVALID)
			gic->deactivate(lr.pintid);
		lr_release(c, i);
	}
	c->lr_used = 0;
	vgic_timer_drop(v);
	for (unsigned int i = 0; i < VGIC_PRIVATE; i++) {
		if (c->priv[i].lr && is_sgi_v2(&v->vm->vgic, &c->priv[i]))
			sgi_v2_unload(&c->priv[i]);
		c->priv[i].lr = 0;
		release_hw(&c->priv[i]);
	}
	vgic_hw->set_underflow(false);
	c->underflow = false;
}

void vgic_cpu_interface_reset(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *c = &v->vgic;

	spin_lock(&vm->vgic.lock);
	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		struct vgic_irq *irq = vgic_irq(vm, v, c->lr_intid[__builtin_ctz(used)]);

		if (is_sgi_v2(&vm->vgic, irq))
			sgi_v2_unload(irq);
		irq->lr = 0;
		irq->lr_state = 0;
		vgic_update(vm, irq, v);
	}
	c->lr_used = 0;
	c->saved_vmcr = c->saved_apr = 0;
	spin_unlock(&vm->vgic.lock);
}
