/* The monitor's commands; see monitor.h. Every answer is a "tandem: "
 * line, so that it reads like the rest of Tandem's messages. */
#include <string.h>
#include <format.h>
#include "el2/monitor.h"
#include "el2/monitor_cmd.h"
#include "el2/boot.h"
#include "el2/console.h"
#include "el2/console_input.h"
#include "el2/vm.h"
#include "el2/vm_control.h"
#include "el2/vm_runtime.h"
#include "el2/arch/cpu.h"
#include "dt/plan.h"

#define MONITOR_HELP_LINE 160

/* A VM's record that is not created (refused at boot, or removed since):
 * its index in the plan, or -1. */
static int not_created(const char *name)
{
	const struct system_plan *plan = boot_plan();

	for (unsigned int i = 0; i < plan->nvms; i++)
		if (!plan->vms[i].accepted && plan->vms[i].cfg.name[0] &&
		    !strcmp(plan->vms[i].cfg.name, name))
			return (int)i;
	return -1;
}

static void uptime(const struct vm *vm, char *buf, size_t size)
{
	if (vm->state == VM_STOPPED)
		snformat(buf, size, "-");
	else
		monitor_duration(buf, size, arch_counter_now() - vm->started_at, arch_counter_hz());
}

static void cores(const struct vm *vm, char *buf, size_t size)
{
	int n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < vm->nvcpus && n < (int)size; i++)
		n += snformat(buf + n, size - (size_t)n, "%s%u", i ? "," : "", vm->vcpus[i].pcpu);
}

/* Every exit, from the VM's trap totals. */
static uint64_t exits(const uint64_t t[TRAP_COUNTERS])
{
	uint64_t sum = 0;

	for (unsigned int r = 0; r < TRAP_COUNTERS; r++)
		sum += t[r];
	return sum;
}

static uint64_t dropped(const struct vm *vm)
{
	return vm->cfg.vpl011 ? vm->console_dropped + vm->uart.budget.dropped_total : 0;
}

static void list(void)
{
	const struct vm *kb = console_input_focus();
	const struct system_plan *plan = boot_plan();

	tlog("monitor: %-2s %-12s %-10s %-7s %8s %-12s %8s %10s %8s %7s", "id", "name", "state",
	     "cores", "RAM", "uptime", "restarts", "exits", "irqs", "dropped");
	for (unsigned int i = 0; i < nvms; i++) {
		const struct vm *vm = &vms[i];
		uint64_t t[TRAP_COUNTERS];
		char up[24], cs[32];

		if (vm->removed)
			continue;
		vm_trap_totals(vm, t);
		uptime(vm, up, sizeof(up));
		cores(vm, cs, sizeof(cs));
		tlog("monitor: %-2u %-12s %-10s %-7s %4llu MiB %-12s %8u %10llu %8llu %7llu%s", vm->id,
		     vm->name, vm_state_name(vm), cs, (unsigned long long)(vm->cfg.mem_size >> 20), up,
		     vm->resets, (unsigned long long)exits(t),
		     (unsigned long long)t[TRAP_COUNT_IRQ], (unsigned long long)dropped(vm),
		     vm == kb ? " *keyboard" : "");
	}
	for (unsigned int i = 0; i < plan->nvms; i++)
		if (!plan->vms[i].accepted)
			tlog("monitor: -  %-12s not created: %s",
			     plan->vms[i].cfg.name[0] ? plan->vms[i].cfg.name : "(unnamed)",
			     plan->vms[i].error);
	tlog("monitor: exits: every exit to Tandem; irqs: those that were interrupts; "
	     "dropped: console bytes over its budget");
}

