/* ESR decoding. Syndromes are built by hand from the Arm ARM layout:
 *   ESR_ELx: EC [31:26], IL [25], ISS [24:0]
 *   data abort ISS: ISV [24] SAS [23:22] SSE [21] SRT [20:16] SF [15] AR [14]
 *                   CM [8] S1PTW [7] WnR [6] DFSC [5:0]
 *   MSR/MRS ISS:    Op0 [21:20] Op2 [19:17] Op1 [16:14] CRn [13:10] Rt [9:5]
 *                   CRm [4:1] Direction [0] (1: read) */
#include <check.h>
#include <stdint.h>
#include "el2/arm64/esr.h"
#include "tests/unit/suites.h"

/* A data abort from a lower EL with a valid syndrome. */
static uint32_t dabt(unsigned int sas, bool sse, unsigned int srt, bool sf, bool ar,
		     bool wnr, unsigned int dfsc)
{
	return (0x24u << 26) | (1u << 25) | (1u << 24) | (sas << 22) | ((uint32_t)sse << 21) |
	       (srt << 16) | ((uint32_t)sf << 15) | ((uint32_t)ar << 14) |
	       ((uint32_t)wnr << 6) | dfsc;
}

START_TEST(helper_matches_hand_assembled_values)
{
	/* Guard the helper itself against the literal encodings. */
	ck_assert_uint_eq(dabt(0, false, 3, false, false, false, 0x07), 0x93030007u);
	ck_assert_uint_eq(dabt(3, false, 6, true, false, false, 0x07), 0x93c68007u);
	ck_assert_uint_eq(dabt(2, false, 9, false, false, true, 0x07), 0x93890047u);
	ck_assert_uint_eq(dabt(2, true, 3, true, false, false, 0x07), 0x93a38007u);
}
END_TEST

START_TEST(loads_of_each_size)
{
	static const struct { uint32_t esr; unsigned int size, reg; bool reg64; } loads[] = {
		{ 0x93030007u, 1, 3, false },   /* LDRB W3  */
		{ 0x93440007u, 2, 4, false },   /* LDRH W4  */
		{ 0x93850007u, 4, 5, false },   /* LDR  W5  */
		{ 0x93c68007u, 8, 6, true },    /* LDR  X6  */
	};

	for (unsigned int i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		struct dabt_iss d;

		esr_decode_dabt(loads[i].esr, &d);
		ck_assert_msg(d.valid, "case %u", i);
		ck_assert_uint_eq(d.size, loads[i].size);
		ck_assert_uint_eq(d.reg, loads[i].reg);
		ck_assert_int_eq(d.reg64, loads[i].reg64);
		ck_assert(!d.write);
		ck_assert(!d.sign_extend);
		ck_assert(!d.acq_rel);
		ck_assert(!d.s1ptw);
		ck_assert(!d.cache_maint);
		ck_assert_uint_eq(d.fsc, 0x07);
	}
}
END_TEST

START_TEST(stores_of_each_size)
{
	static const struct { uint32_t esr; unsigned int size, reg; bool reg64; } stores[] = {
		{ 0x93070047u, 1, 7, false },   /* STRB W7  */
		{ 0x93480047u, 2, 8, false },   /* STRH W8  */
		{ 0x93890047u, 4, 9, false },   /* STR  W9  */
		{ 0x93ca8047u, 8, 10, true },   /* STR  X10 */
		{ 0x939f0047u, 4, 31, false },  /* STR  WZR */
	};

	for (unsigned int i = 0; i < sizeof(stores) / sizeof(stores[0]); i++) {
		struct dabt_iss d;

		esr_decode_dabt(stores[i].esr, &d);
		ck_assert_msg(d.valid, "case %u", i);
		ck_assert(d.write);
		ck_assert_uint_eq(d.size, stores[i].size);
		ck_assert_uint_eq(d.reg, stores[i].reg);
		ck_assert_int_eq(d.reg64, stores[i].reg64);
		ck_assert_uint_eq(d.fsc, 0x07);
	}
}
END_TEST

START_TEST(acquire_release_and_fault_level)
{
	struct dabt_iss d;

	/* LDAR X4 on a level-2 translation fault. */
	esr_decode_dabt(0x93c4c006u, &d);
	ck_assert(d.valid);
	ck_assert(d.acq_rel);
	ck_assert(d.reg64);
	ck_assert_uint_eq(d.reg, 4);
	ck_assert_uint_eq(d.size, 8);
	ck_assert_uint_eq(d.fsc, 0x06);
	ck_assert(fsc_is_translation(d.fsc));
}
END_TEST

