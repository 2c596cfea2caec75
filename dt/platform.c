/* Platform device-tree parsing; see platform.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/platform.h"

/* One walk of the platform tree, made by platform_parse and used only
 * while it runs: each node's parent, depth and phandle, and the first node
 * of each compatible the parse looks for. libfdt's own lookups
 * (fdt_parent_offset, fdt_node_depth, fdt_node_offset_by_compatible,
 * fdt_node_offset_by_phandle) walk the tree from its start at every call;
 * on QEMU's virt tree they were most of Tandem's boot (issue 17). Any
 * lookup the map cannot answer goes to libfdt. */
#define TREE_MAP_NODES 512
#define TREE_MAP_DEPTH 32
static const char *const map_compatibles[] = {
	"arm,gic-v3", "arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic", "arm,pl011",
	"arm,armv8-timer", "arm,armv7-timer", "arm,cortex-a9-scu", "arm,cortex-a9-twd-timer",
	"arm,vexpress-sysreg", "arm,psci", "arm,psci-0.2", "arm,psci-1.0",
};
#define MAP_COMPATIBLES (int)(sizeof(map_compatibles) / sizeof(map_compatibles[0]))
static struct tree_map {
	const void *fdt;            /* NULL: no map, libfdt answers */
	int n;
	int off[TREE_MAP_NODES], parent[TREE_MAP_NODES], depth[TREE_MAP_NODES];
	uint32_t phandle[TREE_MAP_NODES];
	bool memory[TREE_MAP_NODES];   /* device_type "memory" */
	const char *name[TREE_MAP_NODES];   /* the top-level nodes' names (depth 1) */
	int namelen[TREE_MAP_NODES];
	int compat[MAP_COMPATIBLES];
	int nclocks;                   /* top-level fixed-clock nodes; -1: more than fit */
	int clocks[PLAT_MAX_CLOCKS];
} map;

/* The node's properties read in one pass, as fdt_get_phandle, fdt_getprop
 * of "compatible" and fdt_getprop of "device_type" answer them (each of
 * those scans the node's properties from the first; a name's first
 * occurrence is the one they return). Returns 0, or a libfdt error. */
static int scan_props(const void *fdt, int node, uint32_t *phandle, const char **compat,
		      int *compat_len, bool *memory)
{
	const fdt32_t *ph = NULL, *lph = NULL;
	bool seen_ph = false, seen_lph = false, seen_type = false;
	int prop, len;

	*phandle = 0;
	*compat = NULL;
	*compat_len = 0;
	*memory = false;
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		const void *v = fdt_getprop_by_offset(fdt, prop, &name, &len);

		if (!v || !name)
			return len < 0 ? len : -FDT_ERR_BADSTRUCTURE;
		if (!seen_ph && !strcmp(name, "phandle")) {
			seen_ph = true;
			ph = len == sizeof(fdt32_t) ? v : NULL;
		} else if (!seen_lph && !strcmp(name, "linux,phandle")) {
			seen_lph = true;
			lph = len == sizeof(fdt32_t) ? v : NULL;
		} else if (!*compat && !strcmp(name, "compatible")) {
			*compat = v;
			*compat_len = len;
		} else if (!seen_type && !strcmp(name, "device_type")) {
			seen_type = true;
			*memory = !strcmp(v, "memory");
		}
	}
	if (prop != -FDT_ERR_NOTFOUND)
		return prop;
	if (ph)
		*phandle = fdt32_ld(ph);
	else if (lph)
		*phandle = fdt32_ld(lph);
	return 0;
}

