/* Cross-VM and platform validation, and RAM placement; see validate.h.
 * Every check runs before anything is kept for the VM, and a VM refused at
 * any point gives back all it took (release()), so only it is refused. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/validate.h"

#define SZ_2M (2ull << 20)

_Static_assert(PLAN_MAX_OVERLAYS <= 32, "core_vms is a 32-bit mask of plan records");
_Static_assert(MAX_VMS <= PLAN_MAX_OVERLAYS, "every accepted VM has a record");

int plan_init(struct system_plan *plan, const void *plat_fdt, const struct platform *plat,
	      uint64_t tandem_base, uint64_t tandem_size)
{
	memset(plan, 0, sizeof(*plan));
	plan->plat = plat;
	plan->plat_fdt = plat_fdt;
	memmap_init(&plan->mm);
	for (unsigned int i = 0; i < plat->nram; i++)
		memmap_add_ram(&plan->mm, plat->ram[i].base, plat->ram[i].size);
	if (memmap_claim(&plan->mm, tandem_base, tandem_size, OWNER_TANDEM, 0)) {
		snformat(plan->error, sizeof(plan->error),
			 "Tandem's own memory 0x%llx-0x%llx is not free RAM",
			 (unsigned long long)tandem_base,
			 (unsigned long long)(tandem_base + tandem_size - 1));
		return -1;
	}
	for (unsigned int i = 0; i < plat->nmodules; i++) {
		const struct boot_module *m = &plat->modules[i];
		uint64_t base = m->addr & ~0xfffull;
		uint64_t end = (m->addr + m->size + 0xfff) & ~0xfffull;
		const struct memmap_region *r = memmap_first_owned(&plan->mm, base, end - base);

		if (r && r->kind == OWNER_TANDEM) {
			snformat(plan->error, sizeof(plan->error),
				 "boot module at 0x%llx overlaps Tandem's memory 0x%llx-0x%llx; "
				 "load it above 0x%llx", (unsigned long long)m->addr,
				 (unsigned long long)tandem_base,
				 (unsigned long long)(tandem_base + tandem_size - 1),
				 (unsigned long long)(tandem_base + tandem_size));
			return -1;
		}
		/* Two modules may share a page; the first claim covers both. */
		if (!r)
			memmap_claim(&plan->mm, base, end - base, OWNER_MODULE, (int)i);
	}
	return 0;
}

static int refuse(struct vm_plan *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int refuse(struct vm_plan *v, const char *fmt, ...)
{
	va_list ap;
	int n = snformat(v->error, sizeof(v->error), "%s: %s: ", v->cfg.source, v->cfg.node);

	va_start(ap, fmt);
	vsnformat(v->error + n, sizeof(v->error) - (size_t)n, fmt, ap);
	va_end(ap);
	v->accepted = false;
	return -1;
}

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
			return refuse(v, "core 0x%llx is already given to VM '%s'; pin this VM's "
				      "vCPUs to free cores, or give both VMs a 'priority' to share it",
				      (unsigned long long)reg, plan->vms[j].cfg.name);
	}
	if (__builtin_popcount(others) >= MAX_VCPUS_PER_CORE)
		return refuse(v, "core 0x%llx already runs %d vCPUs, as many as one core may "
			      "share; pin this VM's vCPUs to other cores",
			      (unsigned long long)reg, __builtin_popcount(others));
	return 0;
}

