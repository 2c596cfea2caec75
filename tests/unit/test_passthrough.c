/* Devices passed through by overlay (dt/passthrough.c, dt/vm_rules.c) on
 * QEMU's virt GICv3 tree plus a few extra nodes (virt-gicv3-devices.dts):
 * names resolve by path, alias and label; each refusal names the overlay,
 * the VM node, the device and the cause. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "dt/plan.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"

static struct plan_fixture fx;
#define plan (*fx.sys)
#define plat (*fx.platform)
#define plat_fdt (fx.fdt)

static void setup(void)
{
	plan_fixture_init(&fx, "virt-gicv3-devices.dtb");
}

static void teardown(void)
{
	plan_fixture_free(&fx);
}

static int add(const char *name)
{
	return plan_fixture_add(&fx, name);
}

static const struct vm_plan *last(void)
{
	return &plan.vms[plan.nvms - 1];
}

static void refused(const char *name, const char *node, const char *cause)
{
	ck_assert_int_ne(add(name), 0);
	ck_assert(!last()->accepted);
	ck_assert_contains(last()->error, name);
	ck_assert_contains(last()->error, node);
	ck_assert_contains(last()->error, cause);
}

START_TEST(rtc_by_path_alias_and_label)
{
	for (unsigned int i = 0; i < 3; i++) {
		struct pt_device d;
		char why[200];
		const char *ref[] = { "/pl031@9010000", "rtc-alias", "rtc_label" };

		ck_assert_int_eq(pt_resolve(plat_fdt, &plat, ref[i], &d, why, sizeof(why)), 0);
		ck_assert_str_eq(d.path, "/pl031@9010000");
		ck_assert_uint_eq(d.nregs, 1);
		ck_assert_uint_eq(d.regs[0].base, 0x9010000);
		ck_assert_uint_eq(d.pages[0].size, 0x1000);
		ck_assert_uint_eq(d.nirqs, 1);
		ck_assert_uint_eq(d.intids[0], 34);
		ck_assert(!d.dma);
	}
	ck_assert_int_eq(add("pt-rtc.dtbo"), 0);
	ck_assert_str_eq(last()->devices[0].path, "/pl031@9010000");
}
END_TEST

START_TEST(virtio_is_dma_and_widened_to_its_page)
{
	struct pt_device d;
	char why[200];

	ck_assert_int_eq(pt_resolve(plat_fdt, &plat, "/virtio_mmio@a003e00", &d, why, sizeof(why)), 0);
	ck_assert(d.dma);
	ck_assert_uint_eq(d.regs[0].size, 0x200);
	ck_assert_uint_eq(d.pages[0].base, 0xa003000);
	ck_assert_uint_eq(d.pages[0].size, 0x1000);
	ck_assert_uint_eq(d.intids[0], 32 + 0x2f);
	ck_assert_int_eq(add("pt-virtio-a.dtbo"), 0);
}
END_TEST

START_TEST(device_in_two_vms)
{
	ck_assert_int_eq(add("pt-rtc.dtbo"), 0);
	refused("pt-rtc-again.dtbo", "/chosen/guest-c",
		"/pl031@9010000 is in page 0x9010000, which VM 'guest-rtc' already has (/pl031@9010000)");
}
END_TEST

/* The operator removes the VM that holds the device (the monitor's
 * remove: plan_release_vm); the VM refused for it is placed again from the
 * same overlay and gets it; the first, retried, is refused in its turn. */
START_TEST(refused_vm_placed_again_once_the_holder_is_released)
{
	ck_assert_int_eq(add("pt-rtc.dtbo"), 0);
	refused("pt-rtc-again.dtbo", "/chosen/guest-c", "which VM 'guest-rtc' already has");
	ck_assert_int_ne(plan_retry_vm(&plan, 1), 0);   /* nothing changed: the same answer */
	ck_assert_contains(plan.vms[1].error, "which VM 'guest-rtc' already has (/pl031@9010000)");
	ck_assert_int_ne(plan_retry_vm(&plan, 0), 0);   /* an accepted record is not placed twice */
	ck_assert(plan.vms[0].accepted);
	plan_release_vm(&plan, 0, "removed by the operator");
	ck_assert_int_eq(plan_retry_vm(&plan, 1), 0);
	ck_assert(plan.vms[1].accepted);
	ck_assert_str_eq(plan.vms[1].cfg.name, "guest-c");
	ck_assert_str_eq(plan.vms[1].devices[0].path, "/pl031@9010000");
	ck_assert_str_eq(plan.vms[1].cfg.source, "pt-rtc-again.dtbo");
	ck_assert_int_ne(plan_retry_vm(&plan, 0), 0);
	ck_assert_contains(plan.vms[0].error, "pt-rtc.dtbo");
	ck_assert_contains(plan.vms[0].error, "which VM 'guest-c' already has (/pl031@9010000)");
	ck_assert_int_ne(plan_retry_vm(&plan, 7), 0);   /* no such record */
	ck_assert_uint_eq(plan_accepted(&plan), 1);
}
END_TEST

START_TEST(page_shared_with_another_vms_device)
{
	ck_assert_int_eq(add("pt-virtio-a.dtbo"), 0);
	refused("pt-virtio-b.dtbo", "/chosen/guest-vb",
		"/virtio_mmio@a003c00 is in page 0xa003000, which VM 'guest-va' already has "
		"(/virtio_mmio@a003e00); pass-through works per 4 KiB page");
}
END_TEST

