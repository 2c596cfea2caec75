/* Guest exit handling: one handler per exception class, dispatched from a
 * table; everything a guest can cause ends here, never in a Tandem panic. */
#include <stddef.h>
#include <format.h>
#include "el2/trap.h"
#include "el2/cpu.h"
#include "el2/console.h"
#include "el2/irq.h"
#include "el2/sysreg_trap.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/sysreg.h"
#include "firmware/smccc.h"
#include "vtimer/vtimer.h"

typedef void (*trap_fn)(struct vcpu *v, uint32_t esr);

static void advance_pc(struct vcpu *v, uint32_t esr)
{
	v->regs.pc += (esr & ESR_IL) ? 4 : 2;
}

static void trap_wfx(struct vcpu *v, uint32_t esr)
{
	advance_pc(v, esr);
	if (esr & 1)
		return;   /* WFE: a hint; nothing else wants this core */
	vtimer_wait_for_event(v);
}

static void trap_hvc(struct vcpu *v, uint32_t esr)
{
	if (esr & 0xffff) {   /* SMCCC calls use immediate 0 */
		v->regs.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		return;
	}
	smccc_handle(v, CONDUIT_HVC);
}

static void trap_smc(struct vcpu *v, uint32_t esr)
{
	advance_pc(v, esr);   /* a trapped SMC returns to itself */
	if (esr & 0xffff) {
		v->regs.x[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
		return;
	}
	smccc_handle(v, CONDUIT_SMC);
}

static void describe_insn(struct vcpu *v, char *buf, size_t len)
{
	uint32_t insn;

	if (vcpu_fetch_insn(v, &insn))
		snformat(buf, len, "instruction 0x%08x at PC 0x%llx", insn,
			 (unsigned long long)v->regs.pc);
	else
		snformat(buf, len, "instruction at PC 0x%llx (unreadable)",
			 (unsigned long long)v->regs.pc);
}

static uint64_t fault_ipa(void)
{
	return ((read_sysreg(hpfar_el2) >> 4) << 12) | (read_sysreg(far_el2) & 0xfff);
}

static void trap_dabt(struct vcpu *v, uint32_t esr)
{
	struct dabt_iss d;
	uint64_t ipa = fault_ipa();
	char insn[80];

	esr_decode_dabt(esr, &d);
	if (d.valid && !d.s1ptw && !d.cache_maint && fsc_is_translation(d.fsc)) {
		struct mmio_access acc = {
			.addr = ipa, .size = d.size, .write = d.write,
			.value = d.write ? dabt_store_value(&d, vcpu_reg(v, d.reg)) : 0,
		};

		if (mmio_dispatch(v->vm->mmio, v->vm->nmmio, v, &acc) != MMIO_NO_DEVICE) {
			if (!d.write)
				vcpu_set_reg(v, d.reg, dabt_load_value(&d, acc.value));
			advance_pc(v, esr);
			return;
		}
	}
	describe_insn(v, insn, sizeof(insn));
	if (d.s1ptw)
		vm_stop(v->vm, "stage-2 %s at IPA 0x%llx while walking its own page tables "
			"(they are outside its memory); %s", fsc_name(d.fsc),
			(unsigned long long)ipa, insn);
	else if (!d.valid)
		vm_stop(v->vm, "stage-2 %s: %s at IPA 0x%llx, which is not its memory, by an "
			"access with no syndrome (load/store pair, writeback or SIMD); %s",
			fsc_name(d.fsc), d.write ? "write" : "read", (unsigned long long)ipa, insn);
	else
		vm_stop(v->vm, "stage-2 %s: %u-byte %s at IPA 0x%llx, which is not its memory; %s",
			fsc_name(d.fsc), d.size, d.write ? "write" : "read",
			(unsigned long long)ipa, insn);
}

static void trap_iabt(struct vcpu *v, uint32_t esr)
{
	vm_stop(v->vm, "stage-2 %s: instruction fetch at IPA 0x%llx (PC 0x%llx), which is "
		"not its memory", fsc_name(esr & 0x3f), (unsigned long long)fault_ipa(),
		(unsigned long long)v->regs.pc);
}

static void trap_sysreg(struct vcpu *v, uint32_t esr)
{
	struct sysreg_iss s;

	esr_decode_sysreg(esr, &s);
	if (sysreg_trap_handle(v, &s))
		advance_pc(v, esr);
	else
		vcpu_inject_undef(v);   /* what hardware does for an unknown register */
}

static void trap_unexpected(struct vcpu *v, uint32_t esr)
{
	vm_stop(v->vm, "unexpected exit: %s (ESR 0x%08x) at PC 0x%llx",
		esr_ec_name(esr_ec(esr)), esr, (unsigned long long)v->regs.pc);
}

static const trap_fn sync_handlers[EC_MAX + 1] = {
	[EC_WFX] = trap_wfx,
	[EC_HVC64] = trap_hvc,
	[EC_SMC64] = trap_smc,
	[EC_SYS64] = trap_sysreg,
	[EC_IABT_LOW] = trap_iabt,
	[EC_DABT_LOW] = trap_dabt,
};

struct vcpu *trap_handle(struct vcpu *v, unsigned int reason)
{
	switch (reason) {
	case TRAP_SYNC:
	case TRAP_AARCH32: {
		uint32_t esr = (uint32_t)read_sysreg(esr_el2);
		unsigned int ec = esr_ec(esr);
		trap_fn fn = sync_handlers[ec];

		v->traps[ec]++;
		(fn ? fn : trap_unexpected)(v, esr);
		break;
	}
	case TRAP_IRQ:
		v->traps[TRAP_COUNT_IRQ]++;
		irq_poll();
		break;
	case TRAP_FIQ:
		v->traps[TRAP_COUNT_FIQ]++;
		irq_poll();
		break;
	default:
		v->traps[TRAP_COUNT_SERROR]++;
		vm_stop(v->vm, "SError (asynchronous abort, ESR 0x%llx) at PC 0x%llx",
			(unsigned long long)read_sysreg(esr_el2), (unsigned long long)v->regs.pc);
		break;
	}
	if (__builtin_expect(vcpu_runnable(v) && !v->el1_reset_pending, 1))
		return v;
	vcpu_put(v);
	cpu_idle_loop();
}
