/* A machine for the core's host tests: the real core (libcore.a) on the
 * fake architecture (tests/unit/fake_arch), with the physical GIC's
 * registers in host memory (the real gic.c, gic_v2.c and gic_v3.c drive
 * them), one or two VMs with the real vGIC, scheduler and timers, and
 * helpers that play the guest: MMIO accesses through the VM's real
 * dispatch, and acknowledging and completing what is in the list
 * registers. */
#ifndef TANDEM_TEST_CORE_FIXTURE_H
#define TANDEM_TEST_CORE_FIXTURE_H
#include <stdbool.h>
#include <stdint.h>
#include "dt/platform.h"
#include "el2/cpu.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "tests/unit/fake_arch/fake.h"

/* The guest's view of the GIC (architected addresses, as on QEMU virt). */
#define FIX_GICD      0x08000000ull
#define FIX_GICC      0x08010000ull   /* GICv2: the guest's CPU interface (GICV) */
#define FIX_GICR      0x080a0000ull
#define FIX_LINES     96              /* SPIs 32-95 */
#define FIX_VTIMER    27
#define FIX_HTIMER    26
#define FIX_MAINT     25

extern struct platform fix_guest_plat;   /* what vgic_vm_init() sees */

/* A fresh machine: gic_version 2 or 3, nlr list registers per core, ncpus
 * cores (this one: core 0). No VM yet. */
void fix_machine(unsigned int gic_version, unsigned int nlr, unsigned int ncpus);
/* A VM of nvcpus vCPUs, vCPU i pinned to core pcpu_of[i] (NULL: i), with
 * scheduling priority prio, its vGIC set up (vgic_vm_init), its vCPUs
 * powered on and added to their cores' schedulers. */
struct vm *fix_vm(unsigned int nvcpus, const unsigned int *pcpu_of, unsigned int prio);

/* Runs the code that follows as core `cpu`: this_cpu(), and its list
 * registers (each core has its own bank; the fake arch has one). */
void fix_on_core(unsigned int cpu);
/* v is in the guest on its core (which becomes this one), loaded. */
void fix_run(struct vcpu *v);

/* The guest's accesses to its distributor (or v's redistributor frames:
 * FIX_GICR + v->id * VGIC_REDIST_STRIDE + off). Fail the test unless the
 * dispatch reached a register. */
void fix_dist_write(struct vcpu *v, uint64_t off, unsigned int size, uint64_t val);
uint64_t fix_dist_read(struct vcpu *v, uint64_t off, unsigned int size);
void fix_redist_write(struct vcpu *v, uint64_t off, unsigned int size, uint64_t val);

/* This core's list register i as the hardware holds it, decoded. */
struct lr fix_lr(unsigned int i);
void fix_set_lr_state(unsigned int i, unsigned int state);
/* The vINTIDs pending in this core's LRs (timer's included), as a bitmask
 * of up to 128 INTIDs; count: how many LRs hold a pending one. */
unsigned int fix_pending_lrs(uint64_t mask[2]);
/* The guest acknowledges every pending interrupt in its LRs (pending ->
 * active), then completes them (-> invalid), one at a time: returns the
 * INTID it took, or -1 if nothing was pending. Hardware behaviour: a
 * level LR with EOI is just dropped (the maintenance interrupt follows). */
int fix_guest_take_one(void);
/* The LR state "hardware" raises a maintenance interrupt for: underflow
 * armed and at most one valid LR. */
bool fix_underflow_raised(void);

#endif
