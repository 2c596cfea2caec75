/* The core's own random number generator, where it has one: one input of
 * Tandem's entropy pool (el2/entropy.c). */
#ifndef TANDEM_ARCH_RANDOM_H
#define TANDEM_ARCH_RANDOM_H
#include <stdbool.h>
#include <stdint.h>
#include <arch_impl/random.h>

/* Provided by the implementation, static inline:
 *   bool arch_hw_random_present(void)   the core has the instruction
 *   bool arch_hw_random(uint64_t *out)  true with 64 random bits in *out;
 *                                       false when it failed this time
 *                                       (call only if present) */

#endif
