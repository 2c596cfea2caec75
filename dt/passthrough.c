/* Pass-through device resolution; see passthrough.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/passthrough.h"

int pt_lookup(const void *fdt, const char *ref)
{
	int symbols;
	const char *path;

	if (ref[0] == '/')
		return fdt_path_offset(fdt, ref);
	if (fdt_get_alias(fdt, ref))
		return fdt_path_offset(fdt, ref);   /* libfdt expands the alias */
	symbols = fdt_path_offset(fdt, "/__symbols__");
	path = symbols >= 0 ? fdt_getprop(fdt, symbols, ref, NULL) : NULL;
	return path ? fdt_path_offset(fdt, path) : -FDT_ERR_NOTFOUND;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Nodes Tandem keeps for itself or builds for every VM. */
static const char *kept_by_tandem(const void *fdt, int node, const struct platform *p,
				  const char *path)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	if (!strcmp(path, p->gic_path) || !strncmp(path, p->gic_path, strlen(p->gic_path)) ||
	    !fdt_node_check_compatible(fdt, node, "arm,gic-v3-its"))
		return "the interrupt controller, which Tandem keeps (each VM gets a virtual one)";
	if (!strcmp(path, p->uart_path))
		return "the console UART, which Tandem keeps (give the VM 'vpl011' instead)";
	if (!strncmp(path, "/cpus", 5) || (type && !strcmp(type, "cpu")))
		return "a core; give cores with 'cpus' and 'cpu-affinity'";
	if (type && !strcmp(type, "memory"))
		return "RAM; give RAM with 'memory'";
	if (!strcmp(name, "psci") || !strcmp(name, "timer") || !strcmp(name, "chosen") ||
	    !strcmp(name, "aliases") || !strcmp(name, "__symbols__"))
		return "a node Tandem builds for every VM itself";
	return NULL;
}

static int refuse(char *why, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnformat(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int read_irqs(const void *fdt, int node, const struct platform *p, struct pt_device *d,
		     char *why, size_t len)
{
	int n, parent_len;
	const fdt32_t *cells = fdt_getprop(fdt, node, "interrupts", &n);
	const fdt32_t *parent = NULL;
	int gic = fdt_path_offset(fdt, p->gic_path);

	if (fdt_getprop(fdt, node, "interrupts-extended", NULL))
		return refuse(why, len, "it uses 'interrupts-extended', which Tandem cannot route "
			      "yet; describe its interrupts with 'interrupts' on the GIC");
	if (!cells)
		return 0;
	/* The interrupt parent: the node's own, or the nearest ancestor's. */
	for (int at = node; at >= 0 && !parent; at = fdt_parent_offset(fdt, at))
		parent = fdt_getprop(fdt, at, "interrupt-parent", &parent_len);
	if (!parent || parent_len != 4 || fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*parent)) != gic)
		return refuse(why, len, "its interrupts go to a controller other than the GIC; "
			      "Tandem routes GIC interrupts only");
	if (n % 12)
		return refuse(why, len, "its 'interrupts' are not 3-cell GIC specifiers");
	for (int i = 0; i < n / 12; i++) {
		uint32_t type = fdt32_to_cpu(cells[3 * i]);

		if (type != 0)
			return refuse(why, len, "interrupt %d is a per-core interrupt (PPI); only "
				      "shared peripheral interrupts (SPIs) can be given to a VM", i);
		if (d->nirqs == PT_MAX_IRQS)
			return refuse(why, len, "it has more than %d interrupts", PT_MAX_IRQS);
		d->intids[d->nirqs++] = fdt_gic_intid((const uint32_t *)&cells[3 * i]);
	}
	return 0;
}

int pt_resolve(const void *fdt, const struct platform *p, const char *ref,
	       struct pt_device *d, char *why, size_t len)
{
	int node = pt_lookup(fdt, ref);
	const char *status, *owner;
	const struct plat_range *tandem[] = { &p->gicd, &p->gicr, &p->gicc, &p->gich,
					      &p->gicv, &p->uart };

	memset(d, 0, sizeof(*d));
	if (node < 0)
		return refuse(why, len, "no node, alias or label '%s' in the platform's device "
			      "tree; name a device by its path (e.g. /pl031@9010000), an alias "
			      "or a label", ref);
	if (fdt_get_path(fdt, node, d->path, sizeof(d->path)))
		return refuse(why, len, "the path of '%s' is longer than %d characters", ref,
			      PT_PATH_MAX - 1);
	if ((owner = kept_by_tandem(fdt, node, p, d->path)))
		return refuse(why, len, "%s is %s", d->path, owner);
	if (fdt_parent_offset(fdt, node) != 0)
		return refuse(why, len, "%s is not at the root of the platform tree; Tandem passes "
			      "through only top-level devices (no bus translation yet)", d->path);
	status = fdt_getprop(fdt, node, "status", NULL);
	if (status && strcmp(status, "okay") && strcmp(status, "ok"))
		return refuse(why, len, "%s is disabled in the platform tree (status \"%s\")",
			      d->path, status);
	for (int i = 0; i < PT_MAX_REGS + 1; i++) {
		uint64_t base, size;

		if (fdt_read_reg(fdt, node, i, &base, &size))
			break;
		if (i == PT_MAX_REGS)
			return refuse(why, len, "%s has more than %d register ranges", d->path,
				      PT_MAX_REGS);
		if (!size)
			return refuse(why, len, "%s has an empty register range", d->path);
		d->regs[i] = (struct plat_range){ base, size };
		d->pages[i].base = base & ~0xfffull;
		d->pages[i].size = ((base + size + 0xfff) & ~0xfffull) - d->pages[i].base;
		for (unsigned int t = 0; t < sizeof(tandem) / sizeof(tandem[0]); t++)
			if (tandem[t]->size && overlaps(d->pages[i].base, d->pages[i].size,
							tandem[t]->base, tandem[t]->size))
				return refuse(why, len, "%s shares a 4 KiB page with a device Tandem "
					      "keeps (0x%llx), and pass-through works per page", d->path,
					      (unsigned long long)tandem[t]->base);
		d->nregs++;
	}
	if (!d->nregs)
		return refuse(why, len, "%s has no 'reg': nothing to map", d->path);
	if (read_irqs(fdt, node, p, d, why, len))
		return -1;
	d->dma = fdt_getprop(fdt, node, "dma-coherent", NULL) ||
		 !fdt_node_check_compatible(fdt, node, "virtio,mmio");
	return 0;
}
