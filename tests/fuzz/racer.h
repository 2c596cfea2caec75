/* The fuzzers' hostile second vCPU (docs/fuzzing.md): words of guest-shared
 * memory it keeps flipping between two values while Tandem's code runs on
 * the fuzzing thread, three ways at once:
 *  - a second thread flips them continuously (true concurrency, when a
 *    second core is free);
 *  - a timer signal every 50 us flips them on the fuzzing thread itself,
 *    wherever it is (an interleaving at any instruction, even when the
 *    machine's cores are busy and the thread never runs alongside);
 *  - racer_flip(), for a harness to call at chosen points (after each of
 *    Tandem's fetches: lib/guest_fetch.h's hook), deterministically.
 * A harness's checks must hold under any interleaving, so that a verdict
 * never depends on timing on correct code. */
#ifndef TANDEM_FUZZ_RACER_H
#define TANDEM_FUZZ_RACER_H
#include <stdint.h>

#define RACE_MAX 8

struct race {
	void *p;              /* naturally aligned */
	unsigned int width;   /* 1, 2, 4 or 8 bytes */
	uint64_t a, b;        /* the two values */
};

/* Once, from LLVMFuzzerInitialize: starts the thread and the timer. */
void racer_init(void);
/* Flipping starts on these entries (copied) and stops: the memory must
 * stay valid until racer_stop() returns. */
void racer_start(const struct race *r, unsigned int n);
void racer_stop(void);
/* Flips every entry now (nothing between start and stop). */
void racer_flip(void);

#endif
