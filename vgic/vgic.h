/* The virtual GIC: each VM's interrupt state (an emulated distributor, and
 * redistributors on GICv3), delivered to its vCPUs through the list registers
 * of the hardware virtual CPU interface (ICH_* on GICv3, GICH/GICV on GICv2).
 *
 * Locking: vgic.lock (one per VM) guards every interrupt's state and each
 * vCPU's queue; list registers are only touched by the core running their
 * vCPU, with the lock held. docs/vgic.md describes the design. */
#ifndef TANDEM_VGIC_H
#define TANDEM_VGIC_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/arch/gic_cpuif.h"
#include "el2/arch/spinlock.h"
#include "vgic/lr.h"

struct vm;
struct vcpu;
struct platform;

#define VGIC_PRIVATE     32
#define VGIC_MAX_SPIS    480
#define VGIC_MAX_IRQS    (VGIC_PRIVATE + VGIC_MAX_SPIS)
#define VGIC_QUEUE_WORDS (VGIC_MAX_IRQS / 64)

/* struct vgic_irq flags */
#define VIRQ_ENABLED   (1u << 0)
#define VIRQ_EDGE      (1u << 1)   /* configured edge-triggered (else level) */
#define VIRQ_LATCH     (1u << 2)   /* pending: an edge, or set by ISPENDR; a GICv2
					    * SGI: its LR's source not yet acknowledged */
#define VIRQ_LATCH2    (1u << 3)   /* another edge while the first sits in an LR */
#define VIRQ_LINE      (1u << 4)   /* level input asserted */
#define VIRQ_ACTIVE    (1u << 5)   /* active and not in an LR (ISACTIVER) */
#define VIRQ_OWN_LR    (1u << 6)   /* the virtual timer: its own LR (timer_lr.c) */

struct vgic_irq {
	uint16_t intid;
	uint8_t priority;
	uint8_t flags;
	uint8_t target;        /* SPI: vCPU it is routed to */
	uint8_t lr;            /* 1 + the LR holding it (in its target's interface), 0 if none */
	uint8_t lr_state;      /* the LR's state at the last sync */
	uint8_t sgi_sources;   /* GICv2 SGIs: vCPUs with one pending, not in an LR */
	uint16_t hw_intid;     /* hardware-linked: the physical INTID, else 0 */
	uint8_t itargets;      /* GICv2 ITARGETSR byte, as written */
	uint8_t lr_source;     /* GICv2 SGIs in an LR: the source it carries (sgi_v2.h) */
	uint8_t reserved[4];   /* to 16 bytes: arrays of them are indexed by a shift */
};

/* Per vCPU: its banked interrupts and its virtual CPU interface. */
struct vgic_cpu {
	struct vgic_irq priv[VGIC_PRIVATE];
	uint64_t queued[VGIC_QUEUE_WORDS];  /* deliverable, not yet in an LR */
	unsigned int nqueued;               /* bits set in queued */
	uint16_t lr_intid[LR_MAX];          /* INTID in each LR Tandem wrote */
	uint32_t lr_used;                   /* bitmask of those LRs */
	volatile bool needs_flush;          /* changed from another core */
	volatile uint64_t vtimer_lr;        /* timer_lr.c: its timer's LR value, 0: not now */
	bool vtimer_held;                   /* its physical timer interrupt kept active */
	bool underflow;                     /* maintenance on LR underflow armed */
	uint32_t redist_waker;              /* GICR_WAKER.ProcessorSleep */
	/* Saved when the vCPU is not on a core. */
	uint64_t saved_lr[LR_MAX];
	uint64_t saved_vmcr, saved_apr;
};

struct vgic {
	spinlock_t lock;
	unsigned int version;   /* 2 or 3 */
	unsigned int nr_irqs;   /* INTIDs 0 .. nr_irqs-1 exist */
	uint32_t ctlr;          /* GICD_CTLR: bit 0 Group 0, bit 1 Group 1 enable */
	struct vgic_irq spi[VGIC_MAX_SPIS];
	uint64_t irouter[VGIC_MAX_SPIS];   /* GICv3 IROUTER of each SPI, as written */
};

/* The hardware side of the virtual CPU interface, per GIC version. */
struct vgic_hw_ops {
	void (*cpu_init)(void);                 /* this core: enable the interface */
	unsigned int (*nr_lrs)(void);
	void (*write_lr)(unsigned int i, const struct lr *lr);
	struct lr (*read_lr)(unsigned int i);
	uint64_t (*read_raw)(unsigned int i);       /* for saving a vCPU's LRs */
	void (*write_raw)(unsigned int i, uint64_t raw);
	void (*set_underflow)(bool on);
	void (*save)(struct vgic_cpu *c);       /* VMCR, active priorities */
	void (*restore)(const struct vgic_cpu *c);
};

extern const struct vgic_hw_ops vgic_v2_hw, vgic_v3_hw;
extern const struct vgic_hw_ops *vgic_hw;

/* Boot: picks the backend for the platform; per core: enables it. */
int vgic_hw_init(const struct platform *p);
void vgic_cpu_hw_init(void);

