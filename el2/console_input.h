/* Keyboard input from the physical console. Typed characters go to the
 * emulated PL011 of one VM at a time, the one that has the keyboard;
 * Ctrl-] (0x1d) moves the keyboard to the next VM with a console, after
 * the last one to Tandem's monitor (el2/monitor.h), then to the first. That
 * VM's output is shown live (console.h). While the VM's receive FIFO is
 * full, up to 256 typed characters wait in Tandem until it reads; beyond
 * that, and whatever it has not read when the keyboard moves on, is
 * discarded, and Tandem says so. The switch key always works. */
#ifndef TANDEM_CONSOLE_INPUT_H
#define TANDEM_CONSOLE_INPUT_H
#include <stdint.h>

#define CONSOLE_SWITCH_KEY 0x1d   /* Ctrl-] */

struct pcpu;

/* On the boot core once the VMs exist: gives the keyboard to the first VM
 * with a console. The UART's receive interrupt follows the keyboard to the
 * core of the focus VM's first vCPU (this core if no VM has a console). */
void console_input_init(uint64_t uart_base, uint32_t intid);
/* A VM read from its receive FIFO, which has room again. */
void console_input_resume(void);

struct vm;
/* The VM that has the keyboard (NULL: the monitor has it). */
struct vm *console_input_focus(void);
/* Gives it the keyboard (the monitor's console command). */
void console_input_give(struct vm *vm);

#endif
