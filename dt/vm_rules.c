/* The rules for one VM on its own and against the platform and the VMs
 * accepted before it: its cores and who shares them, its address space
 * (RAM, devices, flash), pass-through devices and interrupts, its payload,
 * what the paravirtual path can run, the labels its overlay refers to; see
 * plan_rules.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/plan_rules.h"

/* A core is shared only by VMs that all asked for it by giving a priority
 * (the scheduler needs one to choose), and by at most MAX_VCPUS_PER_CORE. */
static int check_sharing(const struct system_plan *plan, struct vm_plan *v, int core)
{
	uint32_t others = plan->core_vms[core];
	uint64_t reg = plan->plat->cpu_mpidr[core];

	for (unsigned int j = 0; j < PLAN_MAX_OVERLAYS; j++) {
		if (!(others & (1u << j)))
			continue;
		if (!v->cfg.has_priority || !plan->vms[j].cfg.has_priority)
			return plan_refuse(v, "core 0x%llx is already given to VM '%s'; pin this VM's "
					   "vCPUs to free cores, or give both VMs a 'priority' to share it",
					   (unsigned long long)reg, plan->vms[j].cfg.name);
	}
	if (__builtin_popcount(others) >= MAX_VCPUS_PER_CORE)
		return plan_refuse(v, "core 0x%llx already runs %d vCPUs, as many as one core may "
				   "share; pin this VM's vCPUs to other cores",
				   (unsigned long long)reg, __builtin_popcount(others));
	return 0;
}

int check_cores(struct system_plan *plan, struct vm_plan *v, int self)
{
	const struct platform *p = plan->plat;

	for (unsigned int i = 0; i < v->cfg.vcpus; i++) {
		int core = platform_cpu_index(p, v->cfg.affinity[i]);

		if (core < 0)
			return plan_refuse(v, "cpu-affinity names core 0x%llx, which the platform "
					   "does not have (it has %u cores: reg 0x%llx to 0x%llx)",
					   (unsigned long long)v->cfg.affinity[i], p->ncpus,
					   (unsigned long long)p->cpu_mpidr[0],
					   (unsigned long long)p->cpu_mpidr[p->ncpus - 1]);
		for (unsigned int j = 0; j < i; j++)
			if (v->cfg.affinity[j] == v->cfg.affinity[i])
				return plan_refuse(v, "vCPUs %u and %u are both pinned to core 0x%llx; "
						   "give each vCPU its own core", j, i,
						   (unsigned long long)v->cfg.affinity[i]);
		if (check_sharing(plan, v, core))
			return -1;
	}
	for (unsigned int i = 0; i < v->cfg.vcpus; i++)
		plan->core_vms[platform_cpu_index(p, v->cfg.affinity[i])] |= 1u << self;
	return 0;
}

/* The device Tandem emulates (or keeps) at its platform address that
 * [base, base + size) overlaps in a VM's address space, or NULL; *at is set
 * to its base. */
const char *tandem_device_at(const struct platform *p, uint64_t base, uint64_t size,
			     uint64_t *at)
{
	/* On the Cortex-A9 also the MPCore's timers and SCU and the vexpress
	 * system registers (sizes 0 elsewhere). */
	const struct plat_range *dev[] = { &p->gicd, &p->gicr, &p->gicc, &p->uart, &p->mpcore_scu,
					   &p->mpcore_gtimer, &p->mpcore_twd, &p->vexpress_sysreg };
	static const char *const what[] = { "GIC distributor", "GIC redistributors",
					    "GIC CPU interface", "console UART", "Cortex-A9 SCU",
					    "Cortex-A9 global timer", "Cortex-A9 private timer",
					    "vexpress system registers" };

	for (unsigned int i = 0; i < sizeof(dev) / sizeof(dev[0]); i++)
		if (dev[i]->size && overlaps(base, size, dev[i]->base, dev[i]->size)) {
			*at = dev[i]->base;
			return what[i];
		}
	return NULL;
}

/* The VM's RAM must not hide the devices Tandem emulates at platform addresses. */
int check_guest_layout(const struct system_plan *plan, struct vm_plan *v)
{
	uint64_t at;
	const char *what = tandem_device_at(plan->plat, v->cfg.mem_base, v->cfg.mem_size, &at);

	if (what)
		return plan_refuse(v, "RAM 0x%llx-0x%llx covers the %s at 0x%llx; "
				   "move memory-base", (unsigned long long)v->cfg.mem_base,
				   (unsigned long long)(v->cfg.mem_base + v->cfg.mem_size - 1),
				   what, (unsigned long long)at);
	return 0;
}

