/* Guest device-tree construction; see guest_dt.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/guest_dt.h"
#include "dt/passthrough.h"

#define TRY(call) do { int __e = (call); if (__e < 0) { \
	snformat(msg, msglen, "%s: %s: building the guest device tree: %s (%s)", \
		 cfg->source, cfg->node, fdt_strerror(__e), #call); return -1; } } while (0)

/* The platform paths of the devices passed through to the VM (validated
 * before: dt/vm_rules.c), resolved before pruning drops aliases and labels. */
struct owned {
	unsigned int n;
	char path[VM_MAX_DEVICES][PT_PATH_MAX];
};

/* Whether the node at path is the one at target or one of its parents. */
static bool is_ancestor_or_self(const char *path, const char *target)
{
	size_t n = strlen(path);

	return !strncmp(path, target, n) && (target[n] == '\0' || target[n] == '/');
}

/* A console behind buses (vexpress: /bus@.../motherboard-bus@.../iofpga@.../
 * uart@9000) keeps its buses, whose ranges and interrupt-map say where it
 * is, but none of their other children. */
static int trim_to_console(void *fdt, const char *uart_path)
{
	char path[PT_PATH_MAX];
	int parent = 0, node;

	for (;;) {
		int next;

	restart:
		next = -1;
		fdt_for_each_subnode(node, fdt, parent) {
			if (fdt_get_path(fdt, node, path, sizeof(path)))
				return -FDT_ERR_NOSPACE;
			if (!strcmp(path, uart_path))
				return 0;
			if (is_ancestor_or_self(path, uart_path)) {
				next = node;
			} else if (parent) {
				int err = fdt_del_node(fdt, node);

				if (err)
					return err;
				goto restart;   /* offsets moved */
			}
		}
		if (next < 0)
			return 0;
		parent = next;   /* from the last pass, which deleted nothing */
	}
}

/* True for the top-level nodes a VM keeps (before its overlay is applied). */
static bool keep_top_node(const void *fdt, int node, const struct platform *p,
			  const struct vm_config *cfg, const struct owned *devices)
{
	char path[PT_PATH_MAX];
	int len;
	const char *name = fdt_get_name(fdt, node, &len);

	/* A top-level node's path is its name after the root's "/"
	 * (fdt_get_path would walk the tree from its start). */
	if (!name || len < 0 || (size_t)len + 2 > sizeof(path))
		return false;
	path[0] = '/';
	memcpy(path + 1, name, (size_t)len);
	path[len + 1] = '\0';
	if (!strcmp(name, "cpus") || !strcmp(name, "chosen") || !strcmp(name, "psci") ||
	    !strcmp(name, "timer") || !strcmp(path, p->gic_path))
		return true;
	if (!strcmp(name, "__symbols__"))
		return true;   /* the overlay's &labels resolve here; trimmed later */
	if (platform_is_fixed_clock(p, fdt, node))
		return true;  /* clocks the kept devices refer to */
	if (cfg->vpl011 && is_ancestor_or_self(path, p->uart_path))
		return true;   /* the console, or the bus it sits on (trimmed to it) */
	for (unsigned int i = 0; i < devices->n; i++)
		if (!strcmp(path, devices->path[i]))
			return true;   /* passed through: as the platform describes it */
	return false;
}

/* The end of the node at offset (just past its FDT_END_NODE), as
 * fdt_del_node finds it (libfdt's fdt_node_end_offset_). */
static int node_end(const void *fdt, int node)
{
	int depth = 0;

	while (node >= 0 && depth >= 0)
		node = fdt_next_node(fdt, node, &depth);
	return node;
}

/* The sibling after a node ending at end (NOPs skipped), or
 * -FDT_ERR_NOTFOUND at its parent's end. */
static int next_sibling_at(const void *fdt, int end)
{
	for (;;) {
		int next;
		uint32_t tag = fdt_next_tag(fdt, end, &next);

		if (tag == FDT_BEGIN_NODE)
			return end;
		if (tag == FDT_END_NODE)
			return -FDT_ERR_NOTFOUND;
		if (tag != FDT_NOP || next < 0)
			return next < 0 ? next : -FDT_ERR_BADSTRUCTURE;
		end = next;
	}
}