static void map_build(const void *fdt)
{
	int stack[TREE_MAP_DEPTH], depth = -1, node;   /* the root at depth 0 */

	map.fdt = NULL;
	map.n = 0;
	map.nclocks = 0;
	for (int i = 0; i < MAP_COMPATIBLES; i++)
		map.compat[i] = -FDT_ERR_NOTFOUND;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *c;
		int len;

		if (depth < 0)   /* past the root's end */
			break;
		if (depth >= TREE_MAP_DEPTH || map.n == TREE_MAP_NODES)
			return;   /* too big: libfdt answers everything */
		stack[depth] = node;
		map.off[map.n] = node;
		map.parent[map.n] = depth ? stack[depth - 1] : -FDT_ERR_NOTFOUND;
		map.depth[map.n] = depth;
		if (scan_props(fdt, node, &map.phandle[map.n], &c, &len, &map.memory[map.n]))
			return;   /* libfdt answers everything (and reports the error) */
		for (int i = 0; c && i < MAP_COMPATIBLES; i++)
			if (map.compat[i] < 0 && fdt_stringlist_contains(c, len, map_compatibles[i]))
				map.compat[i] = node;
		map.name[map.n] = NULL;
		if (depth == 1) {
			map.name[map.n] = fdt_get_name(fdt, node, &map.namelen[map.n]);
			if (!map.name[map.n])
				return;   /* libfdt answers everything (and reports the error) */
			if (c && map.nclocks >= 0 && fdt_stringlist_contains(c, len, "fixed-clock")) {
				if (map.nclocks == PLAT_MAX_CLOCKS)
					map.nclocks = -1;
				else
					map.clocks[map.nclocks++] = node;
			}
		}
		map.n++;
	}
	if (node >= 0 || node == -FDT_ERR_NOTFOUND)
		map.fdt = fdt;
}

static int map_index(const void *fdt, int node)
{
	int lo = 0, hi = map.n - 1;

	if (fdt != map.fdt)
		return -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (map.off[mid] == node)
			return mid;
		if (map.off[mid] < node)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int parent_of(const void *fdt, int node)
{
	int i = map_index(fdt, node);

	return i >= 0 ? map.parent[i] : fdt_parent_offset(fdt, node);
}

static int by_phandle(const void *fdt, uint32_t phandle)
{
	if (fdt == map.fdt && phandle && phandle != (uint32_t)-1) {
		for (int i = 0; i < map.n; i++)
			if (map.phandle[i] == phandle)
				return map.off[i];
		return -FDT_ERR_NOTFOUND;
	}
	return fdt_node_offset_by_phandle(fdt, phandle);
}

/* fdt_path_offset for "/" and "/name" from the map, which lists every node:
 * the first top-level node whose name is name, or name@unit when name has
 * no unit address (libfdt's rule); none is none. */
static int path_offset(const void *fdt, const char *path)
{
	if (fdt == map.fdt && path[0] == '/' && !strchr(path + 1, '/')) {
		const char *want = path + 1;
		int len = (int)strlen(want);
		bool unit = strchr(want, '@') != NULL;

		if (!len)
			return 0;
		for (int i = 0; i < map.n; i++) {
			const char *name = map.name[i];

			if (map.depth[i] != 1 || map.namelen[i] < len || memcmp(name, want, (size_t)len))
				continue;
			if (name[len] == '\0' || (!unit && name[len] == '@'))
				return map.off[i];
		}
		return -FDT_ERR_NOTFOUND;
	}
	return fdt_path_offset(fdt, path);
}

/* fdt_get_path from the map's parents. */
static int get_path(const void *fdt, int node, char *buf, int len)
{
	int chain[TREE_MAP_DEPTH], n = 0, pos = 0;

	if (map_index(fdt, node) < 0)
		return fdt_get_path(fdt, node, buf, len);
	for (int at = node; at > 0 && n < TREE_MAP_DEPTH; at = parent_of(fdt, at))
		chain[n++] = at;
	if (len < 2)
		return -FDT_ERR_NOSPACE;
	buf[pos++] = '/';
	for (int i = n - 1; i >= 0; i--) {
		int nl;
		const char *name = fdt_get_name(fdt, chain[i], &nl);

		if (!name || pos + nl + (i ? 1 : 0) + 1 > len)
			return -FDT_ERR_NOSPACE;
		memcpy(buf + pos, name, (size_t)nl);
		pos += nl;
		if (i)
			buf[pos++] = '/';
	}
	buf[pos] = '\0';
	return 0;
}

static int by_compatible(const void *fdt, const char *compatible)
{
	if (fdt == map.fdt)
		for (int i = 0; i < MAP_COMPATIBLES; i++)
			if (!strcmp(map_compatibles[i], compatible))
				return map.compat[i];
	return fdt_node_offset_by_compatible(fdt, -1, compatible);
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

int fdt_copy_compact(const void *src, void *dst, size_t dstlen)
{
	uint32_t used;
	int err = fdt_check_header(src);

	if (err)
		return err;
	used = fdt_off_dt_strings(src) + fdt_size_dt_strings(src);
	if (fdt_off_dt_struct(src) + fdt_size_dt_struct(src) > used)
		used = fdt_off_dt_struct(src) + fdt_size_dt_struct(src);
	if (used > fdt_totalsize(src))
		return -FDT_ERR_TRUNCATED;
	if (used > dstlen)
		return -FDT_ERR_NOSPACE;
	memmove(dst, src, used);
	fdt_set_totalsize(dst, used);
	return fdt_open_into(dst, dst, (int)dstlen);
}

/* #address-cells/#size-cells of a node, or of the root when it has none:
 * bootloaders (QEMU's guest-loader among them) write /chosen/module@ reg
 * entries with the root's cell sizes while /chosen declares none. */
static int cells_of(const void *fdt, int node, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p && node != 0)
		p = fdt_getprop(fdt, 0, name, &len);
	if (!p || len != 4)
		return !strcmp(name, "#address-cells") ? 2 : 1;
	return (int)fdt32_to_cpu(*p);
}

int fdt_read_reg(const void *fdt, int node, int index, uint64_t *base, uint64_t *size)
{
	return fdt_read_reg_under(fdt, parent_of(fdt, node), node, index, base, size);
}

int fdt_read_reg_under(const void *fdt, int parent, int node, int index, uint64_t *base,
		       uint64_t *size)
{
	int ac = cells_of(fdt, parent, "#address-cells");
	int sc = cells_of(fdt, parent, "#size-cells");
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2 || !reg)
		return -1;
	if ((index + 1) * (ac + sc) * 4 > len)
		return -1;
	reg += index * (ac + sc);
	*base = read_cells(reg, ac);
	*size = sc ? read_cells(reg + ac, sc) : 0;
	return 0;
}

