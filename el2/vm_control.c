/* The operator's stop, start and restart; see vm_control.h. A VM starts
 * only once every core has let go of its vCPUs (they leave the guest at
 * their next exit after the stop): whichever core lets go last, or the
 * monitor's if none holds one, reloads it. So the monitor never waits for
 * a core, not even for the one it runs on. */
#include <stdbool.h>
#include "el2/vm_control.h"
#include "el2/console.h"
#include "el2/passthrough.h"
#include "el2/vm.h"
#include "el2/arch/barrier.h"

const char *vm_state_name(const struct vm *vm)
{
	if (vm->removing)
		return "removing";
	switch (vm->state) {
	case VM_RUNNING: return "running";
	case VM_RESETTING: return "restarting";
	case VM_STOPPED: return vm->start_requested ? "starting" : "stopped";
	}
	return "?";
}

/* Why the VM is not in `wanted` state for the operator's command. */
static const char *not_in(const struct vm *vm, enum vm_state wanted)
{
	if (vm->removing)
		return "it is being removed";
	if (vm->state == wanted && !vm->start_requested)
		return NULL;
	if (vm->start_requested)
		return "it is starting; try again in a moment";
	if (vm->state == VM_RESETTING)
		return "it is restarting; try again in a moment";
	return vm->state == VM_RUNNING ? "it is already running" : "it is stopped (start NAME)";
}

const char *vm_operator_stop(struct vm *vm)
{
	const char *why = not_in(vm, VM_RUNNING);

	if (why)
		return why;
	vm_halt(vm, false, "the operator stopped it (monitor)");
	return NULL;
}

/* Marks a start asked for, if the VM is in state `from` (under its lock,
 * so that two commands cannot both ask); NULL, or why not. */
static const char *ask_start(struct vm *vm, enum vm_state from)
{
	const char *why;

	spin_lock(&vm->lock);
	why = not_in(vm, from);
	if (!why)
		vm->start_requested = true;
	spin_unlock(&vm->lock);
	return why;
}

const char *vm_operator_start(struct vm *vm)
{
	const char *why = ask_start(vm, VM_STOPPED);

	if (why)
		return why;
	tlog("vm %s: starting again from its boot module (the operator asked)", vm->name);
	mb_shared();
	vm_start_when_free(vm);
	return NULL;
}

const char *vm_operator_restart(struct vm *vm)
{
	/* Asked before it stops: no other VM's stop meanwhile may find no VM
	 * alive and power the machine off (any_vm_alive counts it). */
	const char *why = ask_start(vm, VM_RUNNING);

	if (why)
		return why;
	vm_halt(vm, false, "the operator restarts it (monitor)");
	mb_shared();
	vm_start_when_free(vm);
	return NULL;
}

void vm_start_when_free(struct vm *vm)
{
	static volatile bool claimed[MAX_VMS];

	if (!vm->start_requested || vm->state != VM_STOPPED)
		return;
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		if (vm->vcpus[i].in_guest)
			return;
	if (__atomic_exchange_n(&claimed[vm->id], true, __ATOMIC_ACQ_REL))
		return;
	/* Re-checked under the claim: another core may have started it. */
	if (vm->start_requested && vm->state == VM_STOPPED) {
		vm_boot_again(vm);
		passthrough_resume(vm);   /* routed by its reset vGIC */
		vm->start_requested = false;
		mb_shared();
	}
	__atomic_store_n(&claimed[vm->id], false, __ATOMIC_RELEASE);
}
