/* tandem-check: Tandem's configuration check, on the host, before boot.
 *
 *   tandem-check [--arch arm64|arm32|a9] [--tandem BASE] [--paravirtual] [--quiet]
 *                PLATFORM.dtb OVERLAY.dtbo[=PAYLOAD]...
 *
 * Runs the code Tandem runs at boot (dt/platform.c, dt/plan.c and its rules,
 * dt/guest_dt.c) on the platform's device tree and the VM overlays, in the
 * order given: each VM is accepted or refused with the message Tandem would
 * print, and each accepted VM's device tree is printed as DTS (through dtc).
 * Exits 1 if any VM is refused or the platform tree is unusable, 2 on a
 * usage error. --paravirtual checks as on a core without the virtualization
 * extensions (only paravirtualized guests pass). --arch names the image
 * checked for (its load address on QEMU's virt machine: 0x40200000 for
 * arm64, 0x40010000 for the ARMv7 image; --tandem overrides it); both
 * reserve the same 8 MiB and give guests the same 39-bit IPA space.
 * --arch a9 checks for the Cortex-A9 image on vexpress-a9 (loaded at
 * 0x60010000; the paravirtual path, as the A9 has no virtualization
 * extensions; --paravirtual on a Cortex-A9 MPCore's tree does the same), with Debian's vexpress-v2p-ca9.dtb (make a9 puts it in
 * build/a9/) plus the bootloader's /chosen/module@ nodes as the tree. The platform tree must list
 * the boot modules (payloads, ramdisks) as the bootloader will: for QEMU,
 * tools/tandem_qemu.py --dumpdtb writes it from the same command line that
 * boots. Their sizes come from it; a payload's kind (an arm64 Linux Image:
 * its size in memory, its 2 MiB alignment) needs its bytes, given as
 * OVERLAY.dtbo=PAYLOAD[,RAMDISK], as tandem_qemu.py's --vm takes them.
 * Without them the payload is checked as a raw binary of its size, and a
 * note says so. A board's own tree (its firmware's DTB, with no boot
 * modules yet) is checked the same way: for a payload (or ramdisk) given
 * on the command line whose address the tree has no /chosen/module@ for,
 * tandem-check adds the node a boot script adds (docs/boards.md), with the
 * file's size, and a note says so. */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dt/guest_dt.h"
#include "dt/platform.h"
#include "dt/plan.h"
#include "el2/arch/limits.h"

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

/* The tree as DTS, by dtc (which every Tandem build has). The seeds in
 * /chosen are Tandem's to fill at each boot of the VM: shown as present, by
 * size, never as bytes, so that the output stays the same run after run. */
static int print_dts(const void *fdt)
{
	char tmp[] = "/tmp/tandem-check-XXXXXX", cmd[64], line[4096];
	int fd = mkstemp(tmp), ok;
	FILE *p;

	if (fd < 0)
		return -1;
	ok = write(fd, fdt, fdt_totalsize(fdt)) == (ssize_t)fdt_totalsize(fdt);
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dtb -O dts %s", tmp);
	p = ok ? popen(cmd, "r") : NULL;
	if (!p) {
		unlink(tmp);
		return -1;
	}
	while (fgets(line, sizeof(line), p)) {
		size_t indent = strspn(line, "\t ");
		const char *seeds[] = { "rng-seed = ", "kaslr-seed = " };
		int sizes[] = { GUEST_DT_RNG_SEED, GUEST_DT_KASLR_SEED }, i;

		for (i = 0; i < 2 && strncmp(line + indent, seeds[i], strlen(seeds[i])); i++)
			;
		if (i < 2)
			printf("%.*s/* %.*s: %d bytes, fresh at each boot of the VM */\n", (int)indent,
			       line, (int)strlen(seeds[i]) - 3, seeds[i], sizes[i]);
		else
			fputs(line, stdout);
	}
	ok = pclose(p) == 0;
	unlink(tmp);
	return ok ? 0 : -1;
}

static int usage(void)
{
	fprintf(stderr, "usage: tandem-check [--arch arm64|arm32|a9] [--tandem BASE] [--paravirtual] [--quiet] PLATFORM.dtb "
		"OVERLAY.dtbo[=PAYLOAD[,RAMDISK]]...\n"
		"  PAYLOAD: the VM's payload file, so that it is checked as at boot (an arm64 Image's\n"
		"  size in memory and 2 MiB alignment); without it, as a raw binary of the size the\n"
		"  platform tree's module has. A payload or ramdisk the tree has no boot module for\n"
		"  (a board's plain tree) is added to it where the overlay says, as a boot script would\n");
	return 2;
}

