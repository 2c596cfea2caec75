/* Tandem's monitor on the paravirtual path: the same prompt, reached the
 * same way (Ctrl-] past the last VM's console, pv/console_input.c), and
 * the same commands as at EL2 (el2/monitor_cmd.c parses them), over the
 * paravirtualized VMs: list, show, stop, start (again from its boot
 * module), restart, console. Not remove: this path places its VMs once. */
#ifndef TANDEM_PV_MONITOR_H
#define TANDEM_PV_MONITOR_H
#include "pv/vm.h"

/* Runs one line typed at the prompt, on the keyboard's core; answers on
 * the console. console NAME moves the keyboard (pv_console_give). */
void pv_monitor_run(const char *line, struct pv_vm *vms, unsigned int n);

#endif
