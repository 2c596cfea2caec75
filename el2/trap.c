/* Guest exit handling: one handler per exception class, dispatched from a
 * table; everything a guest can cause ends here, never in a Tandem panic. */
#include <stddef.h>
#include <format.h>
#include "el2/trap.h"
#include "el2/cpu.h"
#include "el2/console.h"
#include "el2/irq.h"
#include "el2/gic.h"
#include "el2/sched.h"
#include "el2/sysreg_trap.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arm64/cpu_features.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/sysreg.h"
#include "firmware/smccc.h"
#include "vtimer/vtimer.h"

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

/* Trapped only on a shared core (HCR_TWI): the vCPU waits, and the core
 * goes to whoever else may run. WFE is not trapped. */
static void trap_wfx(struct vcpu *v, uint64_t esr)
{
	advance_pc(v, esr);
	if (!(esr & 1))
		sched_wait(v);
}

static void trap_hvc(struct vcpu *v, uint64_t esr)
{
	if (esr & 0xffff)   /* SMCCC calls use immediate 0 */
		v->regs.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
	else
		smccc_handle(v, CONDUIT_HVC);
}

static void trap_smc(struct vcpu *v, uint64_t esr)
{
	advance_pc(v, esr);   /* a trapped SMC returns to itself */
	if (esr & 0xffff)
		v->regs.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
	else
		smccc_handle(v, CONDUIT_SMC);
}

