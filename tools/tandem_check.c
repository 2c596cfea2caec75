/* tandem-check: Tandem's configuration check, on the host, before boot.
 *
 *   tandem-check [--tandem BASE] [--paravirtual] [--quiet] PLATFORM.dtb OVERLAY.dtbo...
 *
 * Runs the code Tandem runs at boot (dt/platform.c, dt/validate.c,
 * dt/guest_dt.c) on the platform's device tree and the VM overlays, in the
 * order given: each VM is accepted or refused with the message Tandem would
 * print, and each accepted VM's device tree is printed as DTS (through dtc).
 * Exits 1 if any VM is refused or the platform tree is unusable, 2 on a
 * usage error. --paravirtual checks as on a core without the virtualization
 * extensions (only paravirtualized guests pass). The platform tree must list the boot modules (payloads,
 * ramdisks) as the bootloader will: for QEMU, tools/tandem_qemu.py --dumpdtb
 * writes it from the same command line that boots. */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dt/guest_dt.h"
#include "dt/platform.h"
#include "dt/validate.h"
#include "el2/arm64/layout.h"

#define DT_MAX (256 * 1024)

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* The tree as DTS, by dtc (which every Tandem build has). */
static int print_dts(const void *fdt)
{
	FILE *p = popen("dtc -q -I dtb -O dts -", "w");

	if (!p)
		return -1;
	fwrite(fdt, 1, fdt_totalsize(fdt), p);
	return pclose(p) == 0 ? 0 : -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: tandem-check [--tandem BASE] [--paravirtual] [--quiet] PLATFORM.dtb "
		"OVERLAY.dtbo...\n");
	return 2;
}

int main(int argc, char **argv)
{
	uint64_t tandem_base = 0x40200000;   /* where QEMU's -kernel puts Tandem */
	bool quiet = false, paravirtual = false;
	int i = 1, refused = 0;
	size_t plat_size;
	char msg[PLAN_MSG_MAX];
	static struct platform plat;
	static struct system_plan plan;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--tandem") && i + 1 < argc)
			tandem_base = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (!strcmp(argv[i], "--paravirtual"))
			paravirtual = true;
		else
			return usage();
	}
	if (argc - i < 2)
		return usage();

	void *plat_fdt = read_file(argv[i], &plat_size);

	if (!plat_fdt || plat_size < sizeof(struct fdt_header) || fdt_check_full(plat_fdt, plat_size)) {
		fprintf(stderr, "tandem-check: %s: not a readable device-tree blob\n", argv[i]);
		return 1;
	}
	if (platform_parse(plat_fdt, &plat, msg, sizeof(msg)) ||
	    (!paravirtual && platform_check_hw_virt(&plat, msg, sizeof(msg)))) {
		fprintf(stderr, "tandem-check: %s: cannot boot: %s\n", argv[i], msg);
		return 1;
	}
	if (plan_init(&plan, plat_fdt, &plat, tandem_base, TANDEM_RESERVED_SIZE)) {
		fprintf(stderr, "tandem-check: %s: cannot boot: %s\n", argv[i], plan.error);
		return 1;
	}
	plan.paravirtual_path = paravirtual;

	void *guest = malloc(DT_MAX), *scratch = malloc(DT_MAX);

	for (i++; i < argc; i++) {
		size_t size;
		void *overlay = read_file(argv[i], &size);
		struct vm_plan *v;

		if (!overlay) {
			fprintf(stderr, "tandem-check: %s: %s\n", argv[i], strerror(errno));
			refused++;
			continue;
		}
		if (plan_add_vm(&plan, overlay, size, argv[i])) {
			printf("VM refused: %s\n", plan.nvms ? plan.vms[plan.nvms - 1].error :
			       "more VMs than Tandem runs");
			refused++;
			free(overlay);
			continue;
		}
		v = &plan.vms[plan.nvms - 1];
		if (guest_dt_build(plat_fdt, &plat, &v->cfg, overlay, size, guest, DT_MAX, scratch,
				   DT_MAX, msg, sizeof(msg))) {
			printf("VM refused: %s\n", msg);
			refused++;
		} else {
			printf("VM %s accepted: %u vCPU(s), RAM IPA 0x%llx-0x%llx at PA 0x%llx, %u device(s) "
			       "passed through\n", v->cfg.name, v->cfg.vcpus,
			       (unsigned long long)v->cfg.mem_base,
			       (unsigned long long)(v->cfg.mem_base + v->cfg.mem_size - 1),
			       (unsigned long long)v->ram_pa, v->cfg.ndevices);
			if (!quiet) {
				printf("/* the device tree of VM %s (before its ramdisk is added) */\n",
				       v->cfg.name);
				fflush(stdout);
				if (print_dts(guest))
					fprintf(stderr, "tandem-check: dtc could not print VM %s's tree\n",
						v->cfg.name);
			}
		}
		free(overlay);
	}
	printf("%u VM(s) accepted, %d refused\n", plan_accepted(&plan), refused);
	free(guest);
	free(scratch);
	free(plat_fdt);
	return refused ? 1 : 0;
}
