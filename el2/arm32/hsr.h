/* The HYP Syndrome Register (HSR) of ARMv7-A: exception classes and the
 * fields Tandem decodes. The data-abort ISS and the long-descriptor fault
 * status codes are laid out as in AArch64's ESR_EL2. */
#ifndef TANDEM_ARM32_HSR_H
#define TANDEM_ARM32_HSR_H
#include <stdbool.h>
#include <stdint.h>

#define HSR_EC_SHIFT 26
#define HSR_IL (1u << 25)
static inline unsigned int hsr_ec(uint32_t hsr) { return hsr >> HSR_EC_SHIFT; }

#define HSR_EC_UNKNOWN   0x00
#define HSR_EC_WFX       0x01
#define HSR_EC_CP15_32   0x03   /* MCR/MRC p15 */
#define HSR_EC_CP15_64   0x04   /* MCRR/MRRC p15 */
#define HSR_EC_CP14_32   0x05   /* MCR/MRC p14 */
#define HSR_EC_CP14_LS   0x06   /* LDC/STC p14 */
#define HSR_EC_CP_ACCESS 0x07   /* HCPTR */
#define HSR_EC_CP10_ID   0x08   /* VMRS of an ID register */
#define HSR_EC_CP14_64   0x0c   /* MRRC p14 */
#define HSR_EC_HVC       0x12
#define HSR_EC_SMC       0x13
#define HSR_EC_IABT      0x20   /* from a guest */
#define HSR_EC_DABT      0x24   /* from a guest */
#define HSR_EC_MAX       0x3f

/* Data abort ISS. */
#define HSR_DABT_ISV   (1u << 24)
#define HSR_DABT_SSE   (1u << 21)
#define HSR_DABT_EA    (1u << 9)
#define HSR_DABT_CM    (1u << 8)
#define HSR_DABT_S1PTW (1u << 7)
#define HSR_DABT_WNR   (1u << 6)
static inline unsigned int hsr_dabt_size(uint32_t hsr) { return 1u << ((hsr >> 22) & 3); }
static inline unsigned int hsr_dabt_reg(uint32_t hsr)  { return (hsr >> 16) & 0xf; }

/* MCR/MRC (CP15_32, CP14_32) ISS: Opc2, Opc1, CRn, Rt, CRm, direction. */
struct cp_access {
	unsigned int opc1, crn, crm, opc2, rt, rt2;
	bool read, is64;
};

static inline void hsr_decode_cp32(uint32_t hsr, struct cp_access *c)
{
	c->opc2 = (hsr >> 17) & 7;
	c->opc1 = (hsr >> 14) & 7;
	c->crn = (hsr >> 10) & 0xf;
	c->rt = (hsr >> 5) & 0xf;
	c->crm = (hsr >> 1) & 0xf;
	c->read = hsr & 1;
	c->rt2 = 0;
	c->is64 = false;
}

/* MCRR/MRRC ISS: Opc1, Rt2, Rt, CRm, direction. */
static inline void hsr_decode_cp64(uint32_t hsr, struct cp_access *c)
{
	c->opc1 = (hsr >> 16) & 0xf;
	c->rt2 = (hsr >> 10) & 0xf;
	c->rt = (hsr >> 5) & 0xf;
	c->crm = (hsr >> 1) & 0xf;
	c->read = hsr & 1;
	c->crn = c->opc2 = 0;
	c->is64 = true;
}

/* CPSR after one instruction of a Thumb IT block has executed: the IT
 * state (IT[1:0] in bits 26:25, IT[7:2] in bits 15:10) advances as the ARM
 * ARM's ITAdvance() says; outside a block (IT zero) CPSR is unchanged. */
static inline uint32_t psr_it_advance(uint32_t cpsr)
{
	uint32_t it = ((cpsr >> 25) & 3) | ((cpsr >> 8) & 0xfc);

	if (!(cpsr & (1u << 5)) || !it)
		return cpsr;
	it = (it & 7) == 0 ? 0 : (it & 0xe0) | ((it << 1) & 0x1f);
	cpsr &= ~((3u << 25) | (0x3fu << 10));
	return cpsr | ((it & 3) << 25) | ((it >> 2) << 10);
}

const char *hsr_ec_name(unsigned int ec);
const char *hsr_fsc_name(unsigned int fsc);

#endif
