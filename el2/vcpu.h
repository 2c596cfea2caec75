/* A virtual CPU: the guest registers saved on every exit (at the top, where
 * vectors.S expects them), its EL1 system-register context, its PSCI power
 * state and the physical core it is pinned to. */
#ifndef TANDEM_VCPU_H
#define TANDEM_VCPU_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/arm64/el1_context.h"
#include "el2/arm64/fpsimd.h"
#include "el2/arm64/layout.h"
#include "el2/arm64/pmu_debug.h"
#include "el2/arm64/vcpu_ext.h"
#include "vgic/vgic.h"

struct vm;

struct vcpu_regs {
	uint64_t x[32];     /* x0-x30; x[31] absorbs loads into XZR, never read */
	uint64_t pc;        /* while parked; in ELR_EL2 during an exit (vcpu_pc()) */
	uint64_t pstate;    /* while parked; in SPSR_EL2 during an exit */
	uint64_t host_sp;   /* this core's stack top, for the exit path */
};

/* Exit reasons counted per vCPU: every exception class, then interrupts. */
#define TRAP_COUNT_IRQ    64
#define TRAP_COUNT_FIQ    65
#define TRAP_COUNT_SERROR 66
#define TRAP_COUNTERS     67

struct vcpu {
	struct vcpu_regs regs;      /* first: vectors.S saves into it */
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
	uint64_t hcr;               /* HCR_EL2 while it runs */
	struct el1_context el1;     /* saved when another vCPU uses the core */
	struct fpsimd_state fp;     /* likewise */
	uint64_t ptimer_ctl, ptimer_cval;  /* the emulated EL1 physical timer */
	struct vgic_cpu vgic;       /* its banked interrupts and virtual CPU interface */
	/* Last: the exit path's assembly knows the offsets of what precedes. */
	uint64_t mdcr;              /* MDCR_EL2 while it runs: its PMU and debug traps */
	struct pmu_context pmu;     /* a VM with `profiling` only: see pmu_work */
	struct vcpu_ext ext;        /* SVE and pointer-authentication state, taken lazily */
};

/* Tells the core running the vCPU to re-evaluate it on its next exit (its
 * VM stopping or resetting, its power state, a pending reset of its EL1
 * state). Whoever changes such state calls this, then kicks that core. */
static inline void vcpu_request_attention(struct vcpu *v)
{
	v->attention = true;
	__asm__ volatile("dmb ish" ::: "memory");
}

/* True if the vCPU's VM is running and the vCPU is powered on and not
 * waiting for an event. */
bool vcpu_runnable(const struct vcpu *v);
/* Loads the vCPU on this core and enters the guest; does not return. */
void vcpu_run(struct vcpu *v) __attribute__((noreturn));
/* The core stops holding the vCPU (it exits the guest for good). */
void vcpu_put(struct vcpu *v);
/* Called by vectors.S with the vCPU's full frame saved: puts it and goes
 * back to the core's idle loop. */
void vcpu_park(struct vcpu *v) __attribute__((noreturn));
/* Sets the vCPU to start at pc with x0 = arg, in EL1h with interrupts masked,
 * and architectural reset values for its EL1 registers. */
void vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg);
/* Injects an undefined-instruction exception at the current PC. */
void vcpu_inject_undef(struct vcpu *v);
/* Reads the 32-bit instruction at the guest's PC; false if unreadable. */
bool vcpu_fetch_insn(struct vcpu *v, uint32_t *insn);

/* True while this core handles an exit of v: its PC and PSTATE are then in
 * ELR_EL2 and SPSR_EL2, not in its frame (see vectors.S). */
bool vcpu_exiting_here(const struct vcpu *v);

uint64_t vcpu_pc(const struct vcpu *v);
void vcpu_set_pc(struct vcpu *v, uint64_t pc);
uint64_t vcpu_pstate(const struct vcpu *v);
void vcpu_set_pstate(struct vcpu *v, uint64_t pstate);

static inline uint64_t vcpu_reg(const struct vcpu *v, unsigned int r)
{
	return r == 31 ? 0 : v->regs.x[r];
}

static inline void vcpu_set_reg(struct vcpu *v, unsigned int r, uint64_t val)
{
	v->regs.x[r & 31] = val;   /* r == 31 (XZR) lands in the sink */
}

void guest_enter(struct vcpu *v) __attribute__((noreturn));

#endif
