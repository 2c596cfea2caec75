/* Keyboard input and its focus; see console_input.h. */
#include <stddef.h>
#include "el2/console_input.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/pl011_regs.h"
#include "el2/irq.h"
#include "el2/arch/spinlock.h"
#include "el2/vm.h"


static volatile uint8_t *uart;
static uint32_t uart_intid;
static spinlock_t lock = SPINLOCK_INIT;
static struct vm *focus;     /* has the keyboard; NULL if no VM has a console */

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

/* The next VM after `from` (in creation order) with a console that runs. */
static struct vm *next_console(struct vm *from)
{
	unsigned int start = from ? from->id + 1 : 0;

	for (unsigned int k = 0; k < nvms; k++) {
		struct vm *vm = &vms[(start + k) % nvms];

		if (vm->cfg.vpl011 && vm->state != VM_STOPPED)
			return vm;
	}
	return NULL;
}

/* Lock held. What the previous VM did not read is not for the next one. */
static void give_keyboard(struct vm *vm)
{
	if (focus && (pending_count || dropped))
		tlog("console input: VM %s did not read %u typed character(s); discarded",
		     focus->name, pending_count + dropped);
	pending_count = dropped = 0;
	focus = vm;
	/* The keyboard's interrupt goes to the core of the VM that has the
	 * keyboard: typing for Linux costs a real-time VM's core nothing. */
	gic->enable(uart_intid, &pcpus[vm ? vm->vcpus[0].pcpu : this_cpu()->id]);
	if (vm) {
		console_live_focus(vm->name, vm->uart.line, &vm->uart.len);
		tlog("console input goes to VM %s (Ctrl-] switches)", vm->name);
	} else {
		console_live_focus(NULL, NULL, NULL);
	}
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
	while (!(rd(UART_FR) & UART_FR_RXFE)) {
		char c = (char)(rd(UART_DR) & 0xff);

		if (focus && focus->state == VM_STOPPED)
			give_keyboard(next_console(focus));
		if (c == CONSOLE_SWITCH_KEY) {
			give_keyboard(next_console(focus));
		} else if (focus && pending_count < PENDING_MAX) {
			pending[(pending_head + pending_count) % PENDING_MAX] = c;
			pending_count++;
		} else if (focus) {
			dropped++;
		}
		deliver();
	}
}

static bool received(uint32_t intid, void *arg)
{
	(void)intid, (void)arg;
	spin_lock(&lock);
	drain();
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

void console_input_init(uint64_t uart_base, uint32_t intid)
{
	uart = (volatile uint8_t *)(uintptr_t)uart_base;
	uart_intid = intid;
	irq_register(intid, received, NULL);
	spin_lock(&lock);
	give_keyboard(next_console(NULL));
	drain();
	wr(UART_IMSC, UART_INT_RX | UART_INT_RT);
	spin_unlock(&lock);
}