/* <type number flags>: type 0 is an SPI (INTID 32+n), 1 a PPI (16+n). */
static unsigned int gic_spec_intid(uint32_t type, uint32_t num)
{
	return type == 1 ? 16 + num : 32 + num;
}

unsigned int fdt_gic_intid(const uint32_t *cells)
{
	return gic_spec_intid(fdt32_to_cpu(cells[0]), fdt32_to_cpu(cells[1]));
}

/* ---------------------------------------------------------------- ranges */

/* One level: addr (an address of bus's children) to an address of up's
 * children through bus's ranges; [addr, addr + size) must fit one range. */
static int translate_level(const void *fdt, int bus, int up, uint64_t *addr, uint64_t size)
{
	int len, ac, pac, sc, n;
	const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);

	if (!r)
		return -1;   /* a bus without ranges: its addresses are its own */
	if (!len)
		return 0;    /* empty ranges: identity */
	ac = cells_of(fdt, bus, "#address-cells");
	sc = cells_of(fdt, bus, "#size-cells");
	pac = cells_of(fdt, up, "#address-cells");
	if (ac < 1 || ac > 2 || pac < 1 || pac > 2 || sc < 1 || sc > 2)
		return -1;
	n = ac + pac + sc;
	if (len < 0 || len % (n * 4))
		return -1;
	for (int i = 0; i < len / (n * 4); i++, r += n) {
		uint64_t child = read_cells(r, ac), parent = read_cells(r + ac, pac);
		uint64_t rsize = read_cells(r + ac + pac, sc), off = *addr - child;

		if (*addr < child || off >= rsize || size > rsize - off)
			continue;
		if (parent + off < parent || (pac == 1 && parent + off + size > 1ull << 32))
			return -1;   /* wraps the parent's address space */
		*addr = parent + off;
		return 0;
	}
	return -1;
}

int fdt_translate_chain(const void *fdt, const int *anc, int depth, uint64_t *addr,
			uint64_t size)
{
	if (depth < 1 || depth > FDT_MAX_BUS_DEPTH)
		return -1;
	/* anc[0] is the root, whose addresses are the CPU's. */
	for (int d = depth - 1; d > 0; d--)
		if (translate_level(fdt, anc[d], anc[d - 1], addr, size))
			return -1;
	return 0;
}

