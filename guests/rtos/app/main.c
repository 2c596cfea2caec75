/* The application's start: options from bootargs, the cycle counter's
 * calibration, the tasks, then the kernel. Bootargs (space-separated):
 *   bench            measure the control task's release latency
 *   periods=N        measured periods (default 10000)
 *   period-us=P      the control task's period (default 1000)
 *   start-ms=S       wait before the first measured release (default 0)
 *   micro            run the micro-benchmarks (micro.c); with `hypercall`,
 *                    the null hypercall too (only under Tandem)
 *   chan-corrupt=N   break the channel's ring after N answers (a test)
 *   probe=ADDR       read the 32-bit word at ADDR first (a test: under Tandem,
 *                    an address the VM does not own stops it)
 *   clock=timer      (read by the arm64 port's arch_cpu_init) no PMU: cycles
 *                    are the virtual counter's ticks x 16 on QEMU virt
 *   host-clock       the timer's counter follows the host's clock (QEMU
 *                    without -icount, whose vCPUs are host threads): the
 *                    status line marks its misses "(vs host clock)". The
 *                    board adds it when /chosen has tandem,host-clock, which
 *                    tools/tandem_qemu.py sets without --icount (bsp/dt.c) */
#include <string.h>
#include <stdlib.h>
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/app/app.h"

#define BENCH_MAX_PERIODS 100000

struct app_options opt;
struct port_cycles_cal cal;
uint64_t app_epoch;

static const char *arg_value(const char *args, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = args; *p; p++)
		if ((p == args || p[-1] == ' ') && !strncmp(p, key, n) &&
		    (p[n] == '=' || p[n] == ' ' || p[n] == '\0'))
			return p[n] == '=' ? p + n + 1 : p + n;
	return NULL;
}

static uint32_t arg_u32(const char *args, const char *key, uint32_t dflt, uint32_t min,
			uint32_t max)
{
	const char *v = arg_value(args, key);
	unsigned long x;

	if (!v || !*v || *v == ' ')
		return dflt;
	x = strtoul(v, NULL, 0);
	if (x < min || x > max) {
		rtos_printf("rtos: %s=%lu is out of range [%u, %u]; using %u\n", key, x, min, max, dflt);
		return dflt;
	}
	return (uint32_t)x;
}

void app_main(const char *args)
{
	opt.bench = arg_value(args, "bench") != NULL;
	opt.periods = arg_u32(args, "periods", 10000, 1, BENCH_MAX_PERIODS);
	opt.period_us = arg_u32(args, "period-us", 1000, 50, 1000000);
	opt.start_ms = arg_u32(args, "start-ms", 0, 0, 3600000);
	opt.host_clock = arg_value(args, "host-clock") != NULL;

	if (arg_value(args, "probe")) {
		unsigned long addr = strtoul(arg_value(args, "probe"), NULL, 0);

		rtos_printf("rtos: probe: reading 0x%lx\n", addr);
		rtos_printf("rtos: probe: read 0x%x\n", *(volatile uint32_t *)(uintptr_t)addr);
	}
	port_cycles_calibrate(&cal);
	rtos_printf("rtos: cycle counter: %llu cycles per timer tick, offset %lld, spread %lld (%s)\n",
		    (unsigned long long)cal.cycles_per_tick, (long long)cal.offset,
		    (long long)cal.spread, cal.exact ? "exact" : "inexact: latencies are approximate");
	if (opt.host_clock)
		rtos_printf("rtos: clock: the timer follows the host's clock (QEMU without -icount): "
			    "misses and latencies include the host's scheduling of QEMU's vCPU threads\n");
	if (opt.bench)
		rtos_printf("rtos: bench: periods %u period_us %u start_ms %u\n", opt.periods,
			    opt.period_us, opt.start_ms);
	else
		rtos_printf("rtos: demo: control task every %u us; shell on the console (try help)\n",
			    opt.period_us);

	app_epoch = rtos_now();
	control_start();
	demo_start();
	shell_start();
	channel_server_start(arg_u32(args, "chan-corrupt", 0, 0, 1000000));
	if (arg_value(args, "micro"))
		micro_start(arg_value(args, "hypercall") != NULL);
	rtos_start();
}
