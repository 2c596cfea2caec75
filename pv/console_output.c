/* A paravirtualized VM's console output: bytes, shown a line at a time
 * behind its name, within its console budget (as on the hardware path,
 * docs/security.md): a flooding VM loses its own lines. */
#include "pv/console.h"
#include "el2/console.h"

void pv_console_flush(struct pv_vm *vm)
{
	if (vm->len && console_budget_allows(&vm->budget, vm->cfg.name, vm->len + 1))
		console_vm_line(vm->cfg.name, vm->line, vm->len);
	vm->len = 0;
}

void pv_console_write(struct pv_vm *vm, const volatile char *p, uint64_t len)
{
	for (uint64_t i = 0; i < len; i++) {
		char ch = p[i];

		if (ch == '\r')
			continue;
		if (ch == '\n' || vm->len == PV_LINE_MAX) {
			pv_console_flush(vm);
			if (ch == '\n')
				continue;
		}
		vm->line[vm->len++] = ch;
	}
}