int fdt_translate(const void *fdt, int node, uint64_t *addr, uint64_t size)
{
	int anc[FDT_MAX_BUS_DEPTH];
	int i = map_index(fdt, node);
	int depth = i >= 0 ? map.depth[i] : fdt_node_depth(fdt, node);

	if (depth < 1 || depth > FDT_MAX_BUS_DEPTH)
		return -1;
	if (i >= 0) {   /* the ancestors by the map's parents, root first */
		anc[depth - 1] = parent_of(fdt, node);
		for (int d = depth - 1; d > 0; d--)
			anc[d - 1] = parent_of(fdt, anc[d]);
		return fdt_translate_chain(fdt, anc, depth, addr, size);
	}
	for (int d = 0; d < depth; d++) {
		anc[d] = fdt_supernode_atdepth_offset(fdt, node, d, NULL);
		if (anc[d] < 0)
			return -1;
	}
	return fdt_translate_chain(fdt, anc, depth, addr, size);
}

int fdt_read_reg_phys(const void *fdt, int node, int index, uint64_t *base, uint64_t *size)
{
	if (fdt_read_reg(fdt, node, index, base, size))
		return -1;
	return fdt_translate(fdt, node, base, *size);
}

/* ---------------------------------------------------------------- interrupts */

#define IRQ_MAX_ADDR_CELLS 3   /* PCI's */
#define IRQ_MAX_CELLS      4
#define IRQ_MAX_HOPS       (2 * FDT_MAX_BUS_DEPTH)

static int prop_cell(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return dflt;
	return len == 4 && fdt32_to_cpu(*p) <= 64 ? (int)fdt32_to_cpu(*p) : -1;
}

/* A node's interrupt parent: its interrupt-parent, else its tree parent,
 * repeated until a node with #interrupt-cells; -1 if none. */
static int irq_parent(const void *fdt, int node)
{
	for (int hop = 0; hop < IRQ_MAX_HOPS; hop++) {
		int len;
		const fdt32_t *ph = fdt_getprop(fdt, node, "interrupt-parent", &len);

		node = ph ? (len == 4 ? by_phandle(fdt, fdt32_to_cpu(*ph)) : -1)
			  : parent_of(fdt, node);
		if (node < 0)
			return -1;
		if (fdt_getprop(fdt, node, "#interrupt-cells", NULL))
			return node;
	}
	return -1;
}

/* The interrupt-map entry of nexus matching (addr, spec) (ac and *ic cells,
 * masked by interrupt-map-mask): the parent in *parent, its unit address
 * and specifier replace addr and spec, its #interrupt-cells *ic. */
static int irq_map(const void *fdt, int nexus, int ac, uint32_t *addr, uint32_t *spec, int *ic,
		   int *parent)
{
	uint32_t child[IRQ_MAX_ADDR_CELLS + IRQ_MAX_CELLS], mask[IRQ_MAX_ADDR_CELLS + IRQ_MAX_CELLS];
	int len, mlen, n = ac + *ic, total, pos = 0;
	const fdt32_t *map = fdt_getprop(fdt, nexus, "interrupt-map", &len);
	const fdt32_t *m = fdt_getprop(fdt, nexus, "interrupt-map-mask", &mlen);

	if (!map || len < 0 || len % 4 || (m && mlen != n * 4))
		return -1;
	for (int i = 0; i < n; i++) {
		child[i] = i < ac ? addr[i] : spec[i - ac];
		mask[i] = m ? fdt32_to_cpu(m[i]) : ~0u;
	}
	total = len / 4;
	while (pos < total) {
		const fdt32_t *e = map + pos;
		bool match = true;
		int par, pac, pic;

		if (total - pos < n + 1)
			return -1;
		for (int i = 0; i < n; i++)
			match &= ((fdt32_to_cpu(e[i]) ^ child[i]) & mask[i]) == 0;
		par = by_phandle(fdt, fdt32_to_cpu(e[n]));
		if (par < 0)
			return -1;
		pac = prop_cell(fdt, par, "#address-cells", 0);
		pic = prop_cell(fdt, par, "#interrupt-cells", -1);
		if (pac < 0 || pac > IRQ_MAX_ADDR_CELLS || pic < 1 || pic > IRQ_MAX_CELLS ||
		    total - pos - n - 1 < pac + pic)
			return -1;
		if (match) {
			for (int i = 0; i < IRQ_MAX_ADDR_CELLS; i++)
				addr[i] = i < pac ? fdt32_to_cpu(e[n + 1 + i]) : 0;
			for (int i = 0; i < pic; i++)
				spec[i] = fdt32_to_cpu(e[n + 1 + pac + i]);
			*ic = pic;
			*parent = par;
			return 0;
		}
		pos += n + 1 + pac + pic;
	}
	return -1;   /* no entry for it */
}

