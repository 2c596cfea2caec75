/* Helpers shared by the unit tests: reading fixture blobs from the build
 * directory, and building small device trees in memory. */
#ifndef TANDEM_TEST_FIXTURES_H
#define TANDEM_TEST_FIXTURES_H
#include <stddef.h>
#include <string.h>
#include <check.h>

/* Reads FIXTURES/name into a malloc'd buffer (aborts the test if missing). */
void *fixture_load(const char *name, size_t *size);

struct platform;
struct system_plan;

/* A system plan on a fixture platform (Tandem at 0x40200000, 16 MiB), as
 * the pass-through and channel tests start theirs. plan_fixture_add()
 * adds fixture overlay `name` (also its source in messages). */
struct plan_fixture {
	void *fdt;
	struct platform *platform;
	struct system_plan *sys;
	/* The overlays added, kept as boot keeps its modules (plan_retry_vm
	 * reads a record's overlay again). */
	void *blobs[64];
	unsigned int nblobs;
};
void plan_fixture_init(struct plan_fixture *f, const char *platform_dtb);
void plan_fixture_free(struct plan_fixture *f);
int plan_fixture_add(struct plan_fixture *f, const char *name);

/* Fails unless the string s contains sub (shows both on failure). */
#define ck_assert_contains(s, sub) \
	ck_assert_msg(strstr((s), (sub)) != NULL, "\"%s\" does not contain \"%s\"", (s), (sub))
#define ck_assert_not_contains(s, sub) \
	ck_assert_msg(strstr((s), (sub)) == NULL, "\"%s\" contains \"%s\"", (s), (sub))

#endif
