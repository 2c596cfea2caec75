/* Guest exits, the architecture-neutral half; see exit.h. */
#include <stddef.h>
#include <format.h>
#include "el2/exit.h"
#include "el2/arch/barrier.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/irq.h"
#include "el2/sched.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "vtimer/vtimer.h"

void exit_wait_for_interrupt(struct vcpu *v)
{
	sched_wait(v);
}

void exit_firmware_call(struct vcpu *v, enum smccc_conduit conduit, unsigned int imm)
{
	if (imm)   /* SMCCC calls use immediate 0 */
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED);
	else
		smccc_handle(v, conduit);
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

static void data_fault_report(struct vcpu *v, const struct exit_mem_fault *f)
{
	char insn[80];

	describe_insn(v, insn, sizeof(insn));
	if (f->s1ptw)
		vm_crash(v, "stage-2 %s while walking its own page tables at IPA page 0x%llx "
			"(outside its memory), for a %s of VA 0x%llx; %s", f->fault,
			(unsigned long long)(f->ipa & ~0xfffull), f->write ? "write" : "read",
			(unsigned long long)f->va, insn);
	else if (!f->syndrome)
		vm_crash(v, "stage-2 %s: %s at IPA 0x%llx (VA 0x%llx), which is not its memory, by "
			"an access with no syndrome (load/store pair, writeback or SIMD); %s",
			f->fault, f->write ? "write" : "read", (unsigned long long)f->ipa,
			(unsigned long long)f->va, insn);
	else
		vm_crash(v, "stage-2 %s: %u-byte %s at IPA 0x%llx (VA 0x%llx), which is not its "
			"memory; %s", f->fault, f->size, f->write ? "write" : "read",
			(unsigned long long)f->ipa, (unsigned long long)f->va, insn);
}

static void fetch_fault_report(struct vcpu *v, const struct exit_mem_fault *f)
{
	/* With s1ptw, it was the guest's own stage-1 walk for the fetch that
	 * left its memory: the IPA is that of the table entry. */
	if (f->s1ptw)
		vm_crash(v, "stage-2 %s while walking its own page tables at IPA page 0x%llx "
			"(outside its memory), to fetch an instruction at VA 0x%llx", f->fault,
			(unsigned long long)(f->ipa & ~0xfffull), (unsigned long long)vcpu_pc(v));
	else if (v->vm->flash.nbanks && vflash_bank_at(v->vm, f->ipa, &(bool){ 0 }))
		vm_crash(v, "instruction fetch at IPA 0x%llx (VA 0x%llx) from its flash while the "
			"flash is in a command mode (status or query, not read-array); write 0xff "
			"first", (unsigned long long)f->ipa, (unsigned long long)vcpu_pc(v));
	else
		vm_crash(v, "stage-2 %s: instruction fetch at IPA 0x%llx (VA 0x%llx), which is "
			"not its memory", f->fault, (unsigned long long)f->ipa,
			(unsigned long long)vcpu_pc(v));
}

/* An access to a firmware VM's flash that stage 2 did not let through: a
 * write (a command, always trapped) or, while the flash is in a command
 * mode, a read. Only plain loads and stores with a syndrome are emulated.
 * False if the address is not its flash. */
static bool flash_access(struct vcpu *v, const struct exit_mem_fault *f, bool *emulated)
{
	struct mmio_access acc;
	bool reads_array;

	*emulated = false;
	if (!vflash_bank_at(v->vm, f->ipa, &reads_array))
		return false;
	if (!f->syndrome || f->cache_maint || f->s1ptw) {
		vm_crash(v, "stage-2 %s at IPA 0x%llx in its flash (%s mode) by an access Tandem "
			 "does not emulate there (%s); flash takes plain loads and stores",
			 f->fault, (unsigned long long)f->ipa,
			 reads_array ? "read-array" : "command",
			 f->cache_maint ? "cache maintenance" : f->s1ptw ? "a stage-1 table walk" :
			 "no syndrome: load/store pair, writeback or SIMD");
		return true;
	}
	acc = (struct mmio_access){ .addr = f->ipa, .size = f->size, .write = f->write };
	if (acc.write)
		acc.value = vcpu_reg(v, f->reg) & exit_size_mask(f->size);
	vflash_access(v->vm, &acc);
	if (!acc.write)
		vcpu_set_reg(v, f->reg, exit_load_value(f->size, f->sign_extend, f->reg64,
							acc.value));
	*emulated = true;
	return true;
}

bool exit_mem_fault(struct vcpu *v, const struct exit_mem_fault *f)
{
	bool emulated;

	/* A page still shared with the boot module (written, or caught while
	 * another vCPU copies it): the access is retried on the VM's copy. */
	if (vm_cow_fault(v->vm, f->ipa))
		return false;
	if (f->fetch) {
		fetch_fault_report(v, f);
		return false;
	}
	if (v->vm->flash.nbanks && flash_access(v, f, &emulated))
		return emulated;
	data_fault_report(v, f);
	return false;
}

void trap_irq(struct vcpu *v, uint64_t iar)
{
	uint32_t raw = (iar & 0x3ff) >= 1020 && (iar & 0x3ff) < 1024 ? GIC_SPURIOUS
								    : (uint32_t)iar;

	sync_system();   /* the acknowledgement completes before what it signalled is read */
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

void trap_fiq(struct vcpu *v, uint64_t syndrome)
{
	(void)syndrome;
	v->traps[TRAP_COUNT_FIQ]++;
	irq_handle_one();
	if (v->vgic.needs_flush)
		vgic_flush(v);
}
