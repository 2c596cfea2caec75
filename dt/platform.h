/* What Tandem learns about the machine from the platform device tree: cores,
 * RAM, the GIC, the console UART, the timer and the boot modules a bootloader
 * (or QEMU's guest-loader) placed in memory. Parsed with libfdt; runs at EL2
 * and, for the configuration checker, on the host. */
#ifndef TANDEM_PLATFORM_H
#define TANDEM_PLATFORM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLAT_MAX_CPUS    8
#define PLAT_MAX_RAM     8
#define PLAT_MAX_MODULES 32
#define PLAT_MAX_RESERVED 16
#define PLAT_MAX_CLOCKS  8
#define PLAT_PATH_MAX    128   /* vexpress's UART path is 66 characters */

enum module_kind { MODULE_KERNEL, MODULE_RAMDISK, MODULE_OTHER };

struct boot_module {
	uint64_t addr, size;
	enum module_kind kind;
	char bootargs[128];
};

struct plat_range {
	uint64_t base, size;
};

struct platform {
	unsigned int ncpus;
	uint64_t cpu_mpidr[PLAT_MAX_CPUS];   /* the reg of each /cpus/cpu node */
	unsigned int nram;
	struct plat_range ram[PLAT_MAX_RAM];
	/* What the firmware keeps for itself (TF-A, OP-TEE, a frame buffer):
	 * the tree's /memreserve/ entries and every /reserved-memory child
	 * with a reg. No VM is given any of it (dt/plan.c). */
	unsigned int nreserved;
	struct plat_range reserved[PLAT_MAX_RESERVED];

	unsigned int gic_version;            /* 2 or 3 */
	bool gic_v1;                         /* arm,cortex-a9-gic: the Cortex-A9 MPCore's GICv1,
					      * programmed as a GICv2 (gic_version 2) without
					      * GICH/GICV */
	struct plat_range gicd, gicr;        /* v3: distributor, redistributors */
	struct plat_range gicc, gich, gicv;  /* v2: CPU, hypervisor and virtual CPU interfaces */
	unsigned int gic_maint_irq;          /* maintenance interrupt (INTID) */
	char gic_path[PLAT_PATH_MAX];

	struct plat_range uart;              /* the PL011 behind stdout-path */
	unsigned int uart_irq;               /* INTID */
	char uart_path[PLAT_PATH_MAX];

	unsigned int timer_irq[4];           /* secure phys, phys, virt, hyp (INTIDs) */
	bool has_generic_timer;              /* an arm,armv7-timer or arm,armv8-timer node */

	/* The Cortex-A9 MPCore's private peripherals (all sizes 0 elsewhere).
	 * PERIPHBASE is the SCU's base; the global timer is not in Linux's
	 * trees, so it is derived from PERIPHBASE (see platform.c). */
	uint64_t mpcore_periphbase;          /* arm,cortex-a9-scu reg */
	struct plat_range mpcore_scu;
	struct plat_range mpcore_twd;        /* arm,cortex-a9-twd-timer: the private timer */
	unsigned int mpcore_twd_irq;         /* its INTID (PPI 13: 29) */
	struct plat_range mpcore_gtimer;     /* the global timer: PERIPHBASE + 0x200 */
	unsigned int mpcore_gtimer_irq;      /* its INTID (PPI 11: 27) */

	/* The Versatile Express motherboard's system registers
	 * (arm,vexpress-sysreg): SYS_FLAGS (+0x30) releases secondary cores,
	 * SYS_CFGCTRL (+0xa4) powers off. Size 0 elsewhere. */
	struct plat_range vexpress_sysreg;

	bool has_psci;                       /* an arm,psci, arm,psci-0.2 or -1.0 node */
	bool psci_smc;                       /* conduit Tandem uses for firmware */

	unsigned int nmodules;
	struct boot_module modules[PLAT_MAX_MODULES];  /* sorted by address */

