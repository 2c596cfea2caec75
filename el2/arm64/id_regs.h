/* What a guest reads from the ID registers (HCR_EL2.TID3 traps them all):
 * the boot core's values, field by field either passed through or hidden.
 * Only fields known to need no help from Tandem pass (docs/architecture.md,
 * "CPU features"); anything else, including fields newer than this table,
 * reads as zero, "not implemented". Every vCPU of every VM reads the same
 * values, but for the PMU, shown only to VMs with `profiling`.
 * Pure logic, unit-tested on the host. */
#ifndef TANDEM_ARM64_ID_REGS_H
#define TANDEM_ARM64_ID_REGS_H
#include <stdbool.h>
#include <stdint.h>

/* The ID space trapped by TID3: op0 3, op1 0, CRn 0, CRm 1-7, op2 0-7. */
#define ID_REG_INDEX(crm, op2) (((crm) - 1) * 8 + (op2))
#define ID_REG_COUNT 56

/* Indices of the registers Tandem reads itself. */
#define ID_AA64PFR0  ID_REG_INDEX(4, 0)
#define ID_AA64PFR1  ID_REG_INDEX(4, 1)
#define ID_AA64ZFR0  ID_REG_INDEX(4, 4)
#define ID_AA64SMFR0 ID_REG_INDEX(4, 5)
#define ID_AA64DFR0  ID_REG_INDEX(5, 0)
#define ID_AA64ISAR0 ID_REG_INDEX(6, 0)
#define ID_AA64ISAR1 ID_REG_INDEX(6, 1)
#define ID_AA64ISAR2 ID_REG_INDEX(6, 2)
#define ID_AA64MMFR0 ID_REG_INDEX(7, 0)
#define ID_DFR0      ID_REG_INDEX(1, 2)
#define ID_PFR1      ID_REG_INDEX(1, 1)

/* What Tandem switches or shows per VM. */
struct id_policy {
	bool sve;        /* SVE state is switched with the vCPU */
	bool pauth;      /* pointer-authentication keys are switched with the vCPU */
	bool pmu;        /* the VM has `profiling` */
	unsigned int pa_range;   /* ID_AA64MMFR0.PARange encoding of the guest-physical space */
};

/* The value a guest reads for ID register `index` whose hardware value is hw. */
uint64_t id_reg_guest_value(unsigned int index, uint64_t hw, const struct id_policy *p);

/* Features of the hardware, from its ID registers. */
bool id_has_sve(uint64_t aa64pfr0);
bool id_has_pauth(uint64_t aa64isar1, uint64_t aa64isar2);
bool id_has_rndr(uint64_t aa64isar0);

/* ID_AA64MMFR0.PARange covering an address space of `bits` bits: the
 * smallest encoding at least that wide (a guest's stage 1 then never needs
 * more output bits than its stage 2 takes). */
unsigned int id_pa_range_covering(unsigned int bits);

#endif
