/* VM overlay parsing: one complete overlay read into every field, the
 * defaults, then one refusal per test. Every refusal message must name the
 * source, the VM node, the property and say how to fix it. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt/vm_config.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"

static struct vm_config cfg;
static char msg[512];

/* Parses fixture `name` with `name` as its source. */
static enum cfg_err parse(const char *name)
{
	size_t size;
	void *blob = fixture_load(name, &size);
	enum cfg_err e;

	memset(msg, 0, sizeof(msg));
	e = vm_config_parse(blob, size, name, &cfg, msg, sizeof(msg));
	free(blob);
	return e;
}

START_TEST(every_field_of_a_full_overlay)
{
	size_t size;
	void *blob = fixture_load("vm-good.dtbo", &size);

	ck_assert_int_eq(vm_config_parse(blob, size, "module@0x7ff00000", &cfg, msg, sizeof(msg)),
			 CFG_OK);
	free(blob);
	ck_assert_str_eq(cfg.name, "guest-a");
	ck_assert_str_eq(cfg.source, "module@0x7ff00000");
	ck_assert_str_eq(cfg.node, "/chosen/guest-a");
	ck_assert_uint_eq(cfg.vcpus, 1);
	ck_assert_uint_eq(cfg.affinity[0], 1);
	ck_assert_uint_eq(cfg.mem_size, 64ull << 20);
	ck_assert_uint_eq(cfg.mem_base, 0x50000000);
	ck_assert(cfg.mem_base_set);
	ck_assert(cfg.direct_map);
	ck_assert_uint_eq(cfg.kernel_addr, 0x7c000000);
	ck_assert(cfg.vpl011);
}
END_TEST

START_TEST(defaults_when_optional_properties_are_absent)
{
	ck_assert_int_eq(parse("vm-defaults.dtbo"), CFG_OK);
	ck_assert_str_eq(cfg.name, "guest-d");
	ck_assert_str_eq(cfg.source, "vm-defaults.dtbo");
	ck_assert_str_eq(cfg.node, "/guest-d");   /* the fragment targets the root */
	ck_assert_uint_eq(cfg.vcpus, 2);
	ck_assert_uint_eq(cfg.affinity[0], 2);
	ck_assert_uint_eq(cfg.affinity[1], 3);
	ck_assert_uint_eq(cfg.mem_size, 32ull << 20);
	ck_assert_uint_eq(cfg.mem_base, 0x40000000);
	ck_assert_uint_eq(cfg.mem_base, VM_DEFAULT_RAM_BASE);
	ck_assert(!cfg.mem_base_set);
	ck_assert(!cfg.direct_map);
	ck_assert(!cfg.vpl011);
	ck_assert_uint_eq(cfg.kernel_addr, 0x7c000000);
	ck_assert(!cfg.profiling);
	ck_assert_uint_eq(cfg.restart_limit, VM_DEFAULT_RESTART_LIMIT);
	ck_assert_uint_eq(cfg.restart_window_ms, VM_DEFAULT_RESTART_WINDOW_MS);
	ck_assert_uint_eq(VM_DEFAULT_RESTART_WINDOW_MS, 10000);
}
END_TEST

/* issue 12: the PMU opt-in and the restart window are known properties. */
START_TEST(profiling_and_restart_window)
{
	ck_assert_int_eq(parse("vm-profiling.dtbo"), CFG_OK);
	ck_assert(cfg.profiling);
	ck_assert_uint_eq(cfg.restart_limit, 2);
	ck_assert_uint_eq(cfg.restart_window_ms, 60000);
	ck_assert(!cfg.restart_on_crash);   /* the limit bounds guest resets too */
}
END_TEST

START_TEST(restart_window_out_of_range)
{
	static const char *const bad[] = { "vm-window-0.dtbo", "vm-window-3600001.dtbo",
					   "vm-window-cells.dtbo" };

	for (unsigned int i = 0; i < 3; i++) {
		ck_assert_int_eq(parse(bad[i]), CFG_ERR_PROPERTY);
		ck_assert_contains(msg, "/chosen/guest-w: 'restart-window-ms' must be one cell "
				   "from 1 to 3600000 (milliseconds), e.g. restart-window-ms = <10000>;");
	}
}
END_TEST