#define PRUNE_BATCH 64   /* ranges removed per pass (QEMU's virt drops about 40 nodes) */

/* Removes the structure block's ranges [r[i][0], r[i][1]) (ascending, apart)
 * at once: what fdt_del_node of each does one after the other (each moves
 * everything after it down, the strings included), in one pass. */
int guest_dt_drop_ranges(void *fdt, const int (*r)[2], unsigned int n)
{
	char *st = (char *)fdt + fdt_off_dt_struct(fdt);
	int data_end = (int)(fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt) - fdt_off_dt_struct(fdt));
	int dst, removed = 0;

	if (!n)
		return 0;
	dst = r[0][0];
	for (unsigned int i = 0; i < n; i++) {
		int next = i + 1 < n ? r[i + 1][0] : data_end;

		if (r[i][0] < 0 || r[i][1] < r[i][0] || next < r[i][1] ||
		    (i && r[i][0] < r[i - 1][1]) || r[i][1] > (int)fdt_size_dt_struct(fdt))
			return -FDT_ERR_BADOFFSET;
		memmove(st + dst, st + r[i][1], (size_t)(next - r[i][1]));
		dst += next - r[i][1];
		removed += r[i][1] - r[i][0];
	}
	fdt_set_size_dt_struct(fdt, fdt_size_dt_struct(fdt) - (uint32_t)removed);
	fdt_set_off_dt_strings(fdt, fdt_off_dt_strings(fdt) - (uint32_t)removed);
	return 0;
}

/* out is a copy of plat_fdt (fdt_copy_compact: the same structure block,
 * so the same node offsets). The top-level nodes the VM does not keep are
 * chosen from the platform's tree, walked once, and removed from out in one
 * pass: the tree fdt_del_node of each would leave, without moving the rest
 * of the tree once per node. */
static int prune_top_level(void *out, const void *plat_fdt, const struct platform *p,
			   const struct vm_config *cfg, const struct owned *devices)
{
	int drop[PRUNE_BATCH][2], shift = 0, err;
	unsigned int n = 0;
	int node = fdt_first_subnode(plat_fdt, 0);

	while (node >= 0) {
		int end = node_end(plat_fdt, node);

		if (end < 0)
			return end;
		if (!keep_top_node(plat_fdt, node, p, cfg, devices)) {
			if (n == PRUNE_BATCH) {
				/* Offsets in out are the platform's less what went. */
				if ((err = guest_dt_drop_ranges(out, (const int (*)[2])drop, n)))
					return err;
				for (unsigned int i = 0; i < n; i++)
					shift += drop[i][1] - drop[i][0];
				n = 0;
			}
			drop[n][0] = node - shift;
			drop[n][1] = end - shift;
			n++;
		}
		node = next_sibling_at(plat_fdt, end);
	}
	if (node != -FDT_ERR_NOTFOUND)
		return node;
	return guest_dt_drop_ranges(out, (const int (*)[2])drop, n);
}

static int delete_all_subnodes(void *fdt, const char *path)
{
	int node, err;

	for (;;) {
		int parent = fdt_path_offset(fdt, path);

		if (parent < 0)
			return parent;
		node = fdt_first_subnode(fdt, parent);
		if (node < 0)
			return 0;
		err = fdt_del_node(fdt, node);
		if (err)
			return err;
	}
}