static void describe_insn(struct vcpu *v, char *buf, size_t len)
{
	uint32_t insn;

	if (vcpu_fetch_insn(v, &insn))
		snformat(buf, len, "instruction 0x%08x at PC 0x%llx", insn,
			 (unsigned long long)vcpu_pc(v));
	else
		snformat(buf, len, "instruction at PC 0x%llx (unreadable)",
			 (unsigned long long)vcpu_pc(v));
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

/* Kept out of line and cold: the report must not weigh on the emulation path. */
static __attribute__((noinline, cold)) void dabt_fault(struct vcpu *v, uint64_t esr,
						       uint64_t ipa)
{
	struct dabt_iss d;
	char insn[80];

	esr_decode_dabt((uint32_t)esr, &d);
	describe_insn(v, insn, sizeof(insn));
	if (d.s1ptw)
		vm_crash(v, "stage-2 %s while walking its own page tables at IPA page 0x%llx "
			"(outside its memory), for a %s of VA 0x%llx; %s", fsc_name(d.fsc),
			(unsigned long long)(ipa & ~0xfffull), d.write ? "write" : "read",
			(unsigned long long)fault_va(), insn);
	else if (!d.valid)
		vm_crash(v, "stage-2 %s: %s at IPA 0x%llx (VA 0x%llx), which is not its memory, by "
			"an access with no syndrome (load/store pair, writeback or SIMD); %s",
			fsc_name(d.fsc), d.write ? "write" : "read", (unsigned long long)ipa,
			(unsigned long long)fault_va(), insn);
	else
		vm_crash(v, "stage-2 %s: %u-byte %s at IPA 0x%llx (VA 0x%llx), which is not its "
			"memory; %s", fsc_name(d.fsc), d.size, d.write ? "write" : "read",
			(unsigned long long)ipa, (unsigned long long)fault_va(), insn);
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

/* An access to a firmware VM's flash that stage 2 did not let through: a
 * write (a command, always trapped) or, while the flash is in a command
 * mode, a read. Only plain loads and stores with a syndrome are emulated. */
static __attribute__((noinline, cold)) bool flash_dabt(struct vcpu *v, uint64_t esr,
						       uint64_t ipa)
{
	struct dabt_iss d;
	struct mmio_access acc;
	bool reads_array;

	esr_decode_dabt((uint32_t)esr, &d);
	if (!vflash_bank_at(v->vm, ipa, &reads_array))
		return false;
	if (!d.valid || d.cache_maint || d.s1ptw) {
		vm_crash(v, "stage-2 %s at IPA 0x%llx in its flash (%s mode) by an access Tandem "
			 "does not emulate there (%s); flash takes plain loads and stores",
			 fsc_name(d.fsc), (unsigned long long)ipa,
			 reads_array ? "read-array" : "command",
			 d.cache_maint ? "cache maintenance" : d.s1ptw ? "a stage-1 table walk" :
			 "no syndrome: load/store pair, writeback or SIMD");
		return true;
	}
	acc = (struct mmio_access){ .addr = ipa, .size = d.size, .write = d.write };
	if (acc.write)
		acc.value = dabt_store_value(&d, vcpu_reg(v, d.reg));
	vflash_access(v->vm, &acc);
	if (!acc.write)
		vcpu_set_reg(v, d.reg, dabt_load_value(&d, acc.value));
	advance_pc(v, esr);
	return true;
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
	if (v->vm->flash.nbanks && flash_dabt(v, esr, ipa))
		return;
	dabt_fault(v, esr, ipa);
}

/* An instruction fetch that stage 2 refused. With S1PTW set, it was the
 * guest's own stage-1 walk for that fetch that left its memory: HPFAR then
 * names the page of the table entry, and FAR the VA being fetched. */
static void trap_iabt(struct vcpu *v, uint64_t esr)
{
	if (esr & ESR_DABT_S1PTW)
		vm_crash(v, "stage-2 %s while walking its own page tables at IPA page 0x%llx "
			"(outside its memory), to fetch an instruction at VA 0x%llx", fsc_name(esr & 0x3f),
			(unsigned long long)(fault_ipa() & ~0xfffull), (unsigned long long)vcpu_pc(v));
	else if (v->vm->flash.nbanks && vflash_bank_at(v->vm, fault_ipa(), &(bool){ 0 }))
		vm_crash(v, "instruction fetch at IPA 0x%llx (VA 0x%llx) from its flash while the "
			"flash is in a command mode (status or query, not read-array); write 0xff "
			"first", (unsigned long long)fault_ipa(), (unsigned long long)vcpu_pc(v));
	else
		vm_crash(v, "stage-2 %s: instruction fetch at IPA 0x%llx (VA 0x%llx), which is "
			"not its memory", fsc_name(esr & 0x3f), (unsigned long long)fault_ipa(),
			(unsigned long long)vcpu_pc(v));
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
	arch_sve_take(v, &this_cpu()->ext);
}

static void trap_pauth(struct vcpu *v, uint64_t esr)
{
	if (!cpu_pauth)
		return trap_unexpected(v, esr);
	arch_keys_take(v, &this_cpu()->ext);
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

void trap_irq(struct vcpu *v, uint64_t iar)
{
	uint32_t raw = (iar & 0x3ff) >= 1020 && (iar & 0x3ff) < 1024 ? GIC_SPURIOUS
								    : (uint32_t)iar;

	dsb(sy);   /* the acknowledgement completes before what it signalled is read */
	v->traps[TRAP_COUNT_IRQ]++;
	if (raw == vtimer_virt_intid) {
		/* The core's virtual timer is v's own: into its own list register,
		 * hardware-linked, straight away (the latency an RTOS lives by). */
		if (!vgic_timer_fire(v->vgic.vtimer_lr, v->vm->vgic.version == 3))
			vgic_timer_hold(v);
		gic->eoi(raw);
	} else if (raw != GIC_SPURIOUS) {
		irq_dispatch(raw);
	}
	if (v->vgic.needs_flush)   /* something was queued for it meanwhile */
		vgic_flush(v);
}

void trap_fiq(struct vcpu *v, uint64_t esr)
{
	(void)esr;
	v->traps[TRAP_COUNT_FIQ]++;
	irq_handle_one();
	if (v->vgic.needs_flush)
		vgic_flush(v);
}

void trap_serror(struct vcpu *v, uint64_t esr)
{
	v->traps[TRAP_COUNT_SERROR]++;
	vm_crash(v, "SError (asynchronous abort, ESR 0x%llx) at PC 0x%llx",
		(unsigned long long)esr, (unsigned long long)vcpu_pc(v));
}