/* Devices named in 'passthrough': they exist, Tandem does not keep them, no
 * other VM has one of their pages or interrupts, and a device that masters
 * memory gets a VM whose RAM is 1:1 (no SMMU to translate its accesses). */
int check_devices(struct system_plan *plan, struct vm_plan *v, int self)
{
	char why[PLAN_MSG_MAX - 64];

	for (unsigned int i = 0; i < v->cfg.ndevices; i++) {
		struct pt_device *d = &v->devices[i];

		if (pt_resolve(plan->plat_fdt, plan->plat, v->cfg.devices[i], d, why, sizeof(why)))
			return plan_refuse(v, "'passthrough' entry '%s': %s", v->cfg.devices[i], why);
		if (d->dma && !v->cfg.direct_map)
			return plan_refuse(v, "%s masters memory (DMA) and there is no SMMU, so the VM's RAM "
					   "must be 1:1: add 'direct-map'", d->path);
		for (unsigned int j = 0; j < i; j++)
			if (!strcmp(v->devices[j].path, d->path))
				return plan_refuse(v, "'passthrough' names %s twice ('%s' and '%s')", d->path,
						   v->cfg.devices[j], v->cfg.devices[i]);
		for (int o = 0; o < (int)plan->nvms; o++) {
			const struct vm_plan *w = &plan->vms[o];

			if (!w->accepted || o == self)
				continue;
			for (unsigned int k = 0; k < w->cfg.ndevices; k++) {
				const struct pt_device *e = &w->devices[k];

				for (unsigned int a = 0; a < d->nregs; a++)
					for (unsigned int b = 0; b < e->nregs; b++)
						if (overlaps(d->pages[a].base, d->pages[a].size,
							     e->pages[b].base, e->pages[b].size))
							return plan_refuse(v, "%s is in page 0x%llx, which VM "
									   "'%s' already has (%s); pass-through "
									   "works per 4 KiB page, so one page "
									   "goes to one VM", d->path,
									   (unsigned long long)d->pages[a].base,
									   w->cfg.name, e->path);
			}
		}
	}
	return 0;
}

/* The physical SPIs a VM is given: its devices' and its extra interrupts,
 * each with what it belongs to (for messages). */
static unsigned int owned_spis(const struct vm_plan *v, uint32_t *intid, const char **owner)
{
	unsigned int n = 0;

	for (unsigned int d = 0; d < v->cfg.ndevices; d++)
		for (unsigned int i = 0; i < v->devices[d].nirqs; i++) {
			intid[n] = v->devices[d].intids[i];
			owner[n++] = v->devices[d].path;
		}
	for (unsigned int i = 0; i < v->cfg.nextra_irqs; i++) {
		intid[n] = v->cfg.extra_irqs[i];
		owner[n++] = "'extra-interrupts'";
	}
	return n;
}

#define MAX_OWNED_SPIS (VM_MAX_DEVICES * PT_MAX_IRQS + VM_MAX_EXTRA_IRQS)

/* An interrupt goes to one VM, never one Tandem keeps, and a VM's own
 * interrupts do not collide (a device's with an extra one). */
int check_interrupts(struct system_plan *plan, struct vm_plan *v, int self)
{
	uint32_t mine[MAX_OWNED_SPIS], theirs[MAX_OWNED_SPIS];
	const char *mine_owner[MAX_OWNED_SPIS], *their_owner[MAX_OWNED_SPIS];
	unsigned int n = owned_spis(v, mine, mine_owner);

	for (unsigned int a = 0; a < n; a++) {
		if (mine[a] == plan->plat->uart_irq)
			return plan_refuse(v, "interrupt %u (%s) is the console UART's, which Tandem keeps",
					   mine[a], mine_owner[a]);
		for (unsigned int b = 0; b < a; b++)
			if (mine[a] == mine[b])
				return plan_refuse(v, "interrupt %u is given twice (%s and %s)", mine[a],
						   mine_owner[b], mine_owner[a]);
	}
	for (int o = 0; o < (int)plan->nvms; o++) {
		const struct vm_plan *w = &plan->vms[o];
		unsigned int m;

		if (!w->accepted || o == self)
			continue;
		m = owned_spis(w, theirs, their_owner);
		for (unsigned int a = 0; a < n; a++)
			for (unsigned int b = 0; b < m; b++)
				if (mine[a] == theirs[b])
					return plan_refuse(v, "interrupt %u of %s is already VM '%s''s (%s); an "
							   "interrupt goes to one VM", mine[a], mine_owner[a],
							   w->cfg.name, their_owner[b]);
	}
	return 0;
}

