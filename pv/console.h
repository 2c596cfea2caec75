/* A paravirtualized VM's console: its output, a line at a time behind its
 * name (pv/console_output.c), and the keyboard (pv/console_input.c). */
#ifndef TANDEM_PV_CONSOLE_H
#define TANDEM_PV_CONSOLE_H
#include <stdint.h>
#include "pv/vm.h"

/* TANDEM_PV_CONSOLE_WRITE's len bytes at p (each read once; checked). */
void pv_console_write(struct pv_vm *vm, const volatile char *p, uint64_t len);
/* The line gathered so far, out (the VM stops). */
void pv_console_flush(struct pv_vm *vm);

/* The keyboard goes to one VM with a console ('vpl011') at a time; Ctrl-]
 * moves it on. The UART's receive interrupt is routed to the core of the
 * VM that has the keyboard, which gets the characters as its virtual
 * interrupt `intid` (the PL011's INTID in its tree). */
void pv_console_init(struct pv_vm *vms, unsigned int nvms, uint64_t uart_base, unsigned int intid);
/* A core has its GIC interface up. */
void pv_console_core_up(unsigned int core);
/* The UART interrupt, on the focus VM's core. */
void pv_console_received(unsigned int core);
/* The monitor's console NAME: the keyboard to vm. */
void pv_console_give(struct pv_vm *vm);
/* TANDEM_PV_CONSOLE_READ: up to `room` typed bytes into `out`. */
unsigned int pv_console_read(struct pv_vm *vm, char *out, unsigned int room);

#endif
