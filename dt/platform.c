/* Platform device-tree parsing; see platform.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/platform.h"

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
	return fdt_read_reg_under(fdt, fdt_parent_offset(fdt, node), node, index, base, size);
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

unsigned int fdt_gic_intid(const uint32_t *cells)
{
	/* <type number flags>: type 0 is an SPI (INTID 32+n), 1 a PPI (16+n). */
	uint32_t type = fdt32_to_cpu(cells[0]);
	uint32_t num = fdt32_to_cpu(cells[1]);

	return type == 1 ? 16 + num : 32 + num;
}

static int parse_cpus(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
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
	int node;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		uint64_t base, size;

		if (!type || strcmp(type, "memory"))
			continue;
		for (int i = 0; !fdt_read_reg(fdt, node, i, &base, &size); i++) {
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

static int parse_gic(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	int plen;
	const fdt32_t *irq;

	if (node >= 0) {
		p->gic_version = 3;
		if (fdt_read_reg(fdt, node, 0, &p->gicd.base, &p->gicd.size) ||
		    fdt_read_reg(fdt, node, 1, &p->gicr.base, &p->gicr.size)) {
			snformat(msg, len, "GICv3 node has no distributor and redistributor reg");
			return -1;
		}
	} else {
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic");
		if (node < 0)
			node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-400");
		if (node < 0) {
			snformat(msg, len, "no GICv2 or GICv3 interrupt controller in the platform tree");
			return -1;
		}
		p->gic_version = 2;
		if (fdt_read_reg(fdt, node, 0, &p->gicd.base, &p->gicd.size) ||
		    fdt_read_reg(fdt, node, 1, &p->gicc.base, &p->gicc.size)) {
			snformat(msg, len, "GICv2 node has no distributor and CPU interface reg");
			return -1;
		}
		/* GICH/GICV: only on a platform with the virtualization
		 * extensions (platform_check_hw_virt). */
		if (fdt_read_reg(fdt, node, 2, &p->gich.base, &p->gich.size) ||
		    fdt_read_reg(fdt, node, 3, &p->gicv.base, &p->gicv.size))
			p->gich.size = p->gicv.size = 0;
	}
	fdt_get_path(fdt, node, p->gic_path, sizeof(p->gic_path));
	irq = fdt_getprop(fdt, node, "interrupts", &plen);
	p->gic_maint_irq = irq && plen >= 12 ? fdt_gic_intid(irq) : 25;
	return 0;
}

static int parse_uart(const void *fdt, struct platform *p, char *msg, size_t len)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	int node = -1, plen;
	const fdt32_t *irq;

	if (path) {
		char buf[PLAT_PATH_MAX];
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, path, n);
		buf[n] = '\0';
		node = fdt_path_offset(fdt, buf);
	}
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0 || fdt_node_check_compatible(fdt, node, "arm,pl011")) {
		snformat(msg, len, "no PL011 console in the platform tree");
		return -1;
	}
	fdt_get_path(fdt, node, p->uart_path, sizeof(p->uart_path));
	if (fdt_read_reg(fdt, node, 0, &p->uart.base, &p->uart.size)) {
		snformat(msg, len, "%s has no reg", p->uart_path);
		return -1;
	}
	irq = fdt_getprop(fdt, node, "interrupts", &plen);
	p->uart_irq = irq && plen >= 12 ? fdt_gic_intid(irq) : 33;
	return 0;
}

static void parse_timer(const void *fdt, struct platform *p)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	static const unsigned int defaults[4] = { 29, 30, 27, 26 };
	int plen = 0;
	const fdt32_t *irq = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &plen) : NULL;

	for (int i = 0; i < 4; i++)
		p->timer_irq[i] = irq && plen >= (i + 1) * 12 ? fdt_gic_intid(irq + 3 * i)
							     : defaults[i];
}

static void parse_chosen(const void *fdt, struct platform *p)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
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
	if (parse_cpus(fdt, p, msg, msglen) || parse_memory(fdt, p, msg, msglen) ||
	    parse_gic(fdt, p, msg, msglen) || parse_uart(fdt, p, msg, msglen))
		return -1;
	parse_timer(fdt, p);
	parse_chosen(fdt, p);
	psci = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	method = psci >= 0 ? fdt_getprop(fdt, psci, "method", NULL) : NULL;
	p->psci_smc = method && !strcmp(method, "smc");
	return 0;
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
	if (p->gic_version == 2 && (!p->gich.size || !p->gicv.size)) {
		snformat(msg, len, "GICv2 node has no GICH/GICV regions: the platform lacks the "
			 "virtualization extensions (QEMU: -M virt,virtualization=on)");
		return -1;
	}
	return 0;
}
