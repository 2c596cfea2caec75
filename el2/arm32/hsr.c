/* Names of exception classes and fault status codes, for reports. */
#include "el2/arm32/hsr.h"

const char *hsr_ec_name(unsigned int ec)
{
	switch (ec) {
	case HSR_EC_UNKNOWN: return "unknown reason";
	case HSR_EC_WFX: return "WFI/WFE";
	case HSR_EC_CP15_32: return "MCR/MRC to CP15";
	case HSR_EC_CP15_64: return "MCRR/MRRC to CP15";
	case HSR_EC_CP14_32: return "MCR/MRC to CP14";
	case HSR_EC_CP14_LS: return "LDC/STC to CP14";
	case HSR_EC_CP_ACCESS: return "coprocessor access trapped by HCPTR";
	case HSR_EC_CP10_ID: return "VMRS of an ID register";
	case HSR_EC_CP14_64: return "MRRC to CP14";
	case HSR_EC_HVC: return "HVC";
	case HSR_EC_SMC: return "SMC";
	case HSR_EC_IABT: return "prefetch abort from a guest";
	case 0x21: return "prefetch abort in HYP";
	case HSR_EC_DABT: return "data abort from a guest";
	case 0x25: return "data abort in HYP";
	default: return "reserved exception class";
	}
}

const char *hsr_fsc_name(unsigned int fsc)
{
	static const char *const level[] = {
		"translation fault, level 0", "translation fault, level 1",
		"translation fault, level 2", "translation fault, level 3",
		"access flag fault, level 0", "access flag fault, level 1",
		"access flag fault, level 2", "access flag fault, level 3",
		"permission fault, level 0", "permission fault, level 1",
		"permission fault, level 2", "permission fault, level 3",
	};

	fsc &= 0x3f;
	if (fsc >= 0x04 && fsc <= 0x0f)
		return level[fsc - 0x04];
	switch (fsc) {
	case 0x10: return "synchronous external abort";
	case 0x11: return "asynchronous external abort";
	case 0x21: return "alignment fault";
	case 0x22: return "debug event";
	case 0x30: return "TLB conflict abort";
	default: return "fault";
	}
}