static int build_cpus(void *fdt, const void *plat_fdt, const struct platform *plat,
		      const struct vm_config *cfg)
{
	int pcpus = platform_top_node(plat, plat_fdt, "cpus");
	int first = pcpus >= 0 ? fdt_first_subnode(plat_fdt, pcpus) : -1;
	const char *compat = NULL;
	int compat_len = 0, err, cpus;

	/* The vCPUs are the platform's core type (cpu-map and others go). */
	while (first >= 0 && !compat) {
		compat = fdt_getprop(plat_fdt, first, "compatible", &compat_len);
		first = fdt_next_subnode(plat_fdt, first);
	}
	err = delete_all_subnodes(fdt, "/cpus");
	if (err)
		return err;
	for (int i = (int)cfg->vcpus - 1; i >= 0; i--) {
		char name[16];
		int node;

		cpus = fdt_path_offset(fdt, "/cpus");
		if (cpus < 0)
			return cpus;
		snformat(name, sizeof(name), "cpu@%d", i);
		node = fdt_add_subnode(fdt, cpus, name);
		if (node < 0)
			return node;
		if ((err = fdt_setprop_string(fdt, node, "device_type", "cpu")) ||
		    (compat && (err = fdt_setprop(fdt, node, "compatible", compat, compat_len))) ||
		    (err = fdt_setprop_u32(fdt, node, "reg", (uint32_t)i)) ||
		    (err = fdt_setprop_string(fdt, node, "enable-method", "psci")))
			return err;
	}
	cpus = fdt_path_offset(fdt, "/cpus");
	if ((err = fdt_setprop_u32(fdt, cpus, "#address-cells", 1)) ||
	    (err = fdt_setprop_u32(fdt, cpus, "#size-cells", 0)))
		return err;
	return 0;
}

static int build_memory(void *fdt, const struct vm_config *cfg)
{
	int node, err;
	char name[32];
	fdt32_t reg[4];
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), n = 0;

	/* Top-level memory nodes were pruned; add the VM's one. */
	snformat(name, sizeof(name), "memory@%llx", (unsigned long long)cfg->mem_base);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	if (ac == 2)
		reg[n++] = cpu_to_fdt32((uint32_t)(cfg->mem_base >> 32));
	reg[n++] = cpu_to_fdt32((uint32_t)cfg->mem_base);
	if (sc == 2)
		reg[n++] = cpu_to_fdt32((uint32_t)(cfg->mem_size >> 32));
	reg[n++] = cpu_to_fdt32((uint32_t)cfg->mem_size);
	if ((err = fdt_setprop_string(fdt, node, "device_type", "memory")) ||
	    (err = fdt_setprop(fdt, node, "reg", reg, n * 4)))
		return err;
	return 0;
}

/* Each channel as the guest's drivers expect it: a virtio-mmio node (Linux's
 * own virtio_mmio driver binds) or a "tandem,channel" node for a guest that
 * drives the shared-memory rings itself (docs/channels.md). */
static int build_channels(void *fdt, const struct vm_config *cfg)
{
	for (unsigned int i = 0; i < cfg->nchannels; i++) {
		const struct vm_channel *ch = &cfg->channels[i];
		char name[48];
		uint64_t size = ch->virtio ? 0x200 : ch->size;
		fdt32_t reg[4] = { cpu_to_fdt32((uint32_t)(ch->base >> 32)), cpu_to_fdt32((uint32_t)ch->base),
				   cpu_to_fdt32((uint32_t)(size >> 32)), cpu_to_fdt32((uint32_t)size) };
		/* virtio's interrupt is a level (InterruptStatus), the rings' doorbell an edge */
		fdt32_t irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(ch->intid - 32),
				   cpu_to_fdt32(ch->virtio ? 4 : 1) };
		int node, err;

		snformat(name, sizeof(name), "%s@%llx", ch->virtio ? "virtio_mmio" : "tandem-channel",
			 (unsigned long long)ch->base);
		node = fdt_add_subnode(fdt, 0, name);
		if (node < 0)
			return node;
		if ((err = fdt_setprop_string(fdt, node, "compatible",
					      ch->virtio ? "virtio,mmio" : "tandem,channel")) ||
		    (err = fdt_setprop(fdt, node, "reg", reg, sizeof(reg))) ||
		    (err = fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq))) ||
		    (err = fdt_setprop_string(fdt, node, "tandem,name", ch->name)) ||
		    (err = fdt_setprop_string(fdt, node, "tandem,peer", ch->peer)) ||
		    (err = fdt_setprop_u32(fdt, node, "tandem,index", i)))
			return err;
		if (ch->virtio && (err = fdt_setprop(fdt, node, "dma-coherent", NULL, 0)))
			return err;
	}
	return 0;
}

