/* Devices the host has not, as memory: the physical GIC's register frames
 * that Tandem's own drivers (el2/gic_v2.c, el2/gic_v3.c, vgic/lr_v2.c)
 * read and write, and the PL011 the console (el2/console.c) writes to.
 * Plain memory: a register reads what was last written to it (GICD_TYPER
 * and GICH_VTR as fake_devices_reset() sets them; the UART never full),
 * and nothing interrupts. Tests point a struct platform at them. */
#ifndef TANDEM_FAKE_DEVICES_H
#define TANDEM_FAKE_DEVICES_H
#include <stdint.h>

extern uint32_t fake_gicd[0x10000 / 4];   /* distributor */
extern uint32_t fake_gicc[0x2000 / 4];    /* GICv2 CPU interface */
extern uint32_t fake_gich[0x200 / 4];     /* GICv2 hypervisor interface (one core's) */
extern uint32_t fake_uart[0x1000 / 4];    /* the console's PL011 (output is dropped) */

/* All zero but GICD_TYPER (lines interrupt lines) and GICH_VTR (nlr
 * list registers). */
void fake_devices_reset(unsigned int lines, unsigned int nlr);

#endif
