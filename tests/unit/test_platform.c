/* Platform device-tree parsing on QEMU virt trees (GICv3 and GICv2), the
 * compacting copy, and refusals of trees Tandem cannot run on. */
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

static int parse_fixture(const char *name)
{
	void *fdt = fixture_load(name, NULL);
	int r;

	memset(msg, 0, sizeof(msg));
	r = platform_parse(fdt, &p, msg, sizeof(msg));
	free(fdt);
	return r;
}

/* A fixture opened into a buffer with room for edits. */
static void *fixture_open(const char *name, size_t extra)
{
	size_t size;
	void *blob = fixture_load(name, &size);
	void *fdt = malloc(size + extra);

	ck_assert_ptr_nonnull(fdt);
	ck_assert_int_eq(fdt_open_into(blob, fdt, (int)(size + extra)), 0);
	free(blob);
	return fdt;
}

static void del_node(void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	ck_assert_msg(node >= 0, "%s not in the fixture", path);
	ck_assert_int_eq(fdt_del_node(fdt, node), 0);
}

START_TEST(gicv3_platform)
{
	ck_assert_int_eq(parse_fixture("virt-gicv3.dtb"), 0);
	ck_assert_uint_eq(p.ncpus, 4);
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_uint_eq(p.cpu_mpidr[i], i);
	ck_assert_uint_eq(p.nram, 1);
	ck_assert_uint_eq(p.ram[0].base, 0x40000000);
	ck_assert_uint_eq(p.ram[0].size, 0x40000000);
	ck_assert_uint_eq(p.gic_version, 3);
	ck_assert_uint_eq(p.gicd.base, 0x8000000);
	ck_assert_uint_eq(p.gicd.size, 0x10000);
	ck_assert_uint_eq(p.gicr.base, 0x80a0000);
	ck_assert_uint_eq(p.gicr.size, 0xf60000);
	ck_assert_uint_eq(p.gicc.size, 0);
	ck_assert_uint_eq(p.gich.size, 0);
	ck_assert_uint_eq(p.gicv.size, 0);
	ck_assert_uint_eq(p.gic_maint_irq, 25);
	ck_assert_str_eq(p.gic_path, "/intc@8000000");
	ck_assert_uint_eq(p.uart.base, 0x9000000);
	ck_assert_uint_eq(p.uart.size, 0x1000);
	ck_assert_uint_eq(p.uart_irq, 33);
	ck_assert_str_eq(p.uart_path, "/pl011@9000000");
	ck_assert_uint_eq(p.timer_irq[0], 29);
	ck_assert_uint_eq(p.timer_irq[1], 30);
	ck_assert_uint_eq(p.timer_irq[2], 27);
	ck_assert_uint_eq(p.timer_irq[3], 26);
	ck_assert(p.psci_smc);
	ck_assert_str_eq(p.bootargs, "");
}
END_TEST

START_TEST(gicv2_platform)
{
	ck_assert_int_eq(parse_fixture("virt-gicv2.dtb"), 0);
	ck_assert_uint_eq(p.ncpus, 4);
	ck_assert_uint_eq(p.cpu_mpidr[3], 3);
	ck_assert_uint_eq(p.gic_version, 2);
	ck_assert_uint_eq(p.gicd.base, 0x8000000);
	ck_assert_uint_eq(p.gicd.size, 0x10000);
	ck_assert_uint_eq(p.gicc.base, 0x8010000);
	ck_assert_uint_eq(p.gicc.size, 0x10000);
	ck_assert_uint_eq(p.gich.base, 0x8030000);
	ck_assert_uint_eq(p.gich.size, 0x10000);
	ck_assert_uint_eq(p.gicv.base, 0x8040000);
	ck_assert_uint_eq(p.gicv.size, 0x10000);
	ck_assert_uint_eq(p.gicr.size, 0);
	ck_assert_uint_eq(p.gic_maint_irq, 25);
	ck_assert_str_eq(p.gic_path, "/intc@8000000");
	ck_assert_uint_eq(p.uart.base, 0x9000000);
	ck_assert_uint_eq(p.uart_irq, 33);
	/* GICv2 PPI specifiers carry a CPU mask in the flags cell (0xf04). */
	ck_assert_uint_eq(p.timer_irq[0], 29);
	ck_assert_uint_eq(p.timer_irq[1], 30);
	ck_assert_uint_eq(p.timer_irq[2], 27);
	ck_assert_uint_eq(p.timer_irq[3], 26);
	ck_assert(p.psci_smc);
	ck_assert_uint_eq(p.nram, 1);
	ck_assert_uint_eq(p.ram[0].size, 1ull << 30);
}
END_TEST