/* A firmware VM's flash as QEMU's virt describes its own (EDK2 finds its
 * variable store by this node): one cfi-flash node, a reg per bank, 32-bit
 * bus. Root cells are 2/2 on the platforms Tandem builds guests from. */
static int build_flash(void *fdt, const struct vm_config *cfg)
{
	fdt32_t reg[8];
	uint64_t r[4] = { cfg->flash_base, cfg->flash_size, cfg->vars_base, cfg->vars_size };
	int n = cfg->has_flash_vars ? 4 : 2, node, err;
	char name[32];

	if (!cfg->has_flash)
		return 0;
	for (int i = 0; i < n; i++) {
		reg[2 * i] = cpu_to_fdt32((uint32_t)(r[i] >> 32));
		reg[2 * i + 1] = cpu_to_fdt32((uint32_t)r[i]);
	}
	snformat(name, sizeof(name), "flash@%llx", (unsigned long long)cfg->flash_base);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	if ((err = fdt_setprop_string(fdt, node, "compatible", "cfi-flash")) ||
	    (err = fdt_setprop(fdt, node, "reg", reg, (int)(n * 2 * sizeof(fdt32_t)))))
		return err;
	return fdt_setprop_u32(fdt, node, "bank-width", 4);
}

/* The watchdog ('watchdog') as Linux's sbsa_gwdt driver expects it: its
 * control frame, then its refresh frame (el2/vwdog.c), WS0 a level SPI. */
static int build_watchdog(void *fdt, const struct vm_config *cfg)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), n = 0, node, err;
	uint64_t r[4] = { cfg->wdog_base, VM_WDOG_SIZE / 2, cfg->wdog_base + VM_WDOG_SIZE / 2,
			  VM_WDOG_SIZE / 2 };
	fdt32_t reg[8], irq[3] = { cpu_to_fdt32(0), cpu_to_fdt32(cfg->wdog_intid - 32),
				   cpu_to_fdt32(4) };
	char name[32];

	if (!cfg->has_watchdog)
		return 0;
	for (int i = 0; i < 4; i++) {
		if ((i % 2 ? sc : ac) == 2)
			reg[n++] = cpu_to_fdt32((uint32_t)(r[i] >> 32));
		reg[n++] = cpu_to_fdt32((uint32_t)r[i]);
	}
	snformat(name, sizeof(name), "watchdog@%llx", (unsigned long long)cfg->wdog_base);
	node = fdt_add_subnode(fdt, 0, name);
	if (node < 0)
		return node;
	if ((err = fdt_setprop_string(fdt, node, "compatible", "arm,sbsa-gwdt")) ||
	    (err = fdt_setprop(fdt, node, "reg", reg, n * 4)) ||
	    (err = fdt_setprop(fdt, node, "interrupts", irq, sizeof(irq))))
		return err;
	return cfg->wdog_timeout_s ? fdt_setprop_u32(fdt, node, "timeout-sec", cfg->wdog_timeout_s)
				   : 0;
}

/* The GIC as the VM sees it: a GICv3 with one redistributor frame per vCPU,
 * or a GICv2 distributor and 8 KiB CPU interface (the hypervisor interface
 * regions and the maintenance interrupt are Tandem's). */
static int build_gic(void *fdt, const struct platform *p, const struct vm_config *cfg)
{
	int node = fdt_path_offset(fdt, p->gic_path);
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0), n = 0;
	uint64_t r[4];
	fdt32_t reg[16];

	if (node < 0)
		return node;
	if (p->gic_version == 3) {
		r[0] = p->gicd.base, r[1] = p->gicd.size;
		r[2] = p->gicr.base, r[3] = (uint64_t)cfg->vcpus * 0x20000;
	} else {
		r[0] = p->gicd.base, r[1] = 0x1000;
		r[2] = p->gicc.base, r[3] = 0x2000;
	}
	for (int i = 0; i < 4; i++) {
		int cells = i % 2 ? sc : ac;

		if (cells == 2)
			reg[n++] = cpu_to_fdt32((uint32_t)(r[i] >> 32));
		reg[n++] = cpu_to_fdt32((uint32_t)r[i]);
	}
	fdt_delprop(fdt, node, "interrupts");
	return fdt_setprop(fdt, node, "reg", reg, n * 4);
}