int fdt_irq_intid(const void *fdt, int node, int index, int gic, unsigned int *intid)
{
	uint32_t addr[IRQ_MAX_ADDR_CELLS] = { 0 }, spec[IRQ_MAX_CELLS];
	int len, rlen, ic, par = irq_parent(fdt, node);
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &rlen);
	bool mapped = false;

	if (!irq || par < 0 || index < 0)
		return 1;
	ic = prop_cell(fdt, par, "#interrupt-cells", -1);
	if (ic < 1 || ic > IRQ_MAX_CELLS || len < 0 || (index + 1) * ic * 4 > len)
		return 1;
	for (int i = 0; i < ic; i++)
		spec[i] = fdt32_to_cpu(irq[index * ic + i]);
	/* The child unit address: the start of the node's reg, as Linux does. */
	for (int i = 0; reg && i < IRQ_MAX_ADDR_CELLS && (i + 1) * 4 <= rlen; i++)
		addr[i] = fdt32_to_cpu(reg[i]);
	for (int hop = 0; hop < IRQ_MAX_HOPS; hop++) {
		int ac;

		if (fdt_getprop(fdt, par, "interrupt-controller", NULL)) {
			if ((gic >= 0 && par != gic) || ic != 3)
				return mapped ? -1 : 1;
			*intid = gic_spec_intid(spec[0], spec[1]);
			return 0;
		}
		if (!fdt_getprop(fdt, par, "interrupt-map", NULL))
			return mapped ? -1 : 1;
		ac = cells_of(fdt, par, "#address-cells");
		if (ac < 0 || ac > IRQ_MAX_ADDR_CELLS || irq_map(fdt, par, ac, addr, spec, &ic, &par))
			return -1;
		mapped = true;
	}
	return -1;
}

static int parse_cpus(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int cpus = path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0) {
		snformat(msg, len, "platform device tree has no /cpus node");
		return -1;
	}
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t mpidr, unused;

		if (!type || strcmp(type, "cpu"))
			continue;
		if (fdt_read_reg(fdt, node, 0, &mpidr, &unused)) {
			snformat(msg, len, "/cpus/%s has no usable reg", fdt_get_name(fdt, node, NULL));
			return -1;
		}
		if (p->ncpus == PLAT_MAX_CPUS) {
			snformat(msg, len, "more than %d cores; Tandem is built for at most %d",
				 PLAT_MAX_CPUS, PLAT_MAX_CPUS);
			return -1;
		}
		p->cpu_mpidr[p->ncpus++] = mpidr;
	}
	if (!p->ncpus) {
		snformat(msg, len, "platform device tree lists no cores under /cpus");
		return -1;
	}
	return 0;
}

static int parse_memory(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int node = -1;

	for (int i = 0; fdt == map.fdt ? i < map.n : (node = fdt_next_node(fdt, node, NULL)) >= 0; i++) {
		const char *type;

		if (fdt == map.fdt) {
			node = map.off[i];
			type = map.memory[i] ? "memory" : NULL;
		} else {
			type = fdt_getprop(fdt, node, "device_type", NULL);
		}
		uint64_t base, size;

		if (!type || strcmp(type, "memory"))
			continue;
		for (int i = 0; !fdt_read_reg_phys(fdt, node, i, &base, &size); i++) {
			if (p->nram == PLAT_MAX_RAM)
				break;
			if (size)
				p->ram[p->nram++] = (struct plat_range){ base, size };
		}
	}
	if (!p->nram) {
		snformat(msg, len, "platform device tree describes no memory");
		return -1;
	}
	return 0;
}

static int add_reserved(struct platform *p, uint64_t base, uint64_t size, char *msg, size_t len)
{
	if (!size)
		return 0;
	if (p->nreserved == PLAT_MAX_RESERVED) {
		snformat(msg, len, "platform device tree reserves more than %d memory ranges "
			 "(/memreserve/ and /reserved-memory): Tandem cannot keep track of which RAM is "
			 "the firmware's", PLAT_MAX_RESERVED);
		return -1;
	}
	p->reserved[p->nreserved++] = (struct plat_range){ base, size };
	return 0;
}

/* /memreserve/ and /reserved-memory: RAM the firmware keeps. A child with
 * only a size (no reg) is a pool the OS would place itself: none here. */
