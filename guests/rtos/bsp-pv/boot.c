/* Boot of the paravirtual port: the board from the device tree (RAM, the
 * timer's and the console's interrupts; Tandem built the address space, so
 * nothing is mapped here), the area shared with Tandem and the upcall, the
 * timer and the console's input; the banner; then the application, which
 * starts the kernel. */
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/bsp-pv/hypercall.h"
#include "guests/rtos/app/app.h"

#define RTOS_VERSION "1.0"

static uint64_t ram_total(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < board.nram; i++)
		sum += board.ram[i].size;
	return sum;
}

void bsp_boot(const void *fdt)
{
	const char *err = board_read_dt(fdt);
	long r;

	rtos_init();
	if (err) {
		rtos_printf("rtos: cannot start: %s\n", err);
		arch_halt();
	}
	r = pv_call(TANDEM_PV_SETUP, (uintptr_t)&pv_shared, (uintptr_t)pv_upcall, 0, 0);
	if (r) {
		rtos_printf("rtos: cannot start: Tandem refused the shared area (%ld)\n", r);
		arch_halt();
	}
	arch_cpu_init();
	timer_init();
	uart_rx_enable();
	rtos_printf("rtos: Tandem RTOS %s: paravirtualized, timer %llu Hz (INTID %u), RAM %llu MiB "
		    "at 0x%llx, console by hypercall (INTID %u)\n", RTOS_VERSION,
		    (unsigned long long)rtos_ticks_per_second(), board.timer_intid,
		    (unsigned long long)(ram_total() >> 20), (unsigned long long)board.ram[0].base,
		    board.uart_intid);
	arch_fp_off();
	app_main(board.bootargs);
	rtos_printf("rtos: the application returned\n");
	arch_halt();
}
