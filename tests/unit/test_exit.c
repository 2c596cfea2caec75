/* Trap dispatch, the architecture-neutral half (el2/exit.c), on the fake
 * architecture with the real core behind it: firmware calls reach SMCCC
 * and PSCI only by the SMCCC immediate, a stage-2 fault stops the faulting
 * VM alone (and a firmware VM's flash is emulated instead), a trapped
 * load's value is extended as the access says, and interrupt exits
 * present the virtual timer in its own LR and leave spurious ones alone. */
#include <check.h>
#include <string.h>
#include "tests/unit/core_fixture.h"
#include "tests/unit/suites.h"
#include "el2/exit.h"
#include "el2/gic.h"
#include "firmware/psci.h"
#include "firmware/smccc.h"
#include "vgic/vgic.h"

#define NOT_SUPPORTED ((uint64_t)(int64_t)SMCCC_NOT_SUPPORTED)

static struct vm *vm_a, *vm_b;

/* Two VMs of one vCPU each, on cores 0 and 1; A's running on core 0. */
static struct vcpu *two_vms(unsigned int version)
{
	static const unsigned int core1[] = { 1 };

	fix_machine(version, 4, 2);
	vm_a = fix_vm(1, NULL, 1);
	vm_b = fix_vm(1, core1, 1);
	vm_a->name = "a";
	vm_b->name = "b";
	fix_run(&vm_b->vcpus[0]);
	fix_run(&vm_a->vcpus[0]);
	return &vm_a->vcpus[0];
}

static uint64_t call(struct vcpu *v, unsigned int imm, uint64_t fid)
{
	vcpu_set_reg(v, 0, fid);
	exit_firmware_call(v, CONDUIT_HVC, imm);
	return vcpu_reg(v, 0);
}

/* ------------------------------------------------------ firmware calls */

START_TEST(firmware_call_with_nonzero_immediate_is_not_supported)
{
	struct vcpu *v = two_vms(3);

	ck_assert_uint_eq(call(v, 1, PSCI_VERSION), NOT_SUPPORTED);
	ck_assert_uint_eq(call(v, 0xffff, SMCCC_VERSION), NOT_SUPPORTED);
	/* Nothing else happened: no PSCI call, the VM runs on. */
	ck_assert_int_eq(vm_a->state, VM_RUNNING);
	ck_assert_uint_eq(fake_arch.nfirmware_calls, 0);
}
END_TEST

START_TEST(firmware_call_with_immediate_zero_reaches_smccc_and_psci)
{
	struct vcpu *v = two_vms(3);

	ck_assert_uint_eq(call(v, 0, PSCI_VERSION), PSCI_VERSION_1_1);
	ck_assert_uint_eq(call(v, 0, SMCCC_VERSION), 0x10001);
	vcpu_set_reg(v, 1, PSCI_VERSION);
	ck_assert_uint_eq(call(v, 0, PSCI_FEATURES), 0);
	vcpu_set_reg(v, 1, 0x8400ffff);
	ck_assert_uint_eq(call(v, 0, PSCI_FEATURES), NOT_SUPPORTED);
	/* Unknown functions of every owner; a yielding (not fast) call. */
	ck_assert_uint_eq(call(v, 0, 0x8400ffff), NOT_SUPPORTED);
	ck_assert_uint_eq(call(v, 0, 0xc400ffff), NOT_SUPPORTED);
	ck_assert_uint_eq(call(v, 0, 0x8000ffff), NOT_SUPPORTED);
	ck_assert_uint_eq(call(v, 0, 0xb100ffff), NOT_SUPPORTED);   /* trusted OS */
	ck_assert_uint_eq(call(v, 0, 0x04000000), NOT_SUPPORTED);   /* yielding PSCI_VERSION */
	ck_assert_int_eq(vm_a->state, VM_RUNNING);
	ck_assert_uint_eq(fake_arch.nfirmware_calls, 0);   /* none went to the real firmware */
}
END_TEST

/* ---------------------------------------------------------- mem faults */

START_TEST(mem_fault_stops_only_the_faulting_vm)
{
	struct vcpu *v = two_vms(3);
	struct exit_mem_fault f = {
		.ipa = 0x7000000000ull & ((1ull << 39) - 1), .va = 0x1234, .fault = "translation fault",
		.syndrome = true, .write = true, .size = 4, .reg = 3,
	};

	ck_assert(!exit_mem_fault(v, &f));           /* not emulated: no step */
	ck_assert_int_eq(vm_a->state, VM_STOPPED);
	ck_assert(v->attention);                     /* its core parks it */
	ck_assert_int_eq(vm_b->state, VM_RUNNING);
	ck_assert(!vm_b->vcpus[0].attention);
	ck_assert_uint_eq(fake_arch.nfirmware_calls, 0);   /* B runs: no power-off */
}
END_TEST

