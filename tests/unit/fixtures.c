/* Fixture loading; see fixtures.h. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include "tests/unit/fixtures.h"
#include "dt/plan.h"

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

void plan_fixture_init(struct plan_fixture *f, const char *platform_dtb)
{
	char msg[256];

	f->fdt = fixture_load(platform_dtb, NULL);
	f->platform = calloc(1, sizeof(*f->platform));
	f->sys = calloc(1, sizeof(*f->sys));
	ck_assert(f->platform && f->sys);
	ck_assert_int_eq(platform_parse(f->fdt, f->platform, msg, sizeof(msg)), 0);
	ck_assert_int_eq(plan_init(f->sys, f->fdt, f->platform, 0x40200000, 16 << 20), 0);
}

void plan_fixture_free(struct plan_fixture *f)
{
	free(f->fdt);
	free(f->platform);
	free(f->sys);
	for (unsigned int i = 0; i < f->nblobs; i++)
		free(f->blobs[i]);
	f->nblobs = 0;
	f->fdt = NULL;
	f->platform = NULL;
	f->sys = NULL;
}

int plan_fixture_add(struct plan_fixture *f, const char *name)
{
	size_t size;
	void *blob = fixture_load(name, &size);
	int r = plan_add_vm(f->sys, blob, size, name);

	if (f->nblobs < sizeof(f->blobs) / sizeof(f->blobs[0]))
		f->blobs[f->nblobs++] = blob;
	else
		free(blob);
	return r;
}
