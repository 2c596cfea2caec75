/* A paravirtualized guest's calls (SVC #0; the ABI of pv/abi.h and
 * docs/paravirt.md): the dispatch on the function ID and each call's work,
 * after its arguments passed the checks of pv/args.h. The calls that touch
 * no guest memory are pv/call_in_place.c's, which the vectors may also
 * reach without the full exit. */
#include <string.h>
#include <guest_fetch.h>
#include "pv/hypercall.h"
#include "pv/address_space.h"
#include "pv/args.h"
#include "pv/console.h"
#include "pv/arch/exit.h"
#include "pv/sched.h"
#include "pv/vm.h"
#include "el2/hypercall.h"
#include "firmware/smccc.h"

static int64_t console_write(struct pv_vm *vm, uint64_t va, uint64_t len)
{
	if (!pv_console_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va, len))
		return TANDEM_HC_INVALID;
	pv_console_write(vm, pv_guest_va(vm, va), len);
	return (int64_t)len;
}

static int64_t console_read(struct pv_vm *vm, uint64_t va, uint64_t room)
{
	char *p;

	if (!pv_console_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va, room))
		return TANDEM_HC_INVALID;
	p = pv_guest_va(vm, va);
	return pv_console_read(vm, p, (unsigned int)room);
}

static int64_t setup(struct pv_vm *vm, uint64_t shared_va, uint64_t upcall)
{
	struct tandem_pv_shared *s;

	if (!pv_setup_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, shared_va, upcall))
		return TANDEM_HC_INVALID;
	s = pv_guest_va(vm, shared_va);
	vm->shared = s;
	vm->upcall = upcall;
	s->masked = 1;   /* the guest unmasks when it is ready */
	s->upcalls = 0;
	return TANDEM_HC_OK;
}

/* TANDEM_PV_IRET, and TANDEM_PV_EOI_IRET (the upcall's exit in one call:
 * nothing done if either half is bad), their arguments checked once: the
 * guest's frame at r's argument 1 becomes its context, and true; false,
 * nothing changed, if refused. Only unprivileged state comes out of a frame
 * (pv_arch_fetch_frame): the PC and SP are the guest's own business (a bad
 * one faults unprivileged), of the flags only the user's bits are kept.
 * Success is not a result value: a frame's own r0 / x0 may be anything,
 * -2 included. */
static bool iret_call(struct pv_vm *vm, struct pv_arch_regs *r)
{
	bool eoi = (uint32_t)pv_arch_arg(r, 0) == TANDEM_PV_EOI_IRET;
	uint64_t va = pv_arch_arg(r, 1), flags;

	if (!pv_iret_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va) ||
	    (eoi && (pv_arch_arg(r, 2) > UINT32_MAX ||
		     pv_virq_eoi(&vm->virq, (unsigned int)pv_arch_arg(r, 2)))))
		return false;
	flags = pv_arch_fetch_frame(r, pv_guest_va(vm, va));   /* the one read of the frame */
	if (vm->shared)
		vm->shared->masked = (flags & TANDEM_PV_FLAGS_MASKED) ? 1 : 0;
	return true;
}

struct pv_vcpu *pv_fast_iret(struct pv_vcpu *v)
{
	static const struct pv_exit nothing = { .kind = PV_EXIT_NOTHING };

	if (!iret_call(v->vm, &v->regs)) {
		pv_arch_set_arg(&v->regs, 0, (uint64_t)TANDEM_HC_INVALID);
		return NULL;
	}
	return pv_exit(v, &nothing);   /* the scheduler and a due upcall, as after any exit */
}

/* TANDEM_PV_MAP (pv/address_space.c). */
static int64_t map(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t prot)
{
	if (!pv_map_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va, offset, size, prot))
		return TANDEM_HC_INVALID;
	vm->mapped_own = true;   /* a start again puts its window back (pv_vm_boot_again) */
	return pv_space_map(vm, va, offset, size, prot) ? TANDEM_HC_INVALID : TANDEM_HC_OK;
}

void pv_hypercall(struct pv_vcpu *v)
{
	struct pv_vm *vm = v->vm;
	struct pv_arch_regs *r = &v->regs;
	uint32_t fid = (uint32_t)pv_arch_arg(r, 0);
	int64_t ret;

	if (pv_is_in_place(fid) && pv_call_in_place(v))
		return;
	switch (fid) {
	case TANDEM_PV_IRQ_UNMASKED:   /* what is pending is delivered on the way back */
		ret = TANDEM_HC_OK;
		break;
	case TANDEM_PV_CONSOLE_WRITE:
		ret = console_write(vm, pv_arch_arg(r, 1), pv_arch_arg(r, 2));
		break;
	case TANDEM_PV_CONSOLE_READ:
		ret = console_read(vm, pv_arch_arg(r, 1), pv_arch_arg(r, 2));
		break;
	case TANDEM_PV_SETUP:
		ret = setup(vm, pv_arch_arg(r, 1), pv_arch_arg(r, 2));
		break;
	case TANDEM_PV_IRET:
	case TANDEM_PV_EOI_IRET:
		if (!iret_call(vm, r)) {
			ret = TANDEM_HC_INVALID;
			break;
		}
		return;   /* every register is the frame's, r0 / x0 included */
	case TANDEM_PV_IDLE:
		pv_sched_idle(vm);
		ret = TANDEM_HC_OK;
		break;
	case TANDEM_PV_MAP:
		ret = map(vm, pv_arch_arg(r, 1), pv_arch_arg(r, 2), pv_arch_arg(r, 3), pv_arch_arg(r, 4));
		break;
	case PSCI_SYSTEM_OFF:
		pv_vm_stop(vm, "powered off (PSCI SYSTEM_OFF)");
		return;
	default:
		ret = TANDEM_HC_NOT_SUPPORTED;
		break;
	}
	pv_arch_set_arg(r, 0, (uint64_t)ret);
}
