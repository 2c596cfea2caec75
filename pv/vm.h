/* A paravirtualized VM as pv/ keeps it. One vCPU, pinned to one core
 * (which it may share with others, by priority): everything here is
 * touched only on that core, except `running`, which the keyboard's core
 * reads. */
#ifndef TANDEM_PV_VM_H
#define TANDEM_PV_VM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dt/plan.h"
#include "dt/vm_config.h"
#include "pv/abi.h"
#include "pv/arch/context.h"
#include "pv/virq.h"
#include "el2/output_budget.h"

#define PV_MAX_VMS    8
#define PV_LINE_MAX   240
#define PV_INPUT_MAX  256

struct pv_vm;

struct pv_vcpu {
	struct pv_arch_regs regs;   /* first: the vectors save and restore it in place */
	struct pv_vm *vm;
};
_Static_assert(offsetof(struct pv_vcpu, regs) == 0, "the vectors' frame is the vCPU");

struct pv_vm {
	struct pv_vcpu vcpu;
	struct vm_config cfg;
	uint64_t ram_pa;
	unsigned int core, asid;
	volatile bool running;
	struct pv_arch_space space;   /* its address space (pv/arch/address_space.h) */
	/* Virtual interrupts: their state, and the guest's side of them
	 * (TANDEM_PV_SETUP: Tandem's pointer to the shared area, the upcall). */
	struct pv_virq virq;
	struct tandem_pv_shared *shared;
	bool pending_shown;          /* what Tandem last wrote to shared->pending */
	uint64_t upcall;
	/* Scheduling (pv/sched.c): waiting for an interrupt; its timer's
	 * deadline (physical count, SCHED_NEVER: none); its FP/SIMD registers
	 * while another VM has the core. */
	bool idle;
	uint64_t deadline;
	struct pv_arch_fp fp;
	/* Console: output gathered into lines; typed input not yet read. */
	char line[PV_LINE_MAX];
	unsigned int len;
	struct output_budget budget;   /* its share of the physical console */
	char input[PV_INPUT_MAX];
	unsigned int in_head, in_count;
	/* The operator's stop and start (pv/monitor.c), done by its own core. */
	volatile bool stop_asked, start_asked;
	unsigned int boots;              /* starts after its first */
	bool mapped_own;                 /* it changed its window (TANDEM_PV_MAP) */
	uint32_t rng_seed_off, kaslr_seed_off;   /* in its tree (el2/dt_store.h) */
	const struct vm_plan *plan;      /* its record: its payload and overlay */
};

/* Tandem's pointer to the guest's VA va, once the call's arguments were
 * checked (pv/args.h): the window [memory-base, memory-base + memory) is
 * the VM's RAM. */
static inline void *pv_guest_va(const struct pv_vm *vm, uint64_t va)
{
	return (void *)(uintptr_t)(vm->ram_pa + (va - vm->cfg.mem_base));
}

/* pv/vm_create.c: every VM created, in order. */
struct pv_vm *pv_vm_table(unsigned int *n);
/* On its own core, the VM stopped: its payload and its pristine tree
 * (fresh seeds) loaded again, its registers, virtual interrupts, console
 * input and own mappings reset. 0, or -1 after saying why. */
int pv_vm_boot_again(struct pv_vm *vm);

/* pv/vm_alive.c: the VMs start together (pv_run); each stops on its own,
 * after saying why, and the machine powers off when none is left. */
void pv_vms_start(struct pv_vm *vms, unsigned int n);
void pv_vm_stop(struct pv_vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same with the reason written; power_off_if_last false: the operator
 * stopped it, and Tandem stays up with its monitor. On the VM's core. */
void pv_vm_halt(struct pv_vm *vm, bool power_off_if_last, const char *why);
/* A stopped VM running again (the operator's start). */
void pv_vm_revive(struct pv_vm *vm);

#endif
