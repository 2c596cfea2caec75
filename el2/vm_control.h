/* What the operator does to VMs at run time, from the monitor (el2/monitor.c):
 * stop one, start a stopped one again from its boot module, restart one.
 * None of it needs the board rebooted, and none of it counts against a
 * VM's restart-limit (that bounds what a guest does to itself). Each
 * returns NULL when done or under way, or why not (the VM's state). */
#ifndef TANDEM_VM_CONTROL_H
#define TANDEM_VM_CONTROL_H

struct vm;

const char *vm_operator_stop(struct vm *vm);
const char *vm_operator_start(struct vm *vm);
const char *vm_operator_restart(struct vm *vm);
/* A start was asked for: if no core holds any of the VM's vCPUs any more,
 * this caller reloads and starts it (exactly one caller does). Called by
 * the monitor and by every core letting go of a vCPU (vcpu_put). */
void vm_start_when_free(struct vm *vm);
/* "running", "stopped", "starting", "restarting". */
const char *vm_state_name(const struct vm *vm);

#endif