/* The tree's /chosen/module@ node at addr, as platform_parse reads them. */
static bool has_module(const void *fdt, uint64_t addr)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), node;
	uint64_t base, size;

	fdt_for_each_subnode(node, fdt, chosen)
		if (!fdt_node_check_compatible(fdt, node, "multiboot,module") &&
		    !fdt_read_reg(fdt, node, 0, &base, &size) && base == addr)
			return true;
	return false;
}

/* Adds /chosen/module@ADDR for file (the node a boot script adds: docs/boards.md),
 * reg in /chosen's cells (the root's when /chosen declares none, as Tandem
 * reads it). Returns 0, or -1 with msg set. */
static int add_module(void *fdt, uint64_t addr, const char *file, bool ramdisk, char *msg, size_t msglen)
{
	static const char kernel_compat[] = "multiboot,kernel\0multiboot,module";
	static const char ramdisk_compat[] = "multiboot,ramdisk\0multiboot,module";
	int chosen = fdt_path_offset(fdt, "/chosen"), cells_node, ac, sc, node, n = 0;
	fdt32_t reg[4];
	char name[32];
	FILE *f = fopen(file, "rb");
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0) {
		snprintf(msg, msglen, "%s: %s", file, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	if (chosen < 0)
		chosen = fdt_add_subnode(fdt, 0, "chosen");
	cells_node = fdt_getprop(fdt, chosen, "#address-cells", NULL) ? chosen : 0;
	ac = fdt_address_cells(fdt, cells_node);
	sc = fdt_size_cells(fdt, cells_node);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || (ac == 1 && addr >> 32) || (sc == 1 && (uint64_t)size >> 32)) {
		snprintf(msg, msglen, "cannot write a /chosen/module@%llx reg in %d address and %d size cells",
			 (unsigned long long)addr, ac, sc);
		return -1;
	}
	if (ac == 2)
		reg[n++] = cpu_to_fdt32((uint32_t)(addr >> 32));
	reg[n++] = cpu_to_fdt32((uint32_t)addr);
	if (sc == 2)
		reg[n++] = cpu_to_fdt32((uint32_t)((uint64_t)size >> 32));
	reg[n++] = cpu_to_fdt32((uint32_t)size);
	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)addr);
	node = chosen < 0 ? chosen : fdt_add_subnode(fdt, chosen, name);
	if (node < 0 ||
	    fdt_setprop(fdt, node, "compatible", ramdisk ? ramdisk_compat : kernel_compat,
			ramdisk ? sizeof(ramdisk_compat) : sizeof(kernel_compat)) ||
	    fdt_setprop(fdt, node, "reg", reg, (int)(n * sizeof(reg[0])))) {
		snprintf(msg, msglen, "cannot add /chosen/%s to the platform tree", name);
		return -1;
	}
	printf("note: the platform tree has no boot module at 0x%llx: checked with %s (%ld bytes) "
	       "loaded there, as /chosen/%s (a boot script adds it: docs/boards.md)\n",
	       (unsigned long long)addr, file, size, name);
	return 0;
}

/* For every OVERLAY=PAYLOAD[,RAMDISK] whose payload (or ramdisk) address the
 * tree has no boot module at, the module the bootloader will add: a board's
 * plain tree is then checked as Tandem will see it. Returns the tree (maybe
 * a new one), or NULL with msg set. */