static int check_cores(struct system_plan *plan, struct vm_plan *v, int self)
{
	const struct platform *p = plan->plat;

	for (unsigned int i = 0; i < v->cfg.vcpus; i++) {
		int core = platform_cpu_index(p, v->cfg.affinity[i]);

		if (core < 0)
			return refuse(v, "cpu-affinity names core 0x%llx, which the platform "
				      "does not have (it has %u cores: reg 0x%llx to 0x%llx)",
				      (unsigned long long)v->cfg.affinity[i], p->ncpus,
				      (unsigned long long)p->cpu_mpidr[0],
				      (unsigned long long)p->cpu_mpidr[p->ncpus - 1]);
		for (unsigned int j = 0; j < i; j++)
			if (v->cfg.affinity[j] == v->cfg.affinity[i])
				return refuse(v, "vCPUs %u and %u are both pinned to core 0x%llx; "
					      "give each vCPU its own core", j, i,
					      (unsigned long long)v->cfg.affinity[i]);
		if (check_sharing(plan, v, core))
			return -1;
	}
	for (unsigned int i = 0; i < v->cfg.vcpus; i++)
		plan->core_vms[platform_cpu_index(p, v->cfg.affinity[i])] |= 1u << self;
	return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* The device Tandem emulates (or keeps) at its platform address that
 * [base, base + size) overlaps in a VM's address space, or NULL; *at is set
 * to its base. */
static const char *tandem_device_at(const struct platform *p, uint64_t base, uint64_t size,
				    uint64_t *at)
{
	const struct plat_range *dev[] = { &p->gicd, &p->gicr, &p->gicc, &p->uart };
	static const char *const what[] = { "GIC distributor", "GIC redistributors",
					    "GIC CPU interface", "console UART" };

	for (unsigned int i = 0; i < 4; i++)
		if (dev[i]->size && overlaps(base, size, dev[i]->base, dev[i]->size)) {
			*at = dev[i]->base;
			return what[i];
		}
	return NULL;
}

/* The VM's RAM must not hide the devices Tandem emulates at platform addresses. */
static int check_guest_layout(const struct system_plan *plan, struct vm_plan *v)
{
	uint64_t at;
	const char *what = tandem_device_at(plan->plat, v->cfg.mem_base, v->cfg.mem_size, &at);

	if (what)
		return refuse(v, "RAM 0x%llx-0x%llx covers the %s at 0x%llx; "
			      "move memory-base", (unsigned long long)v->cfg.mem_base,
			      (unsigned long long)(v->cfg.mem_base + v->cfg.mem_size - 1),
			      what, (unsigned long long)at);
	return 0;
}

/* Devices named in 'passthrough': they exist, Tandem does not keep them, no
 * other VM has one of their pages or interrupts, and a device that masters
 * memory gets a VM whose RAM is 1:1 (no SMMU to translate its accesses). */
static int check_devices(struct system_plan *plan, struct vm_plan *v, int self)
{
	char why[PLAN_MSG_MAX - 64];

	for (unsigned int i = 0; i < v->cfg.ndevices; i++) {
		struct pt_device *d = &v->devices[i];

		if (pt_resolve(plan->plat_fdt, plan->plat, v->cfg.devices[i], d, why, sizeof(why)))
			return refuse(v, "'passthrough' entry '%s': %s", v->cfg.devices[i], why);
		if (d->dma && !v->cfg.direct_map)
			return refuse(v, "%s masters memory (DMA) and there is no SMMU, so the VM's RAM "
				      "must be 1:1: add 'direct-map'", d->path);
		for (unsigned int j = 0; j < i; j++)
			if (!strcmp(v->devices[j].path, d->path))
				return refuse(v, "'passthrough' names %s twice ('%s' and '%s')", d->path,
					      v->cfg.devices[j], v->cfg.devices[i]);
		for (int o = 0; o < self; o++) {
			const struct vm_plan *w = &plan->vms[o];

			if (!w->accepted)
				continue;
			for (unsigned int k = 0; k < w->cfg.ndevices; k++) {
				const struct pt_device *e = &w->devices[k];

				for (unsigned int a = 0; a < d->nregs; a++)
					for (unsigned int b = 0; b < e->nregs; b++)
						if (overlaps(d->pages[a].base, d->pages[a].size,
							     e->pages[b].base, e->pages[b].size))
							return refuse(v, "%s is in page 0x%llx, which VM "
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
static int check_interrupts(struct system_plan *plan, struct vm_plan *v, int self)
{
	uint32_t mine[MAX_OWNED_SPIS], theirs[MAX_OWNED_SPIS];
	const char *mine_owner[MAX_OWNED_SPIS], *their_owner[MAX_OWNED_SPIS];
	unsigned int n = owned_spis(v, mine, mine_owner);

	for (unsigned int a = 0; a < n; a++) {
		if (mine[a] == plan->plat->uart_irq)
			return refuse(v, "interrupt %u (%s) is the console UART's, which Tandem keeps",
				      mine[a], mine_owner[a]);
		for (unsigned int b = 0; b < a; b++)
			if (mine[a] == mine[b])
				return refuse(v, "interrupt %u is given twice (%s and %s)", mine[a],
					      mine_owner[b], mine_owner[a]);
	}
	for (int o = 0; o < self; o++) {
		const struct vm_plan *w = &plan->vms[o];
		unsigned int m;

		if (!w->accepted)
			continue;
		m = owned_spis(w, theirs, their_owner);
		for (unsigned int a = 0; a < n; a++)
			for (unsigned int b = 0; b < m; b++)
				if (mine[a] == theirs[b])
					return refuse(v, "interrupt %u of %s is already VM '%s''s (%s); an "
						      "interrupt goes to one VM", mine[a], mine_owner[a],
						      w->cfg.name, their_owner[b]);
	}
	return 0;
}

/* Devices appear at their physical addresses: the VM's RAM must not hide
 * them. (RAM Tandem places 1:1 itself is RAM, so never a device.) */
static int check_devices_vs_ram(struct vm_plan *v)
{
	if (v->cfg.direct_map && !v->cfg.mem_base_set)
		return 0;
	for (unsigned int i = 0; i < v->cfg.ndevices; i++)
		for (unsigned int r = 0; r < v->devices[i].nregs; r++)
			if (overlaps(v->cfg.mem_base, v->cfg.mem_size, v->devices[i].pages[r].base,
				     v->devices[i].pages[r].size))
				return refuse(v, "RAM 0x%llx-0x%llx covers %s at 0x%llx; move memory-base",
					      (unsigned long long)v->cfg.mem_base,
					      (unsigned long long)(v->cfg.mem_base + v->cfg.mem_size - 1),
					      v->devices[i].path,
					      (unsigned long long)v->devices[i].regs[r].base);
	return 0;
}

/* Channel pages sit in the VM's guest-physical space beside its RAM, its
 * devices and what Tandem emulates; doorbells are SPIs nothing else uses. */
static int check_channels(const struct system_plan *plan, struct vm_plan *v)
{
	const struct platform *p = plan->plat;
	const struct vm_config *c = &v->cfg;

	for (unsigned int i = 0; i < c->nchannels; i++) {
		const struct vm_channel *ch = &c->channels[i];

		v->peer_vm[i] = v->peer_channel[i] = -1;
		if (!(c->direct_map && !c->mem_base_set) && overlaps(ch->base, ch->size, c->mem_base, c->mem_size))
			return refuse(v, "channel '%s' at 0x%llx is inside the VM's RAM; put it elsewhere",
				      ch->name, (unsigned long long)ch->base);
		uint64_t at;
		const char *dev = tandem_device_at(p, ch->base, ch->size, &at);

		if (dev)
			return refuse(v, "channel '%s' at 0x%llx overlaps the %s at 0x%llx", ch->name,
				      (unsigned long long)ch->base, strncmp(dev, "GIC", 3) ? dev : "GIC",
				      (unsigned long long)at);
		for (unsigned int d = 0; d < c->ndevices; d++)
			for (unsigned int r = 0; r < v->devices[d].nregs; r++)
				if (overlaps(ch->base, ch->size, v->devices[d].pages[r].base,
					     v->devices[d].pages[r].size))
					return refuse(v, "channel '%s' at 0x%llx overlaps %s, passed through "
						      "to the VM", ch->name, (unsigned long long)ch->base,
						      v->devices[d].path);
		for (unsigned int d = 0; d < c->ndevices; d++)
			for (unsigned int q = 0; q < v->devices[d].nirqs; q++)
				if (v->devices[d].intids[q] == ch->intid)
					return refuse(v, "channel '%s' rings interrupt %u, which %s raises; "
						      "give the channel a free SPI", ch->name, ch->intid,
						      v->devices[d].path);
		for (unsigned int x = 0; x < c->nextra_irqs; x++)
			if (c->extra_irqs[x] == ch->intid)
				return refuse(v, "channel '%s' rings interrupt %u, one of the VM's "
					      "'extra-interrupts'; give the channel a free SPI", ch->name,
					      ch->intid);
		if (c->vpl011 && ch->intid == p->uart_irq)
			return refuse(v, "channel '%s' rings interrupt %u, the console's; give the "
				      "channel a free SPI", ch->name, ch->intid);
		for (unsigned int j = 0; j < i; j++) {
			if (overlaps(ch->base, ch->size, c->channels[j].base, c->channels[j].size))
				return refuse(v, "channels '%s' and '%s' share the page 0x%llx",
					      c->channels[j].name, ch->name, (unsigned long long)ch->base);
			if (ch->intid == c->channels[j].intid)
				return refuse(v, "channels '%s' and '%s' ring the same interrupt %u",
					      c->channels[j].name, ch->name, ch->intid);
		}
	}
	return 0;
}

unsigned int plan_link_channels(struct system_plan *plan)
{
	plan->nnotes = 0;
	for (unsigned int a = 0; a < plan->nvms; a++) {
		struct vm_plan *v = &plan->vms[a];

		for (unsigned int i = 0; v->accepted && i < v->cfg.nchannels; i++) {
			const struct vm_channel *ch = &v->cfg.channels[i];
			const char *why = "no VM of that name was accepted";

			v->peer_vm[i] = v->peer_channel[i] = -1;
			for (unsigned int b = 0; b < plan->nvms; b++) {
				const struct vm_plan *w = &plan->vms[b];

				if (!w->accepted || strcmp(w->cfg.name, ch->peer))
					continue;
				why = "it declares no channel of that name";
				for (unsigned int j = 0; j < w->cfg.nchannels; j++) {
					if (strcmp(w->cfg.channels[j].name, ch->name))
						continue;
					if (strcmp(w->cfg.channels[j].peer, v->cfg.name)) {
						why = "its channel of that name names another peer";
						continue;
					}
					v->peer_vm[i] = (int)b;
					v->peer_channel[i] = (int)j;
				}
			}
			if (v->peer_vm[i] < 0)
				snformat(plan->notes[plan->nnotes++], PLAN_MSG_MAX,
					 "%s: %s: channel '%s' stays unconnected: its peer VM '%s': %s; "
					 "declare it in both overlays", v->cfg.source, v->cfg.node, ch->name,
					 ch->peer, why);
		}
	}
	return plan->nnotes;
}

static int place_ram(struct system_plan *plan, struct vm_plan *v, int self)
{
	struct vm_config *c = &v->cfg;
	enum memmap_err err;

	if (c->direct_map && c->mem_base_set) {
		const struct memmap_region *r = memmap_first_owned(&plan->mm, c->mem_base, c->mem_size);

		err = memmap_claim(&plan->mm, c->mem_base, c->mem_size, OWNER_VM, self);
		if (err == MEMMAP_ERR_OWNED && r && r->kind == OWNER_VM)
			return refuse(v, "direct-mapped RAM 0x%llx-0x%llx overlaps the RAM of VM '%s'",
				      (unsigned long long)c->mem_base,
				      (unsigned long long)(c->mem_base + c->mem_size - 1),
				      plan->vms[r->id].cfg.name);
		if (err == MEMMAP_ERR_OWNED && r)
			return refuse(v, "direct-mapped RAM 0x%llx-0x%llx overlaps %s at 0x%llx-0x%llx",
				      (unsigned long long)c->mem_base,
				      (unsigned long long)(c->mem_base + c->mem_size - 1),
				      memmap_owner_name(r->kind), (unsigned long long)r->base,
				      (unsigned long long)(r->base + r->size - 1));
		if (err)
			return refuse(v, "direct-mapped RAM 0x%llx-0x%llx is not RAM of this platform",
				      (unsigned long long)c->mem_base,
				      (unsigned long long)(c->mem_base + c->mem_size - 1));
		v->ram_pa = c->mem_base;
		return 0;
	}
	/* 2 MiB alignment lets stage-2 use block mappings, and Linux needs it
	 * when it sees its RAM at that address (direct-map). */
	err = memmap_alloc(&plan->mm, c->mem_size,
			   c->mem_size >= SZ_2M || v->image.arm64_image ? SZ_2M : 4096,
			   OWNER_VM, self, &v->ram_pa);
	if (err)
		return refuse(v, "no free physical RAM for %llu KiB; reduce 'memory' or other VMs'",
			      (unsigned long long)(c->mem_size / 1024));
	if (c->direct_map)
		c->mem_base = v->ram_pa;
	return 0;
}

/* A platform device node (not RAM, not a cfi-flash: the VM's own flash
 * stands where the platform has its flash) that [base, base + size)
 * overlaps; its path in *path, its range in *at, *at_size. */
static bool platform_device_over(const void *fdt, uint64_t base, uint64_t size, char *path,
				 size_t pathlen, uint64_t *at, uint64_t *at_size)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if ((type && !strcmp(type, "memory")) ||
		    !fdt_node_check_compatible(fdt, node, "cfi-flash"))
			continue;
		for (int i = 0; !fdt_read_reg_under(fdt, 0, node, i, at, at_size); i++) {
			if (!*at_size || !overlaps(base, size, *at, *at_size))
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
static int check_flash(const struct system_plan *plan, struct vm_plan *v)
{
	const struct vm_config *c = &v->cfg;

	for (int b = 0; c->has_flash && b < 1 + c->has_flash_vars; b++) {
		const char *name = b ? "flash-variables" : "flash";
		uint64_t base = b ? c->vars_base : c->flash_base, size = b ? c->vars_size : c->flash_size;
		uint64_t at, at_size;
		const char *what = tandem_device_at(plan->plat, base, size, &at);
		char path[PT_PATH_MAX];

		if (what)
			return refuse(v, "'%s' 0x%llx-0x%llx covers the %s at 0x%llx; move it (QEMU virt "
				      "firmware expects flash at 0x0)", name, (unsigned long long)base,
				      (unsigned long long)(base + size - 1), what, (unsigned long long)at);
		for (unsigned int i = 0; i < c->ndevices; i++)
			for (unsigned int r = 0; r < v->devices[i].nregs; r++)
				if (overlaps(base, size, v->devices[i].pages[r].base,
					     v->devices[i].pages[r].size))
					return refuse(v, "'%s' 0x%llx-0x%llx covers %s, passed through to "
						      "this VM; move it", name, (unsigned long long)base,
						      (unsigned long long)(base + size - 1), v->devices[i].path);
		for (unsigned int i = 0; i < c->nchannels; i++)
			if (overlaps(base, size, c->channels[i].base, c->channels[i].size))
				return refuse(v, "'%s' 0x%llx-0x%llx covers channel '%s' at 0x%llx; move "
					      "one of them", name, (unsigned long long)base,
					      (unsigned long long)(base + size - 1), c->channels[i].name,
					      (unsigned long long)c->channels[i].base);
		if (platform_device_over(plan->plat_fdt, base, size, path, sizeof(path), &at, &at_size))
			return refuse(v, "'%s' 0x%llx-0x%llx covers the platform's %s at 0x%llx-0x%llx; "
				      "put the flash where the platform has its flash (QEMU virt: 0x0) "
				      "or in a free range", name, (unsigned long long)base,
				      (unsigned long long)(base + size - 1), path, (unsigned long long)at,
				      (unsigned long long)(at + at_size - 1));
	}
	return 0;
}

/* Backing for the flash banks: physical RAM only Tandem writes (the guest
 * gets it read-only, or not at all while the flash takes commands). */
static int place_flash(struct system_plan *plan, struct vm_plan *v, int self)
{
	const struct vm_config *c = &v->cfg;
	uint64_t size = c->flash_size + (c->has_flash_vars ? c->vars_size : 0);

	if (!c->has_flash)
		return 0;
	if (memmap_alloc(&plan->mm, size, (size & (SZ_2M - 1)) ? VM_FLASH_BLOCK : SZ_2M,
			 OWNER_VM, self, &v->flash_pa))
		return refuse(v, "no free physical RAM for its flash (%llu KiB); make 'flash' or "
			      "'flash-variables' smaller, or reduce other VMs' 'memory'",
			      (unsigned long long)(size / 1024));
	return 0;
}

/* What the paravirtual path can run so far (docs/paravirt.md): one vCPU,
 * no devices or channels, and RAM seen at an address that is neither the
 * platform's RAM nor a device Tandem maps: Tandem's own mappings are in
 * every guest address space (EL1 only), beside the guest's RAM. */
static int check_paravirtual(const struct system_plan *plan, struct vm_plan *v)
{
	const struct platform *p = plan->plat;
	const struct vm_config *c = &v->cfg;
	uint64_t at;

	if (c->vcpus != 1)
		return refuse(v, "the paravirtual path runs one vCPU per VM so far; set cpus = <1>;");
	if (c->ndevices || c->nchannels || c->nextra_irqs)
		return refuse(v, "the paravirtual path has no device pass-through, channels or extra "
			      "interrupts yet; drop them from this overlay");
	if (c->direct_map || !c->mem_base_set)
		return refuse(v, "on the paravirtual path a VM's RAM appears at 'memory-base', which "
			      "must be given and lie outside the platform's RAM and devices (no "
			      "'direct-map'), e.g. memory-base = <0x0 0x10000000>;");
	for (unsigned int i = 0; i < p->nram; i++)
		if (overlaps(c->mem_base, c->mem_size, p->ram[i].base, p->ram[i].size))
			return refuse(v, "memory-base 0x%llx puts the VM's RAM over the platform's RAM "
				      "at 0x%llx, which Tandem maps in every address space on the "
				      "paravirtual path; pick an address outside it, e.g. 0x10000000",
				      (unsigned long long)c->mem_base, (unsigned long long)p->ram[i].base);
	if (tandem_device_at(p, c->mem_base, c->mem_size, &at))
		return refuse(v, "memory-base 0x%llx puts the VM's RAM over a device Tandem "
			      "maps (0x%llx); pick an address clear of it, e.g. 0x10000000",
			      (unsigned long long)c->mem_base, (unsigned long long)at);
	return 0;
}

/* Labels the overlay refers to (&label: its /__fixups__) must be the
 * platform's (its /__symbols__, in a tree compiled with dtc -@); libfdt
 * would only say FDT_ERR_NOTFOUND when applying it. */
static int check_labels(const struct system_plan *plan, struct vm_plan *v, const void *overlay)
{
	int fixups = fdt_path_offset(overlay, "/__fixups__");
	int symbols = fdt_path_offset(plan->plat_fdt, "/__symbols__");
	int prop;

	if (fixups < 0)
		return 0;
	fdt_for_each_property_offset(prop, overlay, fixups) {
		const char *label;

		if (!fdt_getprop_by_offset(overlay, prop, &label, NULL))
			continue;
		if (symbols < 0 || !fdt_getprop(plan->plat_fdt, symbols, label, NULL))
			return refuse(v, "overlay refers to label '%s', which the platform tree does "
				      "not have (%s); refer to the node by its path instead, e.g. "
				      "&{/chosen} { ... };", label, symbols < 0 ?
				      "it has no labels: no /__symbols__" : "not in its /__symbols__");
	}
	return 0;
}

/* The VM's RAM must not sit where the platform has a device (its flash, a
 * PCIe window, any node with a 'reg'): the VM's address space mirrors the
 * platform's, so that RAM would hide it or be mistaken for it. */
static int check_platform_devices(const struct system_plan *plan, struct vm_plan *v)
{
	const void *fdt = plan->plat_fdt;
	const struct vm_config *c = &v->cfg;
	int node;

	if (c->direct_map && !c->mem_base_set)
		return 0;   /* Tandem places it in RAM */
	/* Inside the platform's RAM no device can be (the usual case, and the
	 * walk below costs about a million instructions at boot). */
	for (unsigned int i = 0; i < plan->plat->nram; i++)
		if (c->mem_base >= plan->plat->ram[i].base &&
		    c->mem_size <= plan->plat->ram[i].size &&
		    c->mem_base - plan->plat->ram[i].base <= plan->plat->ram[i].size - c->mem_size)
			return 0;
	fdt_for_each_subnode(node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t base, size;
		char path[PT_PATH_MAX];

		if (type && !strcmp(type, "memory"))
			continue;
		for (int i = 0; !fdt_read_reg_under(fdt, 0, node, i, &base, &size); i++) {
			if (!size || !overlaps(c->mem_base, c->mem_size, base, size))
				continue;
			if (fdt_get_path(fdt, node, path, sizeof(path)))
				snformat(path, sizeof(path), "%s", fdt_get_name(fdt, node, NULL));
			if (plan->paravirtual_path)
				return refuse(v, "RAM 0x%llx-0x%llx (memory-base) covers the platform's "
					      "%s at 0x%llx-0x%llx; move memory-base clear of the "
					      "platform's RAM and devices",
					      (unsigned long long)c->mem_base,
					      (unsigned long long)(c->mem_base + c->mem_size - 1), path,
					      (unsigned long long)base, (unsigned long long)(base + size - 1));
			return refuse(v, "RAM 0x%llx-0x%llx (memory-base) covers the platform's %s at "
				      "0x%llx-0x%llx; move memory-base clear of the platform's devices, "
				      "e.g. 0x%llx (where the platform has its RAM)",
				      (unsigned long long)c->mem_base,
				      (unsigned long long)(c->mem_base + c->mem_size - 1), path,
				      (unsigned long long)base, (unsigned long long)(base + size - 1),
				      (unsigned long long)plan->plat->ram[0].base);
		}
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
		return refuse(v, "the payload at 0x%llx is empty; load the VM's firmware there",
			      (unsigned long long)k->addr);
	if (k->size > c->flash_size)
		return refuse(v, "the firmware at 0x%llx is %llu KiB, more than its 'flash' of %llu "
			      "KiB; make 'flash' at least 0x%llx bytes (a multiple of 256 KiB)",
			      (unsigned long long)k->addr, (unsigned long long)((k->size + 1023) / 1024),
			      (unsigned long long)(c->flash_size / 1024),
			      (unsigned long long)((k->size + VM_FLASH_BLOCK - 1) & ~(VM_FLASH_BLOCK - 1)));
	if (c->mem_size < PLAN_DT_MAX)
		return refuse(v, "firmware finds its device tree at the base of RAM, which needs %u "
			      "KiB, but the VM has %llu KiB; raise 'memory'", PLAN_DT_MAX / 1024,
			      (unsigned long long)(c->mem_size / 1024));
	v->dtb_off = 0;
	v->initrd_off = 0;
	return 0;
}

/* The payload as boot loads it (el2/vm.c, el2/pv.c): at its offset in the
 * VM's RAM, the device tree in the last PLAN_DT_MAX bytes and the initial
 * ramdisk just below that. Its kind needs its bytes (module_data): without
 * them it is measured as a raw binary, which any payload needs at least. */
static int check_payload(struct system_plan *plan, struct vm_plan *v)
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
		return refuse(v, "the payload at 0x%llx cannot be loaded: %s; load a raw binary or "
			      "an arm64 Linux Image there", (unsigned long long)k->addr, why);
	if (!k->size)
		return refuse(v, "the payload at 0x%llx is empty; load the VM's payload there",
			      (unsigned long long)k->addr);
	/* Linux's boot protocol: the Image at a 2 MiB-aligned base + text_offset.
	 * Otherwise it hangs before its first word. (Tandem picks an aligned
	 * base itself for a direct-mapped VM without memory-base.) */
	if (img->arm64_image && (c->mem_base & (SZ_2M - 1)) && !(c->direct_map && !c->mem_base_set))
		return refuse(v, "the payload at 0x%llx is an arm64 Linux Image, which must be loaded "
			      "at a 2 MiB-aligned address (+ its text_offset 0x%llx), but memory-base "
			      "0x%llx is not 2 MiB aligned; use a 2 MiB-aligned memory-base, e.g. "
			      "0x%llx", (unsigned long long)k->addr,
			      (unsigned long long)img->load_offset, (unsigned long long)c->mem_base,
			      (unsigned long long)(c->mem_base & ~(SZ_2M - 1)));
	v->dtb_off = c->mem_size > PLAN_DT_MAX ? c->mem_size - PLAN_DT_MAX : 0;
	v->initrd_off = v->ramdisk && rd < v->dtb_off ? v->dtb_off - rd : 0;
	low = v->ramdisk ? v->initrd_off : v->dtb_off;
	if (img->load_offset + img->mem_size <= low && v->dtb_off)
		return 0;
	need = (img->load_offset + img->mem_size + rd + PLAN_DT_MAX + 0xfff) & ~0xfffull;
	return refuse(v, "the payload at 0x%llx needs %llu KiB at offset 0x%llx (%s)%s, and its "
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

static int add_vm(struct system_plan *plan, struct vm_plan *v, int self, const void *overlay,
		  size_t size, const char *source)
{
	if (vm_config_parse(overlay, size, source, &v->cfg, v->error, sizeof(v->error)))
		return -1;
	if (self == PLAN_MAX_OVERLAYS)
		return refuse(v, "more than %d overlays; Tandem reads at most %d boot modules, so "
			      "drop overlays", PLAN_MAX_OVERLAYS, PLAT_MAX_MODULES);
	if (plan_accepted(plan) >= MAX_VMS)
		return refuse(v, "Tandem runs at most %d VMs and %d are accepted already, so this "
			      "one cannot start; drop an overlay (or merge two VMs into one)",
			      MAX_VMS, MAX_VMS);
	/* Refused VMs hold no cores or RAM, and no name either. */
	for (int i = 0; i < self; i++)
		if (plan->vms[i].accepted && !strcmp(plan->vms[i].cfg.name, v->cfg.name))
			return refuse(v, "a VM named '%s' already exists (%s); VM names must be unique",
				      v->cfg.name, plan->vms[i].cfg.source);
	if (check_labels(plan, v, overlay))
		return -1;
	/* Which guests the path can run: unmodified ones need EL2's stage-2 and
	 * virtual GIC; a paravirtualized one needs the paravirtual path. */
	if (plan->paravirtual_path && !v->cfg.paravirtual)
		return refuse(v, "an unmodified guest (no 'paravirtual' in its overlay) needs the "
			      "virtualization extensions, which this core lacks (Tandem runs at EL1: "
			      "the paravirtual path); it runs on a core with EL2 (QEMU: -M "
			      "virt,virtualization=on), or port it to the paravirtual ABI and add "
			      "'paravirtual' (docs/paravirt.md)");
	if (plan->paravirtual_path && check_paravirtual(plan, v))
		return -1;
	if (!plan->paravirtual_path && v->cfg.paravirtual)
		return refuse(v, "'paravirtual' asks for the paravirtual path, which Tandem takes only "
			      "on cores without the virtualization extensions; here give the VM its "
			      "unmodified (native) build and drop 'paravirtual'");
	v->kernel = platform_module_at(plan->plat, v->cfg.kernel_addr);
	if (!v->kernel)
		return refuse(v, "'kernel' names a boot module at 0x%llx, but none was loaded "
			      "there; load the payload at that address (QEMU: -device "
			      "guest-loader,addr=0x%llx,kernel=FILE)",
			      (unsigned long long)v->cfg.kernel_addr,
			      (unsigned long long)v->cfg.kernel_addr);
	if (v->cfg.has_ramdisk) {
		v->ramdisk = platform_module_at(plan->plat, v->cfg.ramdisk_addr);
		if (!v->ramdisk)
			return refuse(v, "'ramdisk' names a boot module at 0x%llx, but none was "
				      "loaded there; load the initial ramdisk at that address (QEMU: "
				      "-device guest-loader,addr=0x%llx,initrd=FILE)",
				      (unsigned long long)v->cfg.ramdisk_addr,
				      (unsigned long long)v->cfg.ramdisk_addr);
	}
	if (check_payload(plan, v))
		return -1;
	/* Everything above only reads; from here the VM takes cores and RAM. */
	if (check_guest_layout(plan, v) || check_devices(plan, v, self) ||
	    check_interrupts(plan, v, self) || check_channels(plan, v) ||
	    check_devices_vs_ram(v) || check_platform_devices(plan, v) || check_flash(plan, v) ||
	    check_cores(plan, v, self) || place_ram(plan, v, self) || place_flash(plan, v, self))
		return -1;
	if (v->cfg.profiling)
		snformat(v->warning, sizeof(v->warning), "%s: %s: 'profiling' gives VM '%s' the "
			 "hardware PMU: its cycle counter counts Tandem's own cycles at EL2 too, so it "
			 "can observe Tandem's timing (and through it the other VMs'); meant for "
			 "benchmarks: drop 'profiling' in production", v->cfg.source, v->cfg.node,
			 v->cfg.name);
	return 0;
}

/* Gives back everything record self holds: its cores and its RAM; its
 * devices, interrupts, channels and name count only while it is accepted. */
static void release(struct system_plan *plan, int self)
{
	if (self >= PLAN_MAX_OVERLAYS)
		return;
	for (unsigned int i = 0; i < PLAT_MAX_CPUS; i++)
		plan->core_vms[i] &= ~(1u << self);
	memmap_release(&plan->mm, OWNER_VM, self);
	plan->vms[self].accepted = false;
}

int plan_add_vm(struct system_plan *plan, const void *overlay, size_t size,
		const char *source)
{
	int self = (int)plan->nvms;
	struct vm_plan *v = self < PLAN_MAX_OVERLAYS ? &plan->vms[plan->nvms++] : &plan->spare;

	memset(v, 0, sizeof(*v));
	if (add_vm(plan, v, self, overlay, size, source)) {
		release(plan, self);
		snformat(plan->refusal, sizeof(plan->refusal), "%s", v->error);
		return -1;
	}
	v->accepted = true;
	return 0;
}

void plan_release_vm(struct system_plan *plan, unsigned int index, const char *why)
{
	if (index >= plan->nvms)
		return;
	snformat(plan->vms[index].error, PLAN_MSG_MAX, "%s", why);
	snformat(plan->refusal, sizeof(plan->refusal), "%s", why);
	release(plan, (int)index);
}

unsigned int plan_accepted(const struct system_plan *plan)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < plan->nvms; i++)
		n += plan->vms[i].accepted;
	return n;
}
