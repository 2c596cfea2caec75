/* What follows an exception from a paravirtualized guest, once the
 * architecture decoded it (pv/arch/exit.h): a physical interrupt is taken,
 * a call is made, WFI idles; any fault stops the guest, and only it, with
 * the reason. Then the core resumes the vCPU whose turn it is. */
#include "pv/exit.h"
#include "pv/arch/exit.h"
#include "pv/args.h"
#include "pv/hypercall.h"
#include "pv/irq.h"
#include "pv/sched.h"
#include "pv/upcall.h"
#include "pv/vm.h"

/* The vCPU the core runs next (the same one, alone on its core, unless it
 * waits), with its upcall made if one is due. */
static struct pv_vcpu *resume(unsigned int core)
{
	for (;;) {
		struct pv_vm *next = pv_sched_next(core);

		if (pv_deliver(next))
			return &next->vcpu;
	}
}

struct pv_vcpu *pv_first_vcpu(unsigned int core)
{
	return resume(core);
}

/* Whether [va, va + len) is the guest's RAM. */
static bool guest_owns(const struct pv_vm *vm, uint64_t va, uint64_t len)
{
	return pv_in_window(vm->cfg.mem_base, vm->cfg.mem_size, va, len);
}

/* Out of line: its buffer on the stack would cost every exit a frame and
 * the tail call to resume(). */
static void stop_unexpected(struct pv_vcpu *v, const struct pv_exit *e)
	__attribute__((noinline, cold));
static void stop_unexpected(struct pv_vcpu *v, const struct pv_exit *e)
{
	char what[64];

	pv_arch_describe_exit(e, what, sizeof(what));
	pv_vm_stop(v->vm, "%s at PC 0x%llx, which a paravirtualized guest cannot take", what,
		   (unsigned long long)pv_arch_pc(&v->regs));
}

struct pv_vcpu *pv_exit(struct pv_vcpu *v, const struct pv_exit *e)
{
	struct pv_vm *vm = v->vm;

	switch (e->kind) {
	case PV_EXIT_IRQ:
		pv_take_irqs(vm->core);
		break;
	case PV_EXIT_CALL:
		pv_hypercall(v);
		break;
	case PV_EXIT_WAIT:
		pv_sched_idle(vm);
		break;
	case PV_EXIT_NOTHING:
		break;
	case PV_EXIT_DATA_FAULT:   /* in its window, a permission fault: read-only */
		pv_vm_stop(vm, "%s at VA 0x%llx, which %s (PC 0x%llx)", e->write ? "write" : "read",
			   (unsigned long long)e->addr, e->permission && guest_owns(vm, e->addr, 1)
			   ? "it mapped read-only" : "is not its memory",
			   (unsigned long long)pv_arch_pc(&v->regs));
		break;
	case PV_EXIT_FETCH_FAULT:
		pv_vm_stop(vm, "instruction fetch at VA 0x%llx, which is not its memory",
			   (unsigned long long)e->addr);
		break;
	case PV_EXIT_UNEXPECTED:
	default:
		stop_unexpected(v, e);
		break;
	}
	return resume(vm->core);
}
