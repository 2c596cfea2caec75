/* Every VM's pristine device tree; see dt_store.h. */
#include "el2/dt_store.h"

uint8_t vm_dt_store[MAX_VMS][PLAN_DT_MAX] __attribute__((aligned(8)));
