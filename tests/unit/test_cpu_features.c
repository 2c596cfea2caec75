/* The guest's view of the ID registers (el2/arm64/id_regs.c); their trap
 * family and the keys' are in test_storm_bounds.c (register_families). */
#include <check.h>
#include "el2/arm64/id_regs.h"
#include "tests/unit/suites.h"

#define ALL ~0ull
#define FIELD(v, shift) (((v) >> (shift)) & 0xf)

static const struct id_policy plain = { .sve = false, .pauth = false, .pmu = false, .pa_range = 2 };
static const struct id_policy full = { .sve = true, .pauth = true, .pmu = true, .pa_range = 2 };

START_TEST(pfr0_hides_el2_amu_mpam_and_sve_unless_switched)
{
	uint64_t v = id_reg_guest_value(ID_AA64PFR0, ALL, &plain);

	ck_assert_uint_eq(FIELD(v, 0), 0xf);     /* EL0 */
	ck_assert_uint_eq(FIELD(v, 8), 0);       /* EL2: out of the guest's reach */
	ck_assert_uint_eq(FIELD(v, 16), 0xf);    /* FP (signed: 0xf is "none", kept) */
	ck_assert_uint_eq(FIELD(v, 32), 0);      /* SVE */
	ck_assert_uint_eq(FIELD(v, 36), 0);      /* SEL2 */
	ck_assert_uint_eq(FIELD(v, 40), 0);      /* MPAM */
	ck_assert_uint_eq(FIELD(v, 44), 0);      /* AMU */
	ck_assert_uint_eq(FIELD(v, 52), 0);      /* RME */
	ck_assert_uint_eq(FIELD(v, 60), 0xf);    /* CSV3 */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64PFR0, ALL, &full), 32), 0xf);
	/* Cortex-A57: EL0-3 AArch64+AArch32, FP, AdvSIMD, GIC sysregs off */
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64PFR0, 0x2222, &plain), 0x2022);
}
END_TEST

START_TEST(pfr1_keeps_bti_and_ssbs_only)
{
	uint64_t v = id_reg_guest_value(ID_AA64PFR1, ALL, &full);

	ck_assert_uint_eq(FIELD(v, 0), 0xf);     /* BT */
	ck_assert_uint_eq(FIELD(v, 4), 0xf);     /* SSBS */
	ck_assert_uint_eq(FIELD(v, 8), 0);       /* MTE */
	ck_assert_uint_eq(FIELD(v, 24), 0);      /* SME */
	ck_assert_uint_eq(FIELD(v, 28), 0);      /* RNDR_trap */
	ck_assert_uint_eq(v, 0xf0000f0ffull);   /* and CSV2_frac, RAS_frac */
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64ZFR0, ALL, &plain), 0);
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64ZFR0, 0x110110, &full), 0x110110);
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64SMFR0, ALL, &full), 0);
}
END_TEST

START_TEST(pmu_only_with_profiling)
{
	/* Cortex-A57's ID_AA64DFR0_EL1: PMUv3, 6 BRPs, 4 WRPs, 2 CTX_CMPs */
	uint64_t a57 = 0x10305106;

	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64DFR0, a57, &plain), 8), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64DFR0, a57, &full), 8), 1);
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64DFR0, a57, &full), a57);
	/* trace, SPE, TRBE hidden for everyone */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64DFR0, ALL, &full), 4), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64DFR0, ALL, &full), 32), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64DFR0, ALL, &full), 44), 0);
	/* AArch32 ID_DFR0: PerfMon likewise */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_DFR0, ALL, &plain), 24), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_DFR0, ALL, &full), 24), 0xf);
}
END_TEST

