/* A virtual CPU: the guest registers saved on every exit (at the top, where
 * the port's exit path expects them), its PSCI power state, the physical
 * core it is pinned to, its virtual interrupts and timer, and the rest of
 * its architectural state (struct arch_vcpu, el2/arch/vcpu_context.h). */
#ifndef TANDEM_VCPU_H
#define TANDEM_VCPU_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/arch/barrier.h"
#include "el2/arch/vcpu_context.h"
#include "vgic/vgic.h"

struct vm;

/* Exit reasons counted per vCPU: every exception class, then interrupts. */
#define TRAP_COUNT_IRQ    64
#define TRAP_COUNT_FIQ    65
#define TRAP_COUNT_SERROR 66
#define TRAP_COUNTERS     67

struct vcpu {
	struct arch_regs regs;      /* first: the exit path saves into it */
	volatile bool attention;    /* something changed: re-evaluate on the next exit */
	uint64_t traps[TRAP_COUNTERS];  /* exits by exception class, then interrupts */
	struct vm *vm;
	unsigned int id;            /* index in the VM; its MPIDR Aff0 */
	unsigned int pcpu;          /* the physical core it is pinned to */
	volatile bool on;           /* PSCI: powered on */
	volatile bool in_guest;     /* a core holds it (running it or handling its exit) */
	volatile bool waiting;      /* in WFI or CPU_SUSPEND with nothing to do (shared core) */
	uint8_t priority;           /* its VM's, for the core's scheduler */
	unsigned int core_slot;     /* its index among the vCPUs of its core */
	bool el1_reset_pending;     /* load architectural reset values on next entry */
	/* Its VM has `profiling` (its PMU is switched with it); pmu_work:
	 * loading it takes more than the registers already hold (counters it
	 * left running, a reset, another owner since). Here, in padding that
	 * is read with el1_reset_pending, not at the far end of the struct. */
	bool profiling, pmu_work;
	uint64_t ptimer_ctl, ptimer_cval;  /* the emulated EL1 physical timer */
	struct vgic_cpu vgic;       /* its banked interrupts and virtual CPU interface */
	/* Last: the exit path's assembly knows the offsets of what precedes. */
	struct arch_vcpu arch;      /* the rest of its CPU state, the port's */
};

/* Tells the core running the vCPU to re-evaluate it on its next exit (its
 * VM stopping or resetting, its power state, a pending reset of its EL1
 * state). Whoever changes such state calls this, then kicks that core. */
static inline void vcpu_request_attention(struct vcpu *v)
{
	v->attention = true;
	mb_shared();
}

/* True if the vCPU's VM is running and the vCPU is powered on and not
 * waiting for an event. */
bool vcpu_runnable(const struct vcpu *v);
/* Loads the vCPU on this core and enters the guest; does not return. */
void vcpu_run(struct vcpu *v) __attribute__((noreturn));
/* The core stops holding the vCPU (it exits the guest for good). */
void vcpu_put(struct vcpu *v);
/* Called by the port's exit path with the vCPU's full frame saved: puts it and goes
 * back to the core's idle loop. */
/* The vCPU whose state is in this core's registers, if any, is saved to
 * its struct and the core holds none (its VM is being removed). */
struct pcpu;
void vcpu_unload(struct pcpu *c);
void vcpu_park(struct vcpu *v) __attribute__((noreturn));
/* Sets the vCPU to start at pc with arg in its first argument register,
 * in the guest kernel's mode with interrupts masked, and architectural
 * reset values for its registers. */
void vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg);
/* The same, as a kernel is entered at boot: with its device tree at dtb in
 * the registers the boot protocol names. */
void vcpu_reset_boot(struct vcpu *v, uint64_t pc, uint64_t dtb);

/* True while this core handles an exit of v: its PC and processor state
 * are then in the exception registers, not in its frame. */
bool vcpu_exiting_here(const struct vcpu *v);

/* General-purpose register r of the guest (during its exit: the saved
 * frame; the zero register reads 0). */
static inline uint64_t vcpu_reg(const struct vcpu *v, unsigned int r)
{
	return arch_reg(&v->regs, r);
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned int r, uint64_t val)
{
	arch_set_reg(&v->regs, r, val);
}

#endif