START_TEST(boot_modules_sorted_by_address)
{
	ck_assert_int_eq(parse_fixture("virt-gicv3.dtb"), 0);
	/* The tree lists 0x7ff00000 first. */
	ck_assert_uint_eq(p.nmodules, 2);
	ck_assert_uint_eq(p.modules[0].addr, 0x7c000000);
	ck_assert_uint_eq(p.modules[0].size, 0x6000);
	ck_assert_int_eq(p.modules[0].kind, MODULE_KERNEL);
	ck_assert_uint_eq(p.modules[1].addr, 0x7ff00000);
	ck_assert_uint_eq(p.modules[1].size, 0x1aa);
	ck_assert_int_eq(p.modules[1].kind, MODULE_KERNEL);
	ck_assert_str_eq(p.modules[0].bootargs, "");
}
END_TEST

START_TEST(module_kinds_bootargs_and_chosen_bootargs)
{
	void *fdt = fixture_open("virt-gicv3.dtb", 4096);
	int chosen = fdt_path_offset(fdt, "/chosen");
	static const char ramdisk_compat[] = "multiboot,module\0multiboot,ramdisk";
	const fdt32_t reg_rd[] = { 0, cpu_to_fdt32(0x7e000000), 0, cpu_to_fdt32(0x200000) };
	const fdt32_t reg_other[] = { 0, cpu_to_fdt32(0x7d000000), 0, cpu_to_fdt32(0x1000) };
	int node;

	ck_assert_int_ge(chosen, 0);
	ck_assert_int_eq(fdt_setprop_string(fdt, chosen, "bootargs", "tandem.debug"), 0);
	node = fdt_add_subnode(fdt, chosen, "module@7e000000");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_setprop(fdt, node, "compatible", ramdisk_compat, sizeof(ramdisk_compat)), 0);
	ck_assert_int_eq(fdt_setprop(fdt, node, "reg", reg_rd, sizeof(reg_rd)), 0);
	chosen = fdt_path_offset(fdt, "/chosen");
	node = fdt_add_subnode(fdt, chosen, "module@7d000000");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_setprop_string(fdt, node, "compatible", "multiboot,module"), 0);
	ck_assert_int_eq(fdt_setprop(fdt, node, "reg", reg_other, sizeof(reg_other)), 0);
	ck_assert_int_eq(fdt_setprop_string(fdt, node, "bootargs", "console=hvc0"), 0);
	/* Not a module: ignored. */
	chosen = fdt_path_offset(fdt, "/chosen");
	node = fdt_add_subnode(fdt, chosen, "framebuffer@0");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_setprop(fdt, node, "reg", reg_other, sizeof(reg_other)), 0);

	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert_str_eq(p.bootargs, "tandem.debug");
	ck_assert_uint_eq(p.nmodules, 4);
	ck_assert_uint_eq(p.modules[0].addr, 0x7c000000);
	ck_assert_uint_eq(p.modules[1].addr, 0x7d000000);
	ck_assert_int_eq(p.modules[1].kind, MODULE_OTHER);
	ck_assert_str_eq(p.modules[1].bootargs, "console=hvc0");
	ck_assert_uint_eq(p.modules[2].addr, 0x7e000000);
	ck_assert_uint_eq(p.modules[2].size, 0x200000);
	ck_assert_int_eq(p.modules[2].kind, MODULE_RAMDISK);
	ck_assert_uint_eq(p.modules[3].addr, 0x7ff00000);
	free(fdt);
}
END_TEST

