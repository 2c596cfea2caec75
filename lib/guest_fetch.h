/* The one way Tandem reads memory a guest can write (docs/security.md):
 * copy the bytes once into Tandem's memory, then check and use only the
 * copy. Another vCPU may rewrite the original at any moment, so a second
 * read could disagree with whatever the first one was checked against. */
#ifndef TANDEM_GUEST_FETCH_H
#define TANDEM_GUEST_FETCH_H
#include <stddef.h>
#include <string.h>

#ifdef GUEST_FETCH_HOOK
/* Fuzzing only (tests/fuzz/fuzz_virtqueue.c): called after every fetch, so
 * a harness can play the other vCPU rewriting guest memory right between
 * two fetches, deterministically. Never defined in Tandem's own build. */
void GUEST_FETCH_HOOK(const volatile void *src, size_t n);
#endif

static inline void guest_fetch(void *dst, const volatile void *src, size_t n)
{
	__builtin_memcpy(dst, (const void *)src, n);   /* inline where n is known */
	/* A compiler-only fence: the compiler may neither drop the copy and
	 * read the original again later, nor move this read past it. */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
#ifdef GUEST_FETCH_HOOK
	GUEST_FETCH_HOOK(src, n);
#endif
}

#endif
