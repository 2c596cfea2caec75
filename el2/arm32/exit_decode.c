/* ARMv7-A guest exits: the HYP trap vector's syndrome (HSR) decoded by
 * exception class into the arch-neutral calls of el2/exit.h, and what is
 * ARMv7's own: the CP15/CP14 accesses that trap. */
#include <stddef.h>
#include "el2/exit.h"
#include "el2/arch/exit.h"
#include "el2/cpu.h"
#include "el2/mmio.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arm32/cp15.h"
#include "el2/arm32/hsr.h"
#include "vgic/vgic.h"
#include "vtimer/vtimer.h"

void arm32_trap(struct vcpu *v, uint32_t hsr);

/* Past the trapped instruction: 4 bytes, or 2 for a 16-bit Thumb one (IL
 * clear); inside a Thumb IT block the IT state advances as the hardware
 * would advance it (out of line: kernels rarely trap in Thumb state).
 * Handlers run during the vCPU's exit: its PC and CPSR are in ELR_hyp and
 * SPSR_hyp. */
static __attribute__((noinline, cold)) void advance_thumb(uint32_t cpsr)
{
	uint32_t next = psr_it_advance(cpsr);

	if (next != cpsr)
		spsr_hyp_write(next);
}

static inline __attribute__((always_inline)) void advance_pc(uint32_t hsr)
{
	uint32_t cpsr = spsr_hyp_read();

	elr_hyp_write(elr_hyp_read() + (hsr & HSR_IL ? 4 : 2));
	if (__builtin_expect(cpsr & PSR_T, 0))
		advance_thumb(cpsr);
}

/* The value a trapped load leaves in a 32-bit register: exit_load_value's
 * rule in 32-bit arithmetic. */
static inline uint32_t load_value32(unsigned int size, bool sign_extend, uint64_t raw)
{
	unsigned int shift = 32 - 8 * size;
	uint32_t v = (uint32_t)raw;

	if (shift == 0)
		return v;
	return sign_extend ? (uint32_t)((int32_t)(v << shift) >> shift) : (v << shift) >> shift;
}

/* Whether Tandem emulates an access through guest register rt: r0-r12
 * (every exit saves them), SP and LR of the guest's mode (banked_in/out);
 * not PC, nor FIQ mode's banked r8-r12. */
static bool frame_reg(unsigned int rt)
{
	if (rt > 14)
		return false;
	return rt < 8 || rt > 12 || (spsr_hyp_read() & PSR_MODE_MASK) != PSR_MODE_FIQ;
}

#define MRS(reg) ({ uint32_t __v; __asm__ volatile(".arch_extension virt\n\tmrs %0, " #reg : "=r"(__v)); __v; })
#define MSR(reg, v) __asm__ volatile(".arch_extension virt\n\tmsr " #reg ", %0" : : "r"(v) : "memory")

/* SP and LR of the guest's current mode into the frame's sp_lr, for an
 * exit whose instruction names r13 or r14 (compilers do use LR as a
 * scratch register for device accesses); banked_out writes them back. */
static void banked_in(struct vcpu *v)
{
	uint32_t *x = v->regs.sp_lr;

	switch (spsr_hyp_read() & PSR_MODE_MASK) {
	case PSR_MODE_SVC: x[0] = MRS(sp_svc); x[1] = MRS(lr_svc); break;
	case PSR_MODE_ABT: x[0] = MRS(sp_abt); x[1] = MRS(lr_abt); break;
	case PSR_MODE_UND: x[0] = MRS(sp_und); x[1] = MRS(lr_und); break;
	case PSR_MODE_IRQ: x[0] = MRS(sp_irq); x[1] = MRS(lr_irq); break;
	case PSR_MODE_FIQ: x[0] = MRS(sp_fiq); x[1] = MRS(lr_fiq); break;
	default: x[0] = MRS(sp_usr); x[1] = v->regs.lr_usr; break;   /* USR, SYS */
	}
}