static int parse_reserved(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int parent = path_offset(fdt, "/reserved-memory"), node;   /* from the map: no walk */
	uint64_t base, size;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, i, &base, &size) && add_reserved(p, base, size, msg, len))
			return -1;
	if (parent < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, parent) {
		const char *status = fdt_getprop(fdt, node, "status", NULL);

		if (status && strcmp(status, "okay") && strcmp(status, "ok"))
			continue;
		for (int i = 0; !fdt_read_reg_phys(fdt, node, i, &base, &size); i++)
			if (add_reserved(p, base, size, msg, len))
				return -1;
	}
	return 0;
}

static int parse_gic(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int node = by_compatible(fdt, "arm,gic-v3");
	int plen;
	const fdt32_t *irq;

	if (node >= 0) {
		p->gic_version = 3;
		if (fdt_read_reg_phys(fdt, node, 0, &p->gicd.base, &p->gicd.size) ||
		    fdt_read_reg_phys(fdt, node, 1, &p->gicr.base, &p->gicr.size)) {
			snformat(msg, len, "GICv3 node has no distributor and redistributor reg");
			return -1;
		}
	} else {
		node = by_compatible(fdt, "arm,cortex-a15-gic");
		if (node < 0)
			node = by_compatible(fdt, "arm,gic-400");
		if (node < 0) {
			/* The Cortex-A9 MPCore's GICv1: a GICv2's distributor
			 * and CPU interface, without the virtualization
			 * extensions (and the security extensions unused). */
			node = by_compatible(fdt, "arm,cortex-a9-gic");
			p->gic_v1 = node >= 0;
		}
		if (node < 0) {
			snformat(msg, len, "no GICv2 or GICv3 interrupt controller in the platform tree");
			return -1;
		}
		p->gic_version = 2;
		if (fdt_read_reg_phys(fdt, node, 0, &p->gicd.base, &p->gicd.size) ||
		    fdt_read_reg_phys(fdt, node, 1, &p->gicc.base, &p->gicc.size)) {
			snformat(msg, len, "GICv2 node has no distributor and CPU interface reg");
			return -1;
		}
		/* GICH/GICV: only on a platform with the virtualization
		 * extensions (platform_check_hw_virt). */
		if (fdt_read_reg_phys(fdt, node, 2, &p->gich.base, &p->gich.size) ||
		    fdt_read_reg_phys(fdt, node, 3, &p->gicv.base, &p->gicv.size))
			p->gich.size = p->gicv.size = 0;
	}
	if (get_path(fdt, node, p->gic_path, sizeof(p->gic_path))) {
		snformat(msg, len, "the GIC's path is longer than %d characters", PLAT_PATH_MAX - 1);
		return -1;
	}
	irq = fdt_getprop(fdt, node, "interrupts", &plen);
	p->gic_maint_irq = irq && plen >= 12 ? fdt_gic_intid(irq) : 25;
	return 0;
}

/* A node's first interrupt through fdt_irq_intid, or as it always was read
 * where no interrupt-map is involved: a 3-cell specifier, else dflt. */
static int node_intid(const void *fdt, int node, int gic, unsigned int dflt, unsigned int *intid)
{
	int r = fdt_irq_intid(fdt, node, 0, gic, intid), plen;
	const fdt32_t *irq;

	if (r <= 0)
		return r;
	irq = fdt_getprop(fdt, node, "interrupts", &plen);
	*intid = irq && plen >= 12 ? fdt_gic_intid(irq) : dflt;
	return 0;
}

static int parse_uart(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int chosen = path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	int node = -1;

	if (path) {
		char buf[PLAT_PATH_MAX];
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, path, n);
		buf[n] = '\0';
		node = path_offset(fdt, buf);
	}
	if (node < 0)
		node = by_compatible(fdt, "arm,pl011");
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011")) {
		snformat(msg, len, "no PL011 console in the platform tree");
		return -1;
	}
	if (get_path(fdt, node, p->uart_path, sizeof(p->uart_path))) {
		snformat(msg, len, "the console's path is longer than %d characters", PLAT_PATH_MAX - 1);
		return -1;
	}
	if (fdt_read_reg_phys(fdt, node, 0, &p->uart.base, &p->uart.size)) {
		snformat(msg, len, "%s has no reg the CPU can reach through its buses' ranges",
			 p->uart_path);
		return -1;
	}
	if (node_intid(fdt, node, path_offset(fdt, p->gic_path), 33, &p->uart_irq)) {
		snformat(msg, len, "%s: its interrupt has no entry in its bus's interrupt-map",
			 p->uart_path);
		return -1;
	}
	return 0;
}

