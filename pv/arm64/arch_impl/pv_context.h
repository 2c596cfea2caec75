/* A paravirtualized guest's saved AArch64 context (pv/arch/context.h): the
 * frame pv/arm64/vectors.S saves at every exception from EL0 and restores
 * on the way back, and its FP/SIMD registers. */
#ifndef TANDEM_PV_ARM64_CONTEXT_H
#define TANDEM_PV_ARM64_CONTEXT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "pv/abi.h"
#include "el2/arm64/fpsimd.h"
#include "lib/guest_fetch.h"
#include "stage2/lpae.h"

struct pv_arch_regs {   /* vectors.S knows this layout */
	uint64_t x[31];
	uint64_t sp_el0, elr, spsr, ttbr;   /* ttbr: the guest's TTBR0_EL1 (table | ASID) */
};

struct pv_arch_fp {
	struct fpsimd_state s;
};

struct pv_arch_space {
	struct lpae_table t;   /* TTBR0_EL1's, 39-bit VAs */
};

/* A 64-bit argument or result takes one register. */
#define PV_ARCH_U64_REGS 1

_Static_assert(offsetof(struct pv_arch_regs, ttbr) == 34 * 8, "vectors.S F_TTBR");
_Static_assert(sizeof(struct tandem_pv_frame) == 34 * 8 && sizeof(struct tandem_pv_frame) % 16 == 0,
	       "the ABI's frame");

static inline uint64_t pv_arch_arg(const struct pv_arch_regs *r, unsigned int n)
{
	return r->x[n];
}

static inline void pv_arch_set_arg(struct pv_arch_regs *r, unsigned int n, uint64_t value)
{
	r->x[n] = value;
}

static inline uint64_t pv_arch_arg_u64(const struct pv_arch_regs *r, unsigned int n)
{
	return r->x[n];
}

static inline void pv_arch_set_u64(struct pv_arch_regs *r, unsigned int n, uint64_t value)
{
	r->x[n] = value;
}

static inline uint64_t pv_arch_pc(const struct pv_arch_regs *r)
{
	return r->elr;
}

static inline uint64_t pv_arch_sp(const struct pv_arch_regs *r)
{
	return r->sp_el0;
}

static inline void pv_arch_set_sp(struct pv_arch_regs *r, uint64_t sp)
{
	r->sp_el0 = sp;
}

/* EL0t, interrupts unmasked, NZCV clear. */
static inline void pv_arch_set_entry(struct pv_arch_regs *r, uint64_t pc)
{
	r->elr = pc;
	r->spsr = 0;
}

/* Only EL0 state comes out of a frame: PSTATE keeps only the condition flags. */
static inline void pv_arch_load_frame(struct pv_arch_regs *r, const struct tandem_pv_frame *f)
{
	__builtin_memcpy(r->x, f->x, sizeof(r->x));
	r->elr = f->pc;
	r->spsr = f->flags & TANDEM_PV_FLAGS_NZCV;
	r->sp_el0 = f->sp;
}

/* A frame in guest memory becomes the context: fetched once
 * (guest_fetch), then loaded. Returns its flags word. */
static inline uint64_t pv_arch_fetch_frame(struct pv_arch_regs *r, const struct tandem_pv_frame *g)
{
	struct tandem_pv_frame f;

	guest_fetch(&f, g, sizeof(f));
	pv_arch_load_frame(r, &f);
	return f.flags;
}

static inline void pv_arch_save_frame(struct tandem_pv_frame *f, const struct pv_arch_regs *r)
{
	__builtin_memcpy(f->x, r->x, sizeof(f->x));
	f->pc = r->elr;
	f->flags = r->spsr & TANDEM_PV_FLAGS_NZCV;
	f->sp = r->sp_el0;
}

#endif