static void banked_out(struct vcpu *v)
{
	const uint32_t *x = v->regs.sp_lr;

	switch (spsr_hyp_read() & PSR_MODE_MASK) {
	case PSR_MODE_SVC: MSR(sp_svc, x[0]); MSR(lr_svc, x[1]); break;
	case PSR_MODE_ABT: MSR(sp_abt, x[0]); MSR(lr_abt, x[1]); break;
	case PSR_MODE_UND: MSR(sp_und, x[0]); MSR(lr_und, x[1]); break;
	case PSR_MODE_IRQ: MSR(sp_irq, x[0]); MSR(lr_irq, x[1]); break;
	case PSR_MODE_FIQ: MSR(sp_fiq, x[0]); MSR(lr_fiq, x[1]); break;
	default: MSR(sp_usr, x[0]); v->regs.lr_usr = x[1]; break;
	}
}

static void trap_unexpected(struct vcpu *v, uint32_t hsr)
{
	unsigned int ec = hsr_ec(hsr);

	vm_crash(v, "unexpected exit: exception class 0x%02x, %s (HSR 0x%08x) at PC 0x%llx",
		 ec, hsr_ec_name(ec), (unsigned int)hsr, (unsigned long long)vcpu_pc(v));
}

/* Trapped only on a shared core (HCR.TWI). WFE is not trapped. */
static void trap_wfx(struct vcpu *v, uint32_t hsr)
{
	advance_pc(hsr);
	if (!(hsr & 1))
		exit_wait_for_interrupt(v);
}

static uint64_t fault_ipa(uint32_t far)
{
	return ((uint64_t)(read_cp15(HPFAR) >> 4) << 12) | (far & 0xfff);
}

static __attribute__((noinline, cold)) void dabt_slow(struct vcpu *v, uint32_t hsr,
						      uint64_t ipa, uint32_t far)
{
	unsigned int reg = hsr_dabt_reg(hsr);
	struct exit_mem_fault f = {
		.ipa = ipa, .va = far, .fault = hsr_fsc_name(hsr & 0x3f),
		.syndrome = (hsr & HSR_DABT_ISV) && frame_reg(reg),
		.write = hsr & HSR_DABT_WNR, .s1ptw = hsr & HSR_DABT_S1PTW,
		.cache_maint = hsr & HSR_DABT_CM, .size = hsr_dabt_size(hsr), .reg = reg,
		.sign_extend = hsr & HSR_DABT_SSE, .reg64 = false,
	};

	if (exit_mem_fault(v, &f)) {
		if (reg > 12 && f.syndrome && !f.write)
			banked_out(v);
		advance_pc(hsr);
	}
}

/* An access to an emulated device: emulated devices are never mapped, so a
 * translation fault with a valid syndrome, neither on a stage-1 table walk
 * nor from a cache-maintenance instruction, through a register the frame
 * holds. */
static void trap_dabt(struct vcpu *v, uint32_t hsr)
{
	uint32_t far = read_cp15(HDFAR);
	uint64_t ipa = fault_ipa(far);
	unsigned int reg = hsr_dabt_reg(hsr);

	/* Two tests whose masks are each an ARM immediate (one would not be). */
	if ((hsr & HSR_DABT_ISV) && (hsr & (HSR_DABT_CM | HSR_DABT_S1PTW | 0x3c)) == 0x04 &&
	    (reg < 8 || frame_reg(reg))) {
		struct mmio_access acc = {
			.addr = ipa, .size = hsr_dabt_size(hsr), .write = hsr & HSR_DABT_WNR,
		};

		if (__builtin_expect(reg > 12, 0))
			banked_in(v);
		if (acc.write)   /* handlers see only the bytes written */
			acc.value = vcpu_reg(v, reg) & exit_size_mask(acc.size);
		if (mmio_dispatch(v->vm->mmio, v->vm->nmmio, v, &acc) != MMIO_NO_DEVICE) {
			if (!acc.write) {
				vcpu_set_reg(v, reg, load_value32(acc.size, hsr & HSR_DABT_SSE,
								  acc.value));
				if (__builtin_expect(reg > 12, 0))
					banked_out(v);
			}
			advance_pc(hsr);
			return;
		}
	}
	if (reg > 12 && frame_reg(reg))
		banked_in(v);   /* for the report, or a flash command's data */
	dabt_slow(v, hsr, ipa, far);
}

