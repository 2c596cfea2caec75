/* The ARMv7-A port's HSR decoding (el2/arm32/hsr.h). Syndromes are built by
 * hand from the ARM ARM (B3.13.6) layout:
 *   HSR: EC [31:26], IL [25], ISS [24:0]
 *   MCR/MRC ISS:   CV [24] COND [23:20] Opc2 [19:17] Opc1 [16:14] CRn [13:10]
 *                  Rt [8:5] CRm [4:1] Direction [0] (1: read)
 *   MCRR/MRRC ISS: CV [24] COND [23:20] Opc1 [19:16] Rt2 [13:10] Rt [8:5]
 *                  CRm [4:1] Direction [0]
 *   data abort ISS: ISV [24] SAS [23:22] SSE [21] SRT [19:16] CM [8]
 *                   S1PTW [7] WnR [6] DFSC [5:0] */
#include <check.h>
#include <stdint.h>
#include <string.h>
#include "el2/arm32/hsr.h"
#include "tests/unit/suites.h"

START_TEST(mrc_of_the_physical_timer_control)
{
	/* mrc p15, 0, r3, c14, c2, 1 (CNTP_CTL), unconditional (CV 1, COND 0xe) */
	uint32_t hsr = (0x03u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | (1u << 17) |
		       (0u << 14) | (14u << 10) | (3u << 5) | (2u << 1) | 1u;
	struct cp_access c;

	ck_assert_uint_eq(hsr_ec(hsr), HSR_EC_CP15_32);
	hsr_decode_cp32(hsr, &c);
	ck_assert_uint_eq(c.opc1, 0);
	ck_assert_uint_eq(c.crn, 14);
	ck_assert_uint_eq(c.crm, 2);
	ck_assert_uint_eq(c.opc2, 1);
	ck_assert_uint_eq(c.rt, 3);
	ck_assert(c.read);
	ck_assert(!c.is64);
}
END_TEST

START_TEST(mcr_writes_have_direction_zero)
{
	/* mcr p15, 0, lr, c1, c0, 1 (ACTLR) */
	uint32_t hsr = (0x03u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | (1u << 17) |
		       (1u << 10) | (14u << 5) | (0u << 1);
	struct cp_access c;

	hsr_decode_cp32(hsr, &c);
	ck_assert_uint_eq(c.crn, 1);
	ck_assert_uint_eq(c.opc2, 1);
	ck_assert_uint_eq(c.rt, 14);
	ck_assert(!c.read);
}
END_TEST

START_TEST(mcrr_of_the_gicv3_sgi_register)
{
	/* mcrr p15, 0, r2, r3, c12 (ICC_SGI1R): Rt r2 the low word, Rt2 r3 */
	uint32_t hsr = (0x04u << 26) | (1u << 25) | (1u << 24) | (0xeu << 20) | (0u << 16) |
		       (3u << 10) | (2u << 5) | (12u << 1);
	struct cp_access c;

	ck_assert_uint_eq(hsr_ec(hsr), HSR_EC_CP15_64);
	hsr_decode_cp64(hsr, &c);
	ck_assert_uint_eq(c.opc1, 0);
	ck_assert_uint_eq(c.crm, 12);
	ck_assert_uint_eq(c.rt, 2);
	ck_assert_uint_eq(c.rt2, 3);
	ck_assert(!c.read);
	ck_assert(c.is64);
	/* mrrc p15, 2, r0, r1, c14 (CNTP_CVAL read) */
	hsr = (0x04u << 26) | (1u << 25) | (2u << 16) | (1u << 10) | (0u << 5) | (14u << 1) | 1u;
	hsr_decode_cp64(hsr, &c);
	ck_assert_uint_eq(c.opc1, 2);
	ck_assert_uint_eq(c.crm, 14);
	ck_assert_uint_eq(c.rt2, 1);
	ck_assert(c.read);
}
END_TEST

START_TEST(data_abort_sizes_and_registers)
{
	/* str lr, [ip, #0xc00]: a word store from r14, as Linux's GIC driver
	 * compiled it (the case that made the port fetch banked registers) */
	uint32_t hsr = (0x24u << 26) | (1u << 25) | HSR_DABT_ISV | (2u << 22) | (14u << 16) |
		       HSR_DABT_WNR | 0x06;

	ck_assert_uint_eq(hsr_ec(hsr), HSR_EC_DABT);
	ck_assert_uint_eq(hsr_dabt_size(hsr), 4);
	ck_assert_uint_eq(hsr_dabt_reg(hsr), 14);
	/* ldrsb r1: one byte, sign-extended */
	hsr = (0x24u << 26) | HSR_DABT_ISV | (0u << 22) | HSR_DABT_SSE | (1u << 16) | 0x05;
	ck_assert_uint_eq(hsr_dabt_size(hsr), 1);
	ck_assert_uint_eq(hsr_dabt_reg(hsr), 1);
	ck_assert(hsr & HSR_DABT_SSE);
	/* named as the arm64 port names them: the same messages */
	ck_assert_str_eq(hsr_fsc_name(hsr & 0x3f), "translation fault");
	ck_assert_str_eq(hsr_fsc_name(0x0f), "permission fault");
	ck_assert_str_eq(hsr_fsc_name(0x0a), "access flag fault");
	ck_assert_str_eq(hsr_fsc_name(0x21), "alignment fault");
	ck_assert_str_eq(hsr_fsc_name(0x10), "synchronous external abort");
}
END_TEST

/* CPSR with Thumb state and IT bits from the 8-bit ITSTATE. */
static uint32_t thumb_it(uint32_t it)
{
	return (1u << 5) | 0x13u | ((it & 3) << 25) | ((it >> 2) << 10);
}

START_TEST(it_state_advances_through_a_block)
{
	/* ITTE EQ: firstcond 0000, mask 0110 -> ITSTATE 0b0000_0110; then the
	 * ITAdvance() sequence shifts IT[4:0] left until IT[2:0] is zero. */
	uint32_t cpsr = thumb_it(0x06);

	cpsr = psr_it_advance(cpsr);
	ck_assert_uint_eq(cpsr, thumb_it(0x0c));
	cpsr = psr_it_advance(cpsr);
	ck_assert_uint_eq(cpsr, thumb_it(0x18));
	cpsr = psr_it_advance(cpsr);   /* IT[2:0] was 000: the block ends */
	ck_assert_uint_eq(cpsr, thumb_it(0x00));
	/* The condition's top bits (IT[7:5]) stay while the block runs. */
	ck_assert_uint_eq(psr_it_advance(thumb_it(0xa4)), thumb_it(0xa8));
}
END_TEST

START_TEST(it_state_untouched_outside_thumb_blocks)
{
	ck_assert_uint_eq(psr_it_advance(0x1d3u), 0x1d3u);          /* ARM state */
	ck_assert_uint_eq(psr_it_advance(thumb_it(0)), thumb_it(0)); /* no block */
	/* ARM state with stray bits where IT would be: not Thumb, unchanged */
	ck_assert_uint_eq(psr_it_advance(0x06000013u), 0x06000013u);
}
END_TEST

START_TEST(exception_class_names)
{
	ck_assert_str_eq(hsr_ec_name(HSR_EC_HVC), "HVC");
	ck_assert_str_eq(hsr_ec_name(HSR_EC_CP15_64), "MCRR/MRRC to CP15");
	ck_assert_str_eq(hsr_ec_name(0x3f), "reserved exception class");
}
END_TEST

Suite *hsr_suite(void)
{
	Suite *s = suite_create("hsr");
	TCase *tc = tcase_create("arm32");

	tcase_add_test(tc, mrc_of_the_physical_timer_control);
	tcase_add_test(tc, mcr_writes_have_direction_zero);
	tcase_add_test(tc, mcrr_of_the_gicv3_sgi_register);
	tcase_add_test(tc, data_abort_sizes_and_registers);
	tcase_add_test(tc, it_state_advances_through_a_block);
	tcase_add_test(tc, it_state_untouched_outside_thumb_blocks);
	tcase_add_test(tc, exception_class_names);
	suite_add_tcase(s, tc);
	return s;
}
