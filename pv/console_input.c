/* Keyboard input for paravirtualized VMs; see pv/console.h. The paravirtual
 * counterpart of console_input.c: the same switch key and the same rule
 * that what one VM did not read is not for the next, but the characters
 * wait in the VM's own buffer for TANDEM_PV_CONSOLE_READ instead of going
 * into an emulated PL011. */
#include "pv/console.h"
#include "el2/console.h"
#include "el2/console_input.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/pl011_regs.h"
#include "el2/monitor_line.h"
#include "pv/monitor.h"

static volatile uint32_t *uart;
static unsigned int uart_intid, count;
static struct pv_vm *all;
static struct pv_vm *volatile focus;   /* NULL: the monitor (or no console at all) */
/* The monitor takes its keys on the core of the VM with the keyboard at
 * boot (a core with no VM takes no interrupt on this path). */
static unsigned int monitor_core;
static struct monitor_line mon;
static const char no_line[1];
static const unsigned int no_len;

/* The next VM after `from` (NULL: from the start) with a console that
 * runs, or NULL past the last one: the monitor. */
static struct pv_vm *next_console(const struct pv_vm *from)
{
	for (unsigned int k = from ? (unsigned int)(from - all) + 1 : 0; k < count; k++)
		if (all[k].cfg.vpl011 && all[k].running)
			return &all[k];
	return NULL;
}

/* The interrupt follows the keyboard to the VM's core. The characters the
 * previous VM had not read stay in its buffer, on its core: dropped there
 * (pv_console_read sees the keyboard gone). The VM's lines are marked as
 * the keyboard's ([name*], el2/console.c); its partial line is not drawn
 * live on this path (it is gathered on its own core). */
static void give_keyboard(struct pv_vm *vm)
{
	focus = vm;
	monitor_line_hide();
	if (vm) {
		gic->enable(uart_intid, &pcpus[vm->core]);
		tlog("console input goes to VM %s (Ctrl-] switches)", vm->cfg.name);
		console_live_focus(vm->cfg.name, NULL, no_line, &no_len);
	} else {
		gic->enable(uart_intid, &pcpus[monitor_core]);
		tlog("console input goes to Tandem's monitor (type help; Ctrl-] switches)");
		monitor_line_show(&mon);
	}
}

void pv_console_give(struct pv_vm *vm)
{
	give_keyboard(vm);
}

/* A key for the monitor, on its core: a whole line runs at once. */
static void monitor_key(char c)
{
	char cmd[MONITOR_LINE_MAX];

	if (!monitor_line_key(&mon, c, cmd))
		return;
	pv_monitor_run(cmd, all, count);
	if (!focus)
		monitor_line_prompt();
}

/* A VM's buffer and virtual interrupts are touched only on its own core:
 * once the keyboard moves to a VM on another core, what is left in the
 * FIFO is that core's to read, and the interrupt, routed there, is made
 * pending again for it. */
void pv_console_received(unsigned int core)
{
	struct pv_vm *vm = focus;

	uart[UART_ICR / 4] = UART_INT_RX | UART_INT_RT;
	while (!(uart[UART_FR / 4] & UART_FR_RXFE)) {
		char c;

		if (vm && !vm->running)
			give_keyboard(vm = next_console(vm));
		if (vm ? vm->core != core : core != monitor_core) {
			gic->set_pending(uart_intid);
			return;
		}
		c = (char)(uart[UART_DR / 4] & 0xff);
		if (c == CONSOLE_SWITCH_KEY) {
			/* the next VM; past the last, the monitor; then the first */
			give_keyboard(vm = next_console(vm));
		} else if (!vm) {
			monitor_key(c);
			vm = focus;   /* console NAME may have moved it */
		} else if (vm->in_count < PV_INPUT_MAX) {
			vm->input[(vm->in_head + vm->in_count++) % PV_INPUT_MAX] = c;
			pv_virq_raise(&vm->virq, uart_intid);
		}
	}
}

unsigned int pv_console_read(struct pv_vm *vm, char *out, unsigned int room)
{
	unsigned int n = 0;

	if (vm != focus) {
		vm->in_count = 0;   /* typed before the keyboard moved on */
		return 0;
	}
	while (n < room && vm->in_count) {
		out[n++] = vm->input[vm->in_head];
		vm->in_head = (vm->in_head + 1) % PV_INPUT_MAX;
		vm->in_count--;
	}
	return n;
}

void pv_console_init(struct pv_vm *vms, unsigned int nvms, uint64_t uart_base, unsigned int intid)
{
	uart = (volatile uint32_t *)(uintptr_t)uart_base;
	uart_intid = intid;
	all = vms;
	count = nvms;
	focus = next_console(NULL);
	monitor_core = focus ? focus->core : 0;
}

/* The interrupt is routed once the focus VM's core has its GIC interface
 * up (a GICv2 core's target mask is known only then). */
void pv_console_core_up(unsigned int core)
{
	if (!focus || focus->core != core)
		return;   /* no VM with a console: no keyboard, no monitor */
	give_keyboard(focus);
	uart[UART_ICR / 4] = UART_INT_RX | UART_INT_RT;
	uart[UART_IMSC / 4] = UART_INT_RX | UART_INT_RT;
}
