/* The console under Tandem (uart.c's counterpart): output by hypercall,
 * input as a virtual interrupt (the PL011's INTID in the device tree) after
 * which the typed characters are read by hypercall. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"

#define CHUNK 4096      /* the most one TANDEM_PV_CONSOLE_WRITE takes */

void port_console_put(const char *s, size_t n)
{
	while (n) {
		size_t k = n < CHUNK ? n : CHUNK;

		pv_call(TANDEM_PV_CONSOLE_WRITE, (uintptr_t)s, k, 0, 0);
		s += k;
		n -= k;
	}
}

static void console_irq(void)
{
	char buf[32];
	long n;

	while ((n = pv_call(TANDEM_PV_CONSOLE_READ, (uintptr_t)buf, sizeof(buf), 0, 0)) > 0)
		for (long i = 0; i < n; i++)
			rtos_console_rx(buf[i]);
}

void uart_init(void)
{
}

void uart_rx_enable(void)
{
	if (board.uart_intid)
		gic_enable(board.uart_intid, PRIO_UART, console_irq, NULL);
}
