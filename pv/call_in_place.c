/* The calls a paravirtualized guest makes that touch no guest memory (see
 * pv/hypercall.h): their work, shared by the full exit (pv/hypercall.c)
 * and the vectors' short way in (pv_fast_call), which skips saving every
 * register and switching to Tandem's own table. Nothing here may read or
 * write guest RAM or reach a device other than the core's timer: the
 * guest's table maps Tandem's image and, where the timer is memory-mapped,
 * the MPCore's page, nothing else of Tandem's. */
#include "pv/hypercall.h"
#include "pv/call_in_place.h"
#include "pv/sched.h"
#include "pv/vm.h"
#include "el2/hypercall.h"
#include "el2/arch/cpu.h"

bool pv_call_in_place(struct pv_vcpu *v)
{
	struct pv_vm *vm = v->vm;
	struct pv_arch_regs *r = &v->regs;
	int64_t ret;

	switch ((uint32_t)pv_arch_arg(r, 0)) {
	case TANDEM_HC_VERSION:
		pv_arch_set_arg(r, 0, TANDEM_HC_OK);
		pv_arch_set_arg(r, 1, (TANDEM_VERSION_MAJOR << 16) | TANDEM_VERSION_MINOR);
		return true;
	case TANDEM_PV_COUNTER:
		pv_arch_set_u64(r, 0, arch_counter_now());
		pv_arch_set_arg(r, PV_ARCH_U64_REGS, arch_counter_hz());
		return true;
	case TANDEM_HC_NULL:
		ret = TANDEM_HC_OK;
		break;
	case TANDEM_PV_IRQ_ENABLE:
		ret = pv_arch_arg(r, 1) > UINT32_MAX ||
		      pv_virq_enable(&vm->virq, (unsigned int)pv_arch_arg(r, 1), pv_arch_arg(r, 2) != 0)
		      ? TANDEM_HC_INVALID : TANDEM_HC_OK;
		break;
	case TANDEM_PV_IRQ_ACK:
		ret = pv_virq_ack(&vm->virq);
		break;
	case TANDEM_PV_IRQ_EOI:
		ret = pv_arch_arg(r, 1) > UINT32_MAX || pv_virq_eoi(&vm->virq, (unsigned int)pv_arch_arg(r, 1))
		      ? TANDEM_HC_INVALID : TANDEM_HC_OK;
		break;
	case TANDEM_PV_TIMER_SET:
		pv_sched_set_deadline(vm, pv_arch_arg_u64(r, 1));
		ret = TANDEM_HC_OK;
		break;
	default:
		return false;
	}
	pv_arch_set_arg(r, 0, (uint64_t)ret);
	return true;
}

bool pv_is_in_place(uint32_t fid)
{
	return fid - PV_IN_PLACE_BASE <= 31 && ((PV_IN_PLACE_MASK >> (fid - PV_IN_PLACE_BASE)) & 1);
}

/* The vectors call this only for an ID pv_is_in_place() accepts (they test
 * the same mask). What the guest sees in its shared area is Tandem's to
 * keep right: a call that changed it, or made an interrupt due, goes the
 * full way back. */
enum pv_fast pv_fast_call(struct pv_vcpu *v)
{
	struct pv_vm *vm = v->vm;

	if (!pv_call_in_place(v))
		return PV_FAST_NO;
	bool waiting = pv_virq_waiting(&vm->virq);

	if (waiting != vm->pending_shown || (waiting && !pv_virq_any_active(&vm->virq)))
		return PV_FAST_DELIVER;
	return PV_FAST_DONE;
}
