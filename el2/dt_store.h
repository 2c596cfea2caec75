/* Every VM's pristine device tree, as built at its creation, kept for its
 * next start (a guest may overwrite the copy in its RAM). One store for
 * both paths: the hardware path's VMs (el2/vm.c) or the paravirtual
 * path's (pv/vm_create.c), whichever this boot takes. */
#ifndef TANDEM_DT_STORE_H
#define TANDEM_DT_STORE_H
#include <stdint.h>
#include "dt/plan.h"

extern uint8_t vm_dt_store[MAX_VMS][PLAN_DT_MAX];

#endif
