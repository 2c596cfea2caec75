/* A paravirtualized guest's saved ARMv7-A context (pv/arch/context.h): the
 * frame pv/arm32/vectors.S saves at every exception from USR mode and
 * restores on the way back, its VFP registers, its short-descriptor table. */
#ifndef TANDEM_PV_ARM32_CONTEXT_H
#define TANDEM_PV_ARM32_CONTEXT_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "pv/abi.h"
#include "el2/arm32/guest_context.h"
#include "stage1/short_desc.h"
#include "pv/arm32/frame_layout.h"

struct pv_arch_regs {   /* vectors.S knows this layout */
	uint32_t r[13];
	uint32_t sp_usr, lr_usr, pc, cpsr;
	uint32_t ttbr, asid;   /* the guest's TTBR0 (table | walk attributes), CONTEXTIDR */
};

_Static_assert(offsetof(struct pv_arch_regs, sp_usr) == PV_REG_SP_USR &&
	       offsetof(struct pv_arch_regs, pc) == PV_REG_PC &&
	       offsetof(struct pv_arch_regs, ttbr) == PV_REG_TTBR &&
	       offsetof(struct pv_arch_regs, asid) == PV_REG_ASID, "vectors.S's offsets");
_Static_assert(sizeof(struct tandem_pv_frame) == 80, "the ABI's frame");

/* What changes hands only when a core switches VMs: VFP/Advanced SIMD,
 * and TPIDRURW, which USR mode may write and the next VM would read. */
struct pv_arch_fp {
	struct vfp_state s;
	uint32_t tpidrurw;
};

struct pv_arch_space {
	struct sd_table t;
};

#define PV_ARCH_U64_REGS 2     /* r_n low, r_n+1 high */
#define PV_CPSR_USR      0x10u
/* What USR mode owns of the CPSR: NZCVQ, IT, GE, E, T (Thumb code resumes
 * as Thumb, mid-IT-block too); never the mode or the mask bits. */
#define PV_CPSR_USER     0xfe0ffe20u

static inline uint64_t pv_arch_arg(const struct pv_arch_regs *r, unsigned int n)
{
	return r->r[n];
}

static inline void pv_arch_set_arg(struct pv_arch_regs *r, unsigned int n, uint64_t value)
{
	r->r[n] = (uint32_t)value;
}

static inline uint64_t pv_arch_arg_u64(const struct pv_arch_regs *r, unsigned int n)
{
	return r->r[n] | (uint64_t)r->r[n + 1] << 32;
}

static inline void pv_arch_set_u64(struct pv_arch_regs *r, unsigned int n, uint64_t value)
{
	r->r[n] = (uint32_t)value;
	r->r[n + 1] = (uint32_t)(value >> 32);
}

static inline uint64_t pv_arch_pc(const struct pv_arch_regs *r)
{
	return r->pc;
}

static inline uint64_t pv_arch_sp(const struct pv_arch_regs *r)
{
	return r->sp_usr;
}

static inline void pv_arch_set_sp(struct pv_arch_regs *r, uint64_t sp)
{
	r->sp_usr = (uint32_t)sp;
}

/* USR mode, ARM state, IRQs unmasked, flags clear. */
static inline void pv_arch_set_entry(struct pv_arch_regs *r, uint64_t pc)
{
	r->pc = (uint32_t)pc;
	r->cpsr = PV_CPSR_USR;
}

/* r0-r12 as one block: LDM/STM, where a memcpy call would go word by word. */
struct pv_arch_r13 {
	uint32_t w[13];
};

/* A frame in guest memory becomes the context, each of its words read
 * once (guest_fetch's rule, without the copy): only USR state comes out,
 * the CPSR keeps only its user bits, the mode is USR with IRQs unmasked
 * whatever the frame says. Returns the flags word as read. */
static inline uint64_t pv_arch_fetch_frame(struct pv_arch_regs *r, const struct tandem_pv_frame *g)
{
	const volatile struct tandem_pv_frame *v = g;
	uint32_t flags = v->flags;

	*(struct pv_arch_r13 *)r->r = *(const struct pv_arch_r13 *)g->r;
	r->lr_usr = v->lr;
	r->pc = v->pc;
	r->sp_usr = v->sp;
	r->cpsr = PV_CPSR_USR | (flags & PV_CPSR_USER);
	return flags;
}

static inline void pv_arch_save_frame(struct tandem_pv_frame *f, const struct pv_arch_regs *r)
{
	*(struct pv_arch_r13 *)f->r = *(const struct pv_arch_r13 *)r->r;
	f->lr = r->lr_usr;
	f->pc = r->pc;
	f->flags = r->cpsr & PV_CPSR_USER;
	f->sp = r->sp_usr;
	f->reserved[0] = f->reserved[1] = f->reserved[2] = 0;
}

#endif