static void *add_missing_modules(void *fdt, size_t size, int argc, char **argv, char *msg, size_t msglen)
{
	size_t room = size + 64 * 1024;
	void *out = malloc(room);

	if (!out || fdt_open_into(fdt, out, (int)room)) {
		snprintf(msg, msglen, "cannot open the platform tree for its boot modules");
		free(out);
		return NULL;
	}
	free(fdt);
	for (int i = 0; i < argc; i++) {
		static struct vm_config cfg;
		char arg[4096], err[PLAN_MSG_MAX], *payload, *ramdisk;
		void *overlay;
		size_t n;

		snprintf(arg, sizeof(arg), "%s", argv[i]);
		payload = strchr(arg, '=');
		if (!payload)
			continue;
		*payload++ = '\0';
		ramdisk = strchr(payload, ',');
		if (ramdisk)
			*ramdisk++ = '\0';
		overlay = read_file(arg, &n);
		/* An unreadable or invalid overlay is refused later, with its cause. */
		if (!overlay || vm_config_parse(overlay, n, arg, &cfg, err, sizeof(err))) {
			free(overlay);
			continue;
		}
		free(overlay);
		if ((*payload && !has_module(out, cfg.kernel_addr) &&
		     add_module(out, cfg.kernel_addr, payload, false, msg, msglen)) ||
		    (ramdisk && *ramdisk && cfg.has_ramdisk && !has_module(out, cfg.ramdisk_addr) &&
		     add_module(out, cfg.ramdisk_addr, ramdisk, true, msg, msglen))) {
			free(out);
			return NULL;
		}
	}
	return out;
}

/* OVERLAY=PAYLOAD: gives the plan the payload's bytes for the module the
 * overlay's 'kernel' names. Returns 0, or -1 with msg set (the VM is then
 * refused: the platform tree was dumped for another payload). */
