/* Device addresses through the buses' 'ranges' and interrupts through
 * 'interrupt-map' (fixture buses.dts, laid out like vexpress-a9's tree, and
 * hostile edits of it), and Debian's own vexpress-v2p-ca9.dtb, parsed as
 * Tandem parses its platform on the Cortex-A9. */
#include <check.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt/platform.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"

static struct platform p;
static char msg[256];

static void *buses(size_t extra)
{
	size_t size;
	void *blob = fixture_load("buses.dtb", &size);
	void *fdt = malloc(size + extra);

	ck_assert_ptr_nonnull(fdt);
	ck_assert_int_eq(fdt_open_into(blob, fdt, (int)(size + extra)), 0);
	free(blob);
	return fdt;
}

static int node_at(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	ck_assert_msg(node >= 0, "%s not in the fixture", path);
	return node;
}

#define IOFPGA "/bus@40000000/motherboard@40000000/iofpga@7,0"

/* The CPU address of a node's first reg entry, or -1. */
static int64_t phys(const void *fdt, const char *path)
{
	uint64_t base, size;

	if (fdt_read_reg_phys(fdt, node_at(fdt, path), 0, &base, &size))
		return -1;
	return (int64_t)base;
}

static void set_cells(void *fdt, const char *path, const char *prop, const uint32_t *v, int n)
{
	fdt32_t cells[32];

	ck_assert_int_le(n, 32);
	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	ck_assert_int_eq(fdt_setprop(fdt, node_at(fdt, path), prop, cells, n * 4), 0);
}

/* fdt_irq_intid with the GIC found by its path. */
static int intid(const void *fdt, const char *path, int index, unsigned int *out)
{
	return fdt_irq_intid(fdt, node_at(fdt, path), index,
			     node_at(fdt, "/interrupt-controller@1e001000"), out);
}

START_TEST(addresses_through_three_levels_of_ranges)
{
	void *fdt = buses(0);

	/* iofpga 0x9000 -> motherboard <7 0x9000> -> bus 0x10009000 -> root. */
	ck_assert_int_eq(phys(fdt, IOFPGA "/uart@9000"), 0x10009000);
	ck_assert_int_eq(phys(fdt, IOFPGA "/two@c000"), 0x1000c000);
	/* 2 address cells <0 0> through the motherboard's first range. */
	ck_assert_int_eq(phys(fdt, "/bus@40000000/motherboard@40000000/flash@0,0"), 0x40000000);
	/* Under the root: untouched. */
	ck_assert_int_eq(phys(fdt, "/direct@1c000000"), 0x1c000000);
	free(fdt);
}
END_TEST

START_TEST(empty_ranges_is_identity)
{
	void *fdt = buses(0);

	ck_assert_int_eq(phys(fdt, "/bus@40000000/identity/dev@40001000"), 0x40001000);
	free(fdt);
}
END_TEST

START_TEST(a_bus_without_ranges_is_not_translatable)
{
	void *fdt = buses(0);

	ck_assert_int_eq(phys(fdt, "/bus@40000000/closed/dev@0"), -1);
	/* The raw reg is still readable. */
	uint64_t base, size;
	ck_assert_int_eq(fdt_read_reg(fdt, node_at(fdt, "/bus@40000000/closed/dev@0"), 0, &base, &size), 0);
	ck_assert_uint_eq(size, 0x100);
	free(fdt);
}
END_TEST

START_TEST(addresses_outside_every_range_are_refused)
{
	void *fdt = buses(0);

	ck_assert_int_eq(phys(fdt, IOFPGA "/outside@30000"), -1);
	/* Starts inside the iofpga's 128 KiB, ends beyond it. */
	ck_assert_int_eq(phys(fdt, IOFPGA "/straddle@1f800"), -1);
	free(fdt);
}
END_TEST

START_TEST(malformed_ranges_are_refused)
{
	const uint32_t short_by_one[] = { 0, 7, 0 };
	const uint32_t three_cells[] = { 3 };
	const uint32_t wraps[] = { 0x10000000, 0xfffff000, 0x20000 };
	void *fdt = buses(256);

	/* A length that is not a multiple of the entry (1+2+1 cells). */
	set_cells(fdt, IOFPGA, "ranges", short_by_one, 3);
	ck_assert_int_eq(phys(fdt, IOFPGA "/uart@9000"), -1);
	free(fdt);

	/* More than 2 address cells. */
	fdt = buses(256);
	set_cells(fdt, "/bus@40000000/motherboard@40000000", "#address-cells", three_cells, 1);
	ck_assert_int_eq(phys(fdt, IOFPGA "/uart@9000"), -1);
	free(fdt);

	/* A range whose parent side runs off the root's 1-cell (4 GiB) space. */
	fdt = buses(256);
	set_cells(fdt, "/bus@40000000", "ranges", wraps, 3);
	ck_assert_int_eq(phys(fdt, IOFPGA "/uart@9000"), -1);
	free(fdt);
}
END_TEST