static int build_chosen(void *fdt, const struct platform *p, const struct vm_config *cfg)
{
	static const char *const drop[] = {
		"bootargs", "rng-seed", "kaslr-seed", "linux,initrd-start",
		"linux,initrd-end", "stdout-path",
	};
	int chosen, err;

	/* Modules are Tandem's; the platform's bootargs and seeds are not the VM's. */
	err = delete_all_subnodes(fdt, "/chosen");
	if (err)
		return err;
	chosen = fdt_path_offset(fdt, "/chosen");
	for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		fdt_delprop(fdt, chosen, drop[i]);
	if (cfg->vpl011)
		return fdt_setprop_string(fdt, chosen, "stdout-path", p->uart_path);
	return 0;
}

/* Room for the VM's seeds, zero here: Tandem writes fresh bytes into the
 * VM's RAM copy at each of its boots (el2/entropy.c), never into this tree.
 * After the overlay, so that an overlay's own constant seed cannot stay. */
static int reserve_seeds(void *fdt)
{
	static const uint8_t zero[GUEST_DT_RNG_SEED];
	int chosen = fdt_path_offset(fdt, "/chosen");
	int err;

	if (chosen < 0)
		return chosen;
	if ((err = fdt_setprop(fdt, chosen, "rng-seed", zero, GUEST_DT_RNG_SEED)) ||
	    (err = fdt_setprop(fdt, chosen, "kaslr-seed", zero, GUEST_DT_KASLR_SEED)))
		return err;
	return 0;
}

static int seed_offset(const void *fdt, int chosen, const char *name, int want, uint32_t *off)
{
	int len;
	const uint8_t *v = fdt_getprop(fdt, chosen, name, &len);

	if (!v)
		return len;
	if (len != want)
		return -FDT_ERR_BADVALUE;
	*off = (uint32_t)(v - (const uint8_t *)fdt);
	return 0;
}

int guest_dt_seed_offsets(const void *fdt, uint32_t *rng_seed, uint32_t *kaslr_seed)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int err;

	if (chosen < 0)
		return chosen;
	if ((err = seed_offset(fdt, chosen, "rng-seed", GUEST_DT_RNG_SEED, rng_seed)) ||
	    (err = seed_offset(fdt, chosen, "kaslr-seed", GUEST_DT_KASLR_SEED, kaslr_seed)))
		return err;
	return 0;
}

/* Keeps only the labels of nodes the VM has (the others would dangle). */
static int trim_symbols(void *fdt)
{
	int prop;

restart:
	fdt_for_each_property_offset(prop, fdt, fdt_path_offset(fdt, "/__symbols__")) {
		const char *label, *path = fdt_getprop_by_offset(fdt, prop, &label, NULL);

		if (path && fdt_path_offset(fdt, path) >= 0)
			continue;
		int err = fdt_delprop(fdt, fdt_path_offset(fdt, "/__symbols__"), label);

		if (err)
			return err;
		goto restart;   /* offsets moved */
	}
	return 0;
}

/* Each &label of the overlay (its /__fixups__) must name a node the VM has;
 * libfdt alone would say FDT_ERR_NOTFOUND. */
static int check_labels(const void *out, const void *plat_fdt, const struct platform *plat,
			const struct vm_config *cfg, const void *overlay, char *msg, size_t msglen)
{
	int fixups = fdt_path_offset(overlay, "/__fixups__");
	int mine = fdt_path_offset(out, "/__symbols__");
	int theirs = platform_top_node(plat, plat_fdt, "__symbols__");
	int prop;

	if (fixups < 0)
		return 0;
	fdt_for_each_property_offset(prop, overlay, fixups) {
		const char *label, *path;

		if (!fdt_getprop_by_offset(overlay, prop, &label, NULL) ||
		    (mine >= 0 && fdt_getprop(out, mine, label, NULL)))
			continue;
		path = theirs >= 0 ? fdt_getprop(plat_fdt, theirs, label, NULL) : NULL;
		if (!path)
			snformat(msg, msglen, "%s: %s: overlay refers to label '%s', which the "
				 "platform tree does not have; refer to the node by its path instead, "
				 "e.g. &{/chosen} { ... };", cfg->source, cfg->node, label);
		else
			snformat(msg, msglen, "%s: %s: overlay refers to label '%s' (the platform's "
				 "%s), a node this VM's device tree does not have (it keeps /, /chosen, "
				 "/cpus, /psci, /timer, the GIC, its console and its passed-through "
				 "devices); pass the device through or drop the reference",
				 cfg->source, cfg->node, label, path);
		return -1;
	}
	return 0;
}

