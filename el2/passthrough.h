/* Platform devices given to a VM by its overlay (dt/passthrough.c resolved
 * and validated them): their pages mapped 1:1 into its stage-2 as device
 * memory, their SPIs routed to the core of the vCPU the guest targets and
 * forwarded hardware-linked, so the guest's deactivation ends the physical
 * interrupt (docs/configuration.md, docs/vgic.md). */
#ifndef TANDEM_EL2_PASSTHROUGH_H
#define TANDEM_EL2_PASSTHROUGH_H
#include <stdbool.h>
#include <stdint.h>

struct vm;
struct vm_plan;
struct vgic_irq;

/* At creation: maps the devices and claims their interrupts; -1 on failure
 * (said why). */
int passthrough_attach(struct vm *vm, const struct vm_plan *plan);
/* The VM stopped: its interrupts are disabled and handed back. */
void passthrough_detach(struct vm *vm);
/* A stopped VM starts again (its vGIC reset): its interrupts are enabled
 * again, routed to the core of the vCPU each targets. */
void passthrough_resume(struct vm *vm);
/* The VM restarts: interrupts it held active are released. */
void passthrough_reset(struct vm *vm);
/* The guest routed irq to another vCPU: the physical one follows (vGIC lock held). */
void passthrough_follow_target(struct vm *vm, const struct vgic_irq *irq);

/* Its VM is removed (stopped before): its interrupts' handlers go, so the
 * next VM given them may claim them. */
void passthrough_release(struct vm *vm);

#endif
