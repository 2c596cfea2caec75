/* BLAKE2s (RFC 7693): the 10-round compression function over 32-bit words,
 * little-endian throughout, so the same bytes on the host and at EL2. */
#include <string.h>
#include "blake2s.h"

static const uint32_t iv[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint8_t sigma[10][16] = {
	{ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
	{ 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
	{ 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
	{ 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
	{ 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
	{ 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
	{ 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
	{ 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
	{ 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
	{ 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
};

static uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void secure_wipe(void *p, size_t n)
{
	volatile uint8_t *b = p;

	while (n--)
		*b++ = 0;
}

#define G(a, b, c, d, x, y) do { \
	v[a] = v[a] + v[b] + (x); v[d] = ror32(v[d] ^ v[a], 16); \
	v[c] = v[c] + v[d];       v[b] = ror32(v[b] ^ v[c], 12); \
	v[a] = v[a] + v[b] + (y); v[d] = ror32(v[d] ^ v[a], 8);  \
	v[c] = v[c] + v[d];       v[b] = ror32(v[b] ^ v[c], 7);  \
} while (0)

static void compress(struct blake2s *s, const uint8_t block[BLAKE2S_BLOCK], uint32_t last)
{
	uint32_t m[16], v[16];

	for (int i = 0; i < 16; i++)
		m[i] = load_le32(block + 4 * i);
	for (int i = 0; i < 8; i++) {
		v[i] = s->h[i];
		v[i + 8] = iv[i];
	}
	v[12] ^= s->t[0];
	v[13] ^= s->t[1];
	v[14] ^= last;
	for (int r = 0; r < 10; r++) {
		const uint8_t *p = sigma[r];

		G(0, 4, 8, 12, m[p[0]], m[p[1]]);
		G(1, 5, 9, 13, m[p[2]], m[p[3]]);
		G(2, 6, 10, 14, m[p[4]], m[p[5]]);
		G(3, 7, 11, 15, m[p[6]], m[p[7]]);
		G(0, 5, 10, 15, m[p[8]], m[p[9]]);
		G(1, 6, 11, 12, m[p[10]], m[p[11]]);
		G(2, 7, 8, 13, m[p[12]], m[p[13]]);
		G(3, 4, 9, 14, m[p[14]], m[p[15]]);
	}
	for (int i = 0; i < 8; i++)
		s->h[i] ^= v[i] ^ v[i + 8];
	secure_wipe(m, sizeof(m));
	secure_wipe(v, sizeof(v));
}

static void count(struct blake2s *s, uint32_t n)
{
	s->t[0] += n;
	if (s->t[0] < n)
		s->t[1]++;
}

void blake2s_init(struct blake2s *s, size_t outlen, const void *key, size_t keylen)
{
	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 8; i++)
		s->h[i] = iv[i];
	/* Parameter block: digest length, key length, fanout 1, depth 1. */
	s->h[0] ^= 0x01010000u ^ ((uint32_t)keylen << 8) ^ (uint32_t)outlen;
	s->outlen = outlen;
	if (keylen) {
		memcpy(s->buf, key, keylen);   /* the key is a first, padded block */
		s->buflen = BLAKE2S_BLOCK;
	}
}

void blake2s_update(struct blake2s *s, const void *data, size_t len)
{
	const uint8_t *in = data;

	while (len) {
		/* The last block is compressed only in final (it gets the flag). */
		if (s->buflen == BLAKE2S_BLOCK) {
			count(s, BLAKE2S_BLOCK);
			compress(s, s->buf, 0);
			s->buflen = 0;
		}
		size_t n = BLAKE2S_BLOCK - s->buflen;

		if (n > len)
			n = len;
		memcpy(s->buf + s->buflen, in, n);
		s->buflen += n;
		in += n;
		len -= n;
	}
}

void blake2s_final(struct blake2s *s, uint8_t *out)
{
	uint8_t h[32];

	count(s, (uint32_t)s->buflen);
	memset(s->buf + s->buflen, 0, BLAKE2S_BLOCK - s->buflen);
	compress(s, s->buf, 0xffffffffu);
	for (int i = 0; i < 8; i++) {
		h[4 * i] = (uint8_t)s->h[i];
		h[4 * i + 1] = (uint8_t)(s->h[i] >> 8);
		h[4 * i + 2] = (uint8_t)(s->h[i] >> 16);
		h[4 * i + 3] = (uint8_t)(s->h[i] >> 24);
	}
	memcpy(out, h, s->outlen);
	secure_wipe(h, sizeof(h));
	secure_wipe(s, sizeof(*s));
}

void blake2s(uint8_t *out, size_t outlen, const void *key, size_t keylen,
	     const void *data, size_t len)
{
	struct blake2s s;

	blake2s_init(&s, outlen, key, keylen);
	blake2s_update(&s, data, len);
	blake2s_final(&s, out);
}