START_TEST(cpu_index_and_module_lookup)
{
	ck_assert_int_eq(parse_fixture("virt-gicv3.dtb"), 0);
	ck_assert_int_eq(platform_cpu_index(&p, 0), 0);
	ck_assert_int_eq(platform_cpu_index(&p, 2), 2);
	ck_assert_int_eq(platform_cpu_index(&p, 3), 3);
	ck_assert_int_eq(platform_cpu_index(&p, 4), -1);
	ck_assert_int_eq(platform_cpu_index(&p, 0x100), -1);
	ck_assert_ptr_eq(platform_module_at(&p, 0x7c000000), &p.modules[0]);
	ck_assert_ptr_eq(platform_module_at(&p, 0x7ff00000), &p.modules[1]);
	ck_assert_ptr_null(platform_module_at(&p, 0x7c000001));   /* inside, not at */
	ck_assert_ptr_null(platform_module_at(&p, 0x7d000000));
	ck_assert_ptr_null(platform_module_at(&p, 0));
}
END_TEST

START_TEST(hvc_conduit_and_missing_timer_use_defaults)
{
	void *fdt = fixture_open("virt-gicv3.dtb", 1024);
	int node = fdt_path_offset(fdt, "/psci");

	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_setprop_string(fdt, node, "method", "hvc"), 0);
	node = fdt_path_offset(fdt, "/timer");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_delprop(fdt, node, "interrupts"), 0);
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert(!p.psci_smc);
	ck_assert_uint_eq(p.timer_irq[0], 29);
	ck_assert_uint_eq(p.timer_irq[3], 26);
	free(fdt);
}
END_TEST

START_TEST(gic_intid_from_specifier)
{
	const uint32_t spi1[3] = { cpu_to_fdt32(0), cpu_to_fdt32(1), cpu_to_fdt32(4) };
	const uint32_t ppi9[3] = { cpu_to_fdt32(1), cpu_to_fdt32(9), cpu_to_fdt32(0xf04) };
	const uint32_t spi987[3] = { cpu_to_fdt32(0), cpu_to_fdt32(987), cpu_to_fdt32(4) };

	ck_assert_uint_eq(fdt_gic_intid(spi1), 33);
	ck_assert_uint_eq(fdt_gic_intid(ppi9), 25);
	ck_assert_uint_eq(fdt_gic_intid(spi987), 1019);
}
END_TEST

START_TEST(read_reg_uses_the_parent_cells)
{
	void *fdt = fixture_load("virt-gicv3.dtb", NULL);
	uint64_t base, size;
	int node;

	/* 2+2 cells under the root, second entry. */
	node = fdt_path_offset(fdt, "/flash@0");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_read_reg(fdt, node, 1, &base, &size), 0);
	ck_assert_uint_eq(base, 0x4000000);
	ck_assert_uint_eq(size, 0x4000000);
	ck_assert_int_ne(fdt_read_reg(fdt, node, 2, &base, &size), 0);
	/* 1+0 cells under /cpus. */
	node = fdt_path_offset(fdt, "/cpus/cpu@2");
	ck_assert_int_ge(node, 0);
	size = 99;
	ck_assert_int_eq(fdt_read_reg(fdt, node, 0, &base, &size), 0);
	ck_assert_uint_eq(base, 2);
	ck_assert_uint_eq(size, 0);
	/* /chosen has no #address-cells: the root's 2+2 apply. */
	node = fdt_path_offset(fdt, "/chosen/module@0x7ff00000");
	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_read_reg(fdt, node, 0, &base, &size), 0);
	ck_assert_uint_eq(base, 0x7ff00000);
	ck_assert_uint_eq(size, 0x1aa);
	/* No reg at all. */
	node = fdt_path_offset(fdt, "/psci");
	ck_assert_int_ne(fdt_read_reg(fdt, node, 0, &base, &size), 0);
	free(fdt);
}
END_TEST

