/* ARMv7-A for el2/arch/random.h: the architecture has no random number
 * instruction; Tandem's pool takes the firmware's seeds and timing. */
#ifndef TANDEM_ARM32_RANDOM_H
#define TANDEM_ARM32_RANDOM_H
#include <stdbool.h>
#include <stdint.h>

static inline bool arch_hw_random_present(void)
{
	return false;
}

static inline bool arch_hw_random(uint64_t *out)
{
	(void)out;
	return false;
}

#endif
