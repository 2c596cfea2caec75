/* The Exception Syndrome Register: exception classes and the instruction-
 * specific syndrome (ISS) of data aborts, decoded into plain fields. Pure
 * logic, unit-tested on the host. */
#ifndef TANDEM_ARM64_ESR_H
#define TANDEM_ARM64_ESR_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/exit.h"

#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  0x3fu
#define ESR_IL       (1u << 25)
#define ESR_DABT_ISV   (1u << 24)
#define ESR_DABT_CM    (1u << 8)
#define ESR_DABT_S1PTW (1u << 7)
#define ESR_DABT_WNR   (1u << 6)
#define ESR_ISS_MASK 0x1ffffffu

enum esr_ec {
	EC_UNKNOWN      = 0x00,
	EC_WFX          = 0x01,
	EC_CP15_32      = 0x03,
	EC_FP_ASIMD     = 0x07,
	EC_PAUTH        = 0x09,
	EC_ILLEGAL      = 0x0e,
	EC_SVC64        = 0x15,
	EC_HVC64        = 0x16,
	EC_SMC64        = 0x17,
	EC_SYS64        = 0x18,
	EC_SVE          = 0x19,
	EC_SME          = 0x1d,
	EC_IABT_LOW     = 0x20,
	EC_IABT_CUR     = 0x21,
	EC_PC_ALIGN     = 0x22,
	EC_DABT_LOW     = 0x24,
	EC_DABT_CUR     = 0x25,
	EC_SP_ALIGN     = 0x26,
	EC_SERROR       = 0x2f,
	EC_BRK64        = 0x3c,
	EC_MAX          = 0x3f,
};

static inline unsigned int esr_ec(uint32_t esr)
{
	return (esr >> ESR_EC_SHIFT) & ESR_EC_MASK;
}

/* Human-readable name of an exception class ("data abort from a lower EL"). */
const char *esr_ec_name(unsigned int ec);

/* A data abort's syndrome. When valid is false (ISV clear: load/store pair,
 * writeback, SIMD...), only write, s1ptw, cache_maint and fsc are known. */
struct dabt_iss {
	bool valid;
	unsigned int size;    /* access size in bytes: 1, 2, 4 or 8 */
	bool sign_extend;     /* SSE: sign-extend a narrow load */
	unsigned int reg;     /* SRT: 0-30, 31 is the zero register */
	bool reg64;           /* SF: the register is X (else W) */
	bool acq_rel;         /* AR: load-acquire / store-release */
	bool write;           /* WnR */
	bool s1ptw;           /* fault on a stage-1 translation-table walk */
	bool cache_maint;     /* CM: cache maintenance, not a load or store */
	unsigned int fsc;     /* DFSC */
};

/* Inline: on the MMIO emulation path the compiler keeps only the fields used. */
static inline void esr_decode_dabt(uint32_t esr, struct dabt_iss *d)
{
	d->valid = (esr >> 24) & 1;
	d->size = d->valid ? 1u << ((esr >> 22) & 3) : 0;
	d->sign_extend = d->valid && ((esr >> 21) & 1);
	d->reg = d->valid ? (esr >> 16) & 0x1f : 0;
	d->reg64 = d->valid && ((esr >> 15) & 1);
	d->acq_rel = d->valid && ((esr >> 14) & 1);
	d->cache_maint = (esr >> 8) & 1;
	d->s1ptw = (esr >> 7) & 1;
	d->write = (esr >> 6) & 1;
	d->fsc = esr & 0x3f;
}

static inline uint64_t dabt_size_mask(unsigned int size)
{
	return exit_size_mask(size);
}

/* The register value a trapped load delivers (el2/exit.h). */
static inline uint64_t dabt_extend(unsigned int size, bool sign_extend, bool reg64,
				   uint64_t raw)
{
	return exit_load_value(size, sign_extend, reg64, raw);
}

static inline uint64_t dabt_load_value(const struct dabt_iss *d, uint64_t raw)
{
	return dabt_extend(d->size, d->sign_extend, d->reg64, raw);
}

/* The same, straight from a valid syndrome (the emulation fast path). */
static inline unsigned int esr_dabt_size(uint32_t esr) { return 1u << ((esr >> 22) & 3); }
static inline unsigned int esr_dabt_reg(uint32_t esr) { return (esr >> 16) & 0x1f; }
static inline uint64_t esr_dabt_load_value(uint32_t esr, uint64_t raw)
{
	return dabt_extend(esr_dabt_size(esr), (esr >> 21) & 1, (esr >> 15) & 1, raw);
}

/* The value a trapped store writes, from the source register's contents. */
static inline uint64_t dabt_store_value(const struct dabt_iss *d, uint64_t reg)
{
	return reg & dabt_size_mask(d->size);
}

/* Fault-status-code classes. */
static inline bool fsc_is_translation(unsigned int fsc) { return (fsc & 0x3c) == 0x04; }
static inline bool fsc_is_permission(unsigned int fsc)  { return (fsc & 0x3c) == 0x0c; }
static inline bool fsc_is_access_flag(unsigned int fsc) { return (fsc & 0x3c) == 0x08; }
const char *fsc_name(unsigned int fsc);

/* A trapped MSR/MRS (EC 0x18): the register is identified by op0..op2/CRn/CRm. */
struct sysreg_iss {
	unsigned int op0, op1, crn, crm, op2;
	unsigned int reg;     /* Rt */
	bool read;            /* direction: MRS */
};

void esr_decode_sysreg(uint32_t esr, struct sysreg_iss *out);
/* Packs op0..op2/CRn/CRm into one key for table lookup. */
#define SYSREG_KEY(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
static inline unsigned int sysreg_key(const struct sysreg_iss *s)
{
	return SYSREG_KEY(s->op0, s->op1, s->crn, s->crm, s->op2);
}

#endif