/* Devices appear at their physical addresses: the VM's RAM must not hide
 * them. (RAM Tandem places 1:1 itself is RAM, so never a device.) */
int check_devices_vs_ram(struct vm_plan *v)
{
	if (v->cfg.direct_map && !v->cfg.mem_base_set)
		return 0;
	for (unsigned int i = 0; i < v->cfg.ndevices; i++)
		for (unsigned int r = 0; r < v->devices[i].nregs; r++)
			if (overlaps(v->cfg.mem_base, v->cfg.mem_size, v->devices[i].pages[r].base,
				     v->devices[i].pages[r].size))
				return plan_refuse(v, "RAM 0x%llx-0x%llx covers %s at 0x%llx; move memory-base",
						   (unsigned long long)v->cfg.mem_base,
						   (unsigned long long)(v->cfg.mem_base + v->cfg.mem_size - 1),
						   v->devices[i].path,
						   (unsigned long long)v->devices[i].regs[r].base);
	return 0;
}

/* A platform device that [base, base + size) overlaps: a node at any
 * depth with a reg the CPU reaches through its buses' ranges (a reg that
 * does not translate is no device the CPU sees), other than RAM and, if
 * skip_flash, a cfi-flash (a firmware VM's own flash stands where the
 * platform has its flash); neither is looked into. Its path in *path, its
 * range in *at, *at_size. */
static bool platform_device_over(const void *fdt, uint64_t base, uint64_t size, bool skip_flash,
				 char *path, size_t pathlen, uint64_t *at, uint64_t *at_size)
{
	int anc[FDT_MAX_BUS_DEPTH], depth = -1, skip_below = 0, node;   /* the root: 0 */

	for (node = fdt_next_node(fdt, -1, &depth); node >= 0 && depth >= 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (depth >= FDT_MAX_BUS_DEPTH || (skip_below && depth > skip_below))
			continue;
		skip_below = 0;
		anc[depth] = node;
		if (!depth)
			continue;
		if ((type && !strcmp(type, "memory")) ||
		    (skip_flash && !fdt_node_check_compatible(fdt, node, "cfi-flash"))) {
			skip_below = depth;
			continue;
		}
		for (int i = 0; !fdt_read_reg_under(fdt, anc[depth - 1], node, i, at, at_size); i++) {
			if (!*at_size || fdt_translate_chain(fdt, anc, depth, at, *at_size) ||
			    !overlaps(base, size, *at, *at_size))
				continue;
			if (fdt_get_path(fdt, node, path, (int)pathlen))
				snformat(path, pathlen, "%s", fdt_get_name(fdt, node, NULL));
			return true;
		}
	}
	return false;
}

/* The flash banks of a firmware VM, in its guest-physical space: clear of
 * what Tandem emulates, its passed-through devices, its channels and the
 * platform's devices (other than its flash). */
int check_flash(const struct system_plan *plan, struct vm_plan *v)
{
	const struct vm_config *c = &v->cfg;

	for (int b = 0; c->has_flash && b < 1 + c->has_flash_vars; b++) {
		const char *name = b ? "flash-variables" : "flash";
		uint64_t base = b ? c->vars_base : c->flash_base, size = b ? c->vars_size : c->flash_size;
		uint64_t at, at_size;
		const char *what = tandem_device_at(plan->plat, base, size, &at);
		char path[PT_PATH_MAX];

		if (what)
			return plan_refuse(v, "'%s' 0x%llx-0x%llx covers the %s at 0x%llx; move it (QEMU virt "
					   "firmware expects flash at 0x0)", name, (unsigned long long)base,
					   (unsigned long long)(base + size - 1), what, (unsigned long long)at);
		for (unsigned int i = 0; i < c->ndevices; i++)
			for (unsigned int r = 0; r < v->devices[i].nregs; r++)
				if (overlaps(base, size, v->devices[i].pages[r].base,
					     v->devices[i].pages[r].size))
					return plan_refuse(v, "'%s' 0x%llx-0x%llx covers %s, passed through to "
							   "this VM; move it", name, (unsigned long long)base,
							   (unsigned long long)(base + size - 1), v->devices[i].path);
		for (unsigned int i = 0; i < c->nchannels; i++)
			if (overlaps(base, size, c->channels[i].base, c->channels[i].size))
				return plan_refuse(v, "'%s' 0x%llx-0x%llx covers channel '%s' at 0x%llx; move "
						   "one of them", name, (unsigned long long)base,
						   (unsigned long long)(base + size - 1), c->channels[i].name,
						   (unsigned long long)c->channels[i].base);
		if (platform_device_over(plan->plat_fdt, base, size, true, path, sizeof(path), &at, &at_size))
			return plan_refuse(v, "'%s' 0x%llx-0x%llx covers the platform's %s at 0x%llx-0x%llx; "
					   "put the flash where the platform has its flash (QEMU virt: 0x0) "
					   "or in a free range", name, (unsigned long long)base,
					   (unsigned long long)(base + size - 1), path, (unsigned long long)at,
					   (unsigned long long)(at + at_size - 1));
	}
	return 0;
}

