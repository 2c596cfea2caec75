/* Host for el2/arch/limits.h: arm64's limits, so that the configuration
 * checks the host tests run are the ones the target runs. */
#ifndef TANDEM_FAKE_LIMITS_H
#define TANDEM_FAKE_LIMITS_H
#include "el2/arm64/arch_impl/limits.h"

#endif
