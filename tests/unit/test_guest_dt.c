/* Guest device trees built from the QEMU virt platform tree and a VM
 * overlay: only what the VM owns is left, and the overlay is applied. */
#include <check.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt/guest_dt.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"

#define OUT_SIZE     (64 * 1024)
#define SCRATCH_SIZE (16 * 1024)

static struct platform plat;
static struct vm_config cfg;
static void *plat_fdt, *overlay, *out, *scratch;
static size_t overlay_size;
static char msg[512];

static void load(const char *platform, const char *vm)
{
	plat_fdt = fixture_load(platform, NULL);
	ck_assert_int_eq(platform_parse(plat_fdt, &plat, msg, sizeof(msg)), 0);
	overlay = fixture_load(vm, &overlay_size);
	ck_assert_int_eq(vm_config_parse(overlay, overlay_size, vm, &cfg, msg, sizeof(msg)), CFG_OK);
	out = malloc(OUT_SIZE);
	scratch = malloc(SCRATCH_SIZE);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(scratch);
	msg[0] = '\0';
}

static void teardown(void)
{
	free(plat_fdt);
	free(overlay);
	free(out);
	free(scratch);
	plat_fdt = overlay = out = scratch = NULL;
}

static int build(size_t outlen, size_t scratchlen)
{
	return guest_dt_build(plat_fdt, &plat, &cfg, overlay, overlay_size, out, outlen,
			      scratch, scratchlen, msg, sizeof(msg));
}

static int node(const char *path)
{
	int n = fdt_path_offset(out, path);

	ck_assert_msg(n >= 0, "%s missing from the guest tree: %s", path, fdt_strerror(n));
	return n;
}

static const char *str_prop(const char *path, const char *prop)
{
	const char *s = fdt_getprop(out, node(path), prop, NULL);

	ck_assert_msg(s != NULL, "%s has no %s", path, prop);
	return s;
}

static uint32_t u32_prop(const char *path, const char *prop)
{
	int len;
	const fdt32_t *p = fdt_getprop(out, node(path), prop, &len);

	ck_assert_msg(p != NULL && len == 4, "%s has no one-cell %s", path, prop);
	return fdt32_to_cpu(*p);
}

/* Checks the top-level node names are exactly `want` (any order). */
static void check_top_level(const char *const *want, unsigned int nwant)
{
	int n;
	unsigned int count = 0;

	fdt_for_each_subnode(n, out, 0) {
		const char *name = fdt_get_name(out, n, NULL);
		bool expected = false;

		for (unsigned int i = 0; i < nwant; i++)
			if (!strcmp(name, want[i]))
				expected = true;
		ck_assert_msg(expected, "unexpected top-level node %s", name);
		count++;
	}
	ck_assert_uint_eq(count, nwant);
}