/* An instruction fetch that stage 2 refused. */
static void trap_iabt(struct vcpu *v, uint32_t hsr)
{
	uint32_t far = read_cp15(HIFAR);
	struct exit_mem_fault f = {
		.ipa = fault_ipa(far), .va = far, .fault = hsr_fsc_name(hsr & 0x3f),
		.fetch = true, .s1ptw = hsr & HSR_DABT_S1PTW,
	};

	exit_mem_fault(v, &f);
}

static void trap_hvc(struct vcpu *v, uint32_t hsr)
{
	exit_firmware_call(v, CONDUIT_HVC, hsr & 0xffff);
}

static void trap_smc(struct vcpu *v, uint32_t hsr)
{
	advance_pc(hsr);   /* a trapped SMC returns to itself */
	exit_firmware_call(v, CONDUIT_SMC, 0);
}

/* The registers of a trapped coprocessor access, as one 64-bit value for
 * MCRR/MRRC (Rt the low word, Rt2 the high). */
static uint64_t cp_value(struct vcpu *v, const struct cp_access *c)
{
	uint64_t lo = vcpu_reg(v, c->rt) & 0xffffffffu;

	return c->is64 ? lo | (vcpu_reg(v, c->rt2) << 32) : lo;
}

static void cp_result(struct vcpu *v, const struct cp_access *c, uint64_t value)
{
	vcpu_set_reg(v, c->rt, (uint32_t)value);
	if (c->is64)
		vcpu_set_reg(v, c->rt2, (uint32_t)(value >> 32));
}

enum cp_result { CP_DONE, CP_UNDEF };

/* CP15 accesses that trap: the physical timer (CNTHCTL.PL1PCEN clear; emulated
 * by vtimer/ as on arm64), SGI generation of the GICv3 interface (with
 * HCR.IMO set), ACTLR (HCR.TAC: read as the core has it, writes ignored), the
 * PMU of a VM without `profiling` (HDCR.TPM: no counters, writes ignored).
 * Implementation-defined registers (HCR.TIDCP) and anything else: UNDEF. */
static enum cp_result cp15_access(struct vcpu *v, const struct cp_access *c)
{
	if (c->is64) {
		if (c->crm == 12 && c->opc1 <= 2 && !c->read) {   /* ICC_SGI1R, ASGI1R, SGI0R */
			vgic_sgi1r_write(v, cp_value(v, c));
			vgic_flush_if_needed(v);
			return CP_DONE;
		}
		if (c->crm == 14 && c->opc1 == 2) {   /* CNTP_CVAL */
			if (c->read)
				cp_result(v, c, ptimer_read(v, PTIMER_CVAL));
			else
				ptimer_write(v, PTIMER_CVAL, cp_value(v, c));
			vgic_flush_if_needed(v);
			return CP_DONE;
		}
		return CP_UNDEF;
	}
	if (c->crn == 14 && c->opc1 == 0 && c->crm == 2 && c->opc2 <= 1) {   /* CNTP_TVAL, _CTL */
		unsigned int reg = c->opc2 == 0 ? PTIMER_TVAL : PTIMER_CTL;

		if (c->read)
			cp_result(v, c, ptimer_read(v, reg));
		else
			ptimer_write(v, reg, cp_value(v, c));
		vgic_flush_if_needed(v);
		return CP_DONE;
	}
	if (c->crn == 1 && c->opc1 == 0 && c->crm == 0 && c->opc2 == 1) {   /* ACTLR */
		if (c->read)
			cp_result(v, c, read_cp15(ACTLR));
		return CP_DONE;
	}
	if (c->crn == 9 && c->opc1 == 0 && c->crm >= 12 && c->crm <= 14) {   /* PMU */
		if (c->read)
			cp_result(v, c, 0);
		return CP_DONE;
	}
	return CP_UNDEF;
}

