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

static volatile uint32_t *uart;
static unsigned int uart_intid, count;
static struct pv_vm *all;
static struct pv_vm *volatile focus;

static struct pv_vm *next_console(const struct pv_vm *from)
{
	unsigned int start = from ? (unsigned int)(from - all) + 1 : 0;

	for (unsigned int k = 0; k < count; k++) {
		struct pv_vm *vm = &all[(start + k) % count];

		if (vm->cfg.vpl011 && (vm->running || !from))
			return vm;
	}
	return NULL;
}

/* The interrupt follows the keyboard to the VM's core. The characters the
 * previous VM had not read stay in its buffer, on its core: dropped there
 * (pv_console_read sees the keyboard gone). */
static void give_keyboard(struct pv_vm *vm)
{
	focus = vm;
	if (vm) {
		gic->enable(uart_intid, &pcpus[vm->core]);
		tlog("console input goes to VM %s (Ctrl-] switches)", vm->cfg.name);
	}
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
		if (vm && vm->core != core) {
			gic->set_pending(uart_intid);
			return;
		}
		c = (char)(uart[UART_DR / 4] & 0xff);
		if (c == CONSOLE_SWITCH_KEY) {
			give_keyboard(vm = next_console(vm));
		} else if (vm && vm->in_count < PV_INPUT_MAX) {
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
}

/* The interrupt is routed once the focus VM's core has its GIC interface
 * up (a GICv2 core's target mask is known only then). */
void pv_console_core_up(unsigned int core)
{
	if (!focus || focus->core != core)
		return;
	give_keyboard(focus);
	uart[UART_ICR / 4] = UART_INT_RX | UART_INT_RT;
	uart[UART_IMSC / 4] = UART_INT_RX | UART_INT_RT;
}
