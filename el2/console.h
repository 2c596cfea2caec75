/* Tandem's console: the platform's physical PL011 belongs to Tandem. Its own
 * messages are prefixed "tandem: ", each VM's output is shown line by line
 * behind the VM's name, and lines from different cores never interleave. */
#ifndef TANDEM_CONSOLE_H
#define TANDEM_CONSOLE_H
#include <stdbool.h>
#include <stdint.h>

void console_init(uint64_t uart_base);

/* A whole line from Tandem ("tandem: " + text + newline). */
void tlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line of a VM's output, shown as "[name] text". */
void console_vm_line(const char *vm_name, const char *text, unsigned int len);
/* Raw text with no prefix (the banner). */
void console_puts(const char *s);
/* The VM that has the keyboard (console_input.c) shows its output live:
 * name, and its vpl011's line buffer with its length (NULL: none). For the
 * monitor, lead is its prompt, shown at once and before each of its lines
 * (NULL for a VM: "[name] "). */
void console_live_focus(const char *name, const char *lead, const char *buf,
			const unsigned int *len);
bool console_is_live(const char *name);
/* Its line buffer grew (or ended: the buffer is then emptied after). */
void console_live_output(const char *name, bool end_of_line);
/* Its line buffer lost its last character (now len long). */
void console_live_erase(const char *name, unsigned int len);
/* For the panic path: take the console even if another core holds it. */
void console_force_unlock(void);

struct output_budget;

/* Charges n bytes of a VM's output to its budget (el2/output_budget.h):
 * false, drop them. Once it has room again after a flood, says how much it
 * lost ("vm NAME: console: dropped N bytes"), at most once a second. */
bool console_budget_allows(struct output_budget *b, const char *vm_name, unsigned int n);
/* The same note at once for what is still unsaid (the VM stops or restarts). */
void console_budget_settle(struct output_budget *b, const char *vm_name);

#endif
