/* The argument checks of the paravirtual hypercalls (pv/args.h) and of
 * PSCI CPU_ON / AFFINITY_INFO (firmware/psci_args.h), at their edges; the
 * fuzzer tests/fuzz/fuzz_pv.c tries everything else. */
#include <check.h>
#include <stdint.h>
#include "pv/args.h"
#include "firmware/psci_args.h"
#include "tests/unit/suites.h"

#define BASE 0x40000000ull
#define SIZE 0x100000ull
#define FRAME sizeof(struct tandem_pv_frame)

START_TEST(window_edges_and_wraps)
{
	ck_assert(pv_in_window(BASE, SIZE, BASE, SIZE));
	ck_assert(pv_in_window(BASE, SIZE, BASE + SIZE - 1, 1));
	ck_assert(pv_in_window(BASE, SIZE, BASE + SIZE, 0));
	ck_assert(!pv_in_window(BASE, SIZE, BASE + SIZE, 1));
	ck_assert(!pv_in_window(BASE, SIZE, BASE - 1, 1));
	ck_assert(!pv_in_window(BASE, SIZE, BASE, SIZE + 1));
	/* va + len would wrap to inside the window */
	ck_assert(!pv_in_window(BASE, SIZE, BASE + 16, UINT64_MAX - 8));
	/* a window at the very top of the space */
	ck_assert(pv_in_window(0 - SIZE, SIZE, UINT64_MAX, 1));
	ck_assert(!pv_in_window(0 - SIZE, SIZE, UINT64_MAX, 2));
}
END_TEST

START_TEST(console_setup_iret)
{
	ck_assert(pv_console_args_ok(BASE, SIZE, BASE, PV_CONSOLE_MAX));
	ck_assert(!pv_console_args_ok(BASE, SIZE, BASE, PV_CONSOLE_MAX + 1));
	ck_assert(!pv_console_args_ok(BASE, SIZE, BASE + SIZE - 4, 8));
	ck_assert(pv_setup_args_ok(BASE, SIZE, BASE + 0x10, BASE + 4));
	ck_assert(!pv_setup_args_ok(BASE, SIZE, BASE + 0x18, BASE + 4));    /* misaligned area */
	ck_assert(!pv_setup_args_ok(BASE, SIZE, BASE + 0x10, BASE + 2));    /* misaligned entry */
	ck_assert(!pv_setup_args_ok(BASE, SIZE, BASE + SIZE - 8, BASE));    /* area runs out */
	ck_assert(!pv_setup_args_ok(BASE, SIZE, BASE, BASE + SIZE));        /* entry outside */
	ck_assert(pv_iret_args_ok(BASE, SIZE, BASE + SIZE - FRAME));
	ck_assert(!pv_iret_args_ok(BASE, SIZE, BASE + SIZE - FRAME + 16));
	ck_assert(!pv_iret_args_ok(BASE, SIZE, BASE + 8));
}
END_TEST

START_TEST(map_arguments)
{
	ck_assert(pv_map_args_ok(BASE, SIZE, BASE, 0, SIZE, TANDEM_PV_PROT_READ));
	ck_assert(pv_map_args_ok(BASE, SIZE, BASE + 0x1000, SIZE - 0x1000, 0x1000, 0));   /* unmap */
	ck_assert(pv_map_args_ok(BASE, SIZE, BASE, 0, 0x1000, 7));
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE, 0, 0, 1));                 /* nothing */
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE + 8, 0, 0x1000, 1));        /* not page-aligned */
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE, SIZE, 0x1000, 1));         /* RAM offset past the end */
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE, 0x1000, SIZE, 1));         /* RAM runs out */
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE, 0, 0x1000, 2));            /* write without read */
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE, 0, 0x1000, 9));            /* unknown bit */
	ck_assert(!pv_map_args_ok(BASE, SIZE, BASE, 0 - 0x1000ull, 0x2000, 1)); /* offset + len wraps */
}
END_TEST