static void parse_timer(const void *fdt, struct platform *p)
{
	int node = by_compatible(fdt, "arm,armv8-timer");
	static const unsigned int defaults[4] = { 29, 30, 27, 26 };
	int plen = 0;
	const fdt32_t *irq = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &plen) : NULL;

	for (int i = 0; i < 4; i++)
		p->timer_irq[i] = irq && plen >= (i + 1) * 12 ? fdt_gic_intid(irq + 3 * i)
							     : defaults[i];
	p->has_generic_timer = node >= 0 ||
			       by_compatible(fdt, "arm,armv7-timer") >= 0;
}

/* The Cortex-A9 MPCore's private peripherals, at PERIPHBASE: the SCU
 * (+0), the global timer (+0x200), the GIC's CPU interface (+0x100), the
 * private timer and watchdog (+0x600), the distributor (+0x1000). Absent
 * elsewhere (sizes stay 0). */
static int parse_mpcore(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int scu = by_compatible(fdt, "arm,cortex-a9-scu");
	int twd = by_compatible(fdt, "arm,cortex-a9-twd-timer");

	if (scu >= 0) {
		if (fdt_read_reg_phys(fdt, scu, 0, &p->mpcore_scu.base, &p->mpcore_scu.size)) {
			snformat(msg, len, "the Cortex-A9 SCU node has no usable reg");
			return -1;
		}
		p->mpcore_periphbase = p->mpcore_scu.base;
		/* Linux's trees leave the global timer out (Linux uses the
		 * private timer); every Cortex-A9 MPCore has it at
		 * PERIPHBASE + 0x200, with PPI 11 (the TRM's private
		 * memory region map). */
		p->mpcore_gtimer = (struct plat_range){ p->mpcore_periphbase + 0x200, 0x20 };
		p->mpcore_gtimer_irq = 27;
	}
	if (twd >= 0) {
		if (fdt_read_reg_phys(fdt, twd, 0, &p->mpcore_twd.base, &p->mpcore_twd.size) ||
		    node_intid(fdt, twd, fdt_path_offset(fdt, p->gic_path), 29, &p->mpcore_twd_irq)) {
			snformat(msg, len, "the Cortex-A9 private timer node has no usable reg "
				 "or interrupt");
			return -1;
		}
	}
	return 0;
}

/* The Versatile Express motherboard's system registers, behind the buses'
 * ranges (0x10000000 on the V2P-CA9). */
static int parse_vexpress(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int node = by_compatible(fdt, "arm,vexpress-sysreg");

	if (node >= 0 && fdt_read_reg_phys(fdt, node, 0, &p->vexpress_sysreg.base,
					   &p->vexpress_sysreg.size)) {
		snformat(msg, len, "the vexpress system registers have no reg the CPU can reach");
		return -1;
	}
	return 0;
}

static void parse_chosen(const void *fdt, struct platform *p)
{
	int chosen = path_offset(fdt, "/chosen");
	int node, n = 0;
	const char *args;

	if (chosen < 0)
		return;
	args = fdt_getprop(fdt, chosen, "bootargs", NULL);
	if (args)
		snformat(p->bootargs, sizeof(p->bootargs), "%s", args);
	fdt_for_each_subnode(node, fdt, chosen) {
		struct boot_module m = { 0 };
		const char *ba;

		if (fdt_node_check_compatible(fdt, node, "multiboot,module") ||
		    fdt_read_reg(fdt, node, 0, &m.addr, &m.size) || n == PLAT_MAX_MODULES)
			continue;
		if (!fdt_node_check_compatible(fdt, node, "multiboot,kernel"))
			m.kind = MODULE_KERNEL;
		else if (!fdt_node_check_compatible(fdt, node, "multiboot,ramdisk"))
			m.kind = MODULE_RAMDISK;
		else
			m.kind = MODULE_OTHER;
		ba = fdt_getprop(fdt, node, "bootargs", NULL);
		if (ba)
			snformat(m.bootargs, sizeof(m.bootargs), "%s", ba);
		/* Insertion sort by address: VM order follows load address. */
		int i = n++;
		while (i > 0 && p->modules[i - 1].addr > m.addr) {
			p->modules[i] = p->modules[i - 1];
			i--;
		}
		p->modules[i] = m;
	}
	p->nmodules = (unsigned int)n;
}