START_TEST(full_overlay_with_console)
{
	static const char *const top[] = {
		"cpus", "chosen", "psci", "timer", "intc@8000000", "apb-pclk",
		"memory@50000000", "pl011@9000000",
	};
	const fdt32_t *reg;
	int len, n, cpus = 0;

	load("virt-gicv3.dtb", "vm-good.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_uint_le(fdt_totalsize(out), OUT_SIZE);
	ck_assert_int_eq(fdt_check_full(out, fdt_totalsize(out)), 0);
	check_top_level(top, sizeof(top) / sizeof(top[0]));

	/* One vCPU, numbered from 0, the platform's core type, PSCI. */
	fdt_for_each_subnode(n, out, node("/cpus"))
		cpus++;
	ck_assert_int_eq(cpus, 1);
	ck_assert_int_lt(fdt_path_offset(out, "/cpus/cpu-map"), 0);
	ck_assert_int_lt(fdt_path_offset(out, "/cpus/cpu@1"), 0);
	ck_assert_uint_eq(u32_prop("/cpus/cpu@0", "reg"), 0);
	ck_assert_str_eq(str_prop("/cpus/cpu@0", "enable-method"), "psci");
	ck_assert_str_eq(str_prop("/cpus/cpu@0", "device_type"), "cpu");
	ck_assert_str_eq(str_prop("/cpus/cpu@0", "compatible"), "arm,cortex-a57");
	ck_assert_uint_eq(u32_prop("/cpus", "#address-cells"), 1);
	ck_assert_uint_eq(u32_prop("/cpus", "#size-cells"), 0);

	/* RAM where the VM sees it. */
	reg = fdt_getprop(out, node("/memory@50000000"), "reg", &len);
	ck_assert_ptr_nonnull(reg);
	ck_assert_int_eq(len, 16);
	ck_assert_uint_eq(fdt32_to_cpu(reg[0]), 0);
	ck_assert_uint_eq(fdt32_to_cpu(reg[1]), 0x50000000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[2]), 0);
	ck_assert_uint_eq(fdt32_to_cpu(reg[3]), 0x4000000);
	ck_assert_str_eq(str_prop("/memory@50000000", "device_type"), "memory");

	/* /chosen: the overlay's bootargs, the emulated console, nothing of Tandem's. */
	ck_assert_str_eq(str_prop("/chosen", "bootargs"), "heartbeats=3 probe=0x58000000");
	ck_assert_str_eq(str_prop("/chosen", "stdout-path"), "/pl011@9000000");
	ck_assert_int_lt(fdt_first_subnode(out, node("/chosen")), 0);
	/* The platform's seeds are gone; the VM's are reserved, zero until
	 * each boot fills them in its RAM copy (el2/entropy.c). */
	{
		static const uint8_t zero[GUEST_DT_RNG_SEED];
		const uint8_t *seed = fdt_getprop(out, node("/chosen"), "rng-seed", &len);
		const uint8_t *kaslr;
		uint32_t seed_off, kaslr_off;

		ck_assert_ptr_nonnull(seed);
		ck_assert_int_eq(len, GUEST_DT_RNG_SEED);
		ck_assert_mem_eq(seed, zero, GUEST_DT_RNG_SEED);
		kaslr = fdt_getprop(out, node("/chosen"), "kaslr-seed", &len);
		ck_assert_ptr_nonnull(kaslr);
		ck_assert_int_eq(len, GUEST_DT_KASLR_SEED);
		ck_assert_mem_eq(kaslr, zero, GUEST_DT_KASLR_SEED);
		ck_assert_int_eq(guest_dt_seed_offsets(out, &seed_off, &kaslr_off), 0);
		ck_assert_ptr_eq((const uint8_t *)out + seed_off, seed);
		ck_assert_ptr_eq((const uint8_t *)out + kaslr_off, kaslr);
	}

	ck_assert_str_eq(str_prop("/psci", "method"), "hvc");
	ck_assert_int_lt(fdt_node_offset_by_compatible(out, -1, "tandem,vm"), 0);
	ck_assert_int_lt(fdt_path_offset(out, "/chosen/guest-a"), 0);

	/* Kept devices are untouched. */
	reg = fdt_getprop(out, node("/intc@8000000"), "reg", &len);
	ck_assert_int_eq(len, 32);
	ck_assert_uint_eq(fdt32_to_cpu(reg[5]), 0x80a0000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[7]), 0x20000);   /* one redistributor per vCPU */
	ck_assert_ptr_null(fdt_getprop(out, node("/intc@8000000"), "interrupts", NULL));
	/* ...but not what Tandem does not emulate for a VM: the GIC's ITS. */
	ck_assert_int_lt(fdt_path_offset(out, "/intc@8000000/its@8080000"), 0);
	ck_assert_int_lt(fdt_first_subnode(out, node("/intc@8000000")), 0);
	reg = fdt_getprop(out, node("/pl011@9000000"), "reg", &len);
	ck_assert_int_eq(len, 16);
	ck_assert_uint_eq(fdt32_to_cpu(reg[1]), 0x9000000);
	ck_assert_ptr_nonnull(fdt_getprop(out, node("/timer"), "interrupts", NULL));
}
END_TEST

