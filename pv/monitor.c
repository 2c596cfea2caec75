/* The paravirtual path's monitor; see monitor.h. Every answer is a
 * "tandem: monitor: " line, as at EL2 (el2/monitor.c). */
#include <string.h>
#include <format.h>
#include "pv/monitor.h"
#include "pv/console.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/irq.h"
#include "el2/monitor_cmd.h"

static const char *state(const struct pv_vm *vm)
{
	if (vm->start_asked)
		return vm->running ? "restarting" : "starting";
	return vm->running ? (vm->stop_asked ? "stopping" : "running") : "stopped";
}

static void list(struct pv_vm *vms, unsigned int n)
{
	tlog("monitor: %-2s %-12s %-9s %-5s %8s %8s %8s", "id", "name", "state", "core", "RAM",
	     "priority", "dropped");
	for (unsigned int i = 0; i < n; i++)
		tlog("monitor: %-2u %-12s %-9s %-5u %4llu MiB %8u %8llu", i, vms[i].cfg.name,
		     state(&vms[i]), vms[i].core, (unsigned long long)(vms[i].cfg.mem_size >> 20),
		     vms[i].cfg.priority, (unsigned long long)vms[i].budget.dropped_total);
	tlog("monitor: paravirtual path: dropped: console bytes over its budget");
}

static void show(const struct pv_vm *vm)
{
	tlog("monitor: vm %s: %s, paravirtualized at EL0 on core %u, priority %u%s", vm->cfg.name,
	     state(vm), vm->core, vm->cfg.priority, vm->cfg.profiling ? ", cycle counter ('profiling')" : "");
	tlog("monitor: vm %s: RAM %llu MiB at VA 0x%llx (physical 0x%llx), ASID %u", vm->cfg.name,
	     (unsigned long long)(vm->cfg.mem_size >> 20), (unsigned long long)vm->cfg.mem_base,
	     (unsigned long long)vm->ram_pa, vm->asid);
	tlog("monitor: vm %s: console %s, %llu bytes dropped over its budget", vm->cfg.name,
	     vm->cfg.vpl011 ? "yes" : "none", (unsigned long long)vm->budget.dropped_total);
}

static struct pv_vm *named(struct pv_vm *vms, unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(vms[i].cfg.name, name))
			return &vms[i];
	return NULL;
}

void pv_monitor_run(const char *line, struct pv_vm *vms, unsigned int n)
{
	struct monitor_cmd cmd;
	const char *why = monitor_parse(line, &cmd);
	struct pv_vm *vm;

	if (why) {
		tlog("monitor: '%s': %s", line, why);
		return;
	}
	if (cmd.verb == MON_NONE)
		return;
	if (cmd.verb == MON_HELP) {
		tlog("monitor: list, show NAME, stop NAME, start NAME, restart NAME, console NAME, help; "
		     "Ctrl-] leaves (paravirtual path: remove is not on it)");
		return;
	}
	if (cmd.verb == MON_LIST) {
		list(vms, n);
		return;
	}
	vm = named(vms, n, cmd.name);
	if (!vm) {
		tlog("monitor: no VM is named '%s' (list shows them)", cmd.name);
		return;
	}
	switch (cmd.verb) {
	case MON_SHOW:
		show(vm);
		return;
	case MON_STOP:
	case MON_RESTART:
		if (!vm->running || vm->stop_asked || vm->start_asked) {
			tlog("monitor: %s %s: refused: it is %s%s", cmd.verb == MON_STOP ? "stop" : "restart",
			     vm->cfg.name, state(vm), vm->running ? "" : " (start NAME)");
			return;
		}
		/* Its own core acts, at its next exit: the SGI makes one. */
		vm->start_asked = cmd.verb == MON_RESTART;
		vm->stop_asked = true;
		gic_send_sgi(vm->core, SGI_KICK);
		return;
	case MON_START:
		if (vm->running || vm->start_asked) {
			tlog("monitor: start %s: refused: it is %s", vm->cfg.name,
			     vm->start_asked ? "starting" : "already running");
			return;
		}
		tlog("vm %s: starting again from its boot module (the operator asked)", vm->cfg.name);
		vm->start_asked = true;
		gic_send_sgi(vm->core, SGI_KICK);
		return;
	case MON_CONSOLE:
		if (!vm->cfg.vpl011 || !vm->running)
			tlog("monitor: console %s: refused: %s", vm->cfg.name,
			     vm->running ? "it has no console (no vpl011 in its overlay)" : "it is stopped");
		else
			pv_console_give(vm);
		return;
	default:
		tlog("monitor: remove %s: refused: the paravirtual path places its VMs once, at boot: "
		     "it does not give one's cores and RAM to another (docs/console.md)", vm->cfg.name);
		return;
	}
}