START_TEST(ramdisk_address)
{
	ck_assert_int_eq(parse("vm-ramdisk.dtbo"), CFG_OK);
	ck_assert(cfg.has_ramdisk);
	ck_assert_uint_eq(cfg.ramdisk_addr, 0x7ff00000);
	ck_assert_uint_eq(cfg.vcpus, 2);
	/* and no ramdisk unless one is named */
	ck_assert_int_eq(parse("vm-defaults.dtbo"), CFG_OK);
	ck_assert(!cfg.has_ramdisk);
}
END_TEST

START_TEST(ramdisk_of_one_cell)
{
	ck_assert_int_eq(parse("vm-ramdisk-cells.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-ramdisk-cells.dtbo: /chosen/linux: ");
	ck_assert_contains(msg, "'ramdisk' must be two cells (a 64-bit address)");
}
END_TEST

START_TEST(scheduling_priority)
{
	ck_assert_int_eq(parse("vm-priority.dtbo"), CFG_OK);
	ck_assert(cfg.has_priority);
	ck_assert_uint_eq(cfg.priority, 200);
	ck_assert_int_eq(parse("vm-good.dtbo"), CFG_OK);
	ck_assert(!cfg.has_priority);
}
END_TEST

START_TEST(priority_out_of_range)
{
	ck_assert_int_eq(parse("vm-priority-range.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-priority-range.dtbo: /chosen/rtos: ");
	ck_assert_contains(msg, "'priority' must be one cell from 0 to 255 (higher runs first)");
	ck_assert_int_eq(parse("vm-priority-cells.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "'priority' must be one cell");
}
END_TEST

START_TEST(deeply_nested_vm_node)
{
	ck_assert_int_eq(parse("vm-long-path.dtbo"), CFG_OK);
	ck_assert_str_eq(cfg.name, "guest-a");
	ck_assert_str_eq(cfg.node, "/chosen/partition-a-0123456789-0123456789/"
			 "partition-b-0123456789-0123456789/guest-a");
}
END_TEST

START_TEST(missing_cpus)
{
	ck_assert_int_eq(parse("vm-no-cpus.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-no-cpus.dtbo: /chosen/guest-a: missing 'cpus'");
	ck_assert_contains(msg, "cpus = <1>;");
}
END_TEST

START_TEST(cpus_zero)
{
	ck_assert_int_eq(parse("vm-cpus-0.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-cpus-0.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "'cpus' must be one cell between 1 and 8");
}
END_TEST

START_TEST(cpus_nine)
{
	ck_assert_int_eq(parse("vm-cpus-9.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-cpus-9.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "'cpus' must be one cell between 1 and 8");
}
END_TEST

START_TEST(missing_cpu_affinity)
{
	ck_assert_int_eq(parse("vm-no-affinity.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-no-affinity.dtbo: /chosen/guest-a: missing 'cpu-affinity'");
	ck_assert_contains(msg, "each of the 2 vCPUs");
	ck_assert_contains(msg, "cpu-affinity = <1>;");
}
END_TEST

START_TEST(cpu_affinity_count_mismatch)
{
	ck_assert_int_eq(parse("vm-affinity-count.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-affinity-count.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "'cpu-affinity' has 3 entries but 'cpus' is 2");
	ck_assert_contains(msg, "give one core per vCPU");
}
END_TEST

START_TEST(missing_memory)
{
	ck_assert_int_eq(parse("vm-no-memory.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-no-memory.dtbo: /chosen/guest-a: missing 'memory'");
	ck_assert_contains(msg, "RAM size in KiB");
	ck_assert_contains(msg, "memory = <0 0x10000>;");
}
END_TEST

START_TEST(memory_zero)
{
	ck_assert_int_eq(parse("vm-memory-0.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-memory-0.dtbo: /chosen/guest-a: 'memory' is 0 KiB");
	ck_assert_contains(msg, "non-zero multiple of 4 KiB");
}
END_TEST

START_TEST(memory_not_a_multiple_of_4k)
{
	ck_assert_int_eq(parse("vm-memory-odd.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-memory-odd.dtbo: /chosen/guest-a: 'memory' is 1026 KiB");
	ck_assert_contains(msg, "non-zero multiple of 4 KiB");
}
END_TEST

START_TEST(memory_larger_than_the_maximum)
{
	ck_assert_int_eq(parse("vm-memory-huge.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/guest-a: 'memory' is 67108868 KiB");
	ck_assert_contains(msg, "at most 67108864 KiB");
}
END_TEST

START_TEST(memory_wrong_cell_count)
{
	ck_assert_int_eq(parse("vm-memory-cells.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-memory-cells.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "'memory' must be two cells (a 64-bit size in KiB)");
}
END_TEST

START_TEST(memory_base_misaligned)
{
	ck_assert_int_eq(parse("vm-base-misaligned.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-base-misaligned.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "'memory-base' 0x50000800 is not aligned to 4 KiB");
	ck_assert_contains(msg, "use a multiple of 0x1000");
}
END_TEST

START_TEST(ram_beyond_39_bits)
{
	ck_assert_int_eq(parse("vm-beyond-39-bits.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-beyond-39-bits.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "RAM at 0x7ffff00000 of 2048 KiB ends beyond the 39-bit");
}
END_TEST

START_TEST(missing_kernel)
{
	ck_assert_int_eq(parse("vm-no-kernel.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-no-kernel.dtbo: /chosen/guest-a: missing 'kernel'");
	ck_assert_contains(msg, "kernel = <0 0x7c000000>;");
}
END_TEST

START_TEST(unknown_property)
{
	ck_assert_int_eq(parse("vm-unknown-prop.dtbo"), CFG_ERR_UNKNOWN);
	ck_assert_contains(msg, "vm-unknown-prop.dtbo: /chosen/guest-a: ");
	ck_assert_contains(msg, "unknown property 'cpu-afinity'");
	ck_assert_contains(msg, "docs/configuration.md");
}
END_TEST

START_TEST(invalid_vm_node_name)
{
	ck_assert_int_eq(parse("vm-bad-name.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-bad-name.dtbo: /chosen/guest.a: ");
	ck_assert_contains(msg, "VM node name must be 1-31 letters, digits, '-' or '_'");
}
END_TEST

START_TEST(two_vm_nodes)
{
	ck_assert_int_eq(parse("vm-two-vms.dtbo"), CFG_ERR_TWO_VMS);
	/* The message points at the extra node. */
	ck_assert_contains(msg, "vm-two-vms.dtbo: /chosen/guest-b: ");
	ck_assert_contains(msg, "a second node with compatible \"tandem,vm\"");
	ck_assert_contains(msg, "describe one VM per overlay");
}
END_TEST

START_TEST(vm_node_path_too_long)
{
	/* Its 117-character path would be cut short, and the guest tree
	 * builder would look for (and delete) the wrong node. */
	ck_assert_int_eq(parse("vm-too-long-path.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-too-long-path.dtbo: /chosen: ");
	ck_assert_contains(msg, "the path of the tandem,vm node is longer than 95 characters");
	ck_assert_contains(msg, "move the node nearer the fragment's target");
}
END_TEST

START_TEST(no_vm_node)
{
	ck_assert_int_eq(parse("vm-no-vm.dtbo"), CFG_ERR_NO_VM);
	ck_assert_contains(msg, "vm-no-vm.dtbo: /: ");
	ck_assert_contains(msg, "no node with compatible \"tandem,vm\"");
}
END_TEST

START_TEST(plain_dtb_is_not_an_overlay)
{
	ck_assert_int_eq(parse("virt-gicv3.dtb"), CFG_ERR_NOT_OVERLAY);
	ck_assert_contains(msg, "virt-gicv3.dtb: /: not an overlay");
	ck_assert_contains(msg, "/plugin/");
	ck_assert_contains(msg, "dtc -@");
}
END_TEST

START_TEST(truncated_blob)
{
	size_t size;
	void *blob = fixture_load("vm-good.dtbo", &size);
	char expect[128];

	ck_assert_int_eq(vm_config_parse(blob, size - 16, "cut.dtbo", &cfg, msg, sizeof(msg)),
			 CFG_ERR_BLOB);
	snprintf(expect, sizeof(expect), "cut.dtbo: /: truncated: header says %zu bytes, only %zu present",
		 size, size - 16);
	ck_assert_contains(msg, expect);
	/* Cut inside the header itself. */
	ck_assert_int_eq(vm_config_parse(blob, 20, "cut.dtbo", &cfg, msg, sizeof(msg)), CFG_ERR_BLOB);
	ck_assert_contains(msg, "cut.dtbo: /: not a device-tree blob");
	free(blob);
}
END_TEST

START_TEST(random_garbage)
{
	unsigned char junk[256];
	unsigned int x = 12345;

	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	junk[0] = 0x12;   /* certainly not the magic */
	ck_assert_int_eq(vm_config_parse(junk, sizeof(junk), "junk.bin", &cfg, msg, sizeof(msg)),
			 CFG_ERR_BLOB);
	ck_assert_contains(msg, "junk.bin: /: not a device-tree blob (bad magic)");
	ck_assert_contains(msg, "dtc -@ -I dts -O dtb");
}
END_TEST

START_TEST(valid_header_with_a_corrupt_structure_block)
{
	size_t size;
	unsigned char *blob = fixture_load("vm-good.dtbo", &size);
	uint32_t off_struct = ((uint32_t)blob[8] << 24) | ((uint32_t)blob[9] << 16) |
			      ((uint32_t)blob[10] << 8) | blob[11];

	ck_assert_uint_lt(off_struct + 8, size);
	memset(blob + off_struct, 0xff, 8);   /* not a structure token */
	ck_assert_int_eq(vm_config_parse(blob, size, "bad.dtbo", &cfg, msg, sizeof(msg)), CFG_ERR_BLOB);
	ck_assert_contains(msg, "bad.dtbo: /: malformed device-tree blob (libfdt: FDT_ERR_");
	ck_assert_contains(msg, "recompile it with dtc");
	free(blob);
}
END_TEST

START_TEST(zero_length_buffer)
{
	static const char empty[1];

	ck_assert_int_eq(vm_config_parse(empty, 0, "empty.dtbo", &cfg, msg, sizeof(msg)), CFG_ERR_BLOB);
	ck_assert_contains(msg, "empty.dtbo: /: not a device-tree blob");
	ck_assert_int_eq(vm_config_parse(NULL, 0, "null", &cfg, msg, sizeof(msg)), CFG_ERR_BLOB);
	ck_assert_contains(msg, "null: /: not a device-tree blob");
}
END_TEST

START_TEST(short_message_buffer_is_truncated_not_overrun)
{
	size_t size;
	void *blob = fixture_load("vm-no-kernel.dtbo", &size);
	char small[12];

	memset(small, 'x', sizeof(small));
	ck_assert_int_eq(vm_config_parse(blob, size, "vm-no-kernel.dtbo", &cfg, small, 8),
			 CFG_ERR_PROPERTY);
	ck_assert_str_eq(small, "vm-no-k");
	ck_assert_int_eq(small[8], 'x');
	free(blob);
}
END_TEST

/* The watchdog ('watchdog', 'watchdog-timeout-s'). */
START_TEST(watchdog_is_read)
{
	ck_assert_int_eq(parse("vm-watchdog.dtbo"), CFG_OK);
	ck_assert(cfg.has_watchdog);
	ck_assert_uint_eq(cfg.wdog_base, 0x0a010000);
	ck_assert_uint_eq(cfg.wdog_intid, 32 + 48);
	ck_assert_uint_eq(cfg.wdog_timeout_s, 20);
	ck_assert_int_eq(parse("vm-good.dtbo"), CFG_OK);
	ck_assert(!cfg.has_watchdog);
	ck_assert_uint_eq(cfg.wdog_timeout_s, 0);
}
END_TEST

START_TEST(watchdog_refusals)
{
	ck_assert_int_eq(parse("vm-wdog-cells.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-wdog-cells.dtbo: /chosen/wd: 'watchdog' must be <address spi>: "
			   "a 64-bit address in two cells and a GIC SPI number, e.g. "
			   "watchdog = <0x0 0x0a010000 0x30>;");
	ck_assert_int_eq(parse("vm-wdog-misaligned.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/wd: 'watchdog' at 0xa010800: its two 4 KiB frames must "
			   "start on a 4 KiB boundary and end within the 39-bit guest-physical space");
	ck_assert_int_eq(parse("vm-wdog-beyond.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "'watchdog' at 0xfffffff000: its two 4 KiB frames must");
	ck_assert_int_eq(parse("vm-wdog-spi.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/wd: 'watchdog' interrupt 988 is not a GIC SPI number "
			   "(0 to 987)");
	ck_assert_int_eq(parse("vm-wdog-timeout-0.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/wd: 'watchdog-timeout-s' must be one cell from 1 to 3600 "
			   "(seconds), e.g. watchdog-timeout-s = <30>;");
	ck_assert_int_eq(parse("vm-wdog-timeout-only.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/wd: 'watchdog-timeout-s' without 'watchdog'; add "
			   "watchdog = <0x0 0x0a010000 0x30>;");
	ck_assert_int_eq(parse("vm-wdog-pv.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/wd: 'watchdog' on a 'paravirtual' VM: the watchdog is an "
			   "emulated device, on the hardware path only; drop one of them");
}
END_TEST

/* The firmware layout ('flash', 'flash-variables'). */
START_TEST(firmware_flash_banks_are_read)
{
	ck_assert_int_eq(parse("vm-flash.dtbo"), CFG_OK);
	ck_assert(cfg.has_flash);
	ck_assert_uint_eq(cfg.flash_base, 0);
	ck_assert_uint_eq(cfg.flash_size, 0x4000000);
	ck_assert(cfg.has_flash_vars);
	ck_assert_uint_eq(cfg.vars_base, 0x4000000);
	ck_assert_uint_eq(cfg.vars_size, 0x40000);
	ck_assert_int_eq(parse("vm-good.dtbo"), CFG_OK);
	ck_assert(!cfg.has_flash && !cfg.has_flash_vars);
}
END_TEST

START_TEST(firmware_flash_refusals)
{
	ck_assert_int_eq(parse("vm-flash-misaligned.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "vm-flash-misaligned.dtbo: /chosen/fw: 'flash' at 0x1000 of 0x40000 bytes: "
			   "base and size must be multiples of the flash's 256 KiB erase block");
	ck_assert_int_eq(parse("vm-flash-over-ram.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "/chosen/fw: 'flash' 0x40000000-0x4003ffff overlaps the VM's RAM "
			   "0x40000000-0x43ffffff; firmware expects flash below RAM");
	ck_assert_int_eq(parse("vm-flash-vars-only.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "'flash-variables' without 'flash'; ");
	ck_assert_int_eq(parse("vm-flash-overlap.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "'flash' 0x0-0x3ffffff and 'flash-variables' 0x3fc0000-0x3ffffff overlap; "
			   "put the variable store after the code, e.g. at 0x4000000");
	ck_assert_int_eq(parse("vm-flash-ramdisk.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "'ramdisk' with 'flash': firmware loads its own kernel and ramdisk");
	ck_assert_int_eq(parse("vm-flash-cells.dtbo"), CFG_ERR_PROPERTY);
	ck_assert_contains(msg, "'flash' must be <address size> in two cells each");
}
END_TEST

Suite *vm_config_suite(void)
{
	Suite *s = suite_create("vm_config");
	TCase *ok = tcase_create("accepted");
	TCase *bad = tcase_create("refused");

	tcase_add_test(ok, every_field_of_a_full_overlay);
	tcase_add_test(ok, defaults_when_optional_properties_are_absent);
	tcase_add_test(ok, deeply_nested_vm_node);
	tcase_add_test(ok, scheduling_priority);
	tcase_add_test(ok, ramdisk_address);
	tcase_add_test(ok, profiling_and_restart_window);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, missing_cpus);
	tcase_add_test(bad, priority_out_of_range);
	tcase_add_test(bad, ramdisk_of_one_cell);
	tcase_add_test(bad, cpus_zero);
	tcase_add_test(bad, cpus_nine);
	tcase_add_test(bad, missing_cpu_affinity);
	tcase_add_test(bad, cpu_affinity_count_mismatch);
	tcase_add_test(bad, missing_memory);
	tcase_add_test(bad, memory_zero);
	tcase_add_test(bad, memory_not_a_multiple_of_4k);
	tcase_add_test(bad, memory_larger_than_the_maximum);
	tcase_add_test(bad, memory_wrong_cell_count);
	tcase_add_test(bad, memory_base_misaligned);
	tcase_add_test(bad, ram_beyond_39_bits);
	tcase_add_test(bad, missing_kernel);
	tcase_add_test(bad, unknown_property);
	tcase_add_test(bad, restart_window_out_of_range);
	tcase_add_test(bad, invalid_vm_node_name);
	tcase_add_test(bad, two_vm_nodes);
	tcase_add_test(bad, vm_node_path_too_long);
	tcase_add_test(bad, no_vm_node);
	tcase_add_test(bad, plain_dtb_is_not_an_overlay);
	tcase_add_test(bad, truncated_blob);
	tcase_add_test(bad, random_garbage);
	tcase_add_test(bad, valid_header_with_a_corrupt_structure_block);
	tcase_add_test(bad, zero_length_buffer);
	tcase_add_test(bad, firmware_flash_banks_are_read);
	tcase_add_test(bad, firmware_flash_refusals);
	tcase_add_test(bad, watchdog_is_read);
	tcase_add_test(bad, watchdog_refusals);
	tcase_add_test(bad, short_message_buffer_is_truncated_not_overrun);
	suite_add_tcase(s, bad);
	return s;
}
