/* Sizes fixed by the architecture port, used by the core and by the host
 * tools (plain constants: this header compiles anywhere). */
#ifndef TANDEM_ARCH_LIMITS_H
#define TANDEM_ARCH_LIMITS_H
#include <arch_impl/limits.h>

/* Provided by the implementation:
 *   TANDEM_MAX_CPUS        physical cores Tandem drives
 *   TANDEM_STACK_SIZE, TANDEM_GUARD_SIZE   per-core stack and its guard page
 *   TANDEM_RESERVED_SIZE   RAM Tandem claims from its load address
 *   ARCH_IPA_BITS          guest-physical address bits of every VM
 */

#endif
