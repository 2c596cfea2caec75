/* VMs removed and created after boot, by the operator: the monitor's
 * `remove` gives a stopped VM's cores, RAM, devices, interrupts and
 * page-pool tables back to the plan; its `start` of a VM that is not
 * created (refused at boot, or removed) places its overlay again against
 * what the other VMs hold now and, if it fits, creates and starts it.
 * One such change at a time. */
#ifndef TANDEM_VM_RUNTIME_H
#define TANDEM_VM_RUNTIME_H
#include <stdbool.h>

struct vm;

/* A create asked for, waiting for its core's idle loop (vm_runtime_work). */
extern volatile bool vm_runtime_create_pending;

/* From the monitor: removes stopped VM vm. NULL once under way (each of its
 * cores lets go of it in its idle loop; the last gives everything back and
 * says so), or why not. */
const char *vm_runtime_remove(struct vm *vm);
/* From the monitor: places plan record `index` again and creates its VM,
 * on this core, in its idle loop (libfdt may not run during a guest's
 * exit). NULL once asked; what came of it is logged. */
const char *vm_runtime_create(unsigned int index);
/* In a core's idle loop: the create asked for on this core, if any. */
void vm_runtime_work_now(void);
static inline void vm_runtime_work(void)
{
	if (__builtin_expect(vm_runtime_create_pending, 0))
		vm_runtime_work_now();
}
/* A core's scheduler let go of a vCPU of vm, being removed (sched.c); the
 * last one gives the VM's resources back. */
void vm_runtime_dropped(struct vm *vm);

#endif
