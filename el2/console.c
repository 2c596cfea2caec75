/* Physical console output; see console.h. */
#include <stdarg.h>
#include <format.h>
#include "el2/console.h"
#include "el2/spinlock.h"

#define UART_DR 0x000
#define UART_FR 0x018
#define UART_FR_TXFF (1u << 5)

/* Until the device tree is read, the console is at the QEMU virt address
 * (the Makefile's EARLY_UART); Tandem maps that page before anything prints. */
static volatile uint8_t *uart = (volatile uint8_t *)EARLY_UART;
static spinlock_t lock = SPINLOCK_INIT;

void console_init(uint64_t uart_base)
{
	uart = (volatile uint8_t *)uart_base;
}

static void putc_raw(char c)
{
	while (*(volatile uint32_t *)(uart + UART_FR) & UART_FR_TXFF)
		;
	*(volatile uint32_t *)(uart + UART_DR) = (uint32_t)(unsigned char)c;
}

static void puts_raw(const char *s, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		if (s[i] == '\n')
			putc_raw('\r');
		putc_raw(s[i]);
	}
}

static unsigned int slen(const char *s)
{
	unsigned int n = 0;

	while (s[n])
		n++;
	return n;
}

void console_puts(const char *s)
{
	spin_lock(&lock);
	puts_raw(s, slen(s));
	spin_unlock(&lock);
}

void tlog(const char *fmt, ...)
{
	char buf[320];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	spin_lock(&lock);
	puts_raw("tandem: ", 8);
	puts_raw(buf, (unsigned int)n);
	puts_raw("\n", 1);
	spin_unlock(&lock);
}

void console_vm_line(const char *vm_name, const char *text, unsigned int len)
{
	spin_lock(&lock);
	puts_raw("[", 1);
	puts_raw(vm_name, slen(vm_name));
	puts_raw("] ", 2);
	puts_raw(text, len);
	puts_raw("\n", 1);
	spin_unlock(&lock);
}

void console_force_unlock(void)
{
	lock.owner = lock.next;
}
