/* Keyboard input and its focus; see console_input.h. */
#include <stddef.h>
#include <string.h>
#include "el2/console_input.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/pl011_regs.h"
#include "el2/irq.h"
#include "el2/arch/spinlock.h"
#include "el2/monitor.h"
#include "el2/monitor_line.h"
#include "el2/monitor_cmd.h"
#include "el2/vm.h"


static volatile uint8_t *uart;
static uint32_t uart_intid;
static spinlock_t lock = SPINLOCK_INIT;
static struct vm *focus;     /* has the keyboard; NULL: the monitor has it */

/* The monitor's line being typed, and a whole one waiting to run. */
static struct monitor_line mon;
static char mon_cmd[MONITOR_LINE_MAX];
static bool mon_cmd_ready;

/* Typed for the focus VM, waiting for room in its receive FIFO. */
#define PENDING_MAX 256
static char pending[PENDING_MAX];
static unsigned int pending_head, pending_count, dropped;

static uint32_t rd(unsigned int off)
{
	return *(volatile uint32_t *)(uart + off);
}

static void wr(unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(uart + off) = v;
}

/* The next VM after `from` (in creation order) with a console that runs;
 * wrap: past the last one, from the first. */
static struct vm *next_console(struct vm *from, bool wrap)
{
	unsigned int start = from ? from->id + 1 : 0;

	for (unsigned int k = start; k < start + nvms && (wrap || k < nvms); k++) {
		struct vm *vm = &vms[k % nvms];

		if (vm->cfg.vpl011 && vm->state != VM_STOPPED)
			return vm;
	}
	return NULL;
}

/* Where the monitor takes its keys: a core no vCPU is pinned to, if the
 * board has one; else the core of the VM that has the keyboard at boot
 * (the first with a console: the interactive one, by convention), never
 * a core because a real-time VM happened to have the keyboard last. */
static struct pcpu *monitor_core(void)
{
	struct vm *first = next_console(NULL, false);

	for (unsigned int c = 0; c < ncpus; c++)
		if (pcpus[c].online && !pcpus[c].sched.n)
			return &pcpus[c];
	return first ? &pcpus[first->vcpus[0].pcpu] : this_cpu();
}

/* Lock held. What the previous VM did not read is not for the next one.
 * NULL: the monitor. */
static void give_keyboard(struct vm *vm)
{
	if (focus && (pending_count || dropped))
		tlog("console input: VM %s did not read %u typed character(s); discarded",
		     focus->name, pending_count + dropped);
	pending_count = dropped = 0;
	focus = vm;
	if (vm) {
		/* The keyboard's interrupt goes to the core of the VM that has
		 * the keyboard: typing for Linux costs a real-time VM's core
		 * nothing. The monitor's goes to monitor_core(). */
		gic->enable(uart_intid, &pcpus[vm->vcpus[0].pcpu]);
		monitor_line_hide();
		tlog("console input goes to VM %s (Ctrl-] switches)", vm->name);
		console_live_focus(vm->name, NULL, vm->uart.line, &vm->uart.len);
	} else {
		gic->enable(uart_intid, monitor_core());
		monitor_line_hide();
		tlog("console input goes to Tandem's monitor (type help; Ctrl-] switches)");
		monitor_line_show(&mon);
	}
}

/* Ctrl-]: the next VM with a console, after the last one the monitor,
 * after the monitor the first VM again. */
static void switch_keyboard(void)
{
	give_keyboard(next_console(focus, false));
}

/* Moves pending characters into the focus VM's FIFO while it has room. */
static void deliver(void)
{
	while (pending_count && focus) {
		if (!vpl011_receive(&focus->uart, &pending[pending_head], 1))
			return;
		pending_head = (pending_head + 1) % PENDING_MAX;
		pending_count--;
	}
}

/* Empties the UART: the switch key acts at once, whatever the focus VM
 * does with its input; the rest queues for it. Lock held. The interrupt is
 * cleared before the FIFO is read, not after: a character arriving between
 * the last empty check and a late clear would wait, unsignalled, for the
 * next key (seen as a typed command cut off mid-line). */
static void drain(void)
{
	wr(UART_ICR, UART_INT_RX | UART_INT_RT);
	while (!mon_cmd_ready && !(rd(UART_FR) & UART_FR_RXFE)) {
		char c = (char)(rd(UART_DR) & 0xff);

		if (focus && focus->state == VM_STOPPED)
			give_keyboard(next_console(focus, true));
		if (c == CONSOLE_SWITCH_KEY) {
			switch_keyboard();
		} else if (!focus) {
			/* A whole line runs in received(), with the lock dropped. */
			mon_cmd_ready = monitor_line_key(&mon, c, mon_cmd);
		} else if (pending_count < PENDING_MAX) {
			pending[(pending_head + pending_count) % PENDING_MAX] = c;
			pending_count++;
		} else {
			dropped++;
		}
		deliver();
	}
}

/* A command typed at the monitor runs with no lock held: it stops and
 * starts VMs, and may move the keyboard itself. Keys typed after it wait
 * in the UART meanwhile. */
static bool received(uint32_t intid, void *arg)
{
	char cmd[MONITOR_LINE_MAX];

	(void)intid, (void)arg;
	spin_lock(&lock);
	for (drain(); mon_cmd_ready; drain()) {
		memcpy(cmd, mon_cmd, sizeof(cmd));
		spin_unlock(&lock);
		monitor_run(cmd);
		spin_lock(&lock);
		mon_cmd_ready = false;
		if (!focus)   /* the prompt again, for the next command */
			monitor_line_prompt();
	}
	spin_unlock(&lock);
	return false;
}

void console_input_resume(void)
{
	if (!pending_count)
		return;
	spin_lock(&lock);
	deliver();
	spin_unlock(&lock);
}

struct vm *console_input_focus(void)
{
	return focus;
}

void console_input_give(struct vm *vm)
{
	spin_lock(&lock);
	give_keyboard(vm);
	spin_unlock(&lock);
}

void console_input_init(uint64_t uart_base, uint32_t intid)
{
	uart = (volatile uint8_t *)(uintptr_t)uart_base;
	uart_intid = intid;
	irq_register(intid, received, NULL);
	gic->enable(intid, this_cpu());   /* until the keyboard has an owner */
	spin_lock(&lock);
	give_keyboard(next_console(NULL, false));
	drain();
	wr(UART_IMSC, UART_INT_RX | UART_INT_RT);
	spin_unlock(&lock);
}
