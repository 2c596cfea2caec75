/* Helpers shared by the unit tests: reading fixture blobs from the build
 * directory, and building small device trees in memory. */
#ifndef TANDEM_TEST_FIXTURES_H
#define TANDEM_TEST_FIXTURES_H
#include <stddef.h>
#include <string.h>
#include <check.h>

/* Reads FIXTURES/name into a malloc'd buffer (aborts the test if missing). */
void *fixture_load(const char *name, size_t *size);

/* Fails unless the string s contains sub (shows both on failure). */
#define ck_assert_contains(s, sub) \
	ck_assert_msg(strstr((s), (sub)) != NULL, "\"%s\" does not contain \"%s\"", (s), (sub))
#define ck_assert_not_contains(s, sub) \
	ck_assert_msg(strstr((s), (sub)) == NULL, "\"%s\" contains \"%s\"", (s), (sub))

#endif