/* What the paravirtual path can run so far (docs/paravirt.md): one vCPU,
 * no devices or channels, and RAM seen at an address that is neither the
 * platform's RAM nor a device Tandem maps: Tandem's own mappings are in
 * every guest address space (EL1 only), beside the guest's RAM. */
/* The memory-base to suggest on the paravirtual path: the first multiple of
 * 256 MiB below 4 GiB where size bytes meet neither the platform's RAM nor
 * a device (0x10000000 on QEMU's virt, 0x20000000 on vexpress-a9). */
static uint64_t pv_free_base(const struct system_plan *plan, uint64_t size)
{
	const struct platform *p = plan->plat;
	uint64_t at, at_size;
	char path[PT_PATH_MAX];

	for (uint64_t base = 0x10000000; base + size <= 1ull << 32; base += 0x10000000) {
		bool used = tandem_device_at(p, base, size, &at) ||
			    platform_device_over(plan->plat_fdt, base, size, false, path, sizeof(path),
						 &at, &at_size);

		for (unsigned int i = 0; i < p->nram; i++)
			used |= overlaps(base, size, p->ram[i].base, p->ram[i].size);
		if (!used)
			return base;
	}
	return 0x10000000;   /* none below 4 GiB: the usual place */
}

int check_paravirtual(const struct system_plan *plan, struct vm_plan *v)
{
	const struct platform *p = plan->plat;
	const struct vm_config *c = &v->cfg;
	uint64_t at, size = c->mem_size ? c->mem_size : 16 << 20;
	const char *what;

	if (c->vcpus != 1)
		return plan_refuse(v, "the paravirtual path runs one vCPU per VM so far; set cpus = <1>;");
	if (c->ndevices || c->nchannels || c->nextra_irqs)
		return plan_refuse(v, "the paravirtual path has no device pass-through, channels or extra "
				   "interrupts yet; drop them from this overlay");
	if (c->direct_map || !c->mem_base_set)
		return plan_refuse(v, "on the paravirtual path a VM's RAM appears at 'memory-base', which "
				   "must be given and lie outside the platform's RAM and devices (no "
				   "'direct-map'), e.g. memory-base = <0x0 0x%llx>;",
				   (unsigned long long)pv_free_base(plan, size));
	for (unsigned int i = 0; i < p->nram; i++)
		if (overlaps(c->mem_base, c->mem_size, p->ram[i].base, p->ram[i].size))
			return plan_refuse(v, "memory-base 0x%llx puts the VM's RAM over the platform's RAM "
					   "at 0x%llx, which Tandem maps in every address space on the "
					   "paravirtual path; pick an address outside it, e.g. 0x%llx",
					   (unsigned long long)c->mem_base, (unsigned long long)p->ram[i].base,
					   (unsigned long long)pv_free_base(plan, size));
	what = tandem_device_at(p, c->mem_base, c->mem_size, &at);
	if (what)
		return plan_refuse(v, "memory-base 0x%llx puts the VM's RAM over a device Tandem "
				   "maps (the %s at 0x%llx); pick an address clear of it, e.g. 0x%llx",
				   (unsigned long long)c->mem_base, what, (unsigned long long)at,
				   (unsigned long long)pv_free_base(plan, size));
	return 0;
}

