/* Reads the board from the device tree the RTOS was given (x0 at entry; r2
 * on arm32): RAM, the GIC, the timer's interrupt, the console PL011 and
 * bootargs, with Debian's libfdt. */
#include <string.h>
#include <libfdt.h>
#include <format.h>
#include "guests/rtos/bsp/board.h"

struct board board;

/* The prebuilt libfdt.a was compiled with the stack protector. */
uintptr_t __stack_chk_guard = (uintptr_t)0x2f8e1c4a7b3d5e69ull;
void __stack_chk_fail(void) __attribute__((noreturn));
void __stack_chk_fail(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* Up to `max` (address, size) pairs of a node's reg; how many. */
static int read_reg(const void *fdt, int node, struct range *out, int max)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent), len, n;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return 0;
	n = len / (4 * (ac + sc));
	if (n > max)
		n = max;
	for (int i = 0; i < n; i++) {
		out[i].base = cells(reg + i * (ac + sc), ac);
		out[i].size = cells(reg + i * (ac + sc) + ac, sc);
	}
	return n;
}

/* The index-th interrupt of a node, GIC-style (type, number, flags): its INTID. */
static unsigned int intid_of(const void *fdt, int node, int index, unsigned int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || len < (index + 1) * 12)
		return dflt;
	p += index * 3;
	return fdt32_to_cpu(p[1]) + (fdt32_to_cpu(p[0]) == 1 ? 16 : 32);
}

static const char *read_gic(const void *fdt)
{
	static const char *const v2[] = {
		"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,cortex-a7-gic",
	};
	struct range r[1 + BOARD_MAX_GICR];
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), n;

	board.gic_version = 3;
	for (unsigned int i = 0; node < 0 && i < sizeof(v2) / sizeof(v2[0]); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, v2[i]);
		board.gic_version = 2;
	}
	if (node < 0)
		return "no GIC (arm,gic-v3 or a GICv2) in the device tree";
	n = read_reg(fdt, node, r, 1 + BOARD_MAX_GICR);
	if (n < 2)
		return "the GIC node's reg names no CPU interface or redistributor";
	board.gicd = r[0];
	if (board.gic_version == 3) {
		const fdt32_t *nr = fdt_getprop(fdt, node, "#redistributor-regions", NULL);
		int regions = nr ? (int)fdt32_to_cpu(*nr) : 1;

		board.ngicr = regions < n - 1 ? regions : n - 1;
		for (int i = 0; i < board.ngicr; i++)
			board.gicr[i] = r[1 + i];
	} else {
		board.gicc = r[1];
	}
	return NULL;
}

static const char *read_uart(const void *fdt, int chosen)
{
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	int node = -1;

	if (path) {     /* a path or an alias, maybe with options: "serial0:115200n8" */
		const char *colon = strchr(path, ':');

		node = fdt_path_offset_namelen(fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
	}
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011"))
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0 || read_reg(fdt, node, &board.uart, 1) < 1)
		return "no PL011 console in the device tree";
	board.uart_intid = intid_of(fdt, node, 0, 0);
	return NULL;
}

const char *board_read_dt(const void *fdt)
{
	int chosen, node;
	const char *s, *err;

	memset(&board, 0, sizeof(board));
	if (!fdt || fdt_check_header(fdt))
		return "no valid device tree at entry";
	chosen = fdt_path_offset(fdt, "/chosen");
	s = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	snformat(board.bootargs, sizeof(board.bootargs), "%s", s ? s : "");

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		s = fdt_getprop(fdt, node, "device_type", NULL);
		if (s && !strcmp(s, "memory") && board.nram < BOARD_MAX_RAM)
			board.nram += read_reg(fdt, node, board.ram + board.nram,
					       BOARD_MAX_RAM - board.nram);
	}
	if (!board.nram)
		return "no memory node in the device tree";

	/* Secure physical, non-secure physical, virtual, hypervisor. */
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv7-timer");
	board.timer_intid = node >= 0 ? intid_of(fdt, node, 2, 27) : 27;
	if (node >= 0) {
		const fdt32_t *f = fdt_getprop(fdt, node, "clock-frequency", NULL);

		board.timer_hz = f ? fdt32_to_cpu(*f) : 0;
	}
	if ((err = read_uart(fdt, chosen)))
		return err;
	/* Under Tandem, a channel to another VM (the first of them). */
	node = fdt_node_offset_by_compatible(fdt, -1, "tandem,channel");
	if (node >= 0 && read_reg(fdt, node, &board.chan, 1) == 1) {
		const fdt32_t *index = fdt_getprop(fdt, node, "tandem,index", NULL);

		board.chan_intid = intid_of(fdt, node, 0, 0);
		board.chan_index = index ? fdt32_to_cpu(*index) : 0;
	}
	return read_gic(fdt);
}
