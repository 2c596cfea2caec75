/* A vCPU's architectural state and the world switch, as the core sees them.
 * The core keeps the vCPU's identity, scheduling and virtual devices in
 * struct vcpu (el2/vcpu.h); the port keeps the registers. */
#ifndef TANDEM_ARCH_VCPU_CONTEXT_H
#define TANDEM_ARCH_VCPU_CONTEXT_H
#include <stdbool.h>
#include <stdint.h>
#include <arch_impl/vcpu_context.h>

struct vcpu;
struct pcpu;

/* Provided by the implementation (arch_impl/vcpu_context.h):
 *   struct arch_regs   the guest registers saved on every exit, first in
 *                      struct vcpu, where the exit path expects them; with
 *                      host_sp, the core's stack for the exit path
 *   struct arch_vcpu   the rest of the guest CPU: system registers,
 *                      floating point and vectors, PMU, trap controls
 *   struct arch_pcpu   per core: whose lazily switched state it holds
 *   uint64_t arch_reg(const struct arch_regs *, unsigned int n)
 *   void arch_set_reg(struct arch_regs *, unsigned int n, uint64_t value)
 *                      general-purpose register n (the zero register reads
 *                      0, writes to it are dropped)
 *   ARCH_SMCCC_ARGS    registers that carry an SMCCC call's arguments
 */

/* The guest's PC and processor state (PSTATE/CPSR): in the exception
 * registers while this core handles its exit, else in its struct. */
uint64_t vcpu_pc(const struct vcpu *v);
void vcpu_set_pc(struct vcpu *v, uint64_t pc);
uint64_t vcpu_pstate(const struct vcpu *v);
void vcpu_set_pstate(struct vcpu *v, uint64_t pstate);

/* Whether the vCPU is in AArch32 state (always, on ARMv7): SMCCC's 64-bit
 * calls do not exist for it. */
bool vcpu_aarch32(const struct vcpu *v);
/* Architectural reset: registers zero but the first argument register
 * (arg), entry at pc in the guest kernel's mode with interrupts masked,
 * reset values for the system registers (loaded at the next entry). */
void arch_vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg);
/* After a reset, the registers of the kernel boot protocol for a device
 * tree at dtb (AArch64: x0 = dtb; ARMv7: r0 = 0, r1 = ~0, r2 = dtb). */
void arch_vcpu_set_boot_args(struct vcpu *v, uint64_t dtb);
/* The loaded vCPU's state out of the core's registers into its struct (a
 * vCPU of a shared core leaves it; the VM resets); its virtual timer is
 * silenced so that the idle loop never takes an interrupt of nobody's. */
void arch_vcpu_save(struct vcpu *v, struct pcpu *c);
/* The vCPU's saved state into the core's registers (after a save, or a
 * reset). */
void arch_vcpu_restore(struct vcpu *v, struct pcpu *c);
/* What every entry loads: its VM's stage-2 tables, its identity and
 * counter offset, its trap controls. */
void arch_vcpu_enter_state(struct vcpu *v);
/* PSCI CPU_SUSPEND's power-down, on its core during its exit: the guest
 * kernel's mode with interrupts masked, its system registers at reset
 * values but for its virtual timer, which stays (its PC and arguments are
 * the caller's). */
void arch_vcpu_power_down(struct vcpu *v);
/* Whether its WFI traps (only a vCPU on a shared core waits in Tandem). */
void arch_vcpu_trap_wfi(struct vcpu *v, bool trap);
/* An undefined-instruction exception at the current PC, taken as the
 * hardware would. */
void vcpu_inject_undef(struct vcpu *v);
/* Reads the instruction at the guest's PC through its own translation and
 * its VM's stage 2 (only its own memory); false if unreadable. */
bool vcpu_fetch_insn(struct vcpu *v, uint32_t *insn);
/* Enters the guest with the registers of its struct; does not return. */
void guest_enter(struct vcpu *v) __attribute__((noreturn));

#endif
