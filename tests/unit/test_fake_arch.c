/* The fake architecture itself: its limits are arm64's (the configuration
 * checks the host tests run are the target's), and its "hardware" does
 * what the core expects of the port's. */
#include <check.h>
#include "el2/arm64/layout.h"   /* only here: the values the fake must equal */
#include "el2/arch/stage2.h"
#include "el2/arch/vcpu_context.h"
#include "tests/unit/fake_arch/fake.h"
#include "tests/unit/suites.h"

/* Each fake limit, compared with arm64's under another name (the fake's
 * header and arm64's layout.h define the same macros). */
static const unsigned long long fake_limits[] = {
#undef TANDEM_MAX_CPUS
#undef TANDEM_STACK_SIZE
#undef TANDEM_GUARD_SIZE
#undef TANDEM_RESERVED_SIZE
#undef TANDEM_FAKE_LIMITS_H
#include "tests/unit/fake_arch/arch_impl/limits.h"
	TANDEM_MAX_CPUS, TANDEM_STACK_SIZE, TANDEM_GUARD_SIZE, TANDEM_RESERVED_SIZE, ARCH_IPA_BITS,
};
#undef TANDEM_MAX_CPUS
#undef TANDEM_STACK_SIZE
#undef TANDEM_GUARD_SIZE
#undef TANDEM_RESERVED_SIZE
#undef TANDEM_ARM64_LAYOUT_H
#undef ARCH_IPA_BITS
#include "el2/arm64/arch_impl/limits.h"

START_TEST(fake_limits_are_arm64s)
{
	static const unsigned long long arm64[] = {
		TANDEM_MAX_CPUS, TANDEM_STACK_SIZE, TANDEM_GUARD_SIZE, TANDEM_RESERVED_SIZE,
		ARCH_IPA_BITS,
	};

	for (unsigned int i = 0; i < sizeof(arm64) / sizeof(arm64[0]); i++)
		ck_assert_uint_eq(fake_limits[i], arm64[i]);
}
END_TEST

START_TEST(zero_register_reads_zero_and_drops_writes)
{
	struct arch_regs r = { 0 };

	arch_set_reg(&r, 31, 0x1234);
	ck_assert_uint_eq(arch_reg(&r, 31), 0);
	arch_set_reg(&r, 30, 7);
	ck_assert_uint_eq(arch_reg(&r, 30), 7);
	ck_assert_uint_eq(arch_stage2_root(0x1000, 3), (3ull << 48) | 0x1000);
}
END_TEST

START_TEST(reset_state)
{
	fake_arch.nlr = 9;
	fake_arch.tlb_flushes = 3;
	fake_arch_reset();
	ck_assert_uint_eq(fake_arch.nlr, 4);
	ck_assert_uint_eq(fake_arch.tlb_flushes, 0);
	ck_assert_uint_eq(fake_arch.counter_hz, 62500000);
	ck_assert_uint_eq(fake_arch.iar_next, 1023);
}
END_TEST

Suite *fake_arch_suite(void)
{
	Suite *s = suite_create("fake_arch");
	TCase *t = tcase_create("fake_arch");

	tcase_add_test(t, fake_limits_are_arm64s);
	tcase_add_test(t, zero_register_reads_zero_and_drops_writes);
	tcase_add_test(t, reset_state);
	suite_add_tcase(s, t);
	return s;
}