/* A chain of depth nested nodes, each with an empty ranges, and a device
 * at the bottom: translatable up to FDT_MAX_BUS_DEPTH levels. */
static int64_t nested(int depth)
{
	static char fdt[16384];
	const fdt32_t one = cpu_to_fdt32(1);
	const fdt32_t reg[] = { cpu_to_fdt32(0x1234000), cpu_to_fdt32(0x1000) };
	int node = 0;
	uint64_t base, size;

	ck_assert_int_eq(fdt_create_empty_tree(fdt, sizeof(fdt)), 0);
	for (int d = 0; d <= depth; d++) {
		ck_assert_int_eq(fdt_setprop(fdt, node, "#address-cells", &one, 4), 0);
		ck_assert_int_eq(fdt_setprop(fdt, node, "#size-cells", &one, 4), 0);
		if (d)
			ck_assert_int_eq(fdt_setprop(fdt, node, "ranges", NULL, 0), 0);
		node = fdt_add_subnode(fdt, node, d == depth ? "dev" : "bus");
		ck_assert_int_ge(node, 0);
	}
	ck_assert_int_eq(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)), 0);
	if (fdt_read_reg_phys(fdt, node, 0, &base, &size))
		return -1;
	return (int64_t)base;
}

START_TEST(the_bus_depth_is_bounded)
{
	ck_assert_int_eq(nested(1), 0x1234000);
	ck_assert_int_eq(nested(FDT_MAX_BUS_DEPTH - 1), 0x1234000);
	ck_assert_int_eq(nested(FDT_MAX_BUS_DEPTH), -1);
	ck_assert_int_eq(nested(40), -1);
}
END_TEST

START_TEST(interrupts_through_the_interrupt_map)
{
	void *fdt = buses(0);
	unsigned int id = 0;

	/* <5> -> GIC <0 5 4>: SPI 5. */
	ck_assert_int_eq(intid(fdt, IOFPGA "/uart@9000", 0, &id), 0);
	ck_assert_uint_eq(id, 37);
	/* <13> -> GIC <1 13 0xf04>: PPI 13. */
	ck_assert_int_eq(intid(fdt, IOFPGA "/ppi@a000", 0, &id), 0);
	ck_assert_uint_eq(id, 29);
	/* The second of two. */
	ck_assert_int_eq(intid(fdt, IOFPGA "/two@c000", 1, &id), 0);
	ck_assert_uint_eq(id, 38);
	/* Two maps in a row: <1> -> nexus-b <9> -> GIC SPI 20. */
	ck_assert_int_eq(intid(fdt, "/nexus-a/chained", 0, &id), 0);
	ck_assert_uint_eq(id, 52);
	free(fdt);
}
END_TEST

START_TEST(interrupts_without_a_map_are_left_to_the_caller)
{
	void *fdt = buses(0);
	unsigned int id = 0;

	/* 3 cells straight to the GIC (the root's interrupt-parent). */
	ck_assert_int_eq(intid(fdt, "/direct@1c000000", 0, &id), 0);
	ck_assert_uint_eq(id, 76);
	/* Another controller: not the GIC's INTID space. */
	ck_assert_int_eq(intid(fdt, "/on-gpio", 0, &id), 1);
	/* No interrupts; an index past them. */
	ck_assert_int_eq(intid(fdt, "/memory@60000000", 0, &id), 1);
	ck_assert_int_eq(intid(fdt, IOFPGA "/uart@9000", 1, &id), 1);
	free(fdt);
}
END_TEST

START_TEST(an_interrupt_the_map_lacks_is_refused)
{
	void *fdt = buses(0);
	unsigned int id = 0;

	ck_assert_int_eq(intid(fdt, IOFPGA "/unmapped@b000", 0, &id), -1);
	/* The mask keeps 6 bits: 0x45 is 5 to it. */
	set_cells(fdt, IOFPGA "/unmapped@b000", "interrupts", (const uint32_t[]){ 0x45 }, 1);
	ck_assert_int_eq(intid(fdt, IOFPGA "/unmapped@b000", 0, &id), 0);
	ck_assert_uint_eq(id, 37);
	free(fdt);
}
END_TEST

