/* The system plan on the QEMU virt GICv3 platform (4 cores, 1 GiB of RAM at
 * 0x40000000, boot modules at 0x7c000000 and 0x7ff00000) with Tandem at
 * 0x40200000-0x411fffff: VMs accepted and placed, and each refusal with a
 * message naming the overlay, the VM node, the conflict and the fix. */
#include <check.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt/plan.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"

#define TANDEM_BASE 0x40200000ull
#define TANDEM_SIZE (16ull << 20)

static struct platform plat;
static struct system_plan plan;
static void *plat_fdt;

static void setup(void)
{
	char msg[256];

	plat_fdt = fixture_load("virt-gicv3.dtb", NULL);
	ck_assert_int_eq(platform_parse(plat_fdt, &plat, msg, sizeof(msg)), 0);
	ck_assert_int_eq(plan_init(&plan, plat_fdt, &plat, TANDEM_BASE, TANDEM_SIZE), 0);
}

static void teardown(void)
{
	free(plat_fdt);
}

/* Adds fixture `name` with source `source`. */
static int add_as(const char *name, const char *source)
{
	size_t size;
	void *blob = fixture_load(name, &size);
	int r = plan_add_vm(&plan, blob, size, source);

	free(blob);
	return r;
}

static int add(const char *name)
{
	return add_as(name, name);
}

static const struct vm_plan *last(void)
{
	ck_assert_uint_gt(plan.nvms, 0);
	return &plan.vms[plan.nvms - 1];
}

START_TEST(init_claims_tandem_and_the_modules)
{
	const struct memmap_region *r;

	ck_assert_uint_eq(plan.nvms, 0);
	ck_assert_uint_eq(plan_accepted(&plan), 0);
	ck_assert_ptr_eq(plan.plat, &plat);
	for (unsigned int i = 0; i < PLAT_MAX_CPUS; i++)
		ck_assert_uint_eq(plan.core_vms[i], 0);
	r = memmap_find(&plan.mm, TANDEM_BASE);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, OWNER_TANDEM);
	ck_assert_uint_eq(r->base, TANDEM_BASE);
	ck_assert_uint_eq(r->size, TANDEM_SIZE);
	r = memmap_find(&plan.mm, 0x7c005fff);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, OWNER_MODULE);
	ck_assert_uint_eq(r->base, 0x7c000000);
	ck_assert_uint_eq(r->size, 0x6000);
	/* The 0x1aa-byte overlay module is claimed by whole pages. */
	r = memmap_find(&plan.mm, 0x7ff00000);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->kind, OWNER_MODULE);
	ck_assert_int_eq(r->id, 1);
	ck_assert_uint_eq(r->size, 0x1000);
	ck_assert_int_eq(memmap_find(&plan.mm, 0x7ff01000)->kind, OWNER_FREE);
	ck_assert_int_eq(memmap_find(&plan.mm, 0x40000000)->kind, OWNER_FREE);
}
END_TEST

START_TEST(two_good_vms_are_accepted_with_separate_ram)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_int_eq(add("plan-b.dtbo"), 0);
	ck_assert_uint_eq(plan.nvms, 2);
	ck_assert_uint_eq(plan_accepted(&plan), 2);

	ck_assert(plan.vms[0].accepted);
	ck_assert_str_eq(plan.vms[0].error, "");
	ck_assert_str_eq(plan.vms[0].cfg.name, "guest-a");
	ck_assert_uint_eq(plan.vms[0].ram_pa, 0x50000000);
	ck_assert_ptr_eq(plan.vms[0].kernel, &plat.modules[0]);
	ck_assert(plan.vms[1].accepted);
	ck_assert_str_eq(plan.vms[1].cfg.name, "guest-b");
	ck_assert_uint_eq(plan.vms[1].ram_pa, 0x58000000);

	ck_assert_uint_eq(plan.core_vms[0], 0);
	ck_assert_uint_eq(plan.core_vms[1], 1u << 0);
	ck_assert_uint_eq(plan.core_vms[2], 1u << 1);
	ck_assert_uint_eq(plan.core_vms[3], 1u << 1);

	const struct memmap_region *a = memmap_find(&plan.mm, 0x50000000);
	const struct memmap_region *b = memmap_find(&plan.mm, 0x58000000);

	ck_assert_int_eq(a->kind, OWNER_VM);
	ck_assert_int_eq(a->id, 0);
	ck_assert_uint_eq(a->base, 0x50000000);
	ck_assert_uint_eq(a->size, 64ull << 20);
	ck_assert_int_eq(b->kind, OWNER_VM);
	ck_assert_int_eq(b->id, 1);
	ck_assert_uint_eq(b->size, 64ull << 20);
}
END_TEST