START_TEST(sse_sign_extends_narrow_loads)
{
	struct dabt_iss d;

	/* LDRSB X1 */
	esr_decode_dabt(dabt(0, true, 1, true, false, false, 7), &d);
	ck_assert(d.sign_extend);
	ck_assert_uint_eq(dabt_load_value(&d, 0x1234567890abcd81ull), 0xffffffffffffff81ull);
	ck_assert_uint_eq(dabt_load_value(&d, 0x7f), 0x7f);
	/* LDRSB W1: sign-extended to 32 bits, then zero above. */
	esr_decode_dabt(dabt(0, true, 1, false, false, false, 7), &d);
	ck_assert_uint_eq(dabt_load_value(&d, 0x81), 0xffffff81ull);
	/* LDRSH X2 */
	esr_decode_dabt(dabt(1, true, 2, true, false, false, 7), &d);
	ck_assert_uint_eq(dabt_load_value(&d, 0xffff8000ull), 0xffffffffffff8000ull);
	ck_assert_uint_eq(dabt_load_value(&d, 0x12347fffull), 0x7fffull);
	/* LDRSH W2 */
	esr_decode_dabt(0x93620007u, &d);
	ck_assert(d.sign_extend && !d.reg64 && d.size == 2);
	ck_assert_uint_eq(dabt_load_value(&d, 0x8000), 0xffff8000ull);
	/* LDRSW X3 */
	esr_decode_dabt(0x93a38007u, &d);
	ck_assert(d.sign_extend && d.reg64 && d.size == 4);
	ck_assert_uint_eq(dabt_load_value(&d, 0x80000000ull), 0xffffffff80000000ull);
	ck_assert_uint_eq(dabt_load_value(&d, 0xaaaaaaaa7fffffffull), 0x7fffffffull);
}
END_TEST

START_TEST(loads_without_sse_zero_extend)
{
	struct dabt_iss d;

	/* LDRB W3: only the low byte. */
	esr_decode_dabt(0x93030007u, &d);
	ck_assert_uint_eq(dabt_load_value(&d, 0xfedcba9876543281ull), 0x81);
	/* LDRH W4 */
	esr_decode_dabt(0x93440007u, &d);
	ck_assert_uint_eq(dabt_load_value(&d, 0xfedcba9876548001ull), 0x8001);
	/* LDR W5: a 32-bit load into a W register clears the upper half. */
	esr_decode_dabt(0x93850007u, &d);
	ck_assert_uint_eq(dabt_load_value(&d, 0x1234567887654321ull), 0x87654321ull);
	/* LDR X6: all 64 bits. */
	esr_decode_dabt(0x93c68007u, &d);
	ck_assert_uint_eq(dabt_load_value(&d, 0x1234567887654321ull), 0x1234567887654321ull);
}
END_TEST

START_TEST(store_values_are_truncated_to_the_access_size)
{
	struct dabt_iss d;
	const uint64_t reg = 0x1122334455667788ull;

	esr_decode_dabt(0x93070047u, &d);   /* STRB */
	ck_assert_uint_eq(dabt_store_value(&d, reg), 0x88);
	esr_decode_dabt(0x93480047u, &d);   /* STRH */
	ck_assert_uint_eq(dabt_store_value(&d, reg), 0x7788);
	esr_decode_dabt(0x93890047u, &d);   /* STR W */
	ck_assert_uint_eq(dabt_store_value(&d, reg), 0x55667788ull);
	esr_decode_dabt(0x93ca8047u, &d);   /* STR X */
	ck_assert_uint_eq(dabt_store_value(&d, reg), reg);
}
END_TEST

START_TEST(without_isv_only_direction_and_status_are_known)
{
	struct dabt_iss d;

	/* STP: ISV clear, write, level-3 translation fault. */
	esr_decode_dabt(0x92000047u, &d);
	ck_assert(!d.valid);
	ck_assert(d.write);
	ck_assert_uint_eq(d.fsc, 0x07);
	ck_assert_uint_eq(d.size, 0);
	ck_assert_uint_eq(d.reg, 0);
	/* Bits 23:14 mean nothing without ISV; the decoder must not trust them. */
	esr_decode_dabt(0x92ffc007u, &d);
	ck_assert(!d.valid);
	ck_assert(!d.write);
	ck_assert_uint_eq(d.size, 0);
	ck_assert(!d.sign_extend);
	ck_assert_uint_eq(d.reg, 0);
	ck_assert(!d.reg64);
	ck_assert(!d.acq_rel);
	ck_assert_uint_eq(d.fsc, 0x07);
}
END_TEST

