/* The system plan: every VM overlay checked against the platform and against
 * the VMs accepted before it, and given its physical RAM. The same code runs
 * at boot and in the host-side checker (tools/tandem-check), so both refuse
 * exactly the same configurations with the same messages. */
#ifndef TANDEM_VALIDATE_H
#define TANDEM_VALIDATE_H
#include <stdbool.h>
#include "dt/passthrough.h"
#include "dt/platform.h"
#include "dt/vm_config.h"
#include "stage2/memmap.h"

#define MAX_VMS 8
/* vCPUs (of different VMs) that may share one core. */
#define MAX_VCPUS_PER_CORE 4
#define PLAN_MSG_MAX 384

struct vm_plan {
	struct vm_config cfg;
	bool accepted;
	char error[PLAN_MSG_MAX];   /* why it was refused */
	uint64_t ram_pa;            /* physical base of its RAM */
	const struct boot_module *kernel;
	const struct boot_module *ramdisk;   /* NULL if none */
	struct pt_device devices[VM_MAX_DEVICES];  /* cfg.devices, resolved */
	/* Each channel's other end once linked (plan_link_channels): the peer
	 * VM's index and its channel's, or -1 while unconnected. */
	int peer_vm[VM_MAX_CHANNELS], peer_channel[VM_MAX_CHANNELS];
};

struct system_plan {
	const struct platform *plat;
	const void *plat_fdt;           /* the platform tree: pass-through names resolve in it */
	bool paravirtual_path;          /* no EL2: Tandem at EL1, guests at EL0 (docs/paravirt.md) */
	struct memmap mm;
	unsigned int nvms;
	struct vm_plan vms[MAX_VMS];
	uint32_t core_vms[PLAT_MAX_CPUS];  /* bit i: VM i has a vCPU pinned there */
	char error[PLAN_MSG_MAX];       /* a platform-level problem (plan_init) */
	unsigned int nnotes;            /* plan_link_channels: channels left unconnected */
	char notes[MAX_VMS * VM_MAX_CHANNELS][PLAN_MSG_MAX];
};

/* Starts a plan: all platform RAM, with Tandem's own range and every boot
 * module claimed. Returns -1 (and sets error) if a module overlaps Tandem. */
int plan_init(struct system_plan *plan, const void *plat_fdt, const struct platform *plat,
	      uint64_t tandem_base, uint64_t tandem_size);

/* Parses, validates and places one VM overlay. The VM is recorded either
 * way; on refusal the result is non-zero and vms[i].error says why. */
int plan_add_vm(struct system_plan *plan, const void *overlay, size_t size,
		const char *source);

/* Once every overlay is in: connects each accepted VM's channels to the
 * peer's channel of the same name that names it back. A channel without one
 * (peer refused, absent, or not declaring it) stays unconnected, its VM runs
 * anyway: notes[] say which and why. Returns the number of notes. */
unsigned int plan_link_channels(struct system_plan *plan);

/* Number of accepted VMs. */
unsigned int plan_accepted(const struct system_plan *plan);

#endif
