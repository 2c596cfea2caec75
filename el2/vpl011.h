/* The emulated PL011 each VM gets as its console: the ARM PrimeCell UART as
 * Linux's amba-pl011 driver and simple polled drivers use it, with transmit,
 * receive and receive-timeout interrupts. Output is shown on Tandem's
 * console line by line behind the VM's name; input comes from Tandem's
 * console when the VM has the keyboard. */
#ifndef TANDEM_VPL011_H
#define TANDEM_VPL011_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/mmio.h"
#include "el2/esc_filter.h"
#include "el2/output_budget.h"
#include "el2/arch/spinlock.h"

#define VPL011_LINE_MAX 200
#define VPL011_RX_FIFO  32

struct vm;

struct vpl011 {
	const char *vm_name;
	struct vm *vm;
	uint32_t intid;             /* its interrupt (an SPI) */
	spinlock_t lock;
	char line[VPL011_LINE_MAX];
	unsigned int len;
	uint8_t rx[VPL011_RX_FIFO];
	unsigned int rx_head, rx_count;
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
	uint32_t ris;               /* raw interrupt status */
	uint32_t fr;                /* flag register, kept up to date */
	bool line_high;             /* what the vGIC was last told */
	uint64_t chars_out;
	struct esc_filter esc;      /* its terminal escape sequences, taken out */
	struct output_budget budget;   /* its share of the physical console */
};

extern const struct mmio_model vpl011_model;

void vpl011_init(struct vpl011 *u, struct vm *vm, const char *vm_name, uint32_t intid);
/* Shows a partial line (when the VM stops mid-line). */
void vpl011_flush(struct vpl011 *u);
/* Characters typed for this VM; returns how many fitted in its FIFO. */
unsigned int vpl011_receive(struct vpl011 *u, const char *s, unsigned int n);

#endif