START_TEST(copy_compact_into_a_buffer_smaller_than_totalsize)
{
	size_t size;
	void *blob = fixture_load("virt-gicv3.dtb", &size);
	void *src = malloc(1 << 20);
	size_t dstlen = size + 256;
	void *dst = malloc(dstlen);

	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_nonnull(dst);
	/* Like QEMU's tree: 1 MiB declared, a few KiB used. */
	ck_assert_int_eq(fdt_open_into(blob, src, 1 << 20), 0);
	ck_assert_uint_eq(fdt_totalsize(src), 1 << 20);
	ck_assert_int_eq(fdt_copy_compact(src, dst, dstlen), 0);
	ck_assert_uint_eq(fdt_totalsize(dst), dstlen);
	ck_assert_int_eq(fdt_check_full(dst, dstlen), 0);
	ck_assert_int_eq(platform_parse(dst, &p, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(p.ncpus, 4);
	ck_assert_uint_eq(p.nmodules, 2);
	/* Exactly the blocks' size is enough too. */
	ck_assert_int_eq(fdt_copy_compact(src, dst, size), 0);
	ck_assert_int_eq(fdt_check_full(dst, size), 0);
	free(dst);
	free(src);
	free(blob);
}
END_TEST

START_TEST(copy_compact_into_a_too_small_buffer_fails)
{
	size_t size;
	void *blob = fixture_load("virt-gicv3.dtb", &size);
	void *src = malloc(1 << 20);
	void *dst = malloc(size);

	ck_assert_int_eq(fdt_open_into(blob, src, 1 << 20), 0);
	ck_assert_int_eq(fdt_copy_compact(src, dst, size - 1), -FDT_ERR_NOSPACE);
	ck_assert_int_eq(fdt_copy_compact(src, dst, 64), -FDT_ERR_NOSPACE);
	/* Not a tree at all. */
	memset(src, 0, 64);
	ck_assert_int_lt(fdt_copy_compact(src, dst, size), 0);
	free(dst);
	free(src);
	free(blob);
}
END_TEST

START_TEST(tree_without_cpus_is_refused)
{
	void *fdt = fixture_open("virt-gicv3.dtb", 0);

	del_node(fdt, "/cpus");
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "platform device tree has no /cpus node");
	free(fdt);
}
END_TEST

START_TEST(cpus_without_cores_is_refused)
{
	void *fdt = fixture_open("virt-gicv3.dtb", 0);

	for (int i = 0; i < 4; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		del_node(fdt, path);
	}
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "platform device tree lists no cores under /cpus");
	free(fdt);
}
END_TEST

START_TEST(tree_without_a_gic_is_refused)
{
	void *fdt = fixture_open("virt-gicv3.dtb", 0);

	del_node(fdt, "/intc@8000000");
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "no GICv2 or GICv3 interrupt controller in the platform tree");
	free(fdt);
}
END_TEST

START_TEST(gicv2_without_virtualization_is_refused_by_the_hardware_path)
{
	void *fdt = fixture_open("virt-gicv2.dtb", 0);
	int node = fdt_path_offset(fdt, "/intc@8000000");
	const fdt32_t reg[] = { 0, cpu_to_fdt32(0x8000000), 0, cpu_to_fdt32(0x10000),
				0, cpu_to_fdt32(0x8010000), 0, cpu_to_fdt32(0x10000) };

	ck_assert_int_ge(node, 0);
	ck_assert_int_eq(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)), 0);
	/* The paravirtual path needs no more; the hardware path refuses it. */
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert_int_eq(p.gich.size, 0);
	ck_assert_int_eq(platform_check_hw_virt(&p, msg, sizeof(msg)), -1);
	ck_assert_contains(msg, "GICv2 node has no GICH/GICV regions");
	ck_assert_contains(msg, "virtualization=on");
	free(fdt);
}
END_TEST

START_TEST(tree_without_memory_or_console_is_refused)
{
	void *fdt = fixture_open("virt-gicv3.dtb", 0);

	del_node(fdt, "/memory@40000000");
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "platform device tree describes no memory");
	free(fdt);

	fdt = fixture_open("virt-gicv3.dtb", 0);
	del_node(fdt, "/pl011@9000000");
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "no PL011 console in the platform tree");
	free(fdt);
}
END_TEST

START_TEST(bad_header_is_refused)
{
	char junk[64] = "not a device tree";

	ck_assert_int_eq(platform_parse(junk, &p, msg, sizeof(msg)), -1);
	ck_assert_str_eq(msg, "platform device tree: bad header");
}
END_TEST

