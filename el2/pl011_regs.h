/* The physical PL011's registers that Tandem's console code uses (the
 * console's output, the keyboard on both paths): offsets and bits, ARM
 * PrimeCell UART (PL011) TRM. */
#ifndef TANDEM_PL011_REGS_H
#define TANDEM_PL011_REGS_H

#define UART_DR      0x000
#define UART_FR      0x018
#define UART_IMSC    0x038
#define UART_ICR     0x044
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_INT_RX  (1u << 4)
#define UART_INT_RT  (1u << 6)

#endif
