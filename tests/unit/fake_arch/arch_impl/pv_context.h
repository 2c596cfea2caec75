/* Host for pv/arch/context.h: a paravirtualized guest's context as plain
 * fields, so that the paravirtual path's arch-neutral sources compile
 * against the fake arch (the core-host build; they are not linked into
 * the unit tests). */
#ifndef TANDEM_FAKE_PV_CONTEXT_H
#define TANDEM_FAKE_PV_CONTEXT_H
#include <stdint.h>
#include <string.h>
#include "pv/abi.h"

struct pv_arch_regs {
	uint64_t x[31];
	uint64_t sp, pc, flags, ttbr;
};

struct pv_arch_fp {
	uint64_t q[64];
};

struct pv_arch_space {
	void *root;
};

#define PV_ARCH_U64_REGS 1

static inline uint64_t pv_arch_arg(const struct pv_arch_regs *r, unsigned int n)   { return r->x[n]; }
static inline void pv_arch_set_arg(struct pv_arch_regs *r, unsigned int n, uint64_t value) { r->x[n] = value; }
static inline uint64_t pv_arch_arg_u64(const struct pv_arch_regs *r, unsigned int n) { return r->x[n]; }
static inline void pv_arch_set_u64(struct pv_arch_regs *r, unsigned int n, uint64_t value) { r->x[n] = value; }
static inline uint64_t pv_arch_pc(const struct pv_arch_regs *r)                    { return r->pc; }
static inline uint64_t pv_arch_sp(const struct pv_arch_regs *r)                    { return r->sp; }
static inline void pv_arch_set_sp(struct pv_arch_regs *r, uint64_t sp)             { r->sp = sp; }

static inline void pv_arch_set_entry(struct pv_arch_regs *r, uint64_t pc)
{
	r->pc = pc;
	r->flags = 0;
}

static inline void pv_arch_load_frame(struct pv_arch_regs *r, const struct tandem_pv_frame *f)
{
	memcpy(r->x, f->x, sizeof(r->x));
	r->pc = f->pc;
	r->flags = f->flags & TANDEM_PV_FLAGS_NZCV;
	r->sp = f->sp;
}

static inline uint64_t pv_arch_fetch_frame(struct pv_arch_regs *r, const struct tandem_pv_frame *g)
{
	struct tandem_pv_frame f = *g;

	pv_arch_load_frame(r, &f);
	return f.flags;
}

static inline void pv_arch_save_frame(struct tandem_pv_frame *f, const struct pv_arch_regs *r)
{
	memcpy(f->x, r->x, sizeof(f->x));
	f->pc = r->pc;
	f->flags = r->flags;
	f->sp = r->sp;
}

#endif
