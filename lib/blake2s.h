/* BLAKE2s-256 (RFC 7693), unkeyed and keyed: the hash behind Tandem's
 * entropy pool (lib/entropy_pool.h). Pure code, tested on the host against
 * the RFC's vectors (tests/unit/test_entropy.c). */
#ifndef TANDEM_BLAKE2S_H
#define TANDEM_BLAKE2S_H
#include <stddef.h>
#include <stdint.h>

#define BLAKE2S_BLOCK   64
#define BLAKE2S_OUT_MAX 32
#define BLAKE2S_KEY_MAX 32

struct blake2s {
	uint32_t h[8];
	uint32_t t[2];              /* bytes hashed so far */
	uint8_t buf[BLAKE2S_BLOCK];
	size_t buflen;
	size_t outlen;
};

/* outlen 1..32, keylen 0..32 (key may be NULL when keylen is 0). */
void blake2s_init(struct blake2s *s, size_t outlen, const void *key, size_t keylen);
void blake2s_update(struct blake2s *s, const void *data, size_t len);
/* Writes outlen bytes and wipes the state. */
void blake2s_final(struct blake2s *s, uint8_t *out);
/* One call: out = BLAKE2s-outlen(key; data). */
void blake2s(uint8_t *out, size_t outlen, const void *key, size_t keylen,
	     const void *data, size_t len);

/* Zeroes n bytes in a way the compiler may not drop (secrets). */
void secure_wipe(void *p, size_t n);

#endif
