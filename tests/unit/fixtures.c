/* Fixture loading; see fixtures.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include "tests/unit/fixtures.h"

void *fixture_load(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	long n;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "fixture %s is missing", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert(buf != NULL);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	if (size)
		*size = (size_t)n;
	return buf;
}
