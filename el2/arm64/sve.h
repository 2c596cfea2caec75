/* A vCPU's SVE state: the Z, P and FFR registers at the vector length
 * Tandem gives every VM (ZCR_EL2), with ZCR_EL1, FPSR and FPCR. Saved only
 * for a vCPU that used SVE since its reset; see vcpu_ext.h. */
#ifndef TANDEM_ARM64_SVE_H
#define TANDEM_ARM64_SVE_H
#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/* The longest vector a guest gets, in quadwords: 512 bits (A64FX's, twice
 * Neoverse V1's). Longer hardware is capped by ZCR_EL2; the state below
 * is sized for it. */
#define SVE_MAX_VQ 4
#define SVE_MAX_VL (SVE_MAX_VQ * 16)   /* bytes per Z register */

#define SVE_STATE_P    (32 * SVE_MAX_VL)
#define SVE_STATE_ZCR  (SVE_STATE_P + 17 * SVE_MAX_VL / 8)

#ifndef __ASSEMBLER__
struct sve_state {
	uint8_t z[32][SVE_MAX_VL];
	uint8_t p[17][SVE_MAX_VL / 8];     /* p0-p15, then FFR */
	uint64_t zcr, fpsr, fpcr;
} __attribute__((aligned(16)));
_Static_assert(__builtin_offsetof(struct sve_state, zcr) == SVE_STATE_ZCR, "sve.S");

/* Assembly, at EL2 with CPTR_EL2.TZ clear; x0-x2 only. */
void sve_save(struct sve_state *s);
void sve_restore(const struct sve_state *s);
/* A vCPU's first SVE instruction: its P registers and FFR to zero and the
 * Z bits above its FP/SIMD registers too (writing each V register clears
 * them), so that nothing of the previous user of the core shows. */
void sve_flush_live(void);
/* The vector length EL2 now has, in bytes. */
uint64_t sve_vl_bytes(void);
#endif

#endif