/* Labels the overlay refers to (&label: its /__fixups__) must be the
 * platform's (its /__symbols__, in a tree compiled with dtc -@); libfdt
 * would only say FDT_ERR_NOTFOUND when applying it. */
int check_labels(const struct system_plan *plan, struct vm_plan *v, const void *overlay)
{
	int fixups = fdt_path_offset(overlay, "/__fixups__");
	int symbols = platform_top_node(plan->plat, plan->plat_fdt, "__symbols__");
	int prop;

	if (fixups < 0)
		return 0;
	fdt_for_each_property_offset(prop, overlay, fixups) {
		const char *label;

		if (!fdt_getprop_by_offset(overlay, prop, &label, NULL))
			continue;
		if (symbols < 0 || !fdt_getprop(plan->plat_fdt, symbols, label, NULL))
			return plan_refuse(v, "overlay refers to label '%s', which the platform tree does "
					   "not have (%s); refer to the node by its path instead, e.g. "
					   "&{/chosen} { ... };", label, symbols < 0 ?
					   "it has no labels: no /__symbols__" : "not in its /__symbols__");
	}
	return 0;
}

/* The VM's RAM must not sit where the platform has a device (its flash, a
 * PCIe window, any node with a 'reg'): the VM's address space mirrors the
 * platform's, so that RAM would hide it or be mistaken for it. */
int check_platform_devices(const struct system_plan *plan, struct vm_plan *v)
{
	const void *fdt = plan->plat_fdt;
	const struct vm_config *c = &v->cfg;
	uint64_t base, size;
	char path[PT_PATH_MAX];

	if (c->direct_map && !c->mem_base_set)
		return 0;   /* Tandem places it in RAM */
	/* Inside the platform's RAM no device can be (the usual case, and the
	 * walk below costs about a million instructions at boot). */
	for (unsigned int i = 0; i < plan->plat->nram; i++)
		if (c->mem_base >= plan->plat->ram[i].base &&
		    c->mem_size <= plan->plat->ram[i].size &&
		    c->mem_base - plan->plat->ram[i].base <= plan->plat->ram[i].size - c->mem_size)
			return 0;
	if (platform_device_over(fdt, c->mem_base, c->mem_size, false, path, sizeof(path), &base,
				 &size)) {
		if (plan->paravirtual_path)
			return plan_refuse(v, "RAM 0x%llx-0x%llx (memory-base) covers the platform's "
					   "%s at 0x%llx-0x%llx; move memory-base clear of the "
					   "platform's RAM and devices, e.g. 0x%llx",
					   (unsigned long long)c->mem_base,
					   (unsigned long long)(c->mem_base + c->mem_size - 1), path,
					   (unsigned long long)base, (unsigned long long)(base + size - 1),
					   (unsigned long long)pv_free_base(plan, c->mem_size));
		return plan_refuse(v, "RAM 0x%llx-0x%llx (memory-base) covers the platform's %s at "
				   "0x%llx-0x%llx; move memory-base clear of the platform's devices, "
				   "e.g. 0x%llx (where the platform has its RAM)",
				   (unsigned long long)c->mem_base,
				   (unsigned long long)(c->mem_base + c->mem_size - 1), path,
				   (unsigned long long)base, (unsigned long long)(base + size - 1),
				   (unsigned long long)plan->plat->ram[0].base);
	}
	return 0;
}

/* Firmware (a 'flash' VM): the payload is the flash bank's contents,
 * entered at its base, and the device tree sits at the base of RAM, where
 * QEMU's virt puts it for firmware. */
static int check_firmware_payload(struct vm_plan *v)
{
	const struct vm_config *c = &v->cfg;
	const struct boot_module *k = v->kernel;

	if (!k->size)
		return plan_refuse(v, "the payload at 0x%llx is empty; load the VM's firmware there",
				   (unsigned long long)k->addr);
	if (k->size > c->flash_size)
		return plan_refuse(v, "the firmware at 0x%llx is %llu KiB, more than its 'flash' of %llu "
				   "KiB; make 'flash' at least 0x%llx bytes (a multiple of 256 KiB)",
				   (unsigned long long)k->addr, (unsigned long long)((k->size + 1023) / 1024),
				   (unsigned long long)(c->flash_size / 1024),
				   (unsigned long long)((k->size + VM_FLASH_BLOCK - 1) & ~(VM_FLASH_BLOCK - 1)));
	if (c->mem_size < PLAN_DT_MAX)
		return plan_refuse(v, "firmware finds its device tree at the base of RAM, which needs %u "
				   "KiB, but the VM has %llu KiB; raise 'memory'", PLAN_DT_MAX / 1024,
				   (unsigned long long)(c->mem_size / 1024));
	v->dtb_off = 0;
	v->initrd_off = 0;
	return 0;
}

