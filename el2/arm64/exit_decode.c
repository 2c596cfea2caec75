/* AArch64 guest exits: the table of handlers by exception class that
 * vectors.S dispatches through, each decoding ESR_EL2 (and FAR/HPFAR)
 * into the arch-neutral calls of el2/exit.h, or handling what is AArch64's
 * own (system registers, SVE, pointer authentication). */
#include <stddef.h>
#include "el2/exit.h"
#include "el2/arch/exit.h"
#include "el2/cpu.h"
#include "el2/mmio.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arm64/cpu_features.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/sysreg.h"
#include "el2/arm64/sysreg_trap.h"

/* After a handler, vectors.S goes back to the guest unless the vCPU needs
 * attention (its VM stopped or is resetting, it was powered off, its EL1
 * state must be reset): then the core parks it. Handlers not marked
 * TRAP_FULL_FRAME in trap_table may read and write only x0-x19 of the guest
 * (trap_dabt: x0-x19 or its ESR.SRT register). */

/* Past the trapped instruction: 4 bytes, or 2 for a 16-bit T32 one (IL
 * clear). Handlers run during the vCPU's exit, so its PC is in ELR_EL2. */
static void advance_pc(struct vcpu *v, uint64_t esr)
{
	(void)v;
	write_sysreg(elr_el2, read_sysreg(elr_el2) + 2 + 2 * ((esr >> 25) & 1));
}

/* Trapped only on a shared core (HCR_TWI). WFE is not trapped. */
static void trap_wfx(struct vcpu *v, uint64_t esr)
{
	advance_pc(v, esr);
	if (!(esr & 1))
		exit_wait_for_interrupt(v);
}

static void trap_hvc(struct vcpu *v, uint64_t esr)
{
	exit_firmware_call(v, CONDUIT_HVC, esr & 0xffff);
}

static void trap_smc(struct vcpu *v, uint64_t esr)
{
	advance_pc(v, esr);   /* a trapped SMC returns to itself */
	exit_firmware_call(v, CONDUIT_SMC, esr & 0xffff);
}

/* The VA the faulting access used (FAR_EL2; a stage-2 fault always has one). */
static uint64_t fault_va(void)
{
	return read_sysreg(far_el2);
}

static uint64_t fault_ipa(void)
{
	return ((read_sysreg(hpfar_el2) >> 4) << 12) | (fault_va() & 0xfff);
}

/* Kept out of line and cold: the decode must not weigh on the emulation path. */
static __attribute__((noinline, cold)) void dabt_slow(struct vcpu *v, uint64_t esr,
						      uint64_t ipa)
{
	struct dabt_iss d;
	struct exit_mem_fault f;

	esr_decode_dabt((uint32_t)esr, &d);
	f = (struct exit_mem_fault){
		.ipa = ipa, .va = fault_va(), .fault = fsc_name(d.fsc),
		.syndrome = d.valid, .write = d.write, .s1ptw = d.s1ptw,
		.cache_maint = d.cache_maint, .size = d.size, .reg = d.reg,
		.sign_extend = d.sign_extend, .reg64 = d.reg64,
	};
	if (exit_mem_fault(v, &f))
		advance_pc(v, esr);
}

/* What an access to an emulated device looks like: emulated devices are
 * never mapped, so a translation fault, with a valid syndrome, neither on a
 * stage-1 table walk nor from a cache-maintenance instruction. (Three tests
 * whose masks are each an encodable immediate.) */
static inline bool dabt_is_emulable(uint64_t esr)
{
	/* The empty asm keeps GCC from fusing the tests into one unencodable mask. */
	if (!(esr & ESR_DABT_ISV))
		return false;
	__asm__("" : "+r"(esr));
	if (esr & (ESR_DABT_CM | ESR_DABT_S1PTW))
		return false;
	__asm__("" : "+r"(esr));
	return (esr & 0x3c) == 0x04;
}

static void trap_dabt(struct vcpu *v, uint64_t esr)
{
	uint64_t ipa = fault_ipa();

	if (__builtin_expect(dabt_is_emulable(esr), 1)) {
		unsigned int reg = esr_dabt_reg((uint32_t)esr);
		struct mmio_access acc = {
			.addr = ipa, .size = esr_dabt_size((uint32_t)esr),
			.write = esr & ESR_DABT_WNR,
		};

		if (acc.write)   /* handlers see only the bytes written */
			acc.value = vcpu_reg(v, reg) & dabt_size_mask(acc.size);
		if (mmio_dispatch(v->vm->mmio, v->vm->nmmio, v, &acc) != MMIO_NO_DEVICE) {
			if (!acc.write)
				vcpu_set_reg(v, reg, esr_dabt_load_value((uint32_t)esr, acc.value));
			advance_pc(v, esr);
			return;
		}
	}
	dabt_slow(v, esr, ipa);
}

