/* Tandem's entropy pool: extract-then-expand over keyed BLAKE2s, with the key
 * erased after every request (docs/security.md, "Entropy for guests").
 *   mix:      K = BLAKE2s(key K; 0x00 || source || input)   (extract, chained)
 *   generate: block i = BLAKE2s(key K; 0x01 || i || info)   (expand)
 *             then K = BLAKE2s(key K; 0x02 || info)         (ratchet)
 * The leading byte separates the three uses. Every request leaves a new key
 * behind it, so no output is ever produced twice and a later read of the
 * pool tells nothing of earlier outputs. Pure code, host-tested. */
#ifndef TANDEM_ENTROPY_POOL_H
#define TANDEM_ENTROPY_POOL_H
#include <stddef.h>
#include <stdint.h>

#define ENTROPY_KEY 32

struct entropy_pool {
	uint8_t key[ENTROPY_KEY];
};

/* Where an input came from (mixed in, so equal bytes from two sources differ). */
enum entropy_source {
	ENTROPY_PLATFORM_SEED = 1,   /* the firmware's /chosen/rng-seed, kaslr-seed */
	ENTROPY_RNDR = 2,            /* the core's random number instruction */
	ENTROPY_COUNTER = 3,         /* the system counter: weak, but never absent */
	ENTROPY_OTHER = 4,
};

/* A pool that knows nothing yet (a fixed, public starting key). */
void entropy_pool_init(struct entropy_pool *p);
void entropy_pool_mix(struct entropy_pool *p, enum entropy_source src, const void *in, size_t len);
/* len bytes of output bound to info (the requester's identity), then a new key. */
void entropy_pool_generate(struct entropy_pool *p, const void *info, size_t infolen,
			   void *out, size_t len);

#endif
