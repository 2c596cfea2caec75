/* The console on a PL011: polled output (port_console_put), input by the
 * receive and receive-timeout interrupts into the kernel's console queue.
 * The baud rate is left as the firmware set it. An SBSA UART (Xen's vpl011,
 * board.uart_sbsa) is the PL011's subset without the line and control
 * registers, which are not written there: it is always on. */
#include "guests/rtos/kernel/port.h"
#include "guests/rtos/bsp/arch.h"
#include "guests/rtos/bsp/board.h"

#define UART_DR          0x000
#define UART_FR          0x018
#define UART_LCR_H       0x02c
#define UART_CR          0x030
#define UART_IMSC        0x038
#define UART_ICR         0x044
#define FR_BUSY          (1u << 3)
#define FR_RXFE          (1u << 4)
#define FR_TXFF          (1u << 5)
#define LCR_FEN          (1u << 4)
#define LCR_WLEN8        (3u << 5)
#define CR_UARTEN        (1u << 0)
#define CR_TXE           (1u << 8)
#define CR_RXE           (1u << 9)
#define INT_RX           (1u << 4)
#define INT_RT           (1u << 6)

static uintptr_t uart;

void port_console_put(const char *s, size_t n)
{
	if (!uart)
		return;
	for (size_t i = 0; i < n; i++) {
		while (readl(uart + UART_FR) & FR_TXFF)
			;
		writel(uart + UART_DR, (uint8_t)s[i]);
	}
}

/* Clear first, then drain: a character arriving meanwhile raises it again. */
static void uart_irq(void)
{
	writel(uart + UART_ICR, INT_RX | INT_RT);
	while (!(readl(uart + UART_FR) & FR_RXFE))
		rtos_console_rx((char)(readl(uart + UART_DR) & 0xff));
}

void uart_init(void)
{
	uart = (uintptr_t)board.uart.base;
	while (readl(uart + UART_FR) & FR_BUSY)
		;
	if (!board.uart_sbsa)                   /* off while the line is set up */
		writel(uart + UART_CR, 0);
	if (!board.uart_sbsa)
		writel(uart + UART_LCR_H, LCR_WLEN8 | LCR_FEN);
	writel(uart + UART_IMSC, 0);
	writel(uart + UART_ICR, 0x7ff);
	if (!board.uart_sbsa)
		writel(uart + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
}

void uart_rx_enable(void)
{
	if (!board.uart_intid)
		return;
	gic_enable(board.uart_intid, PRIO_UART, uart_irq, NULL);
	writel(uart + UART_IMSC, INT_RX | INT_RT);
}