int platform_parse(const void *fdt, struct platform *p, char *msg, size_t msglen)
{
	int psci;
	const char *method;

	memset(p, 0, sizeof(*p));
	if (fdt_check_header(fdt)) {
		snformat(msg, msglen, "platform device tree: bad header");
		return -1;
	}
	map_build(fdt);
	if (parse_cpus(fdt, p, msg, msglen) || parse_memory(fdt, p, msg, msglen) ||
	    parse_reserved(fdt, p, msg, msglen) ||
	    parse_gic(fdt, p, msg, msglen) || parse_uart(fdt, p, msg, msglen) ||
	    parse_mpcore(fdt, p, msg, msglen) || parse_vexpress(fdt, p, msg, msglen)) {
		map.fdt = NULL;
		return -1;
	}
	parse_timer(fdt, p);
	parse_chosen(fdt, p);
	p->has_psci = by_compatible(fdt, "arm,psci") >= 0 ||
		      by_compatible(fdt, "arm,psci-0.2") >= 0 ||
		      by_compatible(fdt, "arm,psci-1.0") >= 0;
	psci = by_compatible(fdt, "arm,psci-0.2");
	method = psci >= 0 ? fdt_getprop(fdt, psci, "method", NULL) : NULL;
	p->psci_smc = method && !strcmp(method, "smc");
	p->dt_cpus = path_offset(fdt, "/cpus");
	p->dt_chosen = path_offset(fdt, "/chosen");
	p->dt_symbols = path_offset(fdt, "/__symbols__");
	p->dt_nclocks = fdt == map.fdt ? map.nclocks : -1;
	for (int i = 0; i < p->dt_nclocks; i++)
		p->dt_clocks[i] = map.clocks[i];
	p->dt = fdt;
	map.fdt = NULL;
	return 0;
}

bool platform_is_fixed_clock(const struct platform *p, const void *fdt, int node)
{
	if (p && fdt && fdt == p->dt && p->dt_nclocks >= 0) {
		for (int i = 0; i < p->dt_nclocks; i++)
			if (p->dt_clocks[i] == node)
				return true;
		return false;
	}
	return !fdt_node_check_compatible(fdt, node, "fixed-clock");
}

int platform_top_node(const struct platform *p, const void *fdt, const char *name)
{
	char path[16];
	int off = -1;

	if (p && fdt && fdt == p->dt) {
		if (!strcmp(name, "cpus"))
			off = p->dt_cpus;
		else if (!strcmp(name, "chosen"))
			off = p->dt_chosen;
		else if (!strcmp(name, "__symbols__"))
			off = p->dt_symbols;
		else
			off = 0;   /* not kept: libfdt */
		if (off < 0)
			return off;
		/* A cheap check that the offset still names that node. */
		const char *n = off ? fdt_get_name(fdt, off, NULL) : NULL;

		if (n && !strcmp(n, name))
			return off;
	}
	snformat(path, sizeof(path), "/%s", name);
	return fdt_path_offset(fdt, path);
}

int platform_cpu_index(const struct platform *p, uint64_t mpidr)
{
	for (unsigned int i = 0; i < p->ncpus; i++)
		if (p->cpu_mpidr[i] == mpidr)
			return (int)i;
	return -1;
}

const struct boot_module *platform_module_at(const struct platform *p, uint64_t addr)
{
	for (unsigned int i = 0; i < p->nmodules; i++)
		if (p->modules[i].addr == addr)
			return &p->modules[i];
	return NULL;
}

int platform_check_hw_virt(const struct platform *p, char *msg, size_t len)
{
	if (p->gic_v1) {
		snformat(msg, len, "a Cortex-A9 MPCore (GICv1) has no virtualization extensions: "
			 "only paravirtualized guests run on it (the paravirtual path, "
			 "docs/paravirt.md); unmodified guests need a core with EL2 (QEMU: -M "
			 "virt,virtualization=on)");
		return -1;
	}
	if (p->gic_version == 2 && (!p->gich.size || !p->gicv.size)) {
		snformat(msg, len, "GICv2 node has no GICH/GICV regions: the platform lacks the "
			 "virtualization extensions (QEMU: -M virt,virtualization=on)");
		return -1;
	}
	return 0;
}
