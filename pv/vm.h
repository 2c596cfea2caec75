/* A paravirtualized VM as el2/pv.c keeps it; shared with pv_console.c. One
 * vCPU, pinned to one core (which it may share with others, by priority):
 * everything here is touched only on that core, except `running`, which
 * the keyboard's core reads. */
#ifndef TANDEM_EL2_PV_VM_H
#define TANDEM_EL2_PV_VM_H
#include <stdbool.h>
#include <stdint.h>
#include "dt/vm_config.h"
#include "pv/abi.h"
#include "el2/output_budget.h"
#include "pv/virq.h"
#include "el2/arm64/fpsimd.h"
#include "stage2/lpae.h"

#define PV_LINE_MAX   240
#define PV_INPUT_MAX  256

struct pv_vm;

struct pv_vcpu {   /* the frame first: pv_vectors.S knows its layout */
	uint64_t x[31];
	uint64_t sp_el0, elr, spsr, ttbr;
	struct pv_vm *vm;
};

struct pv_vm {
	struct pv_vcpu vcpu;
	struct vm_config cfg;
	uint64_t ram_pa;
	unsigned int core, asid;
	volatile bool running;
	struct lpae_table table;
	/* Virtual interrupts: their state, and the guest's side of them
	 * (TANDEM_PV_SETUP: Tandem's pointer to the shared area, the upcall). */
	struct pv_virq virq;
	struct tandem_pv_shared *shared;
	uint64_t upcall;
	/* Scheduling (pv_sched.c): waiting for an interrupt; its timer's
	 * deadline (physical count, SCHED_NEVER: none); its FP/SIMD registers
	 * while another VM has the core. */
	bool idle;
	uint64_t deadline;
	struct fpsimd_state fp;
	/* Console: output gathered into lines; typed input not yet read. */
	char line[PV_LINE_MAX];
	unsigned int len;
	struct output_budget budget;   /* its share of the physical console */
	char input[PV_INPUT_MAX];
	unsigned int in_head, in_count;
};

/* pv.c: takes this core's pending physical interrupts. */
void pv_take_irqs(unsigned int core);

/* pv_sched.c: the VMs of each core and which one runs. */
void pv_sched_init(unsigned int virtual_timer_intid);
void pv_sched_add(struct pv_vm *vm);
/* The VM's timer deadline (~0: none) is now `deadline`. */
void pv_sched_set_deadline(struct pv_vm *vm, uint64_t deadline);
/* The core's timer fired: expired deadlines become virtual interrupts. */
void pv_sched_timer_expired(unsigned int core);
/* The VM the core runs next, its registers loaded (FP/SIMD, TPIDR_EL1);
 * waits, taking interrupts, while none is runnable. */
struct pv_vm *pv_sched_next(unsigned int core);
unsigned int pv_sched_count(unsigned int core);

/* pv_console.c: the keyboard goes to one VM with a console ('vpl011') at a
 * time; Ctrl-] moves it on. The UART's receive interrupt is routed to the
 * core of the VM that has the keyboard, which gets the characters as its
 * virtual interrupt `intid` (the PL011's INTID in its tree). */
void pv_console_init(struct pv_vm *vms, unsigned int nvms, uint64_t uart_base, unsigned int intid);
/* A core has its GIC interface up. */
void pv_console_core_up(unsigned int core);
/* The UART interrupt, on the focus VM's core. */
void pv_console_received(unsigned int core);
/* TANDEM_PV_CONSOLE_READ: up to `room` typed bytes into `out`. */
unsigned int pv_console_read(struct pv_vm *vm, char *out, unsigned int room);

#endif