START_TEST(ram_of_a_vm_that_is_not_direct_mapped_is_allocated)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_int_eq(add("vm-defaults.dtbo"), 0);
	/* 32 MiB, 2 MiB aligned, lowest free: the 2 MiB below Tandem are too
	 * small, so right after Tandem. The guest still sees it at 0x40000000. */
	ck_assert_uint_eq(plan.vms[1].ram_pa, TANDEM_BASE + TANDEM_SIZE);
	ck_assert_uint_eq(plan.vms[1].cfg.mem_base, 0x40000000);
	ck_assert_int_eq(memmap_find(&plan.mm, TANDEM_BASE + TANDEM_SIZE)->id, 1);
	ck_assert_uint_eq(plan.core_vms[2], 1u << 1);
	ck_assert_uint_eq(plan.core_vms[3], 1u << 1);
}
END_TEST

START_TEST(core_the_platform_lacks)
{
	ck_assert_int_ne(add("plan-no-core.dtbo"), 0);
	ck_assert(!last()->accepted);
	ck_assert_contains(last()->error, "plan-no-core.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error, "cpu-affinity names core 0x7, which the platform does not have");
	ck_assert_contains(last()->error, "it has 4 cores: reg 0x0 to 0x3");
}
END_TEST

START_TEST(core_already_given_to_another_vm)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_int_ne(add("plan-core-taken.dtbo"), 0);
	ck_assert(!last()->accepted);
	ck_assert_contains(last()->error, "plan-core-taken.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error, "core 0x1 is already given to VM 'guest-a'");
	ck_assert_contains(last()->error, "pin this VM's vCPUs to free cores");
	ck_assert_uint_eq(plan.core_vms[1], 1u << 0);
}
END_TEST

START_TEST(two_vcpus_on_one_core)
{
	ck_assert_int_ne(add("plan-same-core.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-same-core.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error, "vCPUs 0 and 1 are both pinned to core 0x2");
	ck_assert_contains(last()->error, "give each vCPU its own core");
	ck_assert_uint_eq(plan.core_vms[2], 0);
}
END_TEST

START_TEST(duplicate_vm_name)
{
	ck_assert_int_eq(add_as("vm-good.dtbo", "module@0x7fe00000"), 0);
	ck_assert_int_ne(add_as("vm-good.dtbo", "module@0x7ff00000"), 0);
	ck_assert_contains(last()->error, "module@0x7ff00000: /chosen/guest-a: ");
	ck_assert_contains(last()->error, "a VM named 'guest-a' already exists (module@0x7fe00000)");
	ck_assert_contains(last()->error, "VM names must be unique");
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

START_TEST(kernel_address_without_a_module)
{
	ck_assert_int_ne(add("plan-no-module.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-no-module.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error,
			   "'kernel' names a boot module at 0x7d000000, but none was loaded there");
	ck_assert_contains(last()->error, "guest-loader,addr=0x7d000000");
	ck_assert_ptr_null(last()->kernel);
	ck_assert_uint_eq(plan.core_vms[3], 0);
}
END_TEST

START_TEST(ramdisk_found_among_the_modules)
{
	ck_assert_int_eq(add("vm-ramdisk.dtbo"), 0);
	ck_assert_ptr_nonnull(last()->ramdisk);
	ck_assert_uint_eq(last()->ramdisk->addr, 0x7ff00000);
	ck_assert_uint_eq(last()->kernel->addr, 0x7c000000);
}
END_TEST

START_TEST(ramdisk_address_without_a_module)
{
	ck_assert_int_ne(add("plan-no-ramdisk.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-no-ramdisk.dtbo: /chosen/guest-r: ");
	ck_assert_contains(last()->error,
			   "'ramdisk' names a boot module at 0x7d000000, but none was loaded there");
	ck_assert_contains(last()->error, "guest-loader,addr=0x7d000000,initrd=FILE");
	ck_assert_uint_eq(plan.core_vms[3], 0);
}
END_TEST

START_TEST(vms_with_priorities_share_a_core)
{
	ck_assert_int_eq(add("plan-share-a.dtbo"), 0);
	ck_assert_int_eq(add("plan-share-b.dtbo"), 0);
	ck_assert_uint_eq(plan.core_vms[1], (1u << 0) | (1u << 1));
	ck_assert_uint_eq(plan_accepted(&plan), 2);
}
END_TEST

START_TEST(sharing_needs_a_priority_on_both_sides)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);        /* core 1, no priority */
	ck_assert_int_ne(add("plan-share-a.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-share-a.dtbo: /chosen/rt: core 0x1 is already "
			   "given to VM 'guest-a'; pin this VM's vCPUs to free cores, or give "
			   "both VMs a 'priority' to share it");
	ck_assert_uint_eq(plan.core_vms[1], 1u << 0);
}
END_TEST

START_TEST(at_most_four_vcpus_share_a_core)
{
	static const char *const vms[] = { "plan-share-a.dtbo", "plan-share-b.dtbo",
					   "plan-share-c.dtbo", "plan-share-d.dtbo" };

	for (unsigned int i = 0; i < 4; i++)
		ck_assert_int_eq(add(vms[i]), 0);
	ck_assert_int_ne(add("plan-share-e.dtbo"), 0);
	ck_assert_contains(last()->error, "core 0x1 already runs 4 vCPUs, as many as one core "
			   "may share");
	ck_assert_uint_eq(plan.core_vms[1], 0xf);
}
END_TEST

START_TEST(direct_mapped_ram_overlapping_another_vm)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_int_ne(add("plan-overlap-vm.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-overlap-vm.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error,
			   "direct-mapped RAM 0x53000000-0x56ffffff overlaps the RAM of VM 'guest-a'");
	/* Its core was released again. */
	ck_assert_uint_eq(plan.core_vms[3], 0);
	ck_assert_int_eq(memmap_find(&plan.mm, 0x54000000)->kind, OWNER_FREE);
}
END_TEST

START_TEST(direct_mapped_ram_overlapping_tandem)
{
	ck_assert_int_ne(add("plan-overlap-tandem.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-overlap-tandem.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error,
			   "direct-mapped RAM 0x40000000-0x43ffffff overlaps Tandem at 0x40200000-0x411fffff");
}
END_TEST

START_TEST(direct_mapped_ram_outside_ram)
{
	ck_assert_int_ne(add("plan-outside-ram.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-outside-ram.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error,
			   "direct-mapped RAM 0x100000000-0x103ffffff is not RAM of this platform");
}
END_TEST

START_TEST(ram_covering_the_uart)
{
	ck_assert_int_ne(add("plan-covers-uart.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-covers-uart.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error,
			   "RAM 0x9000000-0x9ffffff covers the console UART at 0x9000000; move memory-base");
}
END_TEST

START_TEST(ram_covering_the_gic)
{
	ck_assert_int_ne(add("plan-covers-gic.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-covers-gic.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error,
			   "RAM 0x8000000-0x8ffffff covers the GIC distributor at 0x8000000; move memory-base");
}
END_TEST

START_TEST(more_memory_than_is_free)
{
	ck_assert_int_ne(add("plan-too-big.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-too-big.dtbo: /chosen/guest-c: ");
	ck_assert_contains(last()->error, "no free physical RAM for 1048576 KiB; reduce 'memory'");
	ck_assert_uint_eq(plan.core_vms[3], 0);
}
END_TEST

START_TEST(refused_vm_releases_its_cores)
{
	/* guest-c passes the core checks (core 1) and is refused for its RAM. */
	ck_assert_int_ne(add("plan-overlap-tandem.dtbo"), 0);
	for (unsigned int i = 0; i < PLAT_MAX_CPUS; i++)
		ck_assert_uint_eq(plan.core_vms[i], 0);
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_uint_eq(plan.core_vms[1], 1u << 1);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

START_TEST(refused_vm_leaves_its_memory_and_cores_free)
{
	/* guest-x wants core 1 and guest-a's RAM, but also core 7. */
	ck_assert_int_ne(add("plan-partial-cores.dtbo"), 0);
	ck_assert_contains(last()->error, "names core 0x7");
	ck_assert_uint_eq(plan.core_vms[1], 0);
	ck_assert_int_eq(memmap_find(&plan.mm, 0x50000000)->kind, OWNER_FREE);
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert(plan.vms[1].accepted);
	ck_assert_uint_eq(plan.vms[1].ram_pa, 0x50000000);
	ck_assert_uint_eq(plan.core_vms[1], 1u << 1);
}
END_TEST

START_TEST(overlay_errors_are_recorded)
{
	ck_assert_int_ne(add("vm-no-kernel.dtbo"), 0);
	ck_assert_uint_eq(plan.nvms, 1);
	ck_assert(!plan.vms[0].accepted);
	ck_assert_contains(plan.vms[0].error, "vm-no-kernel.dtbo: /chosen/guest-a: missing 'kernel'");
	/* The next overlay is checked as usual, and may take the refused VM's name. */
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_uint_eq(plan.nvms, 2);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

START_TEST(accepted_counts_only_accepted_vms)
{
	ck_assert_uint_eq(plan_accepted(&plan), 0);
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
	ck_assert_int_ne(add("plan-core-taken.dtbo"), 0);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
	ck_assert_int_eq(add("plan-b.dtbo"), 0);
	ck_assert_uint_eq(plan_accepted(&plan), 2);
	ck_assert_int_ne(add("plan-too-big.dtbo"), 0);
	ck_assert_uint_eq(plan_accepted(&plan), 2);
	ck_assert_uint_eq(plan.nvms, 4);
}
END_TEST

/* Refused VMs hold no slot: eight refusals do not stop a good ninth VM. */
START_TEST(refused_vms_do_not_count_against_the_limit)
{
	for (unsigned int i = 0; i < MAX_VMS; i++)
		ck_assert_int_ne(add("plan-no-core.dtbo"), 0);
	ck_assert_uint_eq(plan.nvms, MAX_VMS);
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_uint_eq(plan.nvms, MAX_VMS + 1);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

/* plan-many.dtbo as VM "many-<i>" with its vCPU on core i % 4. */
static int add_many(unsigned int i)
{
	size_t size;
	void *blob = fixture_load("plan-many.dtbo", &size);
	char name[16], source[32];
	int node, r;

	blob = realloc(blob, size + 256);
	ck_assert_int_eq(fdt_open_into(blob, blob, (int)size + 256), 0);
	node = fdt_path_offset(blob, "/fragment@0/__overlay__/many");
	ck_assert_int_ge(node, 0);
	snprintf(name, sizeof(name), "many-%u", i);
	snprintf(source, sizeof(source), "many-%u.dtbo", i);
	ck_assert_int_eq(fdt_set_name(blob, node, name), 0);
	node = fdt_path_offset(blob, "/fragment@0/__overlay__");
	node = fdt_subnode_offset(blob, node, name);
	ck_assert_int_eq(fdt_setprop_inplace_u32(blob, node, "cpu-affinity", i % 4), 0);
	r = plan_add_vm(&plan, blob, fdt_totalsize(blob), source);
	free(blob);
	return r;
}

/* issue 12: the ninth VM is refused with its own message, not the last one's. */
START_TEST(ninth_vm_is_refused_naming_itself_and_the_limit)
{
	ck_assert_int_ne(add("plan-no-core.dtbo"), 0);   /* a refusal first: it must not count */
	for (unsigned int i = 0; i < MAX_VMS; i++)
		ck_assert_msg(add_many(i) == 0, "many-%u: %s", i, plan.refusal);
	ck_assert_uint_eq(plan_accepted(&plan), MAX_VMS);
	ck_assert_int_ne(add_many(MAX_VMS), 0);
	ck_assert_uint_eq(plan_accepted(&plan), MAX_VMS);
	ck_assert_contains(plan.refusal, "many-8.dtbo: /chosen/many-8: Tandem runs at most 8 VMs "
			   "and 8 are accepted already, so this one cannot start; drop an overlay");
	ck_assert_str_eq(last()->error, plan.refusal);
	ck_assert_not_contains(plan.refusal, "plan-no-core");
}
END_TEST

/* issue 12: a VM refused after plan_add_vm (its guest tree, its creation)
 * gives its core and RAM back, and counts as refused. */
START_TEST(late_refusal_releases_everything)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_uint_eq(plan.core_vms[1], 1u);
	plan_release_vm(&plan, 0, "vm-good.dtbo: /chosen/guest-a: refused later");
	ck_assert(!plan.vms[0].accepted);
	ck_assert_uint_eq(plan_accepted(&plan), 0);
	ck_assert_str_eq(plan.vms[0].error, "vm-good.dtbo: /chosen/guest-a: refused later");
	ck_assert_str_eq(plan.refusal, plan.vms[0].error);
	ck_assert_uint_eq(plan.core_vms[1], 0);
	ck_assert_ptr_null(memmap_first_owned(&plan.mm, 0x50000000, 64ull << 20));
	/* The same core, RAM and name are free for the next VM. */
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_uint_eq(plan.vms[1].ram_pa, 0x50000000);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

/* issue 12: an &label the platform lacks is refused naming it, before the
 * VM takes anything, so the next VM gets its core and RAM. */
START_TEST(missing_label_is_named_and_blocks_nobody)
{
	ck_assert_int_ne(add("vm-label-missing.dtbo"), 0);
	ck_assert_contains(plan.refusal, "vm-label-missing.dtbo: /chosen/badtarget: overlay refers "
			   "to label 'foo', which the platform tree does not have");
	ck_assert_contains(plan.refusal, "refer to the node by its path instead");
	ck_assert_not_contains(plan.refusal, "FDT_ERR");
	ck_assert_int_eq(add("plan-after-badtarget.dtbo"), 0);
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

/* A 24 KiB payload as the fixture's module at 0x7c000000: raw, or an arm64
 * Image (header: text_offset, image_size, magic "ARM\x64" at 0x38). */
static uint8_t payload[0x6000];

static void give_payload(bool arm64, uint64_t image_size)
{
	const struct boot_module *m = platform_module_at(&plat, 0x7c000000);

	memset(payload, 0, sizeof(payload));
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->size, sizeof(payload));
	if (arm64) {
		memcpy(payload + 16, &image_size, 8);   /* little-endian host */
		memcpy(payload + 0x38, "ARM\x64", 4);
	}
	plan.module_data[m - plat.modules] = payload;
}

/* The same module as an ARM zImage (magic 0x016f2818 at 0x24). */
static void give_zimage(void)
{
	static const uint8_t magic[4] = { 0x18, 0x28, 0x6f, 0x01 };

	give_payload(false, 0);
	memcpy(payload + 0x24, magic, 4);
}

/* issue 15: an ARM zImage takes its RAM base to be its address rounded
 * down to 128 MiB; Tandem says so before it would decompress elsewhere. */
START_TEST(zimage_needs_a_128mib_aligned_memory_base)
{
	give_zimage();
	ck_assert_int_ne(add("plan-linux-misaligned.dtbo"), 0);
	ck_assert_contains(plan.refusal, "plan-linux-misaligned.dtbo: /chosen/guest-lx: the payload "
			   "at 0x7c000000 is an ARM Linux zImage, which takes the start of its RAM to "
			   "be its load address rounded down to 128 MiB, but memory-base 0x50001000 is "
			   "not 128 MiB aligned; use a 128 MiB-aligned memory-base, e.g. 0x50000000");
	ck_assert_uint_eq(plan.core_vms[2], 0);
	ck_assert(last()->image.arm_zimage);
}
END_TEST

/* issue 12: Linux needs its RAM 2 MiB aligned; Tandem says so, not silence. */
START_TEST(linux_image_needs_a_2mib_aligned_memory_base)
{
	give_payload(true, 0x6000);
	ck_assert_int_ne(add("plan-linux-misaligned.dtbo"), 0);
	ck_assert_contains(plan.refusal, "plan-linux-misaligned.dtbo: /chosen/guest-lx: the payload "
			   "at 0x7c000000 is an arm64 Linux Image, which must be loaded at a 2 "
			   "MiB-aligned address");
	ck_assert_contains(plan.refusal, "memory-base 0x50001000 is not 2 MiB aligned; use a 2 "
			   "MiB-aligned memory-base, e.g. 0x50000000");
	ck_assert_uint_eq(plan.core_vms[2], 0);
	/* A raw binary may start anywhere page aligned. */
	give_payload(false, 0);
	ck_assert_int_eq(add("plan-linux-misaligned.dtbo"), 0);
	ck_assert(last()->image_known);
	ck_assert(!last()->image.arm64_image);
}
END_TEST

/* issue 12: the payload-size check boot made is the plan's, so tandem-check
 * makes it too; with the payload's bytes it knows an Image's full size. */
START_TEST(payload_must_fit_below_the_device_tree)
{
	ck_assert_int_ne(add("plan-payload-small.dtbo"), 0);   /* bytes unknown: raw size */
	ck_assert_contains(plan.refusal, "plan-payload-small.dtbo: /chosen/guest-s: the payload at "
			   "0x7c000000 needs 24 KiB at offset 0x0 (its size: its contents were not "
			   "given), and its device tree the last 64 KiB, but the VM has 64 KiB of "
			   "RAM; raise 'memory' to at least 88 KiB");
	ck_assert_uint_eq(plan.core_vms[2], 0);
	ck_assert_int_eq(add("plan-payload-512k.dtbo"), 0);   /* 24 KiB fit in 512 KiB */
	ck_assert(!last()->image_known);
	ck_assert_uint_eq(last()->dtb_off, 448 << 10);
	plan_release_vm(&plan, plan.nvms - 1, "checked again with its bytes");
	give_payload(true, 1 << 20);                           /* an Image of 1 MiB in memory */
	ck_assert_int_ne(add("plan-payload-512k.dtbo"), 0);
	ck_assert_contains(plan.refusal, "needs 1024 KiB at offset 0x0 (an arm64 Image, BSS "
			   "included), and its device tree the last 64 KiB, but the VM has 512 KiB "
			   "of RAM; raise 'memory' to at least 1088 KiB");
}
END_TEST

/* 'watchdog': its frames clear of RAM and Tandem's devices, its SPI free. */
START_TEST(watchdog_placement)
{
	ck_assert_int_eq(add("vm-watchdog.dtbo"), 0);
	teardown();
	setup();
	ck_assert_int_ne(add("plan-wdog-in-ram.dtbo"), 0);
	ck_assert_contains(plan.refusal, "plan-wdog-in-ram.dtbo: /chosen/wd: 'watchdog' at 0x40001000 "
			   "is inside the VM's RAM 0x40000000-0x43ffffff; put it elsewhere");
	ck_assert_int_ne(add("plan-wdog-gic.dtbo"), 0);
	ck_assert_contains(plan.refusal, "/chosen/wd: 'watchdog' at 0x8000000-0x8001fff overlaps the "
			   "GIC distributor at 0x8000000; put it elsewhere");
	ck_assert_int_ne(add("plan-wdog-uart-irq.dtbo"), 0);
	ck_assert_contains(plan.refusal, "/chosen/wd: 'watchdog' interrupt 33 is the console UART's; "
			   "give the watchdog a free SPI");
	ck_assert_int_ne(add("plan-wdog-channel.dtbo"), 0);
	ck_assert_contains(plan.refusal, "/chosen/wd: 'watchdog' interrupt 96 is channel 'link''s "
			   "doorbell; give the watchdog a free SPI");
}
END_TEST

/* issue 12: RAM where the platform has its flash (or any device) is refused. */
START_TEST(memory_base_over_a_platform_device)
{
	ck_assert_int_ne(add("plan-over-flash.dtbo"), 0);
	ck_assert_contains(plan.refusal, "plan-over-flash.dtbo: /chosen/guest-f: RAM 0x0-0x3ffffff "
			   "(memory-base) covers the platform's /flash@0 at 0x0-0x3ffffff; move "
			   "memory-base clear of the platform's devices, e.g. 0x40000000");
	ck_assert_uint_eq(plan.core_vms[2], 0);
}
END_TEST

/* issue 12: 'profiling' is accepted with a warning naming the VM. */
START_TEST(profiling_vm_is_accepted_with_a_warning)
{
	ck_assert_int_eq(add("vm-good.dtbo"), 0);
	ck_assert_str_eq(last()->warning, "");
	ck_assert_int_eq(add("vm-profiling.dtbo"), 0);
	ck_assert_contains(last()->warning, "vm-profiling.dtbo: /chosen/guest-p: 'profiling' gives "
			   "VM 'guest-p' the hardware PMU: its cycle counter counts Tandem's own "
			   "cycles at EL2 too");
}
END_TEST

START_TEST(init_refuses_a_module_overlapping_tandem)
{
	struct system_plan p2;

	ck_assert_int_eq(plan_init(&p2, plat_fdt, &plat, 0x7c000000, TANDEM_SIZE), -1);
	ck_assert_contains(p2.error,
			   "boot module at 0x7c000000 overlaps Tandem's memory 0x7c000000-0x7cffffff");
	ck_assert_contains(p2.error, "load it above 0x7d000000");
	/* Tandem in the last 16 MiB of RAM, over the overlay module. */
	ck_assert_int_eq(plan_init(&p2, plat_fdt, &plat, 0x7f000000, TANDEM_SIZE), -1);
	ck_assert_contains(p2.error, "boot module at 0x7ff00000 overlaps Tandem's memory "
			   "0x7f000000-0x7fffffff; load it above 0x80000000");
}
END_TEST

START_TEST(init_refuses_tandem_outside_ram)
{
	struct system_plan p2;

	ck_assert_int_eq(plan_init(&p2, plat_fdt, &plat, 0x1000000, TANDEM_SIZE), -1);
	ck_assert_contains(p2.error, "Tandem's own memory 0x1000000-0x1ffffff is not free RAM");
	/* Running past the end of RAM. */
	ck_assert_int_eq(plan_init(&p2, plat_fdt, &plat, 0x7f800000, TANDEM_SIZE), -1);
	ck_assert_contains(p2.error, "Tandem's own memory 0x7f800000-0x807fffff is not free RAM");
}
END_TEST

/* A board's tree reserves memory for its firmware: none of it is a VM's,
 * and Tandem may not sit in it. */
START_TEST(firmware_reserved_memory_is_no_vms)
{
	struct platform rp;
	struct system_plan p2;
	char msg[256];
	void *fdt = fixture_load("virt-reserved.dtb", NULL);
	const struct memmap_region *r;
	size_t size;
	void *blob;

	ck_assert_int_eq(platform_parse(fdt, &rp, msg, sizeof(msg)), 0);
	ck_assert_uint_eq(rp.nreserved, 2);   /* the size-only and the disabled child are not */
	ck_assert_uint_eq(rp.reserved[0].base, 0x48000000);
	ck_assert_uint_eq(rp.reserved[0].size, 0x100000);
	ck_assert_uint_eq(rp.reserved[1].base, 0x50000000);
	ck_assert_uint_eq(rp.reserved[1].size, 0x1000000);
	ck_assert_int_eq(plan_init(&p2, fdt, &rp, TANDEM_BASE, TANDEM_SIZE), 0);
	r = memmap_find(&p2.mm, 0x50ffffff);
	ck_assert_int_eq(r->kind, OWNER_FIRMWARE);
	ck_assert_uint_eq(r->base, 0x50000000);
	ck_assert_int_eq(memmap_find(&p2.mm, 0x48000000)->kind, OWNER_FIRMWARE);
	ck_assert_int_eq(memmap_find(&p2.mm, 0x60000000)->kind, OWNER_FREE);
	blob = fixture_load("plan-over-firmware.dtbo", &size);
	ck_assert_int_ne(plan_add_vm(&p2, blob, size, "plan-over-firmware.dtbo"), 0);
	ck_assert_contains(p2.vms[0].error, "direct-mapped RAM 0x4f000000-0x52ffffff overlaps memory the "
			   "firmware reserves at 0x50000000-0x50ffffff");
	free(blob);
	/* Placed RAM goes around it. */
	blob = fixture_load("plan-b.dtbo", &size);
	ck_assert_int_eq(plan_add_vm(&p2, blob, size, "plan-b.dtbo"), 0);
	for (unsigned int i = 0; i < rp.nreserved; i++)
		ck_assert(p2.vms[1].ram_pa + p2.vms[1].cfg.mem_size <= rp.reserved[i].base ||
			  p2.vms[1].ram_pa >= rp.reserved[i].base + rp.reserved[i].size);
	free(blob);
	/* Tandem loaded over the firmware's memory: refused, naming both. */
	ck_assert_int_eq(plan_init(&p2, fdt, &rp, 0x47f00000, TANDEM_SIZE), -1);
	ck_assert_contains(p2.error, "overlaps memory the firmware reserves (0x48000000-0x480fffff");
	free(fdt);
}
END_TEST

START_TEST(paravirtual_path_takes_only_paravirtualized_guests)
{
	plan.paravirtual_path = true;
	ck_assert_int_ne(add("plan-b.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-b.dtbo: /chosen/guest-b: an unmodified guest (no "
			   "'paravirtual' in its overlay) needs the virtualization extensions, which "
			   "this core lacks");
	ck_assert_contains(last()->error, "it runs on a core with them (EL2 or HYP mode; QEMU: -M virt,virtualization=on)");
	ck_assert_int_eq(add("vm-paravirtual.dtbo"), 0);
	ck_assert(last()->cfg.paravirtual);
	ck_assert_uint_ne(last()->ram_pa, 0x10000000);   /* placed in RAM, seen at 0x10000000 */
	ck_assert_int_ne(add("vm-pv-in-ram.dtbo"), 0);
	ck_assert_contains(last()->error, "memory-base 0x50000000 puts the VM's RAM over the "
			   "platform's RAM at 0x40000000");
	ck_assert_int_ne(add("vm-pv-no-base.dtbo"), 0);
	ck_assert_contains(last()->error, "on the paravirtual path a VM's RAM appears at "
			   "'memory-base', which must be given");
	ck_assert_int_ne(add("vm-pv-two-cpus.dtbo"), 0);
	ck_assert_contains(last()->error, "the paravirtual path runs one vCPU per VM so far");
	ck_assert_int_ne(add("vm-pv-same-core.dtbo"), 0);
	ck_assert_contains(last()->error, "core 0x2 is already given to VM 'pv-guest'; pin this "
			   "VM's vCPUs to free cores, or give both VMs a 'priority' to share it");
}
END_TEST

START_TEST(hardware_path_refuses_paravirtualized_guests)
{
	ck_assert_int_ne(add("vm-paravirtual.dtbo"), 0);
	ck_assert_contains(last()->error, "'paravirtual' asks for the paravirtual path, which Tandem "
			   "takes only on cores without the virtualization extensions");
}
END_TEST

/* A firmware VM: its payload goes to flash, its tree to the base of RAM,
 * and the flash gets physical backing of its own, apart from its RAM. */
START_TEST(firmware_vm_is_placed_with_its_flash)
{
	const struct vm_plan *v;

	ck_assert_int_eq(add("plan-flash.dtbo"), 0);
	v = last();
	ck_assert(v->accepted);
	ck_assert_uint_eq(v->dtb_off, 0);
	ck_assert_uint_ne(v->flash_pa, 0);
	ck_assert(v->flash_pa + 0x4040000 <= v->ram_pa || v->ram_pa + 0x4000000 <= v->flash_pa);
}
END_TEST

START_TEST(firmware_flash_refused_over_devices)
{
	ck_assert_int_ne(add("plan-flash-gic.dtbo"), 0);
	ck_assert_contains(last()->error, "plan-flash-gic.dtbo: /chosen/fw: 'flash-variables' "
			   "0x8000000-0x803ffff covers the GIC distributor at 0x8000000; move it");
	ck_assert_int_ne(add("plan-flash-device.dtbo"), 0);
	ck_assert_contains(last()->error, "'flash' 0xa000000-0xa03ffff covers the platform's "
			   "/virtio_mmio@a000000 at 0xa000000-0xa0001ff; put the flash where the platform "
			   "has its flash (QEMU virt: 0x0) or in a free range");
	ck_assert_int_ne(add("plan-flash-tiny-ram.dtbo"), 0);
	ck_assert_contains(last()->error, "firmware finds its device tree at the base of RAM, which "
			   "needs 64 KiB, but the VM has 32 KiB; raise 'memory'");
	/* refused, they hold nothing: the good one still gets core 2 */
	ck_assert_int_eq(add("plan-flash.dtbo"), 0);
}
END_TEST

Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *ok = tcase_create("accepted");
	TCase *bad = tcase_create("refused");

	tcase_add_checked_fixture(ok, setup, teardown);
	tcase_add_test(ok, init_claims_tandem_and_the_modules);
	tcase_add_test(ok, two_good_vms_are_accepted_with_separate_ram);
	tcase_add_test(ok, ram_of_a_vm_that_is_not_direct_mapped_is_allocated);
	tcase_add_test(ok, refused_vm_releases_its_cores);
	tcase_add_test(ok, refused_vm_leaves_its_memory_and_cores_free);
	tcase_add_test(ok, overlay_errors_are_recorded);
	tcase_add_test(ok, accepted_counts_only_accepted_vms);
	tcase_add_test(ok, late_refusal_releases_everything);
	tcase_add_test(ok, profiling_vm_is_accepted_with_a_warning);
	suite_add_tcase(s, ok);

	tcase_add_checked_fixture(bad, setup, teardown);
	tcase_add_test(bad, core_the_platform_lacks);
	tcase_add_test(bad, core_already_given_to_another_vm);
	tcase_add_test(bad, two_vcpus_on_one_core);
	tcase_add_test(bad, duplicate_vm_name);
	tcase_add_test(bad, kernel_address_without_a_module);
	tcase_add_test(bad, sharing_needs_a_priority_on_both_sides);
	tcase_add_test(bad, at_most_four_vcpus_share_a_core);
	tcase_add_test(bad, vms_with_priorities_share_a_core);
	tcase_add_test(bad, ramdisk_address_without_a_module);
	tcase_add_test(bad, ramdisk_found_among_the_modules);
	tcase_add_test(bad, direct_mapped_ram_overlapping_another_vm);
	tcase_add_test(bad, direct_mapped_ram_overlapping_tandem);
	tcase_add_test(bad, direct_mapped_ram_outside_ram);
	tcase_add_test(bad, ram_covering_the_uart);
	tcase_add_test(bad, paravirtual_path_takes_only_paravirtualized_guests);
	tcase_add_test(bad, hardware_path_refuses_paravirtualized_guests);
	tcase_add_test(bad, ram_covering_the_gic);
	tcase_add_test(bad, more_memory_than_is_free);
	tcase_add_test(bad, refused_vms_do_not_count_against_the_limit);
	tcase_add_test(bad, ninth_vm_is_refused_naming_itself_and_the_limit);
	tcase_add_test(bad, missing_label_is_named_and_blocks_nobody);
	tcase_add_test(bad, linux_image_needs_a_2mib_aligned_memory_base);
	tcase_add_test(bad, zimage_needs_a_128mib_aligned_memory_base);
	tcase_add_test(bad, payload_must_fit_below_the_device_tree);
	tcase_add_test(bad, memory_base_over_a_platform_device);
	tcase_add_test(bad, watchdog_placement);
	tcase_add_test(bad, init_refuses_a_module_overlapping_tandem);
	tcase_add_test(bad, init_refuses_tandem_outside_ram);
	tcase_add_test(bad, firmware_reserved_memory_is_no_vms);
	tcase_add_test(bad, firmware_vm_is_placed_with_its_flash);
	tcase_add_test(bad, firmware_flash_refused_over_devices);
	suite_add_tcase(s, bad);
	return s;
}