START_TEST(stage1_walk_and_cache_maintenance)
{
	struct dabt_iss d;

	/* Stage-2 fault on the guest's own table walk (S1PTW), level-1 translation. */
	esr_decode_dabt(0x92000085u, &d);
	ck_assert(d.s1ptw);
	ck_assert(!d.cache_maint);
	ck_assert(!d.write);
	ck_assert_uint_eq(d.fsc, 0x05);
	/* DC CIVAC on unmapped IPA: CM set, reported as a write. */
	esr_decode_dabt(0x92000147u, &d);
	ck_assert(d.cache_maint);
	ck_assert(d.write);
	ck_assert(!d.s1ptw);
	ck_assert_uint_eq(d.fsc, 0x07);
	/* Permission fault with a valid syndrome: CM and S1PTW clear. */
	esr_decode_dabt(0x9389004fu, &d);
	ck_assert(!d.cache_maint && !d.s1ptw);
	ck_assert(fsc_is_permission(d.fsc));
}
END_TEST

START_TEST(sysreg_decode_cntp_ctl)
{
	struct sysreg_iss s;

	/* MRS X0, CNTP_CTL_EL0 (op0 3, op1 3, CRn 14, CRm 2, op2 1) */
	esr_decode_sysreg(0x6232f805u, &s);
	ck_assert_uint_eq(esr_ec(0x6232f805u), EC_SYS64);
	ck_assert_uint_eq(s.op0, 3);
	ck_assert_uint_eq(s.op1, 3);
	ck_assert_uint_eq(s.crn, 14);
	ck_assert_uint_eq(s.crm, 2);
	ck_assert_uint_eq(s.op2, 1);
	ck_assert_uint_eq(s.reg, 0);
	ck_assert(s.read);
	ck_assert_uint_eq(sysreg_key(&s), SYSREG_KEY(3, 3, 14, 2, 1));
	ck_assert_uint_eq(sysreg_key(&s), 0xdf11);

	/* MSR CNTP_CTL_EL0, X3 */
	esr_decode_sysreg(0x6232f864u, &s);
	ck_assert(!s.read);
	ck_assert_uint_eq(s.reg, 3);
	ck_assert_uint_eq(sysreg_key(&s), 0xdf11);
}
END_TEST

START_TEST(sysreg_decode_other_registers)
{
	struct sysreg_iss s;

	/* MSR CNTP_CVAL_EL0, X30 (op2 2) */
	esr_decode_sysreg(0x6234fbc4u, &s);
	ck_assert_uint_eq(s.op2, 2);
	ck_assert_uint_eq(s.reg, 30);
	ck_assert(!s.read);
	ck_assert_uint_eq(sysreg_key(&s), SYSREG_KEY(3, 3, 14, 2, 2));
	/* MRS X17, CNTP_TVAL_EL0 (op2 0) */
	esr_decode_sysreg(0x6230fa25u, &s);
	ck_assert_uint_eq(s.op2, 0);
	ck_assert_uint_eq(s.reg, 17);
	ck_assert(s.read);
	ck_assert_uint_eq(sysreg_key(&s), SYSREG_KEY(3, 3, 14, 2, 0));
	/* MRS X1, ICC_SGI1R_EL1 (op0 3, op1 0, CRn 12, CRm 11, op2 5) */
	esr_decode_sysreg(0x623a3037u, &s);
	ck_assert_uint_eq(s.op0, 3);
	ck_assert_uint_eq(s.op1, 0);
	ck_assert_uint_eq(s.crn, 12);
	ck_assert_uint_eq(s.crm, 11);
	ck_assert_uint_eq(s.op2, 5);
	ck_assert_uint_eq(s.reg, 1);
}
END_TEST

