/* Physical console output; see console.h. */
#include <stdarg.h>
#include <format.h>
#include "el2/console.h"
#include "el2/output_budget.h"
#include "el2/pl011_regs.h"
#include "el2/arch/spinlock.h"
#include "el2/arch/cpu.h"

/* Until the device tree is read, the console is at the QEMU virt address
 * (the Makefile's EARLY_UART); Tandem maps that page before anything prints. */
static volatile uint8_t *uart = (volatile uint8_t *)EARLY_UART;
static spinlock_t lock = SPINLOCK_INIT;

/* The VM that has the keyboard shows its output as it comes (a shell's
 * prompt has no newline): its partial line stays open on the UART, and
 * anything else printed meanwhile goes on lines of its own (other_line).
 * Its characters live in its vpl011's line
 * buffer; `shown` says how many of them are on the screen. Lock held. */
static struct {
	const char *name;
	const char *lead;          /* printed before its line; NULL: "[name] " */
	const char *buf;
	const unsigned int *len;
	unsigned int shown;
	bool open;
} live;

void console_init(uint64_t uart_base)
{
	uart = (volatile uint8_t *)(uintptr_t)uart_base;
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

/* "[name] ", or "[name*] " for the VM that has the keyboard: on every line
 * it prints, so that whoever types sees where it goes (a VM's name never
 * holds a '*': docs/configuration.md). */
static void prefix(const char *name)
{
	if (name == live.name && live.lead) {
		puts_raw(live.lead, slen(live.lead));
		return;
	}
	puts_raw("[", 1);
	puts_raw(name, slen(name));
	puts_raw(name == live.name ? "*] " : "] ", name == live.name ? 3 : 2);
}

/* Before anything but the live VM's own characters: its open line is
 * ended where it is. It is drawn again (name, all of it) only when it
 * grows, when the VM writes or echoes a key: a prompt is not repeated
 * under every line another VM prints while nobody types. */
static void other_line(void)
{
	if (live.open) {
		puts_raw("\n", 1);
		live.open = false;
		live.shown = 0;
	}
}

/* The live line drawn afresh: its name (or lead), then its first n
 * characters; it is open from there. */
static void draw_open(unsigned int n)
{
	prefix(live.name);
	puts_raw(live.buf, n);
	live.shown = n;
	live.open = true;
}

void console_puts(const char *s)
{
	spin_lock(&lock);
	other_line();
	puts_raw(s, slen(s));
	spin_unlock(&lock);
}

void console_live_focus(const char *name, const char *lead, const char *buf,
			const unsigned int *len)
{
	spin_lock(&lock);
	other_line();
	live.name = name;
	live.lead = lead;
	live.buf = buf;
	live.len = len;
	if (name && (*len || lead))   /* what it had typed so far, or the prompt */
		draw_open(*len);
	spin_unlock(&lock);
}

bool console_is_live(const char *name)
{
	return live.name == name;
}

void console_live_erase(const char *name, unsigned int len)
{
	spin_lock(&lock);
	if (live.name == name && !live.open) {   /* ended by another line: drawn again */
		draw_open(len);
	} else if (live.name == name && live.shown > len) {
		puts_raw("\b", 1);
		live.shown = len;
	}
	spin_unlock(&lock);
}

void console_live_output(const char *name, bool end_of_line)
{
	spin_lock(&lock);
	if (live.name == name) {
		unsigned int n = *live.len;

		if (!live.open)
			draw_open(0);
		if (n > live.shown)
			puts_raw(live.buf + live.shown, n - live.shown);
		live.shown = n;
		if (end_of_line) {
			puts_raw("\n", 1);
			live.open = false;
			live.shown = 0;
		}
	}
	spin_unlock(&lock);
}

void tlog(const char *fmt, ...)
{
	char buf[448];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	spin_lock(&lock);
	other_line();
	puts_raw("tandem: ", 8);
	puts_raw(buf, (unsigned int)n);
	puts_raw("\n", 1);
	spin_unlock(&lock);
}

void console_vm_line(const char *vm_name, const char *text, unsigned int len)
{
	spin_lock(&lock);
	other_line();
	prefix(vm_name);
	puts_raw(text, len);
	puts_raw("\n", 1);
	spin_unlock(&lock);
}

void console_force_unlock(void)
{
	lock.owner = lock.next;
}

static void say_dropped(const char *vm_name, uint64_t bytes)
{
	tlog("vm %s: console: dropped %llu bytes (over its budget of %u bytes/s)", vm_name,
	     (unsigned long long)bytes, OUTPUT_RATE_BYTES);
}

bool console_budget_allows(struct output_budget *b, const char *vm_name, unsigned int n)
{
	uint64_t now = arch_counter_now(), hz = arch_counter_hz(), lost;

	if (!output_budget_take(b, now, hz, n))
		return false;
	if ((lost = output_budget_report(b, now, hz)))
		say_dropped(vm_name, lost);
	return true;
}

void console_budget_settle(struct output_budget *b, const char *vm_name)
{
	uint64_t lost = output_budget_unreported(b);

	if (lost)
		say_dropped(vm_name, lost);
}
