/* Which paravirtualized VMs are alive: all of them from pv_run on, until
 * each stops (a fault, an exception it cannot take, PSCI SYSTEM_OFF); the
 * machine powers off after the last. */
#include <stdarg.h>
#include <format.h>
#include "pv/vm.h"
#include "pv/console.h"
#include "el2/console.h"
#include "firmware/machine.h"

static unsigned int alive;

void pv_vms_start(struct pv_vm *vms, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		vms[i].running = true;
	alive = n;
}

void pv_vm_halt(struct pv_vm *vm, bool power_off_if_last, const char *why)
{
	pv_console_flush(vm);
	console_budget_settle(&vm->budget, vm->cfg.name);
	vm->running = false;
	vm->deadline = ~0ull;   /* its timer is quiet from now on */
	tlog("vm %s: stopped: %s", vm->cfg.name, why);
	if (!__atomic_sub_fetch(&alive, 1, __ATOMIC_ACQ_REL) && power_off_if_last) {
		tlog("no VM is running any more; powering off");
		machine_power_off();
	}
}

void pv_vm_stop(struct pv_vm *vm, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	pv_vm_halt(vm, true, why);
}

void pv_vm_revive(struct pv_vm *vm)
{
	__atomic_add_fetch(&alive, 1, __ATOMIC_ACQ_REL);
	vm->running = true;
}
