/* Trapped MSR/MRS accesses, emulated from a table keyed by the register's
 * encoding. Unknown registers are left to the caller (an UNDEF for the guest). */
#ifndef TANDEM_SYSREG_TRAP_H
#define TANDEM_SYSREG_TRAP_H
#include <stdbool.h>
#include "el2/arm64/esr.h"

struct vcpu;

enum sysreg_result {
	SYSREG_DONE,     /* emulated: the guest goes on past the instruction */
	SYSREG_RETRY,    /* the register is the vCPU's now: run the instruction again */
	SYSREG_UNKNOWN,  /* not a register Tandem knows: the caller injects an UNDEF */
};

enum sysreg_result sysreg_trap_handle(struct vcpu *v, const struct sysreg_iss *s);

#endif
