/* ESR decoding; see esr.h. */
#include "el2/arm64/esr.h"

const char *esr_ec_name(unsigned int ec)
{
	switch (ec) {
	case EC_UNKNOWN: return "unknown reason";
	case EC_WFX: return "WFI/WFE";
	case EC_CP15_32: return "AArch32 CP15 access";
	case EC_FP_ASIMD: return "FP/SIMD access";
	case EC_PAUTH: return "pointer authentication";
	case 0x0a: return "LD64B/ST64B";
	case 0x0c: return "MCRR/MRRC (CP14)";
	case 0x0d: return "branch target";
	case 0x11: return "SVC (AArch32)";
	case 0x12: return "HVC (AArch32)";
	case 0x13: return "SMC (AArch32)";
	case EC_ILLEGAL: return "illegal execution state";
	case EC_SVC64: return "SVC";
	case EC_HVC64: return "HVC";
	case EC_SMC64: return "SMC";
	case EC_SYS64: return "system register access";
	case EC_SVE: return "SVE access";
	case EC_SME: return "SME access";
	case 0x1e: return "granule protection";
	case 0x28: return "FP exception (AArch32)";
	case 0x2c: return "FP exception";
	case 0x30: return "breakpoint from a lower EL";
	case 0x32: return "software step from a lower EL";
	case 0x34: return "watchpoint from a lower EL";
	case EC_IABT_LOW: return "instruction abort from a lower EL";
	case EC_IABT_CUR: return "instruction abort at EL2";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOW: return "data abort from a lower EL";
	case EC_DABT_CUR: return "data abort at EL2";
	case EC_SP_ALIGN: return "SP alignment fault";
	case EC_SERROR: return "SError";
	case EC_BRK64: return "BRK";
	default: return "unexpected exception class";
	}
}

const char *fsc_name(unsigned int fsc)
{
	if (fsc_is_translation(fsc))
		return "translation fault";
	if (fsc_is_access_flag(fsc))
		return "access flag fault";
	if (fsc_is_permission(fsc))
		return "permission fault";
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc == 0x10 || (fsc & 0x3c) == 0x14)
		return "synchronous external abort";
	return "other fault";
}

void esr_decode_sysreg(uint32_t esr, struct sysreg_iss *s)
{
	s->op0 = (esr >> 20) & 3;
	s->op2 = (esr >> 17) & 7;
	s->op1 = (esr >> 14) & 7;
	s->crn = (esr >> 10) & 0xf;
	s->reg = (esr >> 5) & 0x1f;
	s->crm = (esr >> 1) & 0xf;
	s->read = esr & 1;
}