/* An instruction fetch that stage 2 refused. With S1PTW set, HPFAR names
 * the page of the guest's own table entry, and FAR the VA being fetched. */
static void trap_iabt(struct vcpu *v, uint64_t esr)
{
	struct exit_mem_fault f = {
		.ipa = fault_ipa(), .va = fault_va(), .fault = fsc_name(esr & 0x3f),
		.fetch = true, .s1ptw = esr & ESR_DABT_S1PTW,
	};

	exit_mem_fault(v, &f);
}

static void trap_sysreg(struct vcpu *v, uint64_t esr)
{
	struct sysreg_iss s;

	esr_decode_sysreg((uint32_t)esr, &s);
	switch (sysreg_trap_handle(v, &s)) {
	case SYSREG_DONE:
		advance_pc(v, esr);
		break;
	case SYSREG_RETRY:
		break;
	case SYSREG_UNKNOWN:
		vcpu_inject_undef(v);   /* what hardware does for an unknown register */
		break;
	}
	vgic_flush_if_needed(v);   /* an SGI to itself, its timer's line */
}

static void trap_unexpected(struct vcpu *v, uint64_t esr);

/* The vCPU's first SVE instruction since it was loaded or reset (CPTR_EL2.TZ),
 * or a pointer-authentication instruction with another vCPU's keys on the
 * core (HCR_EL2.API): the state becomes its own and the instruction runs
 * again. Either traps only on cores that have the feature. */
static void trap_sve(struct vcpu *v, uint64_t esr)
{
	if (!cpu_sve)
		return trap_unexpected(v, esr);
	arch_sve_take(v, &this_cpu()->arch.ext);
}

static void trap_pauth(struct vcpu *v, uint64_t esr)
{
	if (!cpu_pauth)
		return trap_unexpected(v, esr);
	arch_keys_take(v, &this_cpu()->arch.ext);
}

static void trap_unexpected(struct vcpu *v, uint64_t esr)
{
	unsigned int ec = esr_ec((uint32_t)esr);

	vm_crash(v, "unexpected exit: exception class 0x%02x, %s (ESR 0x%08llx) at PC 0x%llx",
		 ec, esr_ec_name(ec), (unsigned long long)esr, (unsigned long long)vcpu_pc(v));
}

/* The handler of each exception class, called by vectors.S, with the low
 * bits saying which guest registers it needs saved (see layout.h). Every class has
 * an entry, so dispatch needs no check; the range initializer is deliberately
 * overridden by the specific ones. */
#define HANDLER(fn) ((uintptr_t)(fn))
#define FULL_FRAME(fn) ((uintptr_t)(fn) + TRAP_FULL_FRAME)
#define FRAME_BY_SRT(fn) ((uintptr_t)(fn) + TRAP_FRAME_BY_SRT)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
const uintptr_t trap_table[EC_MAX + 1] = {
	[0 ... EC_MAX] = HANDLER(trap_unexpected),
	[EC_WFX] = HANDLER(trap_wfx),
	[EC_HVC64] = HANDLER(trap_hvc),
	[EC_SMC64] = HANDLER(trap_smc),
	[EC_SYS64] = FULL_FRAME(trap_sysreg),
	[EC_SVE] = HANDLER(trap_sve),
	[EC_PAUTH] = HANDLER(trap_pauth),
	[EC_IABT_LOW] = HANDLER(trap_iabt),
	[EC_DABT_LOW] = FRAME_BY_SRT(trap_dabt),
};
#pragma GCC diagnostic pop

void trap_serror(struct vcpu *v, uint64_t esr);
void trap_serror(struct vcpu *v, uint64_t esr)
{
	v->traps[TRAP_COUNT_SERROR]++;
	vm_crash(v, "SError (asynchronous abort, ESR 0x%llx) at PC 0x%llx",
		(unsigned long long)esr, (unsigned long long)vcpu_pc(v));
}

const char *arch_exit_counter_name(unsigned int code)
{
	switch (code) {
	case EC_WFX: return "wfi";
	case EC_HVC64: return "hvc";
	case EC_SMC64: return "smc";
	case EC_SYS64: return "sysreg";
	case EC_DABT_LOW: return "mmio";
	case EC_IABT_LOW: return "iabt";
	default: return NULL;
	}
}