START_TEST(malformed_interrupt_maps_are_refused)
{
	unsigned int id = 0;
	void *fdt = buses(256);

	/* The last entry cut short. */
	set_cells(fdt, "/bus@40000000", "interrupt-map",
		  (const uint32_t[]){ 0, 6, fdt_get_phandle(fdt, node_at(fdt, "/interrupt-controller@1e001000")),
				      0, 6, 4, 0, 5,
				      fdt_get_phandle(fdt, node_at(fdt, "/interrupt-controller@1e001000")),
				      0, 5 }, 11);
	ck_assert_int_eq(intid(fdt, IOFPGA "/uart@9000", 0, &id), -1);
	free(fdt);

	/* A mask of the wrong length. */
	fdt = buses(256);
	set_cells(fdt, "/bus@40000000", "interrupt-map-mask", (const uint32_t[]){ 0x3f }, 1);
	ck_assert_int_eq(intid(fdt, IOFPGA "/uart@9000", 0, &id), -1);
	free(fdt);

	/* A phandle to nothing. */
	fdt = buses(256);
	set_cells(fdt, "/bus@40000000", "interrupt-map", (const uint32_t[]){ 0, 5, 0x7777, 0, 5, 4 }, 6);
	ck_assert_int_eq(intid(fdt, IOFPGA "/uart@9000", 0, &id), -1);
	free(fdt);

	/* A map to itself: bounded. */
	fdt = buses(0);
	ck_assert_int_eq(intid(fdt, "/loop/dev", 0, &id), -1);
	free(fdt);

	/* A specifier the GIC does not take (its #interrupt-cells made 2). */
	fdt = buses(256);
	set_cells(fdt, "/interrupt-controller@1e001000", "#interrupt-cells", (const uint32_t[]){ 2 }, 1);
	ck_assert_int_eq(intid(fdt, IOFPGA "/uart@9000", 0, &id), -1);
	free(fdt);
}
END_TEST

START_TEST(an_interrupt_parent_loop_ends)
{
	void *fdt = buses(256);
	int node = node_at(fdt, "/on-gpio");
	uint32_t self;
	unsigned int id = 0;

	ck_assert_int_eq(fdt_generate_phandle(fdt, &self), 0);
	ck_assert_int_eq(fdt_setprop_u32(fdt, node, "phandle", self), 0);
	ck_assert_int_eq(fdt_setprop_u32(fdt, node_at(fdt, "/on-gpio"), "interrupt-parent", self), 0);
	ck_assert_int_eq(intid(fdt, "/on-gpio", 0, &id), 1);
	free(fdt);
}
END_TEST

START_TEST(the_platform_behind_buses)
{
	void *fdt = buses(0);

	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(p.uart.base, 0x10009000);
	ck_assert_uint_eq(p.uart.size, 0x1000);
	ck_assert_uint_eq(p.uart_irq, 37);
	ck_assert_str_eq(p.uart_path, IOFPGA "/uart@9000");
	ck_assert_uint_eq(p.gic_version, 2);
	ck_assert(p.gic_v1);
	free(fdt);
}
END_TEST

START_TEST(a_console_out_of_reach_is_refused)
{
	void *fdt = buses(256);

	set_cells(fdt, IOFPGA "/uart@9000", "interrupts", (const uint32_t[]){ 7 }, 1);
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "/bus@40000000/motherboard@40000000/iofpga@7,0/uart@9000: its interrupt "
			      "has no entry in its bus's interrupt-map");
	free(fdt);

	fdt = buses(256);
	ck_assert_int_eq(fdt_delprop(fdt, node_at(fdt, IOFPGA), "ranges"), 0);
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_contains(msg, "uart@9000 has no reg the CPU can reach through its buses' ranges");
	free(fdt);
}
END_TEST

