/* CP15 system registers of ARMv7-A with the virtualization extensions, by
 * (opc1, CRn, CRm, opc2) for the 32-bit ones and (opc1, CRm) for the 64-bit
 * ones (MRRC/MCRR), named as the ARM ARM names them. */
#ifndef TANDEM_ARM32_CP15_H
#define TANDEM_ARM32_CP15_H
#include <stdint.h>

#define CP15_READ_(op1, crn, crm, op2) ({ uint32_t __v; \
	__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(__v)); __v; })
#define CP15_WRITE_(op1, crn, crm, op2, v) \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 \
			 : : "r"((uint32_t)(v)) : "memory")
#define CP15_READ64_(op1, crm) ({ uint32_t __lo, __hi; \
	__asm__ volatile("mrrc p15, " #op1 ", %0, %1, " #crm : "=r"(__lo), "=r"(__hi)); \
	((uint64_t)__hi << 32) | __lo; })
#define CP15_WRITE64_(op1, crm, v) do { uint64_t __v = (v); \
	__asm__ volatile("mcrr p15, " #op1 ", %0, %1, " #crm \
			 : : "r"((uint32_t)__v), "r"((uint32_t)(__v >> 32)) : "memory"); } while (0)
/* One more expansion so that a register's name becomes its encoding. */
#define read_cp15(reg)          CP15_READ_(reg)
#define write_cp15(reg, v)      CP15_WRITE_(reg, v)
#define read_cp15_64(reg)       CP15_READ64_(reg)
#define write_cp15_64(reg, v)   CP15_WRITE64_(reg, v)

/* Identification. */
#define MIDR        0, c0, c0, 0
#define CTR         0, c0, c0, 1
#define MPIDR       0, c0, c0, 5
#define ID_PFR1     0, c0, c1, 1
#define ID_MMFR0    0, c0, c1, 4
#define CSSELR      2, c0, c0, 0
#define VPIDR       4, c0, c0, 0
#define VMPIDR      4, c0, c0, 5
/* Guest (PL1) state: switched with the vCPU. */
#define SCTLR       0, c1, c0, 0
#define ACTLR       0, c1, c0, 1
#define CPACR       0, c1, c0, 2
#define TTBR0_64    0, c2
#define TTBR1_64    1, c2
#define TTBCR       0, c2, c0, 2
#define DACR        0, c3, c0, 0
#define DFSR        0, c5, c0, 0
#define IFSR        0, c5, c0, 1
#define ADFSR       0, c5, c1, 0
#define AIFSR       0, c5, c1, 1
#define DFAR        0, c6, c0, 0
#define IFAR        0, c6, c0, 2
#define PAR_64      0, c7
#define ATS1CPR     0, c7, c8, 0
#define PMCR        0, c9, c12, 0
#define PRRR        0, c10, c2, 0     /* MAIR0 with LPAE */
#define NMRR        0, c10, c2, 1     /* MAIR1 */
#define AMAIR0      0, c10, c3, 0
#define AMAIR1      0, c10, c3, 1
#define VBAR        0, c12, c0, 0
#define FCSEIDR     0, c13, c0, 0
#define CONTEXTIDR  0, c13, c0, 1
#define TPIDRURW    0, c13, c0, 2
#define TPIDRURO    0, c13, c0, 3
#define TPIDRPRW    0, c13, c0, 4
/* HYP's own. */
#define HSCTLR      4, c1, c0, 0
#define HCR         4, c1, c1, 0
#define HDCR        4, c1, c1, 1
#define HCPTR       4, c1, c1, 2
#define HSTR        4, c1, c1, 3
#define HTCR        4, c2, c0, 2
#define VTCR        4, c2, c1, 2
#define HTTBR_64    4, c2
#define VTTBR_64    6, c2
#define HSR         4, c5, c2, 0
#define HDFAR       4, c6, c0, 0
#define HIFAR       4, c6, c0, 2
#define HPFAR       4, c6, c0, 4
#define HMAIR0      4, c10, c2, 0
#define HMAIR1      4, c10, c2, 1
#define HVBAR       4, c12, c0, 0
#define HTPIDR      4, c13, c0, 2
/* TLB and cache maintenance (write-only). */
#define TLBIALLH      4, c8, c7, 0
#define TLBIALLNSNHIS 4, c8, c3, 4
#define ICIALLUIS     0, c7, c1, 0
#define BPIALLIS      0, c7, c1, 6
#define DCCMVAC       0, c7, c10, 1
#define DCCIMVAC      0, c7, c14, 1
/* Generic timer. */
#define CNTFRQ      0, c14, c0, 0
#define CNTKCTL     0, c14, c1, 0
#define CNTV_CTL    0, c14, c3, 1
#define CNTHCTL     4, c14, c1, 0
#define CNTHP_CTL   4, c14, c2, 1
#define CNTPCT_64   0, c14
#define CNTV_CVAL_64  3, c14
#define CNTVOFF_64  4, c14
#define CNTHP_CVAL_64 6, c14
/* GICv3 CPU interface through cp15. */
#define ICC_HSRE    4, c12, c9, 5
#define ICC_PMR     0, c4, c6, 0
#define ICC_IAR1    0, c12, c12, 0
#define ICC_EOIR1   0, c12, c12, 1
#define ICC_BPR1    0, c12, c12, 3
#define ICC_CTLR    0, c12, c12, 4
#define ICC_IGRPEN1 0, c12, c12, 7
#define ICC_DIR     0, c12, c11, 1
#define ICC_SGI1R_64 0, c12
#define ICH_AP1R0   4, c12, c9, 0
#define ICH_HCR     4, c12, c11, 0
#define ICH_VTR     4, c12, c11, 1
#define ICH_VMCR    4, c12, c11, 7

