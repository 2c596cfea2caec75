/* libFuzzer target: a VM overlay as Tandem receives it at boot, arbitrary
 * bytes. It goes through everything Tandem does with an overlay before the
 * VM runs: parsing (dt/vm_config.c), validation against the platform and an
 * accepted VM (dt/plan.c and its rules, dt/passthrough.c) and, if accepted, building
 * the guest's device tree (dt/guest_dt.c, libfdt's fdt_overlay_apply). Any
 * crash, sanitizer report or hang is a bug; refusals are the expected end.
 * The platform is QEMU's virt tree with extra devices (a unit-test fixture).
 * `make fuzz` builds and runs it (tests/tests.mk). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt/guest_dt.h"
#include "dt/plan.h"

#define OUT_MAX (128 * 1024)

static void *plat_fdt, *good;
static size_t good_size;
static struct platform plat;

static void *load(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	long n;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s", FIXTURES, name);
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "fuzz_overlay: cannot read %s\n", path);
		exit(1);
	}
	fclose(f);
	if (size)
		*size = (size_t)n;
	return buf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char msg[256];

	(void)argc, (void)argv;
	plat_fdt = load("virt-gicv3-devices.dtb", NULL);
	good = load("pt-rtc.dtbo", &good_size);
	if (platform_parse(plat_fdt, &plat, msg, sizeof(msg))) {
		fprintf(stderr, "fuzz_overlay: %s\n", msg);
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct system_plan plan;
	static uint8_t out[OUT_MAX], scratch[OUT_MAX];
	/* Boot modules are 8-byte aligned in memory; so is this copy. */
	uint64_t *copy = malloc(size + 8);
	char msg[PLAN_MSG_MAX];

	memcpy(copy, data, size);
	if (plan_init(&plan, plat_fdt, &plat, 0x40200000, 16 << 20) ||
	    plan_add_vm(&plan, good, good_size, "good.dtbo")) {
		fprintf(stderr, "fuzz_overlay: the fixtures are not a valid start\n");
		abort();
	}
	if (!plan_add_vm(&plan, copy, size, "fuzz.dtbo")) {
		struct vm_plan *v = &plan.vms[plan.nvms - 1];

		guest_dt_build(plat_fdt, &plat, &v->cfg, copy, size, out, sizeof(out), scratch,
			       sizeof(scratch), msg, sizeof(msg));
	}
	free(copy);
	return 0;
}
