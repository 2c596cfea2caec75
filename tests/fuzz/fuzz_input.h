/* What the fuzz harnesses share: reading their input as little-endian
 * fields (zeros once it runs out), and CHECK, which aborts with a message
 * (libFuzzer then keeps the input as a crash). */
#ifndef TANDEM_FUZZ_INPUT_H
#define TANDEM_FUZZ_INPUT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s: check failed: %s: ", __FILE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

struct input {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t u8(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t u16(struct input *in)
{
	uint16_t lo = u8(in);

	return (uint16_t)(lo | u8(in) << 8);
}

static inline uint32_t u32(struct input *in)
{
	uint32_t lo = u16(in);

	return lo | (uint32_t)u16(in) << 16;
}

static inline uint64_t u64(struct input *in)
{
	uint64_t lo = u32(in);

	return lo | (uint64_t)u32(in) << 32;
}

#endif