static void show(const struct vm *vm)
{
	char up[24], cs[32], traps[256];

	uptime(vm, up, sizeof(up));
	cores(vm, cs, sizeof(cs));
	tlog("monitor: vm %s: %s, up %s, %u restarts since boot, keyboard %s", vm->name,
	     vm_state_name(vm), up, vm->resets, vm == console_input_focus() ? "here" : "elsewhere");
	tlog("monitor: vm %s: %u vCPU(s) on core(s) %s; RAM %llu MiB at 0x%llx (physical 0x%llx)",
	     vm->name, vm->nvcpus, cs, (unsigned long long)(vm->cfg.mem_size >> 20),
	     (unsigned long long)vm->cfg.mem_base, (unsigned long long)pa_addr(vm->ram_pa));
	tlog("monitor: vm %s: on-crash %s; restart-limit %u within %u ms%s", vm->name,
	     vm->cfg.restart_on_crash ? "restart" : "stop", vm->cfg.restart_limit,
	     vm->cfg.restart_window_ms, vm->cfg.has_priority ? "; shares its cores by priority" : "");
	tlog("monitor: vm %s: exits:%s", vm->name,
	     vm_format_traps(vm, traps, sizeof(traps)) ? traps : " none");
	if (vm->cfg.vpl011)
		tlog("monitor: vm %s: console: %llu characters written, %llu bytes dropped", vm->name,
		     (unsigned long long)vm->uart.chars_out, (unsigned long long)dropped(vm));
	tlog("monitor: vm %s: %u devices passed through, %u device interrupts, %u channels",
	     vm->name, vm->cfg.ndevices, vm->npt_spis, vm->cfg.nchannels);
	if (vm->wdog.vm)
		tlog("monitor: vm %s: watchdog %s by the guest; %u expiries (WS1) since boot",
		     vm->name, vm->wdog.regs.wcs & GWDT_WCS_EN ? "enabled" : "not enabled",
		     vm->wdog.expiries);
}

static const char *verb_word(enum monitor_verb verb)
{
	switch (verb) {
	case MON_STOP: return "stop";
	case MON_START: return "start";
	case MON_RESTART: return "restart";
	case MON_REMOVE: return "remove";
	case MON_SHOW: return "show";
	default: return "console";
	}
}

static void act(const struct monitor_cmd *cmd, struct vm *vm)
{
	const char *why = NULL;

	switch (cmd->verb) {
	case MON_SHOW:
		show(vm);
		return;
	case MON_STOP:
		why = vm_operator_stop(vm);
		break;
	case MON_START:
		why = vm_operator_start(vm);
		break;
	case MON_RESTART:
		why = vm_operator_restart(vm);
		break;
	case MON_REMOVE:
		why = vm_runtime_remove(vm);
		break;
	case MON_CONSOLE:
		if (!vm->cfg.vpl011)
			why = "it has no console (no vpl011 in its overlay)";
		else if (vm->state == VM_STOPPED)
			why = "it is stopped";
		else
			console_input_give(vm);
		break;
	default:
		break;
	}
	if (why)
		tlog("monitor: %s %s: refused: %s", verb_word(cmd->verb), vm->name, why);
}

void monitor_run(const char *line)
{
	struct monitor_cmd cmd;
	const char *why = monitor_parse(line, &cmd);
	struct vm *vm;
	int record;

	if (why) {
		tlog("monitor: '%s': %s", line, why);
		return;
	}
	switch (cmd.verb) {
	case MON_NONE:
		return;
	case MON_HELP: {
		const char *p = monitor_help;

		while (*p) {
			const char *e = strchr(p, '\n');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			size_t n = len < MONITOR_HELP_LINE - 1 ? len : MONITOR_HELP_LINE - 1;
			char one[MONITOR_HELP_LINE];

			memcpy(one, p, n);
			one[n] = '\0';
			tlog("monitor: %s", one);
			p += len + (e != NULL);
		}
		tlog("monitor: Ctrl-] leaves the monitor (the keyboard goes to the first VM)");
		return;
	}
	case MON_LIST:
		list();
		return;
	default:
		break;
	}
	vm = vm_by_name(cmd.name);
	if (vm) {
		act(&cmd, vm);
		return;
	}
	record = not_created(cmd.name);
	if (record < 0) {
		tlog("monitor: no VM is named '%s' (list shows them)", cmd.name);
		return;
	}
	if (cmd.verb != MON_START) {
		tlog("monitor: %s %s: refused: it is not created (%s); start %s places it again",
		     verb_word(cmd.verb), cmd.name, boot_plan()->vms[record].error, cmd.name);
		return;
	}
	why = vm_runtime_create((unsigned int)record);
	if (why)
		tlog("monitor: start %s: refused: %s", cmd.name, why);
}
