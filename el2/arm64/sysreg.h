/* System-register access and barriers for AArch64 at EL2. Only arch code and
 * code that runs on the target include this; host-built logic never does. */
#ifndef TANDEM_ARM64_SYSREG_H
#define TANDEM_ARM64_SYSREG_H
#include <stdint.h>

#define read_sysreg(r) ({ uint64_t __v; \
	__asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) do { uint64_t __v = (uint64_t)(v); \
	__asm__ volatile("msr " #r ", %0" : : "r"(__v)); } while (0)
/* Registers GCC's assembler knows only by their encoding. */
#define read_sysreg_s(enc) ({ uint64_t __v; \
	__asm__ volatile("mrs %0, " enc : "=r"(__v)); __v; })
#define write_sysreg_s(enc, v) do { uint64_t __v = (uint64_t)(v); \
	__asm__ volatile("msr " enc ", %0" : : "r"(__v)); } while (0)

#define isb()      __asm__ volatile("isb" ::: "memory")
#define dsb(opt)   __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt)   __asm__ volatile("dmb " #opt ::: "memory")
#define wfi()      __asm__ volatile("wfi" ::: "memory")
#define wfe()      __asm__ volatile("wfe" ::: "memory")
#define sev()      __asm__ volatile("sev" ::: "memory")

/* HCR_EL2 */
#define HCR_VM    (1ull << 0)
#define HCR_SWIO  (1ull << 1)
#define HCR_FMO   (1ull << 3)
#define HCR_IMO   (1ull << 4)
#define HCR_AMO   (1ull << 5)
#define HCR_VF    (1ull << 6)
#define HCR_VI    (1ull << 7)
#define HCR_VSE   (1ull << 8)
#define HCR_FB    (1ull << 9)
#define HCR_BSU_IS (1ull << 10)
#define HCR_TWI   (1ull << 13)
#define HCR_TWE   (1ull << 14)
#define HCR_TID3  (1ull << 18)
#define HCR_TSC   (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR  (1ull << 21)
#define HCR_TSW   (1ull << 22)
#define HCR_RW    (1ull << 31)

/* MDCR_EL2: which PMU and debug accesses of a guest trap to EL2. */
#define MDCR_HPMN_MASK 0x1full
#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM   (1ull << 6)
#define MDCR_TDA   (1ull << 9)
#define MDCR_TDOSA (1ull << 10)
#define MDCR_TDRA  (1ull << 11)

/* SCTLR_EL2 */
#define SCTLR_M   (1ull << 0)
#define SCTLR_A   (1ull << 1)
#define SCTLR_C   (1ull << 2)
#define SCTLR_SA  (1ull << 3)
#define SCTLR_I   (1ull << 12)
#define SCTLR_EL2_RES1 0x30c50830ull
/* SCTLR_EL1 reset value for a guest: RES1 bits, MMU and caches off. */
#define SCTLR_EL1_RESET 0x30d00800ull

/* SPSR: EL1h with D, A, I, F masked, as the Linux boot protocol asks. */
#define SPSR_EL1H_MASKED 0x3c5ull
#define SPSR_MODE_MASK   0xfull
#define SPSR_MODE_EL1H   0x5ull
#define SPSR_MODE_RW32   0x10ull   /* M[4]: the exception came from AArch32 */

/* CPTR_EL2: RES1 bits; TFP (bit 10) clear so FP/SIMD is not trapped. */
#define CPTR_EL2_RES1 0x33ffull

/* ICC_SRE_EL2 */
#define ICC_SRE_SRE    (1ull << 0)
#define ICC_SRE_ENABLE (1ull << 3)

/* GICv3 CPU interface registers, by encoding for older assemblers. */
#define ICC_SRE_EL2     "s3_4_c12_c9_5"
#define ICC_SRE_EL1     "s3_0_c12_c12_5"
#define ICC_SGI1R_EL1   "s3_0_c12_c11_5"
#define ICC_IAR1_EL1    "s3_0_c12_c12_0"
#define ICC_EOIR1_EL1   "s3_0_c12_c12_1"
#define ICC_DIR_EL1     "s3_0_c12_c11_1"
#define ICC_PMR_EL1     "s3_0_c4_c6_0"
#define ICC_CTLR_EL1    "s3_0_c12_c12_4"
#define ICC_IGRPEN1_EL1 "s3_0_c12_c12_7"
#define ICC_BPR1_EL1    "s3_0_c12_c12_3"

static inline unsigned int arch_current_el(void)
{
	return (unsigned int)(read_sysreg(CurrentEL) >> 2) & 3;
}

#endif