/* The payload as boot loads it (el2/vm.c, pv/vm_create.c): at its offset in the
 * VM's RAM, the device tree in the last PLAN_DT_MAX bytes and the initial
 * ramdisk just below that. Its kind needs its bytes (module_data): without
 * them it is measured as a raw binary, which any payload needs at least. */
int check_payload(struct system_plan *plan, struct vm_plan *v)
{
	const struct vm_config *c = &v->cfg;
	const struct boot_module *k = v->kernel;
	const void *data = plan->module_data[k - plan->plat->modules];
	struct boot_image *img = &v->image;
	uint64_t rd = v->ramdisk ? (v->ramdisk->size + 0xfff) & ~0xfffull : 0;
	uint64_t need, low;
	char why[128];

	v->image_known = data != NULL;
	memset(img, 0, sizeof(*img));
	img->file_size = img->mem_size = k->size;
	if (c->has_flash)
		return check_firmware_payload(v);
	/* The paravirtual path copies its payload as it is, to offset 0. */
	if (data && !plan->paravirtual_path &&
	    boot_image_inspect(data, k->size, img, why, sizeof(why)))
		return plan_refuse(v, "the payload at 0x%llx cannot be loaded: %s; load a raw binary, "
				   "an arm64 Linux Image or an ARM zImage there", (unsigned long long)k->addr, why);
	if (!k->size)
		return plan_refuse(v, "the payload at 0x%llx is empty; load the VM's payload there",
				   (unsigned long long)k->addr);
	/* Linux's boot protocol: the Image at a 2 MiB-aligned base + text_offset.
	 * Otherwise it hangs before its first word. (Tandem picks an aligned
	 * base itself for a direct-mapped VM without memory-base.) */
	if (img->arm64_image && (c->mem_base & (SZ_2M - 1)) && !(c->direct_map && !c->mem_base_set))
		return plan_refuse(v, "the payload at 0x%llx is an arm64 Linux Image, which must be loaded "
				   "at a 2 MiB-aligned address (+ its text_offset 0x%llx), but memory-base "
				   "0x%llx is not 2 MiB aligned; use a 2 MiB-aligned memory-base, e.g. "
				   "0x%llx", (unsigned long long)k->addr,
				   (unsigned long long)img->load_offset, (unsigned long long)c->mem_base,
				   (unsigned long long)(c->mem_base & ~(SZ_2M - 1)));
	/* ARM's zImage (AUTO_ZRELADDR) takes the start of RAM to be its own
	 * address rounded down to 128 MiB: elsewhere it would decompress the
	 * kernel outside the VM's RAM. */
	if (img->arm_zimage && (c->mem_base & (SZ_128M - 1)) && !(c->direct_map && !c->mem_base_set))
		return plan_refuse(v, "the payload at 0x%llx is an ARM Linux zImage, which takes the "
				   "start of its RAM to be its load address rounded down to 128 MiB, but "
				   "memory-base 0x%llx is not 128 MiB aligned; use a 128 MiB-aligned "
				   "memory-base, e.g. 0x%llx", (unsigned long long)k->addr,
				   (unsigned long long)c->mem_base,
				   (unsigned long long)(c->mem_base & ~(SZ_128M - 1)));
	v->dtb_off = c->mem_size > PLAN_DT_MAX ? c->mem_size - PLAN_DT_MAX : 0;
	v->initrd_off = v->ramdisk && rd < v->dtb_off ? v->dtb_off - rd : 0;
	low = v->ramdisk ? v->initrd_off : v->dtb_off;
	if (img->load_offset + img->mem_size <= low && v->dtb_off)
		return 0;
	need = (img->load_offset + img->mem_size + rd + PLAN_DT_MAX + 0xfff) & ~0xfffull;
	return plan_refuse(v, "the payload at 0x%llx needs %llu KiB at offset 0x%llx (%s)%s, and its "
			   "device tree the last %u KiB, but the VM has %llu KiB of RAM; raise 'memory' "
			   "to at least %llu KiB", (unsigned long long)k->addr,
			   (unsigned long long)((img->mem_size + 1023) / 1024),
			   (unsigned long long)img->load_offset,
			   img->arm64_image ? "an arm64 Image, BSS included" :
			   v->image_known ? "a raw binary" : "its size: its contents were not given",
			   v->ramdisk ? ", its ramdisk the room below the device tree" : "",
			   PLAN_DT_MAX / 1024, (unsigned long long)(c->mem_size / 1024),
			   (unsigned long long)(need / 1024));
}

