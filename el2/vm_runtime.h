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

/* Work asked for (a VM to create, or one to give back), for the idle loop
 * of core vm_runtime_core. */
extern volatile bool vm_runtime_pending;
extern volatile unsigned int vm_runtime_core;

/* From the monitor: removes stopped VM vm. NULL once under way (each of its
 * cores lets go of it in its idle loop; then one core gives everything
 * back and says so), or why not. */
const char *vm_runtime_remove(struct vm *vm);
/* From the monitor: places plan record `index` again and creates its VM,
 * in a core's idle loop (libfdt may not run during a guest's exit). NULL
 * once asked; what came of it is logged. */
const char *vm_runtime_create(unsigned int index);
/* In the idle loop of core vm_runtime_core: the work asked for. */
void vm_runtime_work_now(void);
static inline bool vm_runtime_wanted_on(unsigned int core)
{
	return __builtin_expect(vm_runtime_pending, 0) && vm_runtime_core == core;
}

/* A core's scheduler let go of a vCPU of vm, being removed (sched.c);
 * after the last, the VM's resources are given back. */
void vm_runtime_dropped(struct vm *vm);

#endif
