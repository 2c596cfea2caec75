/* Boot of the native port: the board from the device tree, the identity
 * map it implies, the console, the GIC and the timer; the banner; then the
 * application, which starts the kernel. FP/SIMD is turned off before any
 * task runs, so that a task using it traps instead of silently sharing
 * registers the context switch does not save. */
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/bsp/arch.h"
#include "guests/rtos/bsp/board.h"
#include "guests/rtos/app/app.h"
#include "el2/hypercall.h"

#define RTOS_VERSION "1.0"

static bool map_board(void)
{
	bool ok = true;

	for (int i = 0; i < board.nram; i++)
		ok &= mmu_map(board.ram[i].base, board.ram[i].size, false);
	ok &= mmu_map(board.uart.base, board.uart.size, true);
	ok &= mmu_map(board.gicd.base, board.gicd.size, true);
	if (board.gic_version == 2)
		ok &= mmu_map(board.gicc.base, board.gicc.size, true);
	for (int i = 0; i < board.ngicr; i++)
		ok &= mmu_map(board.gicr[i].base, board.gicr[i].size, true);
	if (board.timer_regs.base)     /* memory-mapped timers (the A9's) */
		ok &= mmu_map(board.timer_regs.base, board.timer_regs.size, true);
	if (board.counter_regs.base)
		ok &= mmu_map(board.counter_regs.base, board.counter_regs.size, true);
	if (board.chan.base)   /* shared memory: normal, cacheable, as Tandem maps it */
		ok &= mmu_map(board.chan.base, board.chan.size, false);
	mmu_switch();
	return ok;
}

static uint64_t ram_total(void)
{
	uint64_t sum = 0;

	for (int i = 0; i < board.nram; i++)
		sum += board.ram[i].size;
	return sum;
}

/* Under Tandem's hardware-assisted path: HVC, as the channel's doorbell. */
int64_t bsp_null_hypercall(void)
{
	return (int64_t)arch_hvc(TANDEM_HC_NULL, 0);
}

void bsp_boot(const void *fdt)
{
	const char *err = board_read_dt(fdt);
	bool mapped;

	if (!board.uart.base)           /* nowhere to say why */
		arch_halt();
	mapped = map_board();
	rtos_init();
	uart_init();
	if (err) {
		rtos_printf("rtos: cannot start: %s\n", err);
		arch_halt();
	}
	if (!mapped)
		rtos_printf("rtos: warning: part of the board could not be mapped "
			    "(beyond the address space or too many regions)\n");
	arch_cpu_init();
	if ((err = gic_init())) {
		rtos_printf("rtos: cannot start: GICv%d: %s\n", board.gic_version, err);
		arch_halt();
	}
	timer_init();
	uart_rx_enable();
	rtos_printf("rtos: Tandem RTOS %s: GICv%d, timer %llu Hz (INTID %u), RAM %llu MiB at 0x%llx, "
		    "%s at 0x%llx (INTID %u)\n", RTOS_VERSION, board.gic_version,
		    (unsigned long long)rtos_ticks_per_second(), board.timer_intid,
		    (unsigned long long)(ram_total() >> 20), (unsigned long long)board.ram[0].base,
		    board.uart_sbsa ? "SBSA UART" : "PL011", (unsigned long long)board.uart.base,
		    board.uart_intid);
	arch_fp_off();
	app_main(board.bootargs);
	rtos_printf("rtos: the application returned\n");
	arch_halt();
}