START_TEST(pauth_fields_follow_the_keys)
{
	uint64_t isar1 = 0x0000000001100110ull | (1ull << 60);   /* APA, API, LRCPC, GPA, LS64 */

	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, ALL, &plain), 4), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, ALL, &plain), 8), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, ALL, &plain), 24), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, ALL, &plain), 28), 0);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, isar1, &full), 4), 1);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, isar1, &full), 60), 0);  /* LS64 */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR1, ALL, &plain), 0), 0xf);  /* DPB */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR2, ALL, &plain), 12), 0);   /* APA3 */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR2, ALL, &full), 12), 0xf);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_AA64ISAR2, ALL, &full), 0), 0);     /* WFxT */
	ck_assert(id_has_pauth(1ull << 4, 0));
	ck_assert(id_has_pauth(0, 1ull << 12));
	ck_assert(!id_has_pauth(1ull << 60, 0xf0));
}
END_TEST

START_TEST(isar0_keeps_rndr_drops_tme)
{
	uint64_t v = id_reg_guest_value(ID_AA64ISAR0, ALL, &plain);

	ck_assert_uint_eq(FIELD(v, 24), 0);
	ck_assert_uint_eq(FIELD(v, 60), 0xf);
	ck_assert(id_has_rndr(1ull << 60));
	ck_assert(!id_has_rndr(0x0fffffffffffffffull));
	ck_assert(id_has_sve(1ull << 32));
	ck_assert(!id_has_sve(~(0xfull << 32)));
}
END_TEST

START_TEST(pa_range_is_the_guest_space)
{
	ck_assert_uint_eq(id_pa_range_covering(32), 0);
	ck_assert_uint_eq(id_pa_range_covering(36), 1);
	ck_assert_uint_eq(id_pa_range_covering(39), 2);
	ck_assert_uint_eq(id_pa_range_covering(40), 2);
	ck_assert_uint_eq(id_pa_range_covering(48), 5);
	ck_assert_uint_eq(id_pa_range_covering(60), 6);
	/* 48-bit hardware, 40-bit guest; a 36-bit core keeps its own */
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64MMFR0, 0x00101125, &plain) & 0xf, 2);
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64MMFR0, 0x00101121, &plain) & 0xf, 1);
	/* the stage-2 granule fields, FGT and ECV are EL2's */
	ck_assert_uint_eq(id_reg_guest_value(ID_AA64MMFR0, ALL, &plain) & ~0xfull,
			  0x0000f000fffffff0ull);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_REG_INDEX(7, 1), ALL, &plain), 8), 0);   /* VH */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_REG_INDEX(7, 2), ALL, &plain), 24), 0);  /* NV */
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_REG_INDEX(7, 2), ALL, &plain), 60), 0xf); /* E0PD */
}
END_TEST

START_TEST(unknown_registers_read_as_zero)
{
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_INDEX(7, 3), ALL, &full), 0);  /* MMFR3 */
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_INDEX(7, 4), ALL, &full), 0);  /* MMFR4 */
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_INDEX(5, 1), ALL, &full), 0);  /* DFR1 */
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_INDEX(5, 4), ALL, &full), 0);  /* AFR0 */
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_INDEX(4, 7), ALL, &full), 0);
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_COUNT, ALL, &full), 0);
	/* AArch32 EL0's MVFR0 passes; ID_PFR1's Virtualization does not */
	ck_assert_uint_eq(id_reg_guest_value(ID_REG_INDEX(3, 0), 0x10110222, &plain), 0x10110222);
	ck_assert_uint_eq(FIELD(id_reg_guest_value(ID_PFR1, ALL, &plain), 12), 0);
}
END_TEST

Suite *cpu_features_suite(void)
{
	Suite *s = suite_create("cpu_features");
	TCase *t = tcase_create("id_regs");

	tcase_add_test(t, pfr0_hides_el2_amu_mpam_and_sve_unless_switched);
	tcase_add_test(t, pfr1_keeps_bti_and_ssbs_only);
	tcase_add_test(t, pmu_only_with_profiling);
	tcase_add_test(t, pauth_fields_follow_the_keys);
	tcase_add_test(t, isar0_keeps_rndr_drops_tme);
	tcase_add_test(t, pa_range_is_the_guest_space);
	tcase_add_test(t, unknown_registers_read_as_zero);
	suite_add_tcase(s, t);
	return s;
}
