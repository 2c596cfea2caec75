/* Virtual interrupts delivered by upcall (docs/paravirt.md), on every way
 * back to a guest: the interrupted context is pushed as a frame below its
 * SP and the guest enters its upcall with the frame and the interrupt as
 * arguments, masked; the `pending` flag of its shared area is brought up to
 * date. */
#include "pv/upcall.h"
#include "pv/args.h"
#include "pv/vm.h"

/* The guest enters its upcall with argument 0 = SP = the frame, masked, and
 * argument 1 = the interrupt, already acknowledged (a TANDEM_PV_IRQ_ACK
 * saved on the way). A stack with no room for the frame in its RAM stops
 * the VM. */
static bool upcall(struct pv_vm *vm)
{
	struct pv_arch_regs *r = &vm->vcpu.regs;
	uint64_t va;
	struct tandem_pv_frame *f = pv_upcall_frame(vm->cfg.mem_base, vm->cfg.mem_size, pv_arch_sp(r), &va)
				    ? pv_guest_va(vm, va) : NULL;

	if (!f) {
		pv_vm_stop(vm, "an interrupt is due but its stack pointer 0x%llx leaves no room for the "
			   "frame in its RAM (PC 0x%llx)", (unsigned long long)pv_arch_sp(r),
			   (unsigned long long)pv_arch_pc(r));
		return false;
	}
	pv_arch_save_frame(f, r);
	pv_arch_set_arg(r, 0, va);
	pv_arch_set_arg(r, 1, pv_virq_ack(&vm->virq));
	pv_arch_set_sp(r, va);
	pv_arch_set_entry(r, vm->upcall);
	vm->shared->masked = 1;
	vm->shared->upcalls++;
	return true;
}

bool pv_deliver(struct pv_vm *vm)
{
	if (!vm->shared)
		return true;
	if (!vm->shared->masked && pv_virq_deliverable(&vm->virq) && !upcall(vm))
		return false;
	vm->pending_shown = pv_virq_waiting(&vm->virq);
	vm->shared->pending = vm->pending_shown;
	return true;
}