/* What the parse keeps of the tree's top level answers as libfdt would. */
static void check_top_level_answers(void *fdt)
{
	static const char *const names[] = { "cpus", "chosen", "__symbols__" };
	int node;

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[32];

		snprintf(path, sizeof(path), "/%s", names[i]);
		ck_assert_int_eq(platform_top_node(&p, fdt, names[i]), fdt_path_offset(fdt, path));
	}
	fdt_for_each_subnode(node, fdt, 0)
		ck_assert_int_eq(platform_is_fixed_clock(&p, fdt, node),
				 !fdt_node_check_compatible(fdt, node, "fixed-clock"));
}

START_TEST(top_level_nodes_from_the_parse)
{
	const char *fixtures[] = { "virt-gicv3.dtb", "virt-gicv2.dtb", "virt-gicv3-devices.dtb" };

	for (unsigned int f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		void *fdt = fixture_open(fixtures[f], 4096);

		ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
		ck_assert_ptr_eq(p.dt, fdt);
		ck_assert_int_ge(p.dt_nclocks, 0);
		check_top_level_answers(fdt);
		free(fdt);
	}
	/* A /__symbols__, more fixed clocks than the parse keeps, a node
	 * whose name only begins like /chosen: the same answers. */
	void *fdt = fixture_open("virt-gicv3.dtb", 8192);

	ck_assert_int_ge(fdt_add_subnode(fdt, 0, "chosenx"), 0);
	ck_assert_int_ge(fdt_add_subnode(fdt, 0, "__symbols__"), 0);
	for (int i = 0; i < PLAT_MAX_CLOCKS + 2; i++) {
		char name[16];
		int n;

		snprintf(name, sizeof(name), "clk%d", i);
		n = fdt_add_subnode(fdt, 0, name);
		ck_assert_int_ge(n, 0);
		ck_assert_int_eq(fdt_setprop_string(fdt, n, "compatible", "fixed-clock"), 0);
	}
	ck_assert_int_eq(platform_parse(fdt, &p, msg, sizeof(msg)), 0);
	ck_assert_int_lt(p.dt_nclocks, 0);
	check_top_level_answers(fdt);
	/* Another tree than the parsed one: libfdt answers. */
	void *other = fixture_open("virt-gicv2.dtb", 0);

	ck_assert_int_eq(platform_top_node(&p, other, "chosen"), fdt_path_offset(other, "/chosen"));
	ck_assert_int_eq(platform_top_node(&p, other, "cpus"), fdt_path_offset(other, "/cpus"));
	free(other);
	free(fdt);
}
END_TEST

Suite *platform_suite(void)
{
	Suite *s = suite_create("platform");
	TCase *tc = tcase_create("parse");
	TCase *bad = tcase_create("refused");

	tcase_add_test(tc, gicv3_platform);
	tcase_add_test(tc, gicv2_platform);
	tcase_add_test(tc, top_level_nodes_from_the_parse);
	tcase_add_test(tc, boot_modules_sorted_by_address);
	tcase_add_test(tc, module_kinds_bootargs_and_chosen_bootargs);
	tcase_add_test(tc, cpu_index_and_module_lookup);
	tcase_add_test(tc, hvc_conduit_and_missing_timer_use_defaults);
	tcase_add_test(tc, gic_intid_from_specifier);
	tcase_add_test(tc, read_reg_uses_the_parent_cells);
	tcase_add_test(tc, copy_compact_into_a_buffer_smaller_than_totalsize);
	tcase_add_test(tc, copy_compact_into_a_too_small_buffer_fails);
	suite_add_tcase(s, tc);

	tcase_add_test(bad, tree_without_cpus_is_refused);
	tcase_add_test(bad, cpus_without_cores_is_refused);
	tcase_add_test(bad, tree_without_a_gic_is_refused);
	tcase_add_test(bad, gicv2_without_virtualization_is_refused_by_the_hardware_path);
	tcase_add_test(bad, tree_without_memory_or_console_is_refused);
	tcase_add_test(bad, bad_header_is_refused);
	suite_add_tcase(s, bad);
	return s;
}
