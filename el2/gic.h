/* The physical interrupt controller, which belongs to Tandem: GICv3 (system
 * registers, redistributors) or GICv2 (memory-mapped CPU interface), chosen
 * from the platform tree. Guests only ever see virtual interrupts. */
#ifndef TANDEM_GIC_H
#define TANDEM_GIC_H
#include <stdint.h>

struct platform;
struct pcpu;

#define SGI_KICK 0    /* "look at your vCPU again": state changed elsewhere */
#define SGI_HALT 1    /* Tandem panicked on another core: stop */
#define GIC_SPURIOUS 1023

/* Tandem runs the CPU interface with split priority drop and deactivation
 * (EOImode 1): eoi() only drops priority, deactivate() ends the interrupt.
 * An interrupt forwarded to a guest through a hardware-linked list register
 * is left active, and the guest's own deactivation ends it. */
struct gic_ops {
	void (*cpu_init)(struct pcpu *c);
	void (*send_sgi)(const struct pcpu *target, unsigned int sgi);
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t intid);
	void (*deactivate)(uint32_t intid);
	void (*enable)(uint32_t intid, const struct pcpu *target);
	void (*disable)(uint32_t intid);
	void (*clear_active)(uint32_t intid);   /* SPIs, at the distributor */
	void (*set_pending)(uint32_t intid);    /* SPIs, at the distributor */
};

extern const struct gic_ops *gic;
extern const struct gic_ops gicv1_ops, gicv2_ops, gicv3_ops;

/* Initializes the distributor; returns -1 if the GIC is not usable. */
int gic_init(const struct platform *p);
void gic_cpu_init(struct pcpu *c);
void gic_send_sgi(unsigned int cpu, unsigned int sgi);
/* SGI 0 to every core but this one, before they have a struct pcpu (a
 * GICv2's target-list filter; the boot loader of a board without PSCI waits
 * for it). */
void gic_wake_other_cores(void);
/* Number of interrupt lines the distributor implements (GICD_TYPER). */
uint32_t gic_lines(void);

/* Driver entry points (gic_v2.c, gic_v3.c). */
int gicv2_init(const struct platform *p);
void gicv2_wake_other_cores(void);
int gicv3_init(const struct platform *p);

/* GICv2: the CPU interface's base (the IRQ exit's fast path reads it). */
uintptr_t gicv2_cpu_interface(void);

#endif