	/* The tree platform_parse read and the offsets there of its top-level
	 * /cpus, /chosen and /__symbols__ (negative: absent); libfdt's
	 * fdt_path_offset walks the tree from its start at each call.
	 * platform_top_node() answers from them. */
	const void *dt;
	int dt_cpus, dt_chosen, dt_symbols;
	/* Its top-level nodes compatible with "fixed-clock" (dt_nclocks < 0:
	 * more than PLAT_MAX_CLOCKS, or no map; platform_is_fixed_clock()). */
	int dt_nclocks;
	int dt_clocks[PLAT_MAX_CLOCKS];

	char bootargs[128];                  /* /chosen/bootargs, Tandem's own options */
};

/* Parses the platform tree; on failure writes a message and returns -1. */
int platform_parse(const void *fdt, struct platform *p, char *msg, size_t msglen);
/* What the hardware-assisted path needs beyond that (a GICv2's GICH and
 * GICV); -1 with a message if the platform lacks it. */
int platform_check_hw_virt(const struct platform *p, char *msg, size_t msglen);

/* Index of the core whose MPIDR affinity is mpidr, or -1. */
int platform_cpu_index(const struct platform *p, uint64_t mpidr);

/* The boot module loaded at addr, or NULL. */
const struct boot_module *platform_module_at(const struct platform *p, uint64_t addr);

/* fdt_path_offset(fdt, "/" name) for name "cpus", "chosen" or
 * "__symbols__": from p's offsets when fdt is the tree p was parsed from
 * (p->dt, never changed in its structure since), else from libfdt. */
int platform_top_node(const struct platform *p, const void *fdt, const char *name);

/* Whether a top-level node of fdt is compatible with "fixed-clock": from p
 * when fdt is the tree p was parsed from, else from libfdt. */
bool platform_is_fixed_clock(const struct platform *p, const void *fdt, int node);

/* Copies a device tree into dst, sized by its blocks rather than by its
 * header's totalsize (QEMU declares 1 MiB, mostly free space), leaving the
 * rest of dst as free space. Returns 0 or a negative libfdt error. */
int fdt_copy_compact(const void *src, void *dst, size_t dstlen);

/* Reads a reg entry of a node with the parent's #address-cells and
 * #size-cells; returns 0 on success. */
int fdt_read_reg(const void *fdt, int node, int index, uint64_t *base, uint64_t *size);
/* The same for a node whose parent is known: fdt_parent_offset() walks the
 * tree from its start, so loops over a parent's children pass it. */
int fdt_read_reg_under(const void *fdt, int parent, int node, int index, uint64_t *base,
		       uint64_t *size);

/* Device addresses. A reg entry holds an address of its parent bus; each
 * bus up to the root maps it through its 'ranges' (empty: identity; absent:
 * not translatable). FDT_MAX_BUS_DEPTH bounds the walk on hostile trees. */
#define FDT_MAX_BUS_DEPTH 16
/* Translates [*addr, *addr + size) of a child of anc[depth - 1], whose
 * ancestors are anc[0] (the root) .. anc[depth - 1], to a CPU address.
 * Returns 0, or -1 (no ranges, no range holds it, malformed ranges). */
int fdt_translate_chain(const void *fdt, const int *anc, int depth, uint64_t *addr,
			uint64_t size);
/* The same for a node whose ancestors are looked up (each lookup walks the
 * tree from its start: tree walks keep their own chain). */
int fdt_translate(const void *fdt, int node, uint64_t *addr, uint64_t size);
/* fdt_read_reg followed by fdt_translate: the CPU address of a reg entry. */
int fdt_read_reg_phys(const void *fdt, int node, int index, uint64_t *base, uint64_t *size);

/* The INTID of a node's index-th interrupt: its interrupt parent (its
 * interrupt-parent, else its tree parent, up to a node with
 * #interrupt-cells), through any interrupt-map on the way, to the GIC (node
 * offset gic, or any 3-cell interrupt controller if gic < 0). Returns 0 with
 * *intid; 1 if the interrupt reaches no GIC without an interrupt-map (no
 * interrupts, no interrupt parent: the caller applies its own rule); -1 if an
 * interrupt-map refuses it (no entry matches, malformed, too deep). */
int fdt_irq_intid(const void *fdt, int node, int index, int gic, unsigned int *intid);

/* Converts a 3-cell GIC interrupt specifier to an INTID. */
unsigned int fdt_gic_intid(const uint32_t *cells);

#endif
