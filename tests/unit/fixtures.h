/* Helpers shared by the unit tests: reading fixture blobs from the build
 * directory, and building small device trees in memory. */
#ifndef TANDEM_TEST_FIXTURES_H
#define TANDEM_TEST_FIXTURES_H
#include <stddef.h>

/* Reads FIXTURES/name into a malloc'd buffer (aborts the test if missing). */
void *fixture_load(const char *name, size_t *size);

#endif
