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

/* The same names as the arm64 port's (el2/arm64/esr.c): the long-descriptor
 * fault status codes are the same, and so are Tandem's messages. */
const char *hsr_fsc_name(unsigned int fsc)
{
	fsc &= 0x3f;
	if ((fsc & 0x3c) == 0x04)
		return "translation fault";
	if ((fsc & 0x3c) == 0x08)
		return "access flag fault";
	if ((fsc & 0x3c) == 0x0c)
		return "permission fault";
	if (fsc == 0x21)
		return "alignment fault";
	if (fsc == 0x10 || (fsc & 0x3c) == 0x14)
		return "synchronous external abort";
	return "other fault";
}