static int give_payload(struct system_plan *plan, const void *overlay, size_t size,
			const char *source, const char *file, void **data, char *msg, size_t msglen)
{
	static struct vm_config cfg;
	const struct boot_module *m;
	size_t n;

	if (vm_config_parse(overlay, size, source, &cfg, msg, msglen))
		return 0;   /* plan_add_vm says why */
	m = platform_module_at(plan->plat, cfg.kernel_addr);
	if (!m)
		return 0;   /* likewise */
	*data = read_file(file, &n);
	if (!*data) {
		snprintf(msg, msglen, "%s: %s: payload %s: %s", source, cfg.node, file, strerror(errno));
		return -1;
	}
	if (n != m->size) {
		snprintf(msg, msglen, "%s: %s: payload %s is %zu bytes but the platform tree's module at "
			 "0x%llx has %llu; dump the platform tree again from the command line that "
			 "loads this payload (tools/tandem_qemu.py --dumpdtb)", source, cfg.node, file, n,
			 (unsigned long long)m->addr, (unsigned long long)m->size);
		return -1;
	}
	plan->module_data[m - plan->plat->modules] = *data;
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t tandem_base = 0x40200000;   /* where QEMU's -kernel puts Tandem */
	bool quiet = false, paravirtual = false, placed = false;
	int i = 1, refused = 0;
	size_t plat_size;
	char msg[PLAN_MSG_MAX];
	static struct platform plat;
	static struct system_plan plan;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--tandem") && i + 1 < argc)
			tandem_base = strtoull(argv[++i], NULL, 0), placed = true;
		else if (!strcmp(argv[i], "--arch") && i + 1 < argc && !strcmp(argv[i + 1], "arm64"))
			i++, placed = true;
		else if (!strcmp(argv[i], "--arch") && i + 1 < argc && !strcmp(argv[i + 1], "arm32"))
			i++, tandem_base = 0x40010000, placed = true;
		else if (!strcmp(argv[i], "--arch") && i + 1 < argc && !strcmp(argv[i + 1], "a9"))
			i++, tandem_base = 0x60010000, paravirtual = true, placed = true;
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
	plat_fdt = add_missing_modules(plat_fdt, plat_size, argc - i - 1, argv + i + 1, msg, sizeof(msg));
	if (!plat_fdt) {
		fprintf(stderr, "tandem-check: %s: %s\n", argv[i], msg);
		return 1;
	}
	if (platform_parse(plat_fdt, &plat, msg, sizeof(msg)) ||
	    (!paravirtual && platform_check_hw_virt(&plat, msg, sizeof(msg)))) {
		fprintf(stderr, "tandem-check: %s: cannot boot: %s\n", argv[i], msg);
		if (plat.gic_v1 && !paravirtual)
			fprintf(stderr, "tandem-check: for Tandem's Cortex-A9 image, give --arch a9\n");
		return 1;
	}
	/* Tandem reads every boot module where it lies, through its 1:1 map of
	 * RAM: one outside RAM (a load address meant for another board) would
	 * fault at boot. */
	for (unsigned int m = 0; m < plat.nmodules; m++) {
		const struct boot_module *bm = &plat.modules[m];
		bool in_ram = false;

		for (unsigned int r = 0; r < plat.nram && !in_ram; r++)
			in_ram = bm->addr >= plat.ram[r].base && bm->size <= plat.ram[r].size &&
				 bm->addr - plat.ram[r].base <= plat.ram[r].size - bm->size;
		if (!in_ram) {
			fprintf(stderr, "tandem-check: %s: cannot boot: the boot module at 0x%llx (%llu bytes) is "
				"not in the platform's RAM; load it (and name it in its overlay) inside RAM\n",
				argv[i], (unsigned long long)bm->addr, (unsigned long long)bm->size);
			return 1;
		}
	}
	if (plat.gic_v1 && paravirtual && !placed)
		tandem_base = plat.ram[0].base + 0x10000;   /* the Cortex-A9 image: RAM + 0x10000, as --arch a9 */
	if (plan_init(&plan, plat_fdt, &plat, tandem_base, TANDEM_RESERVED_SIZE)) {
		fprintf(stderr, "tandem-check: %s: cannot boot: %s\n", argv[i], plan.error);
		return 1;
	}
	plan.paravirtual_path = paravirtual;

	void *guest = malloc(DT_MAX), *scratch = malloc(DT_MAX);

	void *data = NULL;   /* the payload given with the overlay being checked */

	for (i++; i < argc; i++) {
		size_t size;
		char *payload = strchr(argv[i], '=');
		void *overlay;
		struct vm_plan *v;

		/* A payload's bytes serve only the VM given with it: the next VM
		 * naming the same module is checked without them. */
		memset(plan.module_data, 0, sizeof(plan.module_data));
		free(data);
		data = NULL;

		if (payload)
			*payload++ = '\0';
		if (payload && strchr(payload, ','))
			*strchr(payload, ',') = '\0';   /* the ramdisk: a boot module above */
		overlay = read_file(argv[i], &size);
		if (!overlay) {
			fprintf(stderr, "tandem-check: %s: %s\n", argv[i], strerror(errno));
			refused++;
			continue;
		}
		if (payload && give_payload(&plan, overlay, size, argv[i], payload, &data, msg,
					    sizeof(msg))) {
			printf("VM refused: %s\n", msg);
			refused++;
			free(overlay);
			continue;
		}
		if (plan_add_vm(&plan, overlay, size, argv[i])) {
			printf("VM refused: %s\n", plan.refusal);
			refused++;
			free(overlay);
			continue;
		}
		v = &plan.vms[plan.nvms - 1];
		if (guest_dt_build(plat_fdt, &plat, &v->cfg, overlay, size, guest, DT_MAX, scratch,
				   DT_MAX, msg, sizeof(msg))) {
			/* Refused late, as at boot: it gives back what it took. */
			plan_release_vm(&plan, plan.nvms - 1, msg);
			printf("VM refused: %s\n", msg);
			refused++;
		} else {
			printf("VM %s accepted: %u vCPU(s), RAM IPA 0x%llx-0x%llx at PA 0x%llx, %u device(s) "
			       "passed through\n", v->cfg.name, v->cfg.vcpus,
			       (unsigned long long)v->cfg.mem_base,
			       (unsigned long long)(v->cfg.mem_base + v->cfg.mem_size - 1),
			       (unsigned long long)v->ram_pa, v->cfg.ndevices);
			if (v->cfg.has_flash)
				printf("VM %s: firmware: payload in read-only flash at IPA 0x%llx-0x%llx "
				       "(entered there), device tree at 0x%llx%s\n", v->cfg.name,
				       (unsigned long long)v->cfg.flash_base,
				       (unsigned long long)(v->cfg.flash_base + v->cfg.flash_size - 1),
				       (unsigned long long)v->cfg.mem_base,
				       v->cfg.has_flash_vars ? ", variables in volatile flash" : "");
			if (v->warning[0])
				printf("WARNING: %s\n", v->warning);
			if (!v->image_known)
				printf("note: %s: %s: payload at 0x%llx checked as a raw binary of %llu bytes "
				       "(its bytes were not given); give %s=PAYLOAD to check it as Tandem "
				       "will at boot (an arm64 Image's size in memory and 2 MiB alignment)\n",
				       v->cfg.source, v->cfg.node, (unsigned long long)v->kernel->addr,
				       (unsigned long long)v->kernel->size, argv[i]);
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
	free(data);
	printf("%u VM(s) accepted, %d refused\n", plan_accepted(&plan), refused);
	free(guest);
	free(scratch);
	free(plat_fdt);
	return refused ? 1 : 0;
}