/* Debian's tree for QEMU's vexpress-a9 (guests/a9/platform-tree.sh). */
START_TEST(debian_vexpress_v2p_ca9)
{
	FILE *f = fopen(A9_PLATFORM_DTB, "rb");
	static char fdt[64 * 1024];

	ck_assert_msg(f != NULL, "%s is missing (make %s)", A9_PLATFORM_DTB, A9_PLATFORM_DTB);
	ck_assert_uint_gt(fread(fdt, 1, sizeof(fdt), f), 1024);
	fclose(f);
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(p.ncpus, 4);
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_uint_eq(p.cpu_mpidr[i], i);
	ck_assert_uint_eq(p.nram, 1);
	ck_assert_uint_eq(p.ram[0].base, 0x60000000);
	ck_assert_uint_eq(p.ram[0].size, 1ull << 30);
	ck_assert_uint_eq(p.gic_version, 2);
	ck_assert(p.gic_v1);
	ck_assert_uint_eq(p.gicd.base, 0x1e001000);
	ck_assert_uint_eq(p.gicd.size, 0x1000);
	ck_assert_uint_eq(p.gicc.base, 0x1e000100);
	ck_assert_uint_eq(p.gicc.size, 0x100);
	ck_assert_uint_eq(p.gich.size, 0);
	ck_assert_uint_eq(p.gicv.size, 0);
	ck_assert_uint_eq(p.uart.base, 0x10009000);
	ck_assert_uint_eq(p.uart.size, 0x1000);
	ck_assert_uint_eq(p.uart_irq, 37);
	ck_assert_str_eq(p.uart_path,
			 "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/uart@9000");
	ck_assert_uint_eq(p.mpcore_periphbase, 0x1e000000);
	ck_assert_uint_eq(p.mpcore_scu.base, 0x1e000000);
	ck_assert_uint_eq(p.mpcore_twd.base, 0x1e000600);
	ck_assert_uint_eq(p.mpcore_twd.size, 0x20);
	ck_assert_uint_eq(p.mpcore_twd_irq, 29);
	ck_assert_uint_eq(p.mpcore_gtimer.base, 0x1e000200);
	ck_assert_uint_eq(p.mpcore_gtimer_irq, 27);
	ck_assert_uint_eq(p.vexpress_sysreg.base, 0x10000000);
	ck_assert_uint_eq(p.vexpress_sysreg.size, 0x1000);
	ck_assert(!p.has_psci);
	ck_assert(!p.psci_smc);
	ck_assert(!p.has_generic_timer);
	ck_assert_uint_eq(p.nmodules, 0);
	/* The hardware-assisted path is not for this core. */
	ck_assert_int_eq(platform_check_hw_virt(&p, msg, sizeof(msg)), -1);
	ck_assert_contains(msg, "a Cortex-A9 MPCore (GICv1) has no virtualization extensions");
}
END_TEST

START_TEST(virt_trees_have_no_mpcore)
{
	size_t size;
	void *fdt = fixture_load("virt-gicv2.dtb", &size);

	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert(!p.gic_v1);
	ck_assert_uint_eq(p.mpcore_periphbase, 0);
	ck_assert_uint_eq(p.mpcore_twd.size, 0);
	ck_assert_uint_eq(p.mpcore_gtimer.size, 0);
	ck_assert_uint_eq(p.vexpress_sysreg.size, 0);
	ck_assert(p.has_psci);
	ck_assert(p.has_generic_timer);
	free(fdt);
}
END_TEST

Suite *platform_buses_suite(void)
{
	Suite *s = suite_create("platform_buses");
	TCase *ranges = tcase_create("ranges");
	TCase *irq = tcase_create("interrupt-map");
	TCase *plat = tcase_create("platform");

	tcase_add_test(ranges, addresses_through_three_levels_of_ranges);
	tcase_add_test(ranges, empty_ranges_is_identity);
	tcase_add_test(ranges, a_bus_without_ranges_is_not_translatable);
	tcase_add_test(ranges, addresses_outside_every_range_are_refused);
	tcase_add_test(ranges, malformed_ranges_are_refused);
	tcase_add_test(ranges, the_bus_depth_is_bounded);
	suite_add_tcase(s, ranges);

	tcase_add_test(irq, interrupts_through_the_interrupt_map);
	tcase_add_test(irq, interrupts_without_a_map_are_left_to_the_caller);
	tcase_add_test(irq, an_interrupt_the_map_lacks_is_refused);
	tcase_add_test(irq, malformed_interrupt_maps_are_refused);
	tcase_add_test(irq, an_interrupt_parent_loop_ends);
	suite_add_tcase(s, irq);

	tcase_add_test(plat, the_platform_behind_buses);
	tcase_add_test(plat, a_console_out_of_reach_is_refused);
	tcase_add_test(plat, debian_vexpress_v2p_ca9);
	tcase_add_test(plat, virt_trees_have_no_mpcore);
	suite_add_tcase(s, plat);
	return s;
}