START_TEST(fetch_fault_stops_only_the_faulting_vm)
{
	struct vcpu *v = two_vms(2);
	struct exit_mem_fault f = { .ipa = 0x100000, .fault = "translation fault", .fetch = true };

	fake_arch.guest_insn_readable = false;
	ck_assert(!exit_mem_fault(v, &f));
	ck_assert_int_eq(vm_a->state, VM_STOPPED);
	ck_assert_int_eq(vm_b->state, VM_RUNNING);
}
END_TEST

/* A firmware VM: 256 KiB of code at 0, 256 KiB of variables after it. */
static uint8_t flash_mem[2 * 256 * 1024] __attribute__((aligned(4096)));
static uint8_t payload[64] = { 0x14 };
static struct boot_module payload_module;

static struct vcpu *firmware_vm(void)
{
	struct vcpu *v = two_vms(3);

	vm_a->cfg.has_flash = vm_a->cfg.has_flash_vars = true;
	vm_a->cfg.flash_base = 0;
	vm_a->cfg.flash_size = 256 * 1024;
	vm_a->cfg.vars_base = 256 * 1024;
	vm_a->cfg.vars_size = 256 * 1024;
	payload_module = (struct boot_module){ .addr = (uintptr_t)payload, .size = sizeof(payload) };
	vm_a->kernel = &payload_module;
	ck_assert_int_eq(vflash_init(vm_a, ptr_to_pa(flash_mem)), 0);
	return v;
}

START_TEST(mem_fault_in_a_firmware_vms_flash_is_emulated)
{
	struct vcpu *v = firmware_vm();
	struct exit_mem_fault f = {
		.ipa = 256 * 1024, .fault = "permission fault", .syndrome = true,
		.write = true, .size = 4, .reg = 3,
	};
	unsigned int flushes = fake_arch.tlb_flushes;

	vcpu_set_reg(v, 3, 0x90);                   /* read identifier */
	ck_assert(exit_mem_fault(v, &f));           /* emulated: the caller steps */
	ck_assert_uint_gt(fake_arch.tlb_flushes, flushes);   /* the bank left stage 2 */
	f = (struct exit_mem_fault){ .ipa = 256 * 1024, .fault = "translation fault",
				     .syndrome = true, .size = 1, .reg = 5,
				     .sign_extend = true, .reg64 = true };
	ck_assert(exit_mem_fault(v, &f));
	ck_assert_uint_eq(vcpu_reg(v, 5), 0xffffffffffffff89ull);   /* Intel's 0x89, signed */
	ck_assert_int_eq(vm_a->state, VM_RUNNING);
	/* A load pair (no syndrome) there is not emulated: the VM stops. */
	f = (struct exit_mem_fault){ .ipa = 256 * 1024 + 8, .fault = "translation fault" };
	ck_assert(!exit_mem_fault(v, &f));
	ck_assert_int_eq(vm_a->state, VM_STOPPED);
	ck_assert_int_eq(vm_b->state, VM_RUNNING);
}
END_TEST

/* ----------------------------------------------------------- load value */

START_TEST(load_value_extension_table)
{
	static const struct {
		unsigned int size;
		bool sign, reg64;
		uint64_t raw, want;
	} t[] = {
		{ 1, false, false, 0xffffffffffffff80ull, 0x80 },
		{ 1, true, false, 0x80, 0xffffff80 },
		{ 1, true, true, 0x80, 0xffffffffffffff80ull },
		{ 1, true, true, 0x7f, 0x7f },
		{ 2, false, true, 0x12348765ull, 0x8765 },
		{ 2, true, false, 0x8765, 0xffff8765 },
		{ 2, true, true, 0x8765, 0xffffffffffff8765ull },
		{ 4, false, false, 0xdeadbeef80000000ull, 0x80000000 },
		{ 4, true, true, 0x80000000, 0xffffffff80000000ull },
		{ 4, true, false, 0x80000000, 0x80000000 },
		{ 4, false, true, 0x1ffffffffull, 0xffffffff },
		{ 8, false, true, 0x8000000000000001ull, 0x8000000000000001ull },
		{ 8, true, true, 0x8000000000000001ull, 0x8000000000000001ull },
	};

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ck_assert_msg(exit_load_value(t[i].size, t[i].sign, t[i].reg64, t[i].raw) == t[i].want,
			      "case %u: 0x%llx", i,
			      (unsigned long long)exit_load_value(t[i].size, t[i].sign, t[i].reg64,
								  t[i].raw));
}
END_TEST

