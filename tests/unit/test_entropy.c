/* BLAKE2s against RFC 7693 (Appendix B's "abc", Appendix E's self-test over
 * lengths and keys, the reference keyed vector), and the entropy pool's
 * construction against an independent computation (Python's hashlib). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "lib/blake2s.h"
#include "lib/entropy_pool.h"
#include "tests/unit/suites.h"

static void hex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned int v;

		ck_assert(sscanf(s + 2 * i, "%2x", &v) == 1);
		out[i] = (uint8_t)v;
	}
}

#define ck_bytes(got, hexstr, n) do { \
	uint8_t want_[128]; \
	hex(hexstr, want_, n); \
	ck_assert_mem_eq(got, want_, n); \
} while (0)

START_TEST(rfc7693_abc)
{
	uint8_t out[32];

	blake2s(out, 32, NULL, 0, "abc", 3);
	ck_bytes(out, "508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982", 32);
}
END_TEST

START_TEST(keyed_empty)
{
	uint8_t key[32], out[32];

	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	blake2s(out, 32, key, 32, "", 0);   /* blake2s-kat.txt, first keyed entry */
	ck_bytes(out, "48a8997da407876b3d79c0d92325ad3b89cbb754d86ab71aee047ad345fd2c49", 32);
}
END_TEST

/* RFC 7693 Appendix E: a Fibonacci-like byte sequence. */
static void selftest_seq(uint8_t *out, size_t len, uint32_t seed)
{
	uint32_t a = 0xDEAD4BAD * seed, b = 1;

	for (size_t i = 0; i < len; i++) {
		uint32_t t = a + b;

		a = b;
		b = t;
		out[i] = (uint8_t)(t >> 24);
	}
}

START_TEST(rfc7693_selftest)
{
	static const size_t outlens[] = { 16, 20, 28, 32 };
	static const size_t inlens[] = { 0, 3, 64, 65, 255, 1024 };
	uint8_t in[1024], key[32], md[32], result[32];
	struct blake2s ctx;

	blake2s_init(&ctx, 32, NULL, 0);
	for (size_t i = 0; i < 4; i++) {
		size_t outlen = outlens[i];

		for (size_t j = 0; j < 6; j++) {
			size_t inlen = inlens[j];

			selftest_seq(in, inlen, (uint32_t)inlen);
			blake2s(md, outlen, NULL, 0, in, inlen);
			blake2s_update(&ctx, md, outlen);
			selftest_seq(key, outlen, (uint32_t)outlen);
			blake2s(md, outlen, key, outlen, in, inlen);
			blake2s_update(&ctx, md, outlen);
		}
	}
	blake2s_final(&ctx, result);
	ck_bytes(result, "6a411f08ce25adcdfb02aba641451cec53c598b24f4fc787fbdc88797f4c1dfe", 32);
}
END_TEST

/* Fed in pieces of every size, the hash is the same. */
START_TEST(incremental)
{
	uint8_t in[300], whole[32], parts[32];
	struct blake2s s;

	selftest_seq(in, sizeof(in), 7);
	blake2s(whole, 32, "k", 1, in, sizeof(in));
	for (size_t step = 1; step < 130; step += 9) {
		blake2s_init(&s, 32, "k", 1);
		for (size_t o = 0; o < sizeof(in); o += step)
			blake2s_update(&s, in + o, o + step > sizeof(in) ? sizeof(in) - o : step);
		blake2s_final(&s, parts);
		ck_assert_mem_eq(whole, parts, 32);
	}
}
END_TEST

/* The construction of entropy_pool.h, as computed by Python's hashlib:
 *   K0 = blake2s("Tandem entropy pool v1"); K1 = blake2s(key K0; 00 01 || 00..3f)
 *   out = blake2s(key K1; 01 || le32(i) || "vm-a") for i = 0, 1, 2 (72 bytes)
 *   K2 = blake2s(key K1; 02 || "vm-a") */
START_TEST(pool_known_answer)
{
	struct entropy_pool p;
	uint8_t in[64], out[72];

	entropy_pool_init(&p);
	ck_bytes(p.key, "210c7228e8cca5c8ff359e74f662232dcc0d31cba310470cd93c58ec829d53e3", 32);
	for (int i = 0; i < 64; i++)
		in[i] = (uint8_t)i;
	entropy_pool_mix(&p, ENTROPY_PLATFORM_SEED, in, sizeof(in));
	ck_bytes(p.key, "215fabdfc5bc3de2f2ce47b596b50ddbffd093583732ebceb1ca97002b9474bb", 32);
	entropy_pool_generate(&p, "vm-a", 4, out, sizeof(out));
	ck_bytes(out, "a7b50a54bd3dcad275cfc7fb0776506ecba6577566b703bbb5c68da397860931"
		 "d47b6c14bea238f4f2095d4794e313753aef719591922cde7ee48f33303b4dc0"
		 "8df16c43a05246a4", 72);
	ck_bytes(p.key, "cc87d065e73e5e8fe0eddbec6672aa28048e8002a53c1b69c8ece901b8cf4de7", 32);
}
END_TEST

/* Without any input, the same request twice still gives different bytes
 * (the key moves on), and the source of an input matters. */
START_TEST(pool_never_repeats)
{
	struct entropy_pool p, q;
	uint8_t a[64], b[64], key[32];

	entropy_pool_init(&p);
	memcpy(key, p.key, sizeof(key));
	entropy_pool_generate(&p, "vm", 2, a, sizeof(a));
	ck_assert(memcmp(key, p.key, sizeof(key)));
	entropy_pool_generate(&p, "vm", 2, b, sizeof(b));
	ck_assert(memcmp(a, b, sizeof(a)));
	ck_assert(memcmp(a, b + 32, 32));   /* blocks differ too */

	entropy_pool_init(&p);
	entropy_pool_init(&q);
	entropy_pool_mix(&p, ENTROPY_RNDR, "x", 1);
	entropy_pool_mix(&q, ENTROPY_COUNTER, "x", 1);
	ck_assert(memcmp(p.key, q.key, sizeof(p.key)));
}
END_TEST

Suite *entropy_suite(void)
{
	Suite *s = suite_create("entropy");
	TCase *tc = tcase_create("blake2s");

	tcase_add_test(tc, rfc7693_abc);
	tcase_add_test(tc, keyed_empty);
	tcase_add_test(tc, rfc7693_selftest);
	tcase_add_test(tc, incremental);
	tcase_add_test(tc, pool_known_answer);
	tcase_add_test(tc, pool_never_repeats);
	suite_add_tcase(s, tc);
	return s;
}
