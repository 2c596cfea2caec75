/* What a guest exit means, handled the same on every port: the port's exit
 * decode (el2/arm64/exit_decode.c: ESR by exception class) turns the
 * hardware's syndrome into these calls, and everything a guest can cause
 * ends here or in a device model, never in a Tandem panic. */
#ifndef TANDEM_EXIT_H
#define TANDEM_EXIT_H
#include <stdbool.h>
#include <stdint.h>
#include "firmware/smccc.h"

struct vcpu;

/* A guest access that stage 2 did not let through, as the port decoded it.
 * Without a syndrome (load/store pair, writeback, SIMD...) only write,
 * s1ptw, cache_maint and the fault's name are known. */
struct exit_mem_fault {
	uint64_t ipa;           /* the faulting guest-physical address */
	uint64_t va;            /* the guest-virtual address it used */
	const char *fault;      /* the fault status, named ("translation fault, level 2") */
	bool fetch;             /* an instruction fetch, not a load or store */
	bool syndrome;          /* size, reg, sign_extend and reg64 are valid */
	bool write, s1ptw, cache_maint;
	unsigned int size;      /* bytes: 1, 2, 4 or 8 */
	unsigned int reg;       /* the general-purpose register loaded or stored */
	bool sign_extend;       /* a narrow load is sign-extended */
	bool reg64;             /* into a 64-bit register */
};

/* The bytes of a register a store of `size` bytes writes. */
static inline uint64_t exit_size_mask(unsigned int size)
{
	return ~0ull >> (64 - 8 * size);
}

/* The register value a trapped load delivers, from the raw value the
 * device returned: truncated to the access size, sign-extended if asked,
 * zero-extended above bit 31 for a 32-bit register. */
static inline uint64_t exit_load_value(unsigned int size, bool sign_extend, bool reg64,
				       uint64_t raw)
{
	unsigned int shift = 64 - 8 * size;   /* 0 for a 64-bit access */
	uint64_t v;

	if (__builtin_expect(!sign_extend, 1))
		return (raw << shift) >> shift;   /* fits a 32-bit register: size <= 4 */
	v = (uint64_t)((int64_t)(raw << shift) >> shift);
	return reg64 ? v : (uint32_t)v;
}

/* WFI trapped (only on a shared core): the vCPU waits, the core goes to
 * whoever else may run. */
void exit_wait_for_interrupt(struct vcpu *v);
/* A firmware call (PSCI, SMCCC, Tandem's hypercalls) by conduit; imm is
 * the instruction's immediate (SMCCC uses 0). */
void exit_firmware_call(struct vcpu *v, enum smccc_conduit conduit, unsigned int imm);
/* Cold: an access outside the VM's memory and emulated devices (a flash
 * command, or the VM is stopped with the report). True if the access was
 * emulated (the caller steps past the instruction). */
bool exit_mem_fault(struct vcpu *v, const struct exit_mem_fault *f);

/* Interrupt exits, called by the port's exit path; after them the vCPU is
 * resumed, or parked if it needs attention. trap_irq: an IRQ the port's
 * fast path did not finish, iar the value it acknowledged. */
void trap_irq(struct vcpu *v, uint64_t iar);
void trap_fiq(struct vcpu *v, uint64_t syndrome);

#endif