START_TEST(sysreg_keys_are_distinct_per_field)
{
	unsigned int base = SYSREG_KEY(3, 3, 14, 2, 1);

	ck_assert_uint_ne(base, SYSREG_KEY(2, 3, 14, 2, 1));
	ck_assert_uint_ne(base, SYSREG_KEY(3, 2, 14, 2, 1));
	ck_assert_uint_ne(base, SYSREG_KEY(3, 3, 13, 2, 1));
	ck_assert_uint_ne(base, SYSREG_KEY(3, 3, 14, 3, 1));
	ck_assert_uint_ne(base, SYSREG_KEY(3, 3, 14, 2, 0));
	ck_assert_uint_eq(SYSREG_KEY(3, 7, 15, 15, 7), 0xffff);
	ck_assert_uint_eq(SYSREG_KEY(0, 0, 0, 0, 0), 0);
	ck_assert_uint_eq(SYSREG_KEY(0, 0, 0, 15, 0), 15u << 3);
	ck_assert_uint_eq(SYSREG_KEY(0, 0, 15, 0, 0), 15u << 7);
}
END_TEST

START_TEST(exception_classes)
{
	ck_assert_uint_eq(esr_ec(0x93800047u), EC_DABT_LOW);
	ck_assert_uint_eq(esr_ec(0x96000045u), EC_DABT_CUR);
	ck_assert_uint_eq(esr_ec(0x82000006u), EC_IABT_LOW);
	ck_assert_uint_eq(esr_ec(0x5a000000u), EC_HVC64);
	ck_assert_uint_eq(esr_ec(0x5e000000u), EC_SMC64);
	ck_assert_uint_eq(esr_ec(0x06000001u), EC_WFX);
	ck_assert_uint_eq(esr_ec(0x02000000u), EC_UNKNOWN);
	ck_assert_uint_eq(esr_ec(0xf2000000u), EC_BRK64);
	ck_assert_uint_eq(esr_ec(0xffffffffu), EC_MAX);
	ck_assert_str_eq(esr_ec_name(EC_DABT_LOW), "data abort from a lower EL");
	ck_assert_str_eq(esr_ec_name(EC_HVC64), "HVC");
	ck_assert_str_eq(esr_ec_name(EC_SYS64), "system register access");
	ck_assert_str_eq(esr_ec_name(0x3e), "unexpected exception class");
}
END_TEST

START_TEST(fault_status_classes)
{
	for (unsigned int fsc = 0; fsc < 0x40; fsc++) {
		bool t = fsc >= 0x04 && fsc <= 0x07;
		bool a = fsc >= 0x08 && fsc <= 0x0b;
		bool p = fsc >= 0x0c && fsc <= 0x0f;

		ck_assert_msg(fsc_is_translation(fsc) == t, "fsc 0x%x", fsc);
		ck_assert_msg(fsc_is_access_flag(fsc) == a, "fsc 0x%x", fsc);
		ck_assert_msg(fsc_is_permission(fsc) == p, "fsc 0x%x", fsc);
	}
	ck_assert_str_eq(fsc_name(0x07), "translation fault");
	ck_assert_str_eq(fsc_name(0x0b), "access flag fault");
	ck_assert_str_eq(fsc_name(0x0f), "permission fault");
	ck_assert_str_eq(fsc_name(0x21), "alignment fault");
	ck_assert_str_eq(fsc_name(0x10), "synchronous external abort");
	ck_assert_str_eq(fsc_name(0x15), "synchronous external abort");
	ck_assert_str_eq(fsc_name(0x30), "other fault");
	ck_assert_str_eq(fsc_name(0x00), "other fault");
}
END_TEST

Suite *esr_suite(void)
{
	Suite *s = suite_create("esr");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, helper_matches_hand_assembled_values);
	tcase_add_test(tc, loads_of_each_size);
	tcase_add_test(tc, stores_of_each_size);
	tcase_add_test(tc, acquire_release_and_fault_level);
	tcase_add_test(tc, sse_sign_extends_narrow_loads);
	tcase_add_test(tc, loads_without_sse_zero_extend);
	tcase_add_test(tc, store_values_are_truncated_to_the_access_size);
	tcase_add_test(tc, without_isv_only_direction_and_status_are_known);
	tcase_add_test(tc, stage1_walk_and_cache_maintenance);
	tcase_add_test(tc, sysreg_decode_cntp_ctl);
	tcase_add_test(tc, sysreg_decode_other_registers);
	tcase_add_test(tc, sysreg_keys_are_distinct_per_field);
	tcase_add_test(tc, exception_classes);
	tcase_add_test(tc, fault_status_classes);
	suite_add_tcase(s, tc);
	return s;
}
