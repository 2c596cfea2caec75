/* Overlay parsing; see vm_config.h and docs/configuration.md. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "dt/vm_config.h"
#include "el2/arch/limits.h"

struct parse {
	const void *fdt;
	int node;
	struct vm_config *cfg;
	char *msg;
	size_t msglen;
};

static enum cfg_err fail(struct parse *ps, enum cfg_err e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum cfg_err fail(struct parse *ps, enum cfg_err e, const char *fmt, ...)
{
	va_list ap;
	int n = snformat(ps->msg, ps->msglen, "%s: %s: ", ps->cfg->source,
			 ps->cfg->node[0] ? ps->cfg->node : "/");

	if (n < 0 || (size_t)n >= ps->msglen)
		return e;
	va_start(ap, fmt);
	vsnformat(ps->msg + n, ps->msglen - (size_t)n, fmt, ap);
	va_end(ap);
	return e;
}

/* Reads an integer property of `cells` 32-bit cells; 1 if absent, -1 if malformed. */
static int get_cells(struct parse *ps, const char *name, int cells, uint64_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(ps->fdt, ps->node, name, &len);

	if (!p)
		return 1;
	if (len != cells * 4)
		return -1;
	*out = 0;
	for (int i = 0; i < cells; i++)
		*out = (*out << 32) | fdt32_to_cpu(p[i]);
	return 0;
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= VM_NAME_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static const char *const known_props[] = {
	"compatible", "cpus", "cpu-affinity", "memory", "memory-base",
	"direct-map", "kernel", "ramdisk", "vpl011", "priority", "passthrough", "phandle",
	"extra-interrupts", "on-crash", "restart-limit", "restart-window-ms", "paravirtual",
	"profiling", "flash", "flash-variables", "watchdog", "watchdog-timeout-s",
};

static enum cfg_err check_known(struct parse *ps)
{
	int off;

	fdt_for_each_property_offset(off, ps->fdt, ps->node) {
		const char *name;
		bool known = false;

		if (!fdt_getprop_by_offset(ps->fdt, off, &name, NULL))
			continue;
		for (size_t i = 0; i < sizeof(known_props) / sizeof(known_props[0]); i++)
			if (!strcmp(name, known_props[i]))
				known = true;
		if (!known)
			return fail(ps, CFG_ERR_UNKNOWN,
				    "unknown property '%s'; the tandem,vm binding is in "
				    "docs/configuration.md", name);
	}
	return CFG_OK;
}

static enum cfg_err parse_cpus(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	uint64_t v;
	int len, r = get_cells(ps, "cpus", 1, &v);
	const fdt32_t *aff;

	if (r > 0)
		return fail(ps, CFG_ERR_PROPERTY, "missing 'cpus'; add the number of vCPUs, e.g. cpus = <1>;");
	if (r < 0 || v < 1 || v > VM_MAX_VCPUS)
		return fail(ps, CFG_ERR_PROPERTY, "'cpus' must be one cell between 1 and %d",
			    VM_MAX_VCPUS);
	c->vcpus = (unsigned int)v;

	aff = fdt_getprop(ps->fdt, ps->node, "cpu-affinity", &len);
	if (!aff)
		return fail(ps, CFG_ERR_PROPERTY,
			    "missing 'cpu-affinity'; give the core (its /cpus reg) of each "
			    "of the %u vCPUs, e.g. cpu-affinity = <1>;", c->vcpus);
	if (len != (int)(4 * c->vcpus))
		return fail(ps, CFG_ERR_PROPERTY,
			    "'cpu-affinity' has %d entries but 'cpus' is %u; give one core per vCPU",
			    len / 4, c->vcpus);
	for (unsigned int i = 0; i < c->vcpus; i++)
		c->affinity[i] = fdt32_to_cpu(aff[i]);
	return CFG_OK;
}

static enum cfg_err parse_memory(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	uint64_t kib, base;
	int r = get_cells(ps, "memory", 2, &kib);

	if (r > 0)
		return fail(ps, CFG_ERR_PROPERTY,
			    "missing 'memory'; give the RAM size in KiB as two cells, "
			    "e.g. memory = <0 0x10000>; for 64 MiB");
	if (r < 0)
		return fail(ps, CFG_ERR_PROPERTY, "'memory' must be two cells (a 64-bit size in KiB)");
	if (!kib || kib % 4 || kib > VM_MAX_RAM / 1024)
		return fail(ps, CFG_ERR_PROPERTY,
			    "'memory' is %llu KiB; it must be a non-zero multiple of 4 KiB "
			    "and at most %llu KiB", (unsigned long long)kib,
			    (unsigned long long)(VM_MAX_RAM / 1024));
	c->mem_size = kib * 1024;

	r = get_cells(ps, "memory-base", 2, &base);
	if (r < 0)
		return fail(ps, CFG_ERR_PROPERTY, "'memory-base' must be two cells (a 64-bit address)");
	c->mem_base_set = r == 0;
	c->mem_base = r == 0 ? base : VM_DEFAULT_RAM_BASE;
	if (c->mem_base & 0xfff)
		return fail(ps, CFG_ERR_PROPERTY,
			    "'memory-base' 0x%llx is not aligned to 4 KiB; use a multiple of 0x1000 "
			    "(2 MiB alignment lets Tandem use block mappings)",
			    (unsigned long long)c->mem_base);
	if (c->mem_base + c->mem_size < c->mem_base || c->mem_base + c->mem_size > (1ull << ARCH_IPA_BITS))
		return fail(ps, CFG_ERR_PROPERTY,
			    "RAM at 0x%llx of %llu KiB ends beyond the %u-bit guest-physical space",
			    (unsigned long long)c->mem_base, (unsigned long long)kib, ARCH_IPA_BITS);
	c->direct_map = fdt_getprop(ps->fdt, ps->node, "direct-map", NULL) != NULL;
	return CFG_OK;
}

/* flash = <base(2) size(2)>;  flash-variables = <base(2) size(2)>;
 * Guest-physical banks of an emulated CFI flash in whole erase blocks. */
static enum cfg_err parse_bank(struct parse *ps, const char *name, bool *has, uint64_t *base,
			       uint64_t *size)
{
	int len;
	const fdt32_t *p = fdt_getprop(ps->fdt, ps->node, name, &len);

	*has = p != NULL;
	if (!p)
		return CFG_OK;
	if (len != 16)
		return fail(ps, CFG_ERR_PROPERTY, "'%s' must be <address size> in two cells each, "
			    "e.g. %s = <0x0 0x0 0x0 0x4000000>;", name, name);
	*base = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
	*size = ((uint64_t)fdt32_to_cpu(p[2]) << 32) | fdt32_to_cpu(p[3]);
	if (!*size || *size > VM_FLASH_MAX || (*size | *base) % VM_FLASH_BLOCK)
		return fail(ps, CFG_ERR_PROPERTY, "'%s' at 0x%llx of 0x%llx bytes: base and size must "
			    "be multiples of the flash's 256 KiB erase block, the size at most 64 MiB, "
			    "e.g. %s = <0x0 0x0 0x0 0x200000>;", name, (unsigned long long)*base,
			    (unsigned long long)*size, name);
	if (*base + *size > (1ull << ARCH_IPA_BITS))
		return fail(ps, CFG_ERR_PROPERTY, "'%s' at 0x%llx ends beyond the %u-bit guest-physical "
			    "space", name, (unsigned long long)*base, ARCH_IPA_BITS);
	return CFG_OK;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* The firmware layout, on its own: the banks apart from each other and from
 * the VM's RAM, and nothing that only a kernel payload uses. */
static enum cfg_err parse_flash(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	enum cfg_err e;

	if ((e = parse_bank(ps, "flash", &c->has_flash, &c->flash_base, &c->flash_size)) ||
	    (e = parse_bank(ps, "flash-variables", &c->has_flash_vars, &c->vars_base,
			    &c->vars_size)))
		return e;
	if (c->has_flash_vars && !c->has_flash)
		return fail(ps, CFG_ERR_PROPERTY, "'flash-variables' without 'flash'; a variable "
			    "store belongs to firmware in flash: add flash = <...>;");
	if (!c->has_flash)
		return CFG_OK;
	if (c->has_flash_vars &&
	    ranges_overlap(c->flash_base, c->flash_size, c->vars_base, c->vars_size))
		return fail(ps, CFG_ERR_PROPERTY, "'flash' 0x%llx-0x%llx and 'flash-variables' "
			    "0x%llx-0x%llx overlap; put the variable store after the code, e.g. at "
			    "0x%llx", (unsigned long long)c->flash_base,
			    (unsigned long long)(c->flash_base + c->flash_size - 1),
			    (unsigned long long)c->vars_base,
			    (unsigned long long)(c->vars_base + c->vars_size - 1),
			    (unsigned long long)(c->flash_base + c->flash_size));
	for (int i = 0; i < 1 + c->has_flash_vars; i++) {
		uint64_t b = i ? c->vars_base : c->flash_base, sz = i ? c->vars_size : c->flash_size;

		if (ranges_overlap(b, sz, c->mem_base, c->mem_size))
			return fail(ps, CFG_ERR_PROPERTY, "'%s' 0x%llx-0x%llx overlaps the VM's RAM "
				    "0x%llx-0x%llx; firmware expects flash below RAM (QEMU virt: "
				    "flash at 0x0, RAM at 0x40000000)", i ? "flash-variables" : "flash",
				    (unsigned long long)b, (unsigned long long)(b + sz - 1),
				    (unsigned long long)c->mem_base,
				    (unsigned long long)(c->mem_base + c->mem_size - 1));
	}
	if (c->has_ramdisk)
		return fail(ps, CFG_ERR_PROPERTY, "'ramdisk' with 'flash': firmware loads its own "
			    "kernel and ramdisk (from a disk the VM owns); drop 'ramdisk'");
	if (c->paravirtual)
		return fail(ps, CFG_ERR_PROPERTY, "'flash' on a 'paravirtual' VM: firmware runs "
			    "unmodified, on the hardware path only; drop one of them");
	return CFG_OK;
}

/* watchdog = <base(2) spi>;  an SBSA generic watchdog: its control frame at
 * base, its refresh frame at base + 0x1000, WS0 as GIC SPI `spi` (level).
 * watchdog-timeout-s = <N>;  optional: the guest tree's timeout-sec. */
static enum cfg_err parse_watchdog(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	int len, r;
	const fdt32_t *p = fdt_getprop(ps->fdt, ps->node, "watchdog", &len);
	uint64_t t = 0;

	r = get_cells(ps, "watchdog-timeout-s", 1, &t);
	if (!p && r == 0)
		return fail(ps, CFG_ERR_PROPERTY, "'watchdog-timeout-s' without 'watchdog'; add "
			    "watchdog = <0x0 0x0a010000 0x30>; (its frames' address, its SPI)");
	if (!p)
		return CFG_OK;
	if (len != 12)
		return fail(ps, CFG_ERR_PROPERTY, "'watchdog' must be <address spi>: a 64-bit address "
			    "in two cells and a GIC SPI number, e.g. watchdog = <0x0 0x0a010000 0x30>;");
	c->has_watchdog = true;
	c->wdog_base = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
	if ((c->wdog_base & 0xfff) || c->wdog_base + VM_WDOG_SIZE > (1ull << ARCH_IPA_BITS))
		return fail(ps, CFG_ERR_PROPERTY, "'watchdog' at 0x%llx: its two 4 KiB frames must "
			    "start on a 4 KiB boundary and end within the %u-bit guest-physical space",
			    (unsigned long long)c->wdog_base, ARCH_IPA_BITS);
	if (fdt32_to_cpu(p[2]) > 987)
		return fail(ps, CFG_ERR_PROPERTY, "'watchdog' interrupt %u is not a GIC SPI number "
			    "(0 to 987); e.g. watchdog = <0x0 0x0a010000 0x30>; for SPI 48",
			    fdt32_to_cpu(p[2]));
	c->wdog_intid = 32 + fdt32_to_cpu(p[2]);
	if (r < 0 || (r == 0 && (t < 1 || t > VM_WDOG_TIMEOUT_MAX)))
		return fail(ps, CFG_ERR_PROPERTY, "'watchdog-timeout-s' must be one cell from 1 to %u "
			    "(seconds), e.g. watchdog-timeout-s = <30>;", VM_WDOG_TIMEOUT_MAX);
	c->wdog_timeout_s = r == 0 ? (unsigned int)t : 0;
	if (c->paravirtual)
		return fail(ps, CFG_ERR_PROPERTY, "'watchdog' on a 'paravirtual' VM: the watchdog "
			    "is an emulated device, on the hardware path only; drop one of them");
	return CFG_OK;
}

static enum cfg_err parse_priority(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	uint64_t prio;
	int r = get_cells(ps, "priority", 1, &prio);

	if (r < 0 || (r == 0 && prio > VM_PRIORITY_MAX))
		return fail(ps, CFG_ERR_PROPERTY,
			    "'priority' must be one cell from 0 to %d (higher runs first), "
			    "e.g. priority = <200>;", VM_PRIORITY_MAX);
	c->has_priority = r == 0;
	c->priority = r == 0 ? (unsigned int)prio : 0;
	return CFG_OK;
}

/* passthrough = "/pl031@9010000", "rtc0";  a string list: each a path, an
 * alias or a label of the platform's tree (resolved by dt/passthrough.c). */
static enum cfg_err parse_passthrough(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	int len;
	const char *p = fdt_getprop(ps->fdt, ps->node, "passthrough", &len);
	const char *end;

	if (!p)
		return CFG_OK;
	end = p + len;
	if (len == 0 || p[len - 1] != '\0')
		return fail(ps, CFG_ERR_PROPERTY, "'passthrough' must be a list of strings, each a "
			    "path, alias or label of the platform's device tree, e.g. "
			    "passthrough = \"/pl031@9010000\";");
	for (; p < end; p += strlen(p) + 1) {
		if (!*p || strlen(p) >= VM_DEVICE_REF_MAX)
			return fail(ps, CFG_ERR_PROPERTY, "'passthrough' entry %u is %s; give a path, "
				    "alias or label of at most %d characters", c->ndevices,
				    *p ? "too long" : "empty", VM_DEVICE_REF_MAX - 1);
		if (c->ndevices == VM_MAX_DEVICES)
			return fail(ps, CFG_ERR_PROPERTY, "'passthrough' names more than %d devices",
				    VM_MAX_DEVICES);
		for (unsigned int i = 0; i < c->ndevices; i++)
			if (!strcmp(c->devices[i], p))
				return fail(ps, CFG_ERR_PROPERTY, "'passthrough' names '%s' twice", p);
		snformat(c->devices[c->ndevices++], VM_DEVICE_REF_MAX, "%s", p);
	}
	return CFG_OK;
}

/* A tandem,channel child node:
 *	link {
 *		compatible = "tandem,channel";
 *		peer = "rtos";
 *		reg = <0x0 0xa000000 0x0 0x1000>;   guest-physical, 4 KiB
 *		interrupts = <0x0 0x40 0x1>;        GIC SPI 64, edge
 *		virtio-console;                     optional
 *	}; */
static enum cfg_err parse_channel(struct parse *ps, int node)
{
	struct vm_config *c = ps->cfg;
	struct vm_channel *ch;
	const char *name = fdt_get_name(ps->fdt, node, NULL), *peer;
	const fdt32_t *reg, *irq;
	int len, peer_len, prop;

	if (c->nchannels == VM_MAX_CHANNELS)
		return fail(ps, CFG_ERR_PROPERTY, "more than %d channels", VM_MAX_CHANNELS);
	ch = &c->channels[c->nchannels];
	if (!name || !valid_name(name))
		return fail(ps, CFG_ERR_PROPERTY, "a channel's node name must be 1-%d letters, digits, "
			    "'-' or '_'; it names the channel in both VMs", VM_NAME_MAX - 1);
	for (unsigned int i = 0; i < c->nchannels; i++)
		if (!strcmp(c->channels[i].name, name))
			return fail(ps, CFG_ERR_PROPERTY, "two channels named '%s'", name);
	snformat(ch->name, sizeof(ch->name), "%s", name);
	fdt_for_each_property_offset(prop, ps->fdt, node) {
		const char *pn;
		static const char *const known[] = { "compatible", "peer", "reg", "interrupts",
						     "virtio-console", "phandle" };
		bool ok = false;

		fdt_getprop_by_offset(ps->fdt, prop, &pn, NULL);
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			ok |= pn && !strcmp(pn, known[i]);
		if (!ok)
			return fail(ps, CFG_ERR_UNKNOWN, "channel '%s': unknown property '%s'; the "
				    "tandem,channel binding is in docs/channels.md", name, pn ? pn : "?");
	}
	peer = fdt_getprop(ps->fdt, node, "peer", &peer_len);
	if (!peer || peer_len < 2 || peer[peer_len - 1] || !valid_name(peer))
		return fail(ps, CFG_ERR_PROPERTY, "channel '%s': 'peer' must name the other VM, "
			    "e.g. peer = \"rtos\";", name);
	if (!strcmp(peer, c->name))
		return fail(ps, CFG_ERR_PROPERTY, "channel '%s': a VM cannot be its own peer", name);
	snformat(ch->peer, sizeof(ch->peer), "%s", peer);
	reg = fdt_getprop(ps->fdt, node, "reg", &len);
	if (!reg || len != 16)
		return fail(ps, CFG_ERR_PROPERTY, "channel '%s': 'reg' must be <address size> in two "
			    "cells each, e.g. reg = <0x0 0xa000000 0x0 0x1000>;", name);
	ch->base = ((uint64_t)fdt32_to_cpu(reg[0]) << 32) | fdt32_to_cpu(reg[1]);
	ch->size = ((uint64_t)fdt32_to_cpu(reg[2]) << 32) | fdt32_to_cpu(reg[3]);
	if (ch->size != 0x1000 || (ch->base & 0xfff))
		return fail(ps, CFG_ERR_PROPERTY, "channel '%s': 'reg' must be one 4 KiB page, "
			    "aligned (base 0x%llx, size 0x%llx)", name, (unsigned long long)ch->base,
			    (unsigned long long)ch->size);
	irq = fdt_getprop(ps->fdt, node, "interrupts", &len);
	if (!irq || len != 12 || fdt32_to_cpu(irq[0]) != 0 || fdt32_to_cpu(irq[1]) > 987)
		return fail(ps, CFG_ERR_PROPERTY, "channel '%s': 'interrupts' must be one GIC SPI, "
			    "e.g. interrupts = <0x0 0x40 0x1>; (SPI 64, edge)", name);
	ch->intid = 32 + fdt32_to_cpu(irq[1]);
	ch->virtio = fdt_getprop(ps->fdt, node, "virtio-console", NULL) != NULL;
	/* The flags are what Tandem delivers, not a choice: a virtio-console
	 * end interrupts as a virtio-mmio device does (level, cleared by the
	 * guest's acknowledge), shared rings ring an edge. Anything else would
	 * be ignored, so it is refused. */
	if (fdt32_to_cpu(irq[2]) != (ch->virtio ? 4u : 1u))
		return fail(ps, CFG_ERR_PROPERTY, "channel '%s': interrupt flags 0x%x, but a %s "
			    "channel's doorbell is %s; write interrupts = <0x0 0x%x 0x%x>;", name,
			    fdt32_to_cpu(irq[2]), ch->virtio ? "virtio-console" : "shared-ring",
			    ch->virtio ? "level-high (4)" : "an edge (rising, 1)",
			    fdt32_to_cpu(irq[1]), ch->virtio ? 4u : 1u);
	c->nchannels++;
	return CFG_OK;
}

static enum cfg_err parse_channels(struct parse *ps)
{
	int child;
	enum cfg_err e;

	fdt_for_each_subnode(child, ps->fdt, ps->node) {
		if (fdt_node_check_compatible(ps->fdt, child, "tandem,channel"))
			return fail(ps, CFG_ERR_UNKNOWN, "unknown child node '%s'; a VM node's children "
				    "are channels (compatible = \"tandem,channel\")",
				    fdt_get_name(ps->fdt, child, NULL));
		if ((e = parse_channel(ps, child)))
			return e;
	}
	return CFG_OK;
}

/* extra-interrupts = <0 N flags>, ...;  GIC SPIs, for a VM whose device
 * Tandem does not describe (its own driver knows the line). */
static enum cfg_err parse_extra_irqs(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	int len;
	const fdt32_t *p = fdt_getprop(ps->fdt, ps->node, "extra-interrupts", &len);

	if (!p)
		return CFG_OK;
	if (len == 0 || len % 12 || len / 12 > VM_MAX_EXTRA_IRQS)
		return fail(ps, CFG_ERR_PROPERTY, "'extra-interrupts' must be 1 to %d GIC specifiers of "
			    "three cells, e.g. extra-interrupts = <0x0 0x7 0x4>;", VM_MAX_EXTRA_IRQS);
	for (int i = 0; i < len / 12; i++) {
		uint32_t type = fdt32_to_cpu(p[3 * i]), num = fdt32_to_cpu(p[3 * i + 1]);

		if (type != 0 || num > 987)
			return fail(ps, CFG_ERR_PROPERTY, "'extra-interrupts' entry %d is not a shared "
				    "peripheral interrupt (SPI); only SPIs can be given to a VM", i);
		for (unsigned int j = 0; j < c->nextra_irqs; j++)
			if (c->extra_irqs[j] == 32 + num)
				return fail(ps, CFG_ERR_PROPERTY, "'extra-interrupts' names SPI %u twice", num);
		c->extra_irqs[c->nextra_irqs++] = 32 + num;
	}
	return CFG_OK;
}

/* on-crash = "stop" | "restart";  what a fault does.
 * restart-limit = <N>; restart-window-ms = <W>;  at most N restarts of any
 * kind (crash or guest SYSTEM_RESET) within any W ms, so that a guest
 * looping on reset cannot make Tandem restart it without bound. */
static enum cfg_err parse_restart(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	int len;
	const char *s = fdt_getprop(ps->fdt, ps->node, "on-crash", &len);
	uint64_t limit, window;
	int r;

	if (s && (len < 1 || s[len - 1] || (strcmp(s, "stop") && strcmp(s, "restart"))))
		return fail(ps, CFG_ERR_PROPERTY, "'on-crash' must be \"stop\" or \"restart\"");
	c->restart_on_crash = s && !strcmp(s, "restart");
	r = get_cells(ps, "restart-limit", 1, &limit);
	if (r < 0 || (r == 0 && (limit < 1 || limit > 1000)))
		return fail(ps, CFG_ERR_PROPERTY, "'restart-limit' must be one cell from 1 to 1000, "
			    "e.g. restart-limit = <3>;");
	c->restart_limit = r == 0 ? (unsigned int)limit : VM_DEFAULT_RESTART_LIMIT;
	r = get_cells(ps, "restart-window-ms", 1, &window);
	if (r < 0 || (r == 0 && (window < 1 || window > VM_MAX_RESTART_WINDOW_MS)))
		return fail(ps, CFG_ERR_PROPERTY, "'restart-window-ms' must be one cell from 1 to %u "
			    "(milliseconds), e.g. restart-window-ms = <10000>;",
			    VM_MAX_RESTART_WINDOW_MS);
	c->restart_window_ms = r == 0 ? (uint32_t)window : VM_DEFAULT_RESTART_WINDOW_MS;
	return CFG_OK;
}

static enum cfg_err parse_vm_node(struct parse *ps)
{
	struct vm_config *c = ps->cfg;
	const char *name = fdt_get_name(ps->fdt, ps->node, NULL);
	enum cfg_err e;
	int r;

	if (!name || !valid_name(name))
		return fail(ps, CFG_ERR_PROPERTY,
			    "VM node name must be 1-%d letters, digits, '-' or '_'; "
			    "it becomes the VM's name", VM_NAME_MAX - 1);
	snformat(c->name, sizeof(c->name), "%s", name);
	if ((e = check_known(ps)) || (e = parse_cpus(ps)) || (e = parse_memory(ps)))
		return e;
	r = get_cells(ps, "kernel", 2, &c->kernel_addr);
	if (r > 0)
		return fail(ps, CFG_ERR_PROPERTY,
			    "missing 'kernel'; give the load address of the VM's payload "
			    "boot module as two cells, e.g. kernel = <0 0x7c000000>;");
	if (r < 0)
		return fail(ps, CFG_ERR_PROPERTY, "'kernel' must be two cells (a 64-bit address)");
	r = get_cells(ps, "ramdisk", 2, &c->ramdisk_addr);
	if (r < 0)
		return fail(ps, CFG_ERR_PROPERTY, "'ramdisk' must be two cells (a 64-bit address)");
	c->has_ramdisk = r == 0;
	c->vpl011 = fdt_getprop(ps->fdt, ps->node, "vpl011", NULL) != NULL;
	c->paravirtual = fdt_getprop(ps->fdt, ps->node, "paravirtual", NULL) != NULL;
	c->profiling = fdt_getprop(ps->fdt, ps->node, "profiling", NULL) != NULL;
	if ((e = parse_passthrough(ps)) || (e = parse_channels(ps)) ||
	    (e = parse_extra_irqs(ps)) || (e = parse_restart(ps)) || (e = parse_flash(ps)) ||
	    (e = parse_watchdog(ps)))
		return e;
	return parse_priority(ps);
}

/* Finds the tandem,vm node inside the fragments and records its path as it
 * will appear in the guest tree (fragment target + path below __overlay__). */
static enum cfg_err find_vm_node(struct parse *ps)
{
	int frag, found = -1, fragments = 0;

	fdt_for_each_subnode(frag, ps->fdt, 0) {
		int ov = fdt_subnode_offset(ps->fdt, frag, "__overlay__");
		int depth = 0, node;
		const char *target = fdt_getprop(ps->fdt, frag, "target-path", NULL);

		if (ov < 0)
			continue;
		fragments++;
		for (node = fdt_next_node(ps->fdt, ov, &depth); node >= 0 && depth > 0;
		     node = fdt_next_node(ps->fdt, node, &depth)) {
			if (fdt_node_check_compatible(ps->fdt, node, "tandem,vm"))
				continue;
			/* Room for the "/fragment@N/__overlay__" prefix too. */
			char full[2 * VM_NODE_MAX], ovpath[2 * VM_NODE_MAX];

			/* The path first, so a second VM node's message names it. A
			 * path that does not fit is refused: guest_dt_build() finds
			 * the node by it (and would delete the wrong node). */
			if (fdt_get_path(ps->fdt, node, full, sizeof(full)) ||
			    fdt_get_path(ps->fdt, ov, ovpath, sizeof(ovpath)) ||
			    snformat(ps->cfg->node, sizeof(ps->cfg->node), "%s%s",
				     target && strcmp(target, "/") ? target : "",
				     full + strlen(ovpath)) >= (int)sizeof(ps->cfg->node)) {
				snformat(ps->cfg->node, sizeof(ps->cfg->node), "%s",
					 target ? target : "/");
				return fail(ps, CFG_ERR_PROPERTY,
					    "the path of the tandem,vm node is longer than %d "
					    "characters; move the node nearer the fragment's target",
					    VM_NODE_MAX - 1);
			}
			if (found >= 0) {
				ps->node = node;
				return fail(ps, CFG_ERR_TWO_VMS,
					    "a second node with compatible \"tandem,vm\"; "
					    "describe one VM per overlay");
			}
			found = node;
		}
	}
	if (!fragments)
		return fail(ps, CFG_ERR_NOT_OVERLAY,
			    "not an overlay (no fragment with __overlay__); write a /plugin/ "
			    "source and compile it with dtc -@");
	if (found < 0)
		return fail(ps, CFG_ERR_NO_VM,
			    "no node with compatible \"tandem,vm\"; add one that describes the VM");
	ps->node = found;
	return CFG_OK;
}

enum cfg_err vm_config_parse(const void *overlay, size_t size, const char *source,
			     struct vm_config *cfg, char *msg, size_t msglen)
{
	struct parse ps = { overlay, 0, cfg, msg, msglen };
	int err;

	memset(cfg, 0, sizeof(*cfg));
	snformat(cfg->source, sizeof(cfg->source), "%s", source);
	if (size < sizeof(struct fdt_header) || fdt_magic(overlay) != FDT_MAGIC)
		return fail(&ps, CFG_ERR_BLOB, "not a device-tree blob (bad magic); "
			    "compile the overlay with dtc -@ -I dts -O dtb");
	if (fdt_totalsize(overlay) > size)
		return fail(&ps, CFG_ERR_BLOB, "truncated: header says %u bytes, only %zu present",
			    fdt_totalsize(overlay), size);
	/* Before libfdt's own check: libfdt 1.6.1's fdt_check_full() reads
	 * through a NULL pointer on some pre-v17 headers (found by fuzzing,
	 * tests/fuzz). dtc has written version 17 for twenty years. */
	if (fdt_version(overlay) < 17 || fdt_last_comp_version(overlay) > 17)
		return fail(&ps, CFG_ERR_BLOB, "device-tree format version %u (compatible with %u); "
			    "Tandem reads version 17: recompile the overlay with dtc",
			    fdt_version(overlay), fdt_last_comp_version(overlay));
	err = fdt_check_full(overlay, size);
	if (err)
		return fail(&ps, CFG_ERR_BLOB, "malformed device-tree blob (libfdt: %s); "
			    "recompile it with dtc", fdt_strerror(err));
	enum cfg_err e = find_vm_node(&ps);
	if (e)
		return e;
	return parse_vm_node(&ps);
}