START_TEST(interrupt_in_two_vms)
{
	ck_assert_int_eq(add("pt-shared-a.dtbo"), 0);
	refused("pt-shared-b.dtbo", "/chosen/guest-sb",
		"interrupt 112 of /shared-b@9101000 is already VM 'guest-sa''s (/shared-a@9100000)");
}
END_TEST

START_TEST(no_such_path_alias_or_label)
{
	refused("pt-missing.dtbo", "/chosen/guest-c",
		"'passthrough' entry '/pl031@9010001': no node, alias or label '/pl031@9010001' in "
		"the platform's device tree");
}
END_TEST

START_TEST(tandems_own_devices)
{
	refused("pt-uart.dtbo", "/chosen/guest-c", "/pl011@9000000 is the console UART, which Tandem keeps");
	refused("pt-gic.dtbo", "/chosen/guest-c", "/intc@8000000 is the interrupt controller, which Tandem keeps");
	refused("pt-cpu.dtbo", "/chosen/guest-c", "/cpus/cpu@0 is a core");
}
END_TEST

START_TEST(dma_device_needs_1to1_ram)
{
	refused("pt-virtio-not-1to1.dtbo", "/chosen/guest-c",
		"/virtio_mmio@a003e00 masters memory (DMA) and there is no SMMU, so the VM's RAM "
		"must be 1:1: add 'direct-map'");
}
END_TEST

START_TEST(disabled_ppi_foreign_controller_and_bus)
{
	refused("pt-disabled.dtbo", "/chosen/guest-c", "/off@9102000 is disabled in the platform tree");
	refused("pt-ppi.dtbo", "/chosen/guest-c", "only shared peripheral interrupts (SPIs)");
	refused("pt-other-intc.dtbo", "/chosen/guest-c", "a controller other than the GIC");
	refused("pt-on-bus.dtbo", "/chosen/guest-c", "is not at the root of the platform tree");
}
END_TEST

START_TEST(named_twice)
{
	refused("pt-twice.dtbo", "/chosen/guest-c",
		"'passthrough' names /pl031@9010000 twice ('/pl031@9010000' and 'rtc-alias')");
	refused("pt-empty.dtbo", "/chosen/guest-c", "'passthrough' entry 1 is empty");
}
END_TEST

START_TEST(ram_covering_a_passed_device)
{
	refused("pt-ram-covers.dtbo", "/chosen/guest-c",
		"RAM 0x9020000-0xd01ffff covers /pl061@9030000 at 0x9030000; move memory-base");
}
END_TEST

START_TEST(refused_vm_leaves_its_devices_free)
{
	refused("pt-twice.dtbo", "/chosen/guest-c", "twice");
	ck_assert_int_eq(add("pt-rtc.dtbo"), 0);
}
END_TEST

START_TEST(restart_policy)
{
	refused("pt-on-crash-bad.dtbo", "/chosen/guest-c", "'on-crash' must be \"stop\" or \"restart\"");
	/* issue 12: restart-limit alone bounds the guest's own resets. */
	ck_assert_int_eq(add("pt-limit-alone.dtbo"), 0);
	ck_assert(!last()->cfg.restart_on_crash);
	ck_assert_uint_eq(last()->cfg.restart_limit, 5);
	ck_assert_uint_eq(last()->cfg.restart_window_ms, VM_DEFAULT_RESTART_WINDOW_MS);
	ck_assert_int_eq(add("pt-restart.dtbo"), 0);
	ck_assert(last()->cfg.restart_on_crash);
	ck_assert_uint_eq(last()->cfg.restart_limit, 3);
}
END_TEST

START_TEST(extra_interrupts)
{
	refused("pt-extra-ppi.dtbo", "/chosen/guest-c", "'extra-interrupts' entry 0 is not a shared "
		"peripheral interrupt (SPI)");
	refused("pt-extra-uart.dtbo", "/chosen/guest-c", "interrupt 33 ('extra-interrupts') is the "
		"console UART's, which Tandem keeps");
	ck_assert_int_eq(add("pt-rtc.dtbo"), 0);
	refused("pt-extra-rtc-irq.dtbo", "/chosen/guest-c", "interrupt 34 of 'extra-interrupts' is "
		"already VM 'guest-rtc''s (/pl031@9010000)");
}
END_TEST

Suite *passthrough_suite(void)
{
	Suite *s = suite_create("passthrough");
	TCase *t = tcase_create("devices");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, rtc_by_path_alias_and_label);
	tcase_add_test(t, virtio_is_dma_and_widened_to_its_page);
	tcase_add_test(t, device_in_two_vms);
	tcase_add_test(t, refused_vm_placed_again_once_the_holder_is_released);
	tcase_add_test(t, page_shared_with_another_vms_device);
	tcase_add_test(t, interrupt_in_two_vms);
	tcase_add_test(t, no_such_path_alias_or_label);
	tcase_add_test(t, tandems_own_devices);
	tcase_add_test(t, dma_device_needs_1to1_ram);
	tcase_add_test(t, disabled_ppi_foreign_controller_and_bus);
	tcase_add_test(t, named_twice);
	tcase_add_test(t, ram_covering_a_passed_device);
	tcase_add_test(t, refused_vm_leaves_its_devices_free);
	tcase_add_test(t, restart_policy);
	tcase_add_test(t, extra_interrupts);
	suite_add_tcase(s, t);
	return s;
}
