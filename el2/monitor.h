/* Tandem's monitor: its own prompt on the physical console, reached with
 * Ctrl-] after the last VM's console (el2/console_input.c). It lists the
 * VMs, shows one, stops, starts and restarts them and moves the keyboard
 * (docs/console.md). Only the physical console reaches it: no guest has a
 * way to send it a command. */
#ifndef TANDEM_MONITOR_H
#define TANDEM_MONITOR_H

/* Runs one command line typed at the prompt; answers on the console.
 * Called with no lock held. */
void monitor_run(const char *line);

#endif