static void trap_cp15(struct vcpu *v, uint32_t hsr)
{
	struct cp_access c;

	if (hsr_ec(hsr) == HSR_EC_CP15_64)
		hsr_decode_cp64(hsr, &c);
	else
		hsr_decode_cp32(hsr, &c);
	bool banked = c.rt > 12 || (c.is64 && c.rt2 > 12);

	if (!frame_reg(c.rt) || (c.is64 && !frame_reg(c.rt2))) {
		vcpu_inject_undef(v);
		return;
	}
	if (banked)
		banked_in(v);
	if (cp15_access(v, &c) == CP_UNDEF) {
		vcpu_inject_undef(v);   /* what hardware does for an unknown register */
		return;
	}
	if (banked && c.read)
		banked_out(v);
	advance_pc(hsr);
}

/* Debug (CP14 with HDCR.TDA/TDOSA/TDRA): no VM sees or sets breakpoints,
 * watchpoints, the OS lock or the debug channel; the registers read as zero
 * (DBGDIDR 0: no debug architecture) and ignore writes. LDC/STC: UNDEF. */
static void trap_cp14(struct vcpu *v, uint32_t hsr)
{
	struct cp_access c;

	if (hsr_ec(hsr) == HSR_EC_CP14_64)
		hsr_decode_cp64(hsr, &c);
	else
		hsr_decode_cp32(hsr, &c);
	if (hsr_ec(hsr) == HSR_EC_CP14_LS || !frame_reg(c.rt) || (c.is64 && !frame_reg(c.rt2))) {
		vcpu_inject_undef(v);
		return;
	}
	if (c.read) {
		if (c.rt > 12 || (c.is64 && c.rt2 > 12))
			banked_in(v);
		cp_result(v, &c, 0);
		if (c.rt > 12 || (c.is64 && c.rt2 > 12))
			banked_out(v);
	}
	advance_pc(hsr);
}

/* Everything but the two hot exits (an emulated device access, a
 * hypercall), kept out of line so that those two pay for no other
 * handler's stack frame. */
static __attribute__((noinline)) void trap_other(struct vcpu *v, uint32_t hsr)
{
	switch (hsr_ec(hsr)) {
	case HSR_EC_SMC: trap_smc(v, hsr); break;
	case HSR_EC_WFX: trap_wfx(v, hsr); break;
	case HSR_EC_IABT: trap_iabt(v, hsr); break;
	case HSR_EC_CP15_32:
	case HSR_EC_CP15_64: trap_cp15(v, hsr); break;
	case HSR_EC_CP14_32:
	case HSR_EC_CP14_LS:
	case HSR_EC_CP14_64: trap_cp14(v, hsr); break;
	default: trap_unexpected(v, hsr); break;
	}
}

void arm32_trap(struct vcpu *v, uint32_t hsr)
{
	unsigned int ec = hsr_ec(hsr);

	v->traps[ec]++;
	if (__builtin_expect(ec == HSR_EC_DABT, 1))
		trap_dabt(v, hsr);
	else if (ec == HSR_EC_HVC)
		trap_hvc(v, hsr);
	else
		trap_other(v, hsr);
}

const char *arch_exit_counter_name(unsigned int code)
{
	switch (code) {
	case HSR_EC_WFX: return "wfi";
	case HSR_EC_HVC: return "hvc";
	case HSR_EC_SMC: return "smc";
	case HSR_EC_CP15_32: return "cp15";
	case HSR_EC_CP15_64: return "cp15-64";
	case HSR_EC_CP14_32: return "cp14";
	case HSR_EC_DABT: return "mmio";
	case HSR_EC_IABT: return "iabt";
	default: return NULL;
	}
}