START_TEST(upcall_frame_below_the_stack)
{
	uint64_t va;

	ck_assert(pv_upcall_frame(BASE, SIZE, BASE + SIZE, &va));
	ck_assert_uint_eq(va, BASE + SIZE - FRAME);
	ck_assert(pv_upcall_frame(BASE, SIZE, BASE + FRAME + 7, &va));   /* rounded down */
	ck_assert_uint_eq(va, BASE);
	ck_assert(!pv_upcall_frame(BASE, SIZE, BASE + FRAME - 1, &va));
	ck_assert(!pv_upcall_frame(BASE, SIZE, BASE + SIZE + 16 + FRAME, &va));
	ck_assert(!pv_upcall_frame(0, SIZE, 16, &va));                  /* would wrap below 0 */
}
END_TEST

START_TEST(psci_targets_and_entries)
{
	ck_assert_int_eq(psci_target_index(0, 2), 0);
	ck_assert_int_eq(psci_target_index(1, 2), 1);
	ck_assert_int_eq(psci_target_index(2, 2), -1);
	ck_assert_int_eq(psci_target_index(0x100, 2), -1);           /* Aff1 set */
	ck_assert_int_eq(psci_target_index(1ull << 32 | 1, 2), -1);  /* Aff3 set */
	ck_assert(psci_entry_ok(BASE, SIZE, BASE));
	ck_assert(psci_entry_ok(BASE, SIZE, BASE + SIZE - 4));
	ck_assert(!psci_entry_ok(BASE, SIZE, BASE + SIZE));
	ck_assert(!psci_entry_ok(BASE, SIZE, BASE - 4));
	ck_assert(!psci_entry_ok(BASE, SIZE, BASE + 2));
}
END_TEST

/* The original power_state format: StateType bit 16, reserved bits zero,
 * only the StateID and level Tandem knows (0). */
START_TEST(psci_suspend_power_states)
{
	static const uint64_t invalid[] = {
		0x00000001, 0x0000ffff,             /* StateIDs it does not know */
		0x01000000, 0x02010000, 0x03000000, /* power levels above the core */
		0x00020000, 0x00ff0000, 0x00800000, /* reserved [23:17] */
		0x04000000, 0x40000000, 0x80000000, /* reserved [31:26]; bit 30: extended format's type */
		0xffffffff, 0xdeadbeef, 0x7fffffff, 0x00010001,
	};

	ck_assert_int_eq(psci_suspend_state(0), PSCI_SUSPEND_STANDBY);
	ck_assert_int_eq(psci_suspend_state(0x00010000), PSCI_SUSPEND_POWER_DOWN);
	/* A 32-bit parameter: an SMC64 caller's upper half is not part of it. */
	ck_assert_int_eq(psci_suspend_state(0xffffffff00000000ull), PSCI_SUSPEND_STANDBY);
	ck_assert_int_eq(psci_suspend_state(0x1234567800010000ull), PSCI_SUSPEND_POWER_DOWN);
	for (unsigned int i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		ck_assert_msg(psci_suspend_state(invalid[i]) == PSCI_SUSPEND_INVALID,
			      "power_state 0x%llx accepted", (unsigned long long)invalid[i]);
	/* Every single bit: only StateType is allowed. */
	for (unsigned int b = 0; b < 32; b++)
		ck_assert_int_eq(psci_suspend_state(1ull << b),
				 b == 16 ? PSCI_SUSPEND_POWER_DOWN : PSCI_SUSPEND_INVALID);
	/* PSCI_FEATURES(CPU_SUSPEND): bit 1 clear says "original format". */
	ck_assert_uint_eq(PSCI_SUSPEND_FEATURES & 2, 0);
}
END_TEST

Suite *pv_args_suite(void)
{
	Suite *s = suite_create("pv_args");
	TCase *t = tcase_create("checks");

	tcase_add_test(t, window_edges_and_wraps);
	tcase_add_test(t, console_setup_iret);
	tcase_add_test(t, map_arguments);
	tcase_add_test(t, upcall_frame_below_the_stack);
	tcase_add_test(t, psci_targets_and_entries);
	tcase_add_test(t, psci_suspend_power_states);
	suite_add_tcase(s, t);
	return s;
}