/* 'watchdog': the node Linux's sbsa_gwdt binds to, control frame first. */
START_TEST(watchdog_node)
{
	static const uint32_t want_reg[] = { 0, 0x0a010000, 0, 0x1000, 0, 0x0a011000, 0, 0x1000 };
	static const uint32_t want_irq[] = { 0, 48, 4 };
	const fdt32_t *p;
	int len;

	load("virt-gicv3.dtb", "vm-watchdog.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_str_eq(str_prop("/watchdog@a010000", "compatible"), "arm,sbsa-gwdt");
	p = fdt_getprop(out, node("/watchdog@a010000"), "reg", &len);
	ck_assert_int_eq(len, (int)sizeof(want_reg));
	for (unsigned int i = 0; i < 8; i++)
		ck_assert_uint_eq(fdt32_to_cpu(p[i]), want_reg[i]);
	p = fdt_getprop(out, node("/watchdog@a010000"), "interrupts", &len);
	ck_assert_int_eq(len, (int)sizeof(want_irq));
	for (unsigned int i = 0; i < 3; i++)
		ck_assert_uint_eq(fdt32_to_cpu(p[i]), want_irq[i]);
	ck_assert_uint_eq(u32_prop("/watchdog@a010000", "timeout-sec"), 20);
}
END_TEST

START_TEST(minimal_overlay_without_console)
{
	static const char *const top[] = {
		"cpus", "chosen", "psci", "timer", "intc@8000000", "apb-pclk", "memory@40000000",
	};
	void *edited;
	const fdt32_t *reg;
	int len, n, i = 0;

	load("virt-gicv3.dtb", "vm-defaults.dtbo");
	/* Give the platform's /chosen Tandem's own bootargs: the VM must not see them. */
	edited = malloc(OUT_SIZE);
	ck_assert_int_eq(fdt_open_into(plat_fdt, edited, OUT_SIZE), 0);
	ck_assert_int_eq(fdt_setprop_string(edited, fdt_path_offset(edited, "/chosen"),
					    "bootargs", "tandem.log=debug"), 0);
	free(plat_fdt);
	plat_fdt = edited;

	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_int_eq(fdt_check_full(out, fdt_totalsize(out)), 0);
	check_top_level(top, sizeof(top) / sizeof(top[0]));

	/* Two vCPUs, in order. */
	fdt_for_each_subnode(n, out, node("/cpus")) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%d", i);
		ck_assert_str_eq(fdt_get_name(out, n, NULL), name);
		i++;
	}
	ck_assert_int_eq(i, 2);
	ck_assert_uint_eq(u32_prop("/cpus/cpu@1", "reg"), 1);
	ck_assert_str_eq(str_prop("/cpus/cpu@1", "enable-method"), "psci");

	reg = fdt_getprop(out, node("/memory@40000000"), "reg", &len);
	ck_assert_int_eq(len, 16);
	ck_assert_uint_eq(fdt32_to_cpu(reg[1]), 0x40000000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[3]), 0x2000000);

	ck_assert_ptr_null(fdt_getprop(out, node("/chosen"), "stdout-path", NULL));
	ck_assert_ptr_null(fdt_getprop(out, node("/chosen"), "bootargs", NULL));
	ck_assert_int_lt(fdt_path_offset(out, "/pl011@9000000"), 0);
	ck_assert_int_lt(fdt_path_offset(out, "/guest-d"), 0);
	ck_assert_int_lt(fdt_node_offset_by_compatible(out, -1, "tandem,vm"), 0);
}
END_TEST

START_TEST(gicv2_platform_keeps_its_gic)
{
	const fdt32_t *reg;
	int len;

	load("virt-gicv2.dtb", "vm-good.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_int_eq(fdt_check_full(out, fdt_totalsize(out)), 0);
	ck_assert_str_eq(str_prop("/intc@8000000", "compatible"), "arm,cortex-a15-gic");
	/* Distributor and an 8 KiB CPU interface; GICH/GICV are Tandem's. */
	reg = fdt_getprop(out, node("/intc@8000000"), "reg", &len);
	ck_assert_int_eq(len, 32);
	ck_assert_uint_eq(fdt32_to_cpu(reg[3]), 0x1000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[5]), 0x8010000);
	ck_assert_uint_eq(fdt32_to_cpu(reg[7]), 0x2000);
	ck_assert_int_lt(fdt_getprop(out, node("/intc@8000000"), "interrupts", &len) ? 0 : -1, 0);
	ck_assert_int_lt(fdt_first_subnode(out, node("/intc@8000000")), 0);   /* no v2m */
	ck_assert_str_eq(str_prop("/psci", "method"), "hvc");
}
END_TEST