/* The watchdog's two frames ('watchdog'), in the VM's guest-physical space,
 * clear of its RAM, its flash, its channels, its passed-through devices and
 * what Tandem emulates; its interrupt an SPI nothing else of the VM's or
 * Tandem's uses (el2/vwdog.c raises it as a level). */
int check_watchdog(const struct system_plan *plan, struct vm_plan *v)
{
	const struct platform *p = plan->plat;
	const struct vm_config *c = &v->cfg;
	uint64_t b = c->wdog_base, s = VM_WDOG_SIZE, at;
	const char *what;

	if (!c->has_watchdog)
		return 0;
	if (c->direct_map && !c->mem_base_set) {
		for (unsigned int i = 0; i < p->nram; i++)
			if (overlaps(b, s, p->ram[i].base, p->ram[i].size))
				return plan_refuse(v, "'watchdog' at 0x%llx is inside the platform's RAM, where "
						   "this 1:1 VM's RAM goes; put it elsewhere",
						   (unsigned long long)b);
	} else if (overlaps(b, s, c->mem_base, c->mem_size)) {
		return plan_refuse(v, "'watchdog' at 0x%llx is inside the VM's RAM 0x%llx-0x%llx; put "
				   "it elsewhere", (unsigned long long)b, (unsigned long long)c->mem_base,
				   (unsigned long long)(c->mem_base + c->mem_size - 1));
	}
	what = tandem_device_at(p, b, s, &at);
	if (what)
		return plan_refuse(v, "'watchdog' at 0x%llx-0x%llx overlaps the %s at 0x%llx; put it "
				   "elsewhere", (unsigned long long)b, (unsigned long long)(b + s - 1), what,
				   (unsigned long long)at);
	if ((c->has_flash && overlaps(b, s, c->flash_base, c->flash_size)) ||
	    (c->has_flash_vars && overlaps(b, s, c->vars_base, c->vars_size)))
		return plan_refuse(v, "'watchdog' at 0x%llx overlaps the VM's flash; put it elsewhere",
				   (unsigned long long)b);
	for (unsigned int i = 0; i < c->nchannels; i++) {
		if (overlaps(b, s, c->channels[i].base, c->channels[i].size))
			return plan_refuse(v, "'watchdog' at 0x%llx overlaps channel '%s' at 0x%llx; put "
					   "one of them elsewhere", (unsigned long long)b,
					   c->channels[i].name, (unsigned long long)c->channels[i].base);
		if (c->channels[i].intid == c->wdog_intid)
			return plan_refuse(v, "'watchdog' interrupt %u is channel '%s''s doorbell; give "
					   "the watchdog a free SPI", c->wdog_intid, c->channels[i].name);
	}
	for (unsigned int d = 0; d < c->ndevices; d++) {
		for (unsigned int r = 0; r < v->devices[d].nregs; r++)
			if (overlaps(b, s, v->devices[d].pages[r].base, v->devices[d].pages[r].size))
				return plan_refuse(v, "'watchdog' at 0x%llx overlaps %s, passed through to "
						   "the VM; put it elsewhere", (unsigned long long)b,
						   v->devices[d].path);
		for (unsigned int q = 0; q < v->devices[d].nirqs; q++)
			if (v->devices[d].intids[q] == c->wdog_intid)
				return plan_refuse(v, "'watchdog' interrupt %u is %s's, passed through to "
						   "the VM; give the watchdog a free SPI", c->wdog_intid,
						   v->devices[d].path);
	}
	for (unsigned int x = 0; x < c->nextra_irqs; x++)
		if (c->extra_irqs[x] == c->wdog_intid)
			return plan_refuse(v, "'watchdog' interrupt %u is one of the VM's "
					   "'extra-interrupts'; give the watchdog a free SPI", c->wdog_intid);
	if (c->wdog_intid == p->uart_irq)
		return plan_refuse(v, "'watchdog' interrupt %u is the console UART's; give the "
				   "watchdog a free SPI", c->wdog_intid);
	return 0;
}