/* Sets up the VM's interrupt state and registers its emulated distributor
 * (and redistributors); maps GICV as its CPU interface on GICv2. */
int vgic_vm_init(struct vm *vm, const struct platform *p);
void vgic_vcpu_init(struct vcpu *v);

/* Interrupt sources. */
void vgic_set_line(struct vm *vm, struct vcpu *v, uint32_t intid, bool high);
void vgic_send_sgi(struct vcpu *from, struct vcpu *to, uint32_t intid);
/* A physical private interrupt of this core forwarded to v, hardware-linked:
 * the guest's deactivation deactivates the physical one. (The virtual
 * timer's has a path of its own: vgic_timer_fire.) */
void vgic_forward_hw(struct vcpu *v, uint32_t intid);
/* A physical SPI of a device passed through to vm, hardware-linked to the
 * same virtual INTID and delivered to the vCPU the guest routes it to. */
void vgic_forward_spi(struct vm *vm, uint32_t intid);
/* A software edge on an SPI of vm (a channel's doorbell). */
void vgic_pulse_spi(struct vm *vm, uint32_t intid);

/* A hardware-linked interrupt of v whose pending state is being cleared
 * (ICPENDR): gives the physical one back, when on v's core. */
void vgic_release_hw(struct vcpu *v, struct vgic_irq *irq);

/* On v's core, with v loaded: reconcile its list registers with its
 * interrupts' state and fill them from its queue. */
void vgic_flush(struct vcpu *v);
/* On v's core, v loaded: whether an interrupt waits for it (queued, or
 * pending in a list register): a WFI would end now. */
bool vgic_pending_for(struct vcpu *v);
/* After an emulated register write on v's core that may have queued an
 * interrupt for v itself: present it before v resumes. */
void vgic_flush_if_needed(struct vcpu *v);

/* When v gets or leaves a core. */
void vgic_load(struct vcpu *v);
void vgic_put(struct vcpu *v);
/* Architectural reset: the whole VM (SYSTEM_RESET), or one vCPU's CPU
 * interface (CPU_ON); the vCPU must not be on a core. */
void vgic_vm_reset(struct vm *vm);
void vgic_vcpu_reset(struct vcpu *v);
/* Empties this core's list registers of v (hardware-linked interrupts are
 * deactivated), before v's interrupt state is reset. */
void vgic_abandon_lrs(struct vcpu *v);
/* A vCPU powered on again (PSCI CPU_ON): its CPU interface starts empty;
 * its interrupts' configuration stays. Not on a core. */
void vgic_cpu_interface_reset(struct vcpu *v);
/* The maintenance interrupt (LR underflow, or EOI of a level interrupt). */
void vgic_maintenance(struct vcpu *v);

/* The virtual timer's reserved list register (timer_lr.c): the last LR
 * of every core, or 0 when the hardware has a single LR (then the timer
 * goes the general way). */
extern unsigned int vgic_timer_slot;
/* The timer's physical interrupt fired on the core of the vCPU whose
 * ready-made LR value is `ready`: present it if allowed (inline: the
 * interrupt exit's fast path). False: the caller holds it (vgic_timer_hold). */
extern uintptr_t vgic_v2_gich;                     /* lr_v2.c */

static inline bool vgic_timer_fire(uint64_t ready, bool v3)
{
	volatile uint32_t *v2lr = (volatile uint32_t *)(vgic_v2_gich + 0x100) + vgic_timer_slot;

	if (!ready || !vgic_timer_slot)
		return false;
	if (v3) {   /* direct accesses: no backend call on this path */
		if (lr_raw_state(ich_lr_read(vgic_timer_slot), true) != LR_INVALID)
			return false;
		ich_lr_write(vgic_timer_slot, ready);
	} else {
		if (lr_raw_state(*v2lr, false) != LR_INVALID)
			return false;
		*v2lr = (uint32_t)ready;
	}
	return true;
}
void vgic_timer_hold(struct vcpu *v);
/* GICv2, from the maintenance interrupt: the guest completed its timer's
 * interrupt; Tandem deactivates the physical one (timer_lr.c says why). */
void vgic_timer_eoi(struct vcpu *v);
/* Lock held: the timer's configuration changed (enable, priority, group). */
void vgic_timer_refresh(struct vcpu *v);
/* Lock held, on v's core: withdraw or present what changed. */
void vgic_timer_sync(struct vcpu *v);
/* On v's core, as v leaves it or is reset: the LR emptied, the physical
 * interrupt given back. */
void vgic_timer_drop(struct vcpu *v);
/* Pending or active (enum lr_state bit), as far as can be known from here. */
bool vgic_timer_state(struct vcpu *v, unsigned int state);

/* GICv3: a trapped write of ICC_SGI1R_EL1 (SGI generation). */
void vgic_sgi1r_write(struct vcpu *v, uint64_t value);

/* State helpers shared by the distributor and redistributor models. */
struct vgic_irq *vgic_irq(struct vm *vm, struct vcpu *v, uint32_t intid);
void vgic_update(struct vm *vm, struct vgic_irq *irq, struct vcpu *owner);
struct vcpu *vgic_target(struct vm *vm, struct vgic_irq *irq, struct vcpu *owner);

#endif
