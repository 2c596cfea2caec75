/* Reads the board from the device tree the RTOS was given (x0 at entry; r2
 * on arm32): RAM, the GIC, the timer (the generic timer's interrupt, or
 * the A9's private and global timers), the console PL011 (or, in a tree
 * without one, as Xen's domU tree, an SBSA UART) and bootargs,
 * with Debian's libfdt. Addresses are translated through the buses'
 * ranges, interrupts through a bus's interrupt-map (Versatile Express). */
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

/* A bus address as its CPU address: up through every parent bus whose
 * `ranges` maps it (absent or empty ranges: taken as identity). */
static uint64_t translate(const void *fdt, int node, uint64_t addr)
{
	for (int bus = fdt_parent_offset(fdt, node); bus > 0; bus = fdt_parent_offset(fdt, bus)) {
		int ac = fdt_address_cells(fdt, bus), sc = fdt_size_cells(fdt, bus), len;
		int pac = fdt_address_cells(fdt, fdt_parent_offset(fdt, bus));
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);

		if (!r || ac < 1 || ac > 2 || pac < 1 || pac > 2 || sc < 1 || sc > 2)
			continue;
		for (int i = 0; i + ac + pac + sc <= len / 4; i += ac + pac + sc) {
			uint64_t child = cells(r + i, ac), size = cells(r + i + ac + pac, sc);

			if (addr >= child && addr - child < size) {
				addr = addr - child + cells(r + i + ac, pac);
				break;
			}
		}
	}
	return addr;
}

/* Up to `max` (address, size) pairs of a node's reg, as CPU addresses; how many. */
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
		out[i].base = translate(fdt, node, cells(reg + i * (ac + sc), ac));
		out[i].size = cells(reg + i * (ac + sc) + ac, sc);
	}
	return n;
}

/* A node's interrupt parent, as Linux finds it: up through interrupt-parent
 * or the tree to the first node with #interrupt-cells. */
static int irq_parent(const void *fdt, int node)
{
	do {
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", NULL);

		node = ph ? fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*ph)) : fdt_parent_offset(fdt, node);
	} while (node >= 0 && !fdt_getprop(fdt, node, "#interrupt-cells", NULL));
	return node;
}

/* A one-cell property (#interrupt-cells, #address-cells = <0>, which
 * fdt_address_cells refuses), or dflt. */
static int cell_prop(const void *fdt, int node, const char *name, int dflt)
{
	const fdt32_t *p = fdt_getprop(fdt, node, name, NULL);

	return p ? (int)fdt32_to_cpu(*p) : dflt;
}

/* The parent's specifier an interrupt-map maps the node's n-cell
 * specifier `spec` to (entries: child unit address, child specifier,
 * parent phandle, parent unit address, parent specifier; the child's part
 * masked by interrupt-map-mask), *n its length; NULL if none. */
static const fdt32_t *map_interrupt(const void *fdt, int node, int nexus, const fdt32_t *spec, int *n)
{
	int len, ac = fdt_address_cells(fdt, nexus), cn = *n;
	const fdt32_t *map = fdt_getprop(fdt, nexus, "interrupt-map", &len);
	const fdt32_t *mask = fdt_getprop(fdt, nexus, "interrupt-map-mask", NULL);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", NULL);
	uint32_t key[4], m[4];

	if (ac < 0 || ac + cn > 4)
		return NULL;
	for (int k = 0; k < ac + cn; k++) {
		m[k] = mask ? fdt32_to_cpu(mask[k]) : ~0u;
		key[k] = (k < ac ? (reg ? fdt32_to_cpu(reg[k]) : 0) : fdt32_to_cpu(spec[k - ac])) & m[k];
	}
	for (int i = 0; i + ac + cn + 1 <= len / 4;) {
		const fdt32_t *e = map + i;
		int ic = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(e[ac + cn])), pac, pn, hit = 1;

		if (ic < 0)
			return NULL;
		pac = cell_prop(fdt, ic, "#address-cells", 0);
		pn = cell_prop(fdt, ic, "#interrupt-cells", 0);
		if (pac < 0 || pn < 0 || i + ac + cn + 1 + pac + pn > len / 4)
			return NULL;
		for (int k = 0; k < ac + cn; k++)
			hit &= (fdt32_to_cpu(e[k]) & m[k]) == key[k];
		if (hit) {
			*n = pn;
			return e + ac + cn + 1 + pac;
		}
		i += ac + cn + 1 + pac + pn;
	}
	return NULL;
}

/* The index-th interrupt of a node as the GIC's INTID, from its (type,
 * number, flags) specifier, through its interrupt parent's interrupt-map
 * when that is a nexus (one level: Versatile Express's buses, whose
 * devices have 1-cell interrupts). */
static unsigned int intid_of(const void *fdt, int node, int index, unsigned int dflt)
{
	int len, parent = irq_parent(fdt, node);
	int n = parent >= 0 ? cell_prop(fdt, parent, "#interrupt-cells", 0) : 3;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || n < 1 || n > 3 || len < (index + 1) * n * 4)
		return dflt;
	p += index * n;
	if (parent >= 0 && fdt_getprop(fdt, parent, "interrupt-map", NULL))
		p = map_interrupt(fdt, node, parent, p, &n);
	if (!p || n != 3)
		return dflt;
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

	if (!path)
		path = fdt_get_alias(fdt, "serial0");

	if (path) {     /* a path or an alias, maybe with options: "serial0:115200n8" */
		const char *colon = strchr(path, ':');

		node = fdt_path_offset_namelen(fdt, path, colon ? (int)(colon - path) : (int)strlen(path));
	}
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011"))
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0) {         /* no PL011: an SBSA UART (Xen's domU tree: its vpl011) */
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,sbsa-uart");
		board.uart_sbsa = node >= 0;
	}
	if (node < 0 || read_reg(fdt, node, &board.uart, 1) < 1)
		return "no PL011 (or SBSA UART) console in the device tree";
	board.uart_intid = intid_of(fdt, node, 0, 0);
	return NULL;
}

/* No generic timer: the Cortex-A9 MPCore's private timer for deadlines,
 * and its global timer as the counter, which Linux's trees do not list: it
 * is at PERIPHBASE + 0x200, PERIPHBASE being the SCU's address. Their
 * clock, PERIPHCLK, is in no node either (but "clock-frequency" is read). */
static const char *read_a9_timers(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a9-twd-timer");
	const fdt32_t *f;

	if (node < 0 || read_reg(fdt, node, &board.timer_regs, 1) != 1)
		return NULL;    /* neither: the generic timer's defaults (a VM's tree) */
	f = fdt_getprop(fdt, node, "clock-frequency", NULL);
	board.timer_hz = f ? fdt32_to_cpu(*f) : 0;
	board.timer_intid = intid_of(fdt, node, 0, 29);
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a9-scu");
	if (node < 0 || read_reg(fdt, node, &board.counter_regs, 1) != 1)
		return "an A9 private timer but no SCU (arm,cortex-a9-scu) to find the global timer";
	board.counter_regs.base += 0x200;
	board.counter_regs.size = 0x20;
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
	/* tools/tandem_qemu.py without -icount: the counter is the host's clock
	 * (app/main.c's host-clock). */
	if (chosen >= 0 && fdt_getprop(fdt, chosen, "tandem,host-clock", NULL)) {
		size_t n = strlen(board.bootargs);

		snformat(board.bootargs + n, sizeof(board.bootargs) - n, "%shost-clock", n ? " " : "");
	}

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
	if (node < 0 && (err = read_a9_timers(fdt)))
		return err;
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