/* -------------------------------------------------------- interrupts */

static void spurious_does_nothing(unsigned int version)
{
	struct vcpu *v = two_vms(version);
	uint64_t lrs[FAKE_LRS];

	memcpy(lrs, fake_arch.lr, sizeof(lrs));
	for (uint64_t iar = 1020; iar < 1024; iar++)
		trap_irq(v, iar);
	ck_assert_uint_eq(v->traps[TRAP_COUNT_IRQ], 4);
	ck_assert_uint_eq(fake_arch.neoi + fake_arch.ndir, 0);   /* nothing acknowledged to end */
	ck_assert_mem_eq(fake_arch.lr, lrs, sizeof(lrs));
	ck_assert(!v->attention);
	ck_assert_uint_eq(v->vgic.nqueued, 0);
}

START_TEST(v3_trap_irq_with_a_spurious_intid_does_nothing) { spurious_does_nothing(3); }
END_TEST
START_TEST(v2_trap_irq_with_a_spurious_intid_does_nothing) { spurious_does_nothing(2); }
END_TEST

START_TEST(trap_irq_with_the_vtimer_goes_to_its_own_lr)
{
	struct vcpu *v = two_vms(3);
	unsigned int slot = vgic_timer_slot;

	ck_assert_uint_eq(slot, 3);   /* the last of 4 */
	fix_dist_write(v, 0, 4, 2);   /* Group 1 on */
	fix_redist_write(v, 0x10100, 4, 1u << FIX_VTIMER);
	ck_assert_uint_ne(v->vgic.vtimer_lr, 0);
	fake_arch.vtimer_ctl = 5;     /* ENABLE | ISTATUS: asserting */
	trap_irq(v, FIX_VTIMER);
	ck_assert_uint_eq(fake_arch.lr[slot], v->vgic.vtimer_lr);
	ck_assert_uint_eq(lr_decode_v3(fake_arch.lr[slot]).vintid, FIX_VTIMER);
	ck_assert(lr_decode_v3(fake_arch.lr[slot]).hw);   /* the guest's EOI ends the physical one */
	ck_assert_uint_eq(fake_arch.neoi, 1);
	ck_assert_uint_eq(fake_arch.eoi[0], FIX_VTIMER);
	ck_assert_uint_eq(fake_arch.ndir, 0);             /* left active for the guest */
	for (unsigned int i = 0; i < slot; i++)
		ck_assert_uint_eq(fake_arch.lr[i], 0);    /* the general LRs untouched */
}
END_TEST

START_TEST(trap_irq_with_the_vtimer_disabled_in_the_gic_is_held)
{
	struct vcpu *v = two_vms(3);

	fix_dist_write(v, 0, 4, 2);
	fake_arch.vtimer_ctl = 5;
	trap_irq(v, FIX_VTIMER);      /* PPI 27 not enabled by the guest */
	ck_assert_uint_eq(fake_arch.lr[vgic_timer_slot], 0);
	ck_assert(v->vgic.vtimer_held);
	ck_assert_uint_eq(fake_arch.ndir, 0);   /* held active: it must not fire again */
	fix_redist_write(v, 0x10100, 4, 1u << FIX_VTIMER);   /* enabled: presented now */
	ck_assert(lr_decode_v3(fake_arch.lr[vgic_timer_slot]).state == LR_PENDING);
	ck_assert(!v->vgic.vtimer_held);
}
END_TEST

Suite *exit_suite(void)
{
	Suite *s = suite_create("exit");
	TCase *t = tcase_create("firmware_call");

	tcase_add_test(t, firmware_call_with_nonzero_immediate_is_not_supported);
	tcase_add_test(t, firmware_call_with_immediate_zero_reaches_smccc_and_psci);
	suite_add_tcase(s, t);
	t = tcase_create("mem_fault");
	tcase_add_test(t, mem_fault_stops_only_the_faulting_vm);
	tcase_add_test(t, fetch_fault_stops_only_the_faulting_vm);
	tcase_add_test(t, mem_fault_in_a_firmware_vms_flash_is_emulated);
	tcase_add_test(t, load_value_extension_table);
	suite_add_tcase(s, t);
	t = tcase_create("irq");
	tcase_add_test(t, v3_trap_irq_with_a_spurious_intid_does_nothing);
	tcase_add_test(t, v2_trap_irq_with_a_spurious_intid_does_nothing);
	tcase_add_test(t, trap_irq_with_the_vtimer_goes_to_its_own_lr);
	tcase_add_test(t, trap_irq_with_the_vtimer_disabled_in_the_gic_is_held);
	suite_add_tcase(s, t);
	return s;
}
