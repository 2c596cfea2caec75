/* What the bare-metal guests (guests/test and guests/hostile) read from
 * the device tree they boot with: their bootargs, console, vCPUs, PSCI
 * conduit, GIC, RAM and the seeds Tandem gave it. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <libfdt.h>
#include <format.h>
#include "guest.h"
#include "gic.h"

bool psci_smc, uart_sbsa;
char args[1024];
struct seed rng_seed, kaslr_seed;

const char *arg_value(const char *key)
{
	size_t n = strlen(key);

	for (const char *p = args; *p; p++)
		if ((p == args || p[-1] == ' ') && !strncmp(p, key, n) &&
		    (p[n] == '=' || p[n] == ' ' || p[n] == '\0'))
			return p[n] == '=' ? p + n + 1 : p + n;
	return NULL;
}

uint64_t reg_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* Copied: the tree is just memory, which the guest may reuse. */
static void read_seed(const void *fdt, int chosen, const char *name, struct seed *out)
{
	int len = 0;
	const uint8_t *v = chosen >= 0 ? fdt_getprop(fdt, chosen, name, &len) : NULL;

	out->len = v && len > 0 ? (unsigned int)len : 0;
	if (out->len > sizeof(out->bytes))
		out->len = sizeof(out->bytes);
	if (v)
		memcpy(out->bytes, v, out->len);
}

void read_device_tree(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	int node, len;
	const char *s;
	const fdt32_t *reg;

	s = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	snformat(args, sizeof(args), "%s", s ? s : "");
	s = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;
	node = s ? fdt_path_offset(fdt, s) : -1;
	reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;
	if (node < 0) {
		/* No stdout-path (Xen 4.17's dom0less domU tree): its vpl011,
		 * an SBSA UART, is the console. */
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,sbsa-uart");
		reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;
		uart_sbsa = reg != NULL;
	}
	uart = (uintptr_t)(reg ? reg_cells(reg, 2) : 0x09000000);

	read_seed(fdt, chosen, "rng-seed", &rng_seed);
	read_seed(fdt, chosen, "kaslr-seed", &kaslr_seed);

	node = fdt_subnode_offset(fdt, 0, "cpus");
	ncpus = 0;
	for (int c = fdt_first_subnode(fdt, node); c >= 0; c = fdt_next_subnode(fdt, c)) {
		s = fdt_getprop(fdt, c, "device_type", NULL);
		if (s && !strcmp(s, "cpu"))   /* not QEMU's cpu-map */
			ncpus++;
	}
	node = fdt_path_offset(fdt, "/psci");
	s = node >= 0 ? fdt_getprop(fdt, node, "method", NULL) : NULL;
	psci_smc = s && !strcmp(s, "smc");
	gic_probe(fdt);
	for (node = fdt_next_node(fdt, -1, NULL); node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		s = fdt_getprop(fdt, node, "device_type", NULL);
		if (s && !strcmp(s, "memory")) {
			reg = fdt_getprop(fdt, node, "reg", &len);
			ram_base = reg_cells(reg, 2);
			ram_size = reg_cells(reg + 2, 2);
			break;
		}
	}
}