/* HCR bits. */
#define HCR_VM   (1u << 0)
#define HCR_SWIO (1u << 1)
#define HCR_FMO  (1u << 3)
#define HCR_IMO  (1u << 4)
#define HCR_AMO  (1u << 5)
#define HCR_FB   (1u << 9)
#define HCR_BSU_IS (1u << 10)
#define HCR_TWI  (1u << 13)
#define HCR_TSC  (1u << 19)
#define HCR_TIDCP (1u << 20)
#define HCR_TAC  (1u << 21)

/* HDCR: trap the PMU (TPM, TPMCR) and debug (TDRA, TDOSA, TDA). */
#define HDCR_TPMCR (1u << 5)
#define HDCR_TPM   (1u << 6)
#define HDCR_TDA   (1u << 9)
#define HDCR_TDOSA (1u << 10)
#define HDCR_TDRA  (1u << 11)

/* CPSR. */
#define PSR_MODE_MASK 0x1fu
#define PSR_MODE_USR 0x10u
#define PSR_MODE_FIQ 0x11u
#define PSR_MODE_IRQ 0x12u
#define PSR_MODE_SVC 0x13u
#define PSR_MODE_ABT 0x17u
#define PSR_MODE_HYP 0x1au
#define PSR_MODE_UND 0x1bu
#define PSR_MODE_SYS 0x1fu
#define PSR_T (1u << 5)
#define PSR_F (1u << 6)
#define PSR_I (1u << 7)
#define PSR_A (1u << 8)
#define PSR_E (1u << 9)
/* SVC with asynchronous aborts, IRQ and FIQ masked: how a kernel is entered. */
#define PSR_SVC_MASKED (PSR_MODE_SVC | PSR_A | PSR_I | PSR_F)

/* The guest's SCTLR at reset (MMU, caches off), as a Cortex-A15 has it. */
#define SCTLR_RESET 0x00c50078u
#define SCTLR_V  (1u << 13)
#define SCTLR_EE (1u << 25)
#define SCTLR_TE (1u << 30)

static inline uint32_t elr_hyp_read(void)
{
	uint32_t v;

	__asm__ volatile(".arch_extension virt\n\tmrs %0, elr_hyp" : "=r"(v));
	return v;
}

static inline void elr_hyp_write(uint32_t v)
{
	__asm__ volatile(".arch_extension virt\n\tmsr elr_hyp, %0" : : "r"(v) : "memory");
}

/* SPSR_hyp from HYP mode: the plain SPSR forms (the banked `SPSR_hyp`
 * form is a Monitor-mode access, UNDEFINED here). */
static inline uint32_t spsr_hyp_read(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, spsr" : "=r"(v));
	return v;
}

static inline void spsr_hyp_write(uint32_t v)
{
	__asm__ volatile("msr spsr_cxsf, %0" : : "r"(v) : "memory");
}

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

#endif
