/* The emulated PL011 each VM gets as its console: enough of the ARM PrimeCell
 * UART for polled output and for Linux's amba-pl011 probe; output is shown on
 * Tandem's console line by line behind the VM's name. */
#ifndef TANDEM_VPL011_H
#define TANDEM_VPL011_H
#include <stdint.h>
#include "el2/mmio.h"
#include "el2/spinlock.h"

#define VPL011_LINE_MAX 200

struct vpl011 {
	const char *vm_name;
	spinlock_t lock;
	char line[VPL011_LINE_MAX];
	unsigned int len;
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
	uint64_t chars_out;
};

extern const struct mmio_model vpl011_model;

void vpl011_init(struct vpl011 *u, const char *vm_name);
/* Shows a partial line (when the VM stops mid-line). */
void vpl011_flush(struct vpl011 *u);

#endif
