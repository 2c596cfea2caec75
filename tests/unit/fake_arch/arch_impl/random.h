/* Host for el2/arch/random.h: present if fake_arch.rng_present; returns
 * fake_arch.rng_next (then counts it up), or fails when rng_fails. */
#ifndef TANDEM_FAKE_RANDOM_H
#define TANDEM_FAKE_RANDOM_H
#include <stdbool.h>
#include <stdint.h>
#include "tests/unit/fake_arch/fake.h"

static inline bool arch_hw_random_present(void) { return fake_arch.rng_present; }

static inline bool arch_hw_random(uint64_t *out)
{
	if (fake_arch.rng_fails)
		return false;
	*out = fake_arch.rng_next++;
	return true;
}

#endif