int guest_dt_build(const void *plat_fdt, const struct platform *plat,
		   const struct vm_config *cfg, const void *overlay, size_t overlay_size,
		   void *out, size_t outlen, void *scratch, size_t scratchlen,
		   char *msg, size_t msglen)
{
	int node, err;
	struct owned devices = { 0 };

	for (unsigned int i = 0; i < cfg->ndevices; i++) {
		int dev = pt_lookup(plat_fdt, cfg->devices[i]);

		if (dev < 0 || fdt_get_path(plat_fdt, dev, devices.path[devices.n], PT_PATH_MAX)) {
			snformat(msg, msglen, "%s: %s: passthrough '%s' is not in the platform tree",
				 cfg->source, cfg->node, cfg->devices[i]);
			return -1;
		}
		devices.n++;
	}
	TRY(fdt_copy_compact(plat_fdt, out, outlen));
	TRY(prune_top_level(out, plat_fdt, plat, cfg, &devices));
	if (cfg->vpl011)
		TRY(trim_to_console(out, plat->uart_path));
	if (fdt_path_offset(out, "/chosen") < 0)
		TRY(fdt_add_subnode(out, 0, "chosen"));
	TRY(delete_all_subnodes(out, plat->gic_path));   /* ITS, v2m: not emulated */
	TRY(build_gic(out, plat, cfg));
	TRY(build_cpus(out, plat_fdt, plat, cfg));
	TRY(build_memory(out, cfg));
	TRY(build_channels(out, cfg));
	TRY(build_flash(out, cfg));
	TRY(build_watchdog(out, cfg));
	TRY(build_chosen(out, plat, cfg));
	node = fdt_path_offset(out, "/psci");
	if (node >= 0)
		TRY(fdt_setprop_string(out, node, "method", "hvc"));
	if (fdt_path_offset(out, "/__symbols__") >= 0)
		TRY(trim_symbols(out));

	if (overlay_size > scratchlen) {
		snformat(msg, msglen, "%s: %s: overlay of %zu bytes is larger than Tandem's "
			 "%zu-byte buffer", cfg->source, cfg->node, overlay_size, scratchlen);
		return -1;
	}
	if (check_labels(out, plat_fdt, plat, cfg, overlay, msg, msglen))
		return -1;
	memcpy(scratch, overlay, overlay_size);
	err = fdt_overlay_apply(out, scratch);
	if (err) {
		snformat(msg, msglen, "%s: %s: applying the overlay to the guest tree failed: %s; "
			 "fragments may target only nodes the VM has (/, /chosen, /cpus, "
			 "/psci, /timer, the GIC%s)", cfg->source, cfg->node, fdt_strerror(err),
			 cfg->vpl011 ? ", the console UART" : "");
		return -1;
	}
	/* The VM's own configuration node is Tandem's, not the guest's. */
	node = fdt_path_offset(out, cfg->node);
	if (node >= 0)
		TRY(fdt_del_node(out, node));
	TRY(reserve_seeds(out));
	TRY(fdt_pack(out));
	return 0;
}

int guest_dt_set_initrd(void *fdt, size_t bufsize, uint64_t start, uint64_t end)
{
	int err = fdt_open_into(fdt, fdt, (int)bufsize);
	int chosen;

	if (err)
		return err;
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen < 0)
		return chosen;
	if ((err = fdt_setprop_u64(fdt, chosen, "linux,initrd-start", start)) ||
	    (err = fdt_setprop_u64(fdt, chosen, "linux,initrd-end", end)))
		return err;
	return fdt_pack(fdt);
}