START_TEST(deeply_nested_vm_node_is_removed_and_chosen_kept)
{
	load("virt-gicv3.dtb", "vm-long-path.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_int_eq(fdt_check_full(out, fdt_totalsize(out)), 0);
	ck_assert_str_eq(str_prop("/chosen", "bootargs"), "console=ttyAMA0");
	ck_assert_int_lt(fdt_node_offset_by_compatible(out, -1, "tandem,vm"), 0);
	/* The VM node's parents came with the overlay and stay. */
	node("/chosen/partition-a-0123456789-0123456789/partition-b-0123456789-0123456789");
}
END_TEST

START_TEST(initrd_is_recorded_in_chosen)
{
	const void *p;
	int len;

	load("virt-gicv3.dtb", "vm-ramdisk.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_ptr_null(fdt_getprop(out, node("/chosen"), "linux,initrd-start", NULL));
	/* A tree with no room left is an error, not an overrun. */
	ck_assert_int_ne(guest_dt_set_initrd(out, fdt_totalsize(out), 0x48000000, 0x49000000), 0);
	ck_assert_int_eq(guest_dt_set_initrd(out, OUT_SIZE, 0x48000000, 0x48123456), 0);
	ck_assert_int_eq(fdt_check_full(out, fdt_totalsize(out)), 0);
	p = fdt_getprop(out, node("/chosen"), "linux,initrd-start", &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(len, 8);
	ck_assert_uint_eq(fdt64_ld(p), 0x48000000);
	p = fdt_getprop(out, node("/chosen"), "linux,initrd-end", &len);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fdt64_ld(p), 0x48123456);
	/* The seeds' offsets are found in the final, repacked tree. */
	{
		uint32_t seed_off, kaslr_off;

		ck_assert_int_eq(guest_dt_seed_offsets(out, &seed_off, &kaslr_off), 0);
		ck_assert_ptr_eq((const uint8_t *)out + seed_off,
				 fdt_getprop(out, node("/chosen"), "rng-seed", NULL));
		ck_assert_ptr_eq((const uint8_t *)out + kaslr_off,
				 fdt_getprop(out, node("/chosen"), "kaslr-seed", NULL));
	}
}
END_TEST

/* An overlay's own seeds would be the same at every boot: replaced by the
 * reserved room Tandem fills (64 and 8 bytes). */
START_TEST(overlay_seeds_are_replaced)
{
	static const uint8_t zero[GUEST_DT_RNG_SEED];
	const uint8_t *p;
	int len;

	load("virt-gicv3.dtb", "vm-own-seed.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	p = fdt_getprop(out, node("/chosen"), "rng-seed", &len);
	ck_assert_int_eq(len, GUEST_DT_RNG_SEED);
	ck_assert_mem_eq(p, zero, GUEST_DT_RNG_SEED);
	p = fdt_getprop(out, node("/chosen"), "kaslr-seed", &len);
	ck_assert_int_eq(len, GUEST_DT_KASLR_SEED);
	ck_assert_mem_eq(p, zero, GUEST_DT_KASLR_SEED);
}
END_TEST

START_TEST(too_small_output_buffer_is_an_error)
{
	load("virt-gicv3.dtb", "vm-good.dtbo");
	memset(out, 0xa5, OUT_SIZE);
	ck_assert_int_eq(build(1024, SCRATCH_SIZE), -1);
	ck_assert_contains(msg, "vm-good.dtbo: /chosen/guest-a: building the guest device tree: FDT_ERR_NOSPACE");
	/* Nothing written past the buffer it was given. */
	for (size_t i = 1024; i < OUT_SIZE; i++)
		ck_assert_uint_eq(((unsigned char *)out)[i], 0xa5);
	ck_assert_int_eq(build(0, SCRATCH_SIZE), -1);
	ck_assert_contains(msg, "FDT_ERR_NOSPACE");
}
END_TEST

START_TEST(too_small_scratch_buffer_is_an_error)
{
	char expect[128];

	load("virt-gicv3.dtb", "vm-good.dtbo");
	ck_assert_int_eq(build(OUT_SIZE, overlay_size - 1), -1);
	snprintf(expect, sizeof(expect), "vm-good.dtbo: /chosen/guest-a: overlay of %zu bytes is larger than "
		 "Tandem's %zu-byte buffer", overlay_size, overlay_size - 1);
	ck_assert_contains(msg, expect);
}
END_TEST

START_TEST(overlay_targeting_a_device_the_vm_lacks)
{
	load("virt-gicv3.dtb", "vm-bad-target.dtbo");
	ck_assert_int_eq(build(OUT_SIZE, SCRATCH_SIZE), -1);
	ck_assert_contains(msg, "vm-bad-target.dtbo: /chosen/guest-a: applying the overlay to the guest tree failed: FDT_ERR_");
	ck_assert_contains(msg, "fragments may target only nodes the VM has");
	ck_assert_not_contains(msg, "the console UART");   /* no vpl011 */
}
END_TEST

/* issue 12: an &label names itself when it cannot resolve, never as
 * FDT_ERR_NOTFOUND; one that names a node the VM has resolves. */
START_TEST(overlay_label_the_platform_lacks)
{
	load("virt-gicv3.dtb", "vm-label-missing.dtbo");
	ck_assert_int_eq(build(OUT_SIZE, SCRATCH_SIZE), -1);
	ck_assert_contains(msg, "vm-label-missing.dtbo: /chosen/badtarget: overlay refers to label "
			   "'foo', which the platform tree does not have; refer to the node by its "
			   "path instead");
	ck_assert_not_contains(msg, "FDT_ERR");
}
END_TEST

START_TEST(overlay_label_of_a_node_the_vm_lacks)
{
	load("virt-gicv3-devices.dtb", "pt-label-not-kept.dtbo");
	ck_assert_int_eq(build(OUT_SIZE, SCRATCH_SIZE), -1);
	ck_assert_contains(msg, "pt-label-not-kept.dtbo: /chosen/guest-lk: overlay refers to label "
			   "'rtc_label' (the platform's /pl031@9010000), a node this VM's device "
			   "tree does not have");
	ck_assert_contains(msg, "pass the device through or drop the reference");
}
END_TEST

START_TEST(overlay_label_of_a_passed_through_device)
{
	load("virt-gicv3-devices.dtb", "pt-label-kept.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_str_eq(str_prop("/pl031@9010000", "tandem-test"), "set through a label");
	/* Only the labels of nodes the VM has are left. */
	ck_assert_str_eq(str_prop("/__symbols__", "rtc_label"), "/pl031@9010000");
}
END_TEST

START_TEST(passed_through_device_is_kept_as_the_platform_has_it)
{
	load("virt-gicv3-devices.dtb", "pt-rtc-label.dtbo");
	ck_assert_int_eq(build(OUT_SIZE, SCRATCH_SIZE), 0);
	ck_assert_str_eq(str_prop("/pl031@9010000", "compatible"), "arm,pl031");
	ck_assert_uint_eq(u32_prop("/pl031@9010000", "clocks"), u32_prop("/apb-pclk", "phandle"));
	ck_assert_int_lt(fdt_path_offset(out, "/pl061@9030000"), 0);        /* not given */
	ck_assert_int_lt(fdt_path_offset(out, "/virtio_mmio@a003e00"), 0);
	ck_assert_int_lt(fdt_path_offset(out, "/shared-a@9100000"), 0);
}
END_TEST

/* guest_dt_drop_ranges leaves the bytes fdt_del_node of each node would. */
START_TEST(drop_ranges_is_fdt_del_node_of_each)
{
	enum { NODES = 150 };
	char *a = malloc(OUT_SIZE), *b = malloc(OUT_SIZE);
	int r[NODES][2], off[NODES], n = 0, node, depth;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(fdt_create_empty_tree(a, OUT_SIZE), 0);
	for (int i = NODES - 1; i >= 0; i--) {   /* fdt_add_subnode puts each first */
		char name[16];

		snprintf(name, sizeof(name), "n@%d", i);
		node = fdt_add_subnode(a, 0, name);
		ck_assert_int_ge(node, 0);
		ck_assert_int_eq(fdt_setprop_u32(a, node, "reg", (uint32_t)i), 0);
		if (i % 5 == 0)
			ck_assert_int_ge(fdt_add_subnode(a, node, "child"), 0);
	}
	ck_assert_int_eq(fdt_setprop_string(a, 0, "model", "after"), 0);
	memcpy(b, a, OUT_SIZE);
	/* Every node but each third, the first and the last included. */
	n = 0;
	fdt_for_each_subnode(node, b, 0)
		off[n++] = node;
	ck_assert_int_eq(n, NODES);
	unsigned int nr = 0;

	for (int i = 0; i < NODES; i++) {
		if (i % 3 == 1)
			continue;
		int end = off[i];

		depth = 0;
		while (end >= 0 && depth >= 0)
			end = fdt_next_node(b, end, &depth);
		ck_assert_int_gt(end, off[i]);
		r[nr][0] = off[i];
		r[nr][1] = end;
		nr++;
	}
	ck_assert_int_eq(guest_dt_drop_ranges(b, (const int (*)[2])r, nr), 0);
	for (int i = NODES - 1; i >= 0; i--)   /* from the end: offsets before stay */
		if (i % 3 != 1)
			ck_assert_int_eq(fdt_del_node(a, off[i]), 0);
	ck_assert_int_eq(fdt_check_full(b, fdt_totalsize(b)), 0);
	ck_assert_int_eq(fdt_pack(a), 0);
	ck_assert_int_eq(fdt_pack(b), 0);
	ck_assert_uint_eq(fdt_totalsize(a), fdt_totalsize(b));
	ck_assert_int_eq(memcmp(a, b, fdt_totalsize(a)), 0);
	/* Out of order or outside the structure block: refused. */
	int bad[2][2] = { { 8, 16 }, { 4, 12 } };

	ck_assert_int_eq(guest_dt_drop_ranges(b, (const int (*)[2])bad, 2), -FDT_ERR_BADOFFSET);
	bad[0][1] = (int)fdt_size_dt_struct(b) + 4;
	ck_assert_int_eq(guest_dt_drop_ranges(b, (const int (*)[2])bad, 1), -FDT_ERR_BADOFFSET);
	free(a);
	free(b);
}
END_TEST

/* More top-level nodes to drop than one pass takes: the tree is the same as
 * without them. */
START_TEST(many_dropped_top_level_nodes)
{
	void *edited, *want = malloc(OUT_SIZE);

	load("virt-gicv3.dtb", "vm-defaults.dtbo");
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_ptr_nonnull(want);
	memcpy(want, out, fdt_totalsize(out));
	edited = malloc(OUT_SIZE);
	ck_assert_int_eq(fdt_open_into(plat_fdt, edited, OUT_SIZE), 0);
	for (int i = 0; i < 200; i++) {
		char name[24];
		int n;

		snprintf(name, sizeof(name), "extra@%x", 0x20000000 + i * 0x1000);
		n = fdt_add_subnode(edited, 0, name);
		ck_assert_int_ge(n, 0);
		ck_assert_int_eq(fdt_setprop_string(edited, n, "compatible", "virtio,mmio"), 0);
		if (i % 7 == 0)
			ck_assert_int_ge(fdt_add_subnode(edited, n, "sub"), 0);
	}
	free(plat_fdt);
	plat_fdt = edited;
	ck_assert_int_eq(platform_parse(plat_fdt, &plat, msg, sizeof(msg)), 0);
	ck_assert_msg(build(OUT_SIZE, SCRATCH_SIZE) == 0, "%s", msg);
	ck_assert_uint_eq(fdt_totalsize(out), fdt_totalsize(want));
	ck_assert_int_eq(memcmp(out, want, fdt_totalsize(out)), 0);
	free(want);
}
END_TEST

Suite *guest_dt_suite(void)
{
	Suite *s = suite_create("guest_dt");
	TCase *tc = tcase_create("build");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, full_overlay_with_console);
	tcase_add_test(tc, initrd_is_recorded_in_chosen);
	tcase_add_test(tc, overlay_seeds_are_replaced);
	tcase_add_test(tc, minimal_overlay_without_console);
	tcase_add_test(tc, gicv2_platform_keeps_its_gic);
	tcase_add_test(tc, deeply_nested_vm_node_is_removed_and_chosen_kept);
	tcase_add_test(tc, too_small_output_buffer_is_an_error);
	tcase_add_test(tc, too_small_scratch_buffer_is_an_error);
	tcase_add_test(tc, overlay_targeting_a_device_the_vm_lacks);
	tcase_add_test(tc, overlay_label_the_platform_lacks);
	tcase_add_test(tc, overlay_label_of_a_node_the_vm_lacks);
	tcase_add_test(tc, overlay_label_of_a_passed_through_device);
	tcase_add_test(tc, passed_through_device_is_kept_as_the_platform_has_it);
	tcase_add_test(tc, drop_ranges_is_fdt_del_node_of_each);
	tcase_add_test(tc, many_dropped_top_level_nodes);
	tcase_add_test(tc, watchdog_node);
	suite_add_tcase(s, tc);
	return s;
}
