/* Trapped MSR/MRS accesses, emulated from a table keyed by the register's
 * encoding. Unknown registers are left to the caller (an UNDEF for the guest). */
#ifndef TANDEM_SYSREG_TRAP_H
#define TANDEM_SYSREG_TRAP_H
#include <stdbool.h>
#include "el2/arm64/esr.h"

struct vcpu;

/* Emulates the access; false if Tandem does not know the register. */
bool sysreg_trap_handle(struct vcpu *v, const struct sysreg_iss *s);

#endif
