/* The system plan: every VM overlay checked against the platform and against
 * the VMs accepted before it, and given its physical RAM. The same code runs
 * at boot and in the host-side checker (tools/tandem-check), so both refuse
 * exactly the same configurations with the same messages. */
#ifndef TANDEM_DT_PLAN_H
#define TANDEM_DT_PLAN_H
#include <stdbool.h>
#include "dt/passthrough.h"
#include "dt/platform.h"
#include "dt/vm_config.h"
#include "firmware/boot_image.h"
#include "stage2/memmap.h"

/* VMs Tandem runs at once (el2/vm.c's table). Overlays beyond it are
 * refused, each with its own message; refused VMs do not count. */
#define MAX_VMS 8
/* Overlays the plan records, refused ones included (every boot module may
 * be one); core_vms is a 32-bit mask of them. */
#define PLAN_MAX_OVERLAYS PLAT_MAX_MODULES
/* Room for a guest's device tree at the top of its RAM: VM_DT_MAX
 * (el2/vm.h) and PV_DT_MAX (pv/vm_create.c) must be this size. */
#define PLAN_DT_MAX (64 * 1024)
/* vCPUs (of different VMs) that may share one core. */
#define MAX_VCPUS_PER_CORE 4
#define PLAN_MSG_MAX 384

struct vm_plan {
	struct vm_config cfg;
	const void *overlay;        /* its overlay's bytes, as given (plan_retry_vm reads them again) */
	size_t overlay_size;
	bool accepted;
	char error[PLAN_MSG_MAX];   /* why it was refused */
	uint64_t ram_pa;            /* physical base of its RAM */
	const struct boot_module *kernel;
	const struct boot_module *ramdisk;   /* NULL if none */
	/* The payload as boot will load it (plan_add_vm checks that it fits):
	 * image_known is false when its bytes were not given (tandem-check
	 * without OVERLAY=PAYLOAD), and image is then that of a raw binary. */
	struct boot_image image;
	bool image_known;
	uint64_t dtb_off, initrd_off;        /* offsets in its RAM (initrd_off 0: none) */
	uint64_t flash_pa;          /* 'flash' banks' backing: the code bank, then the variables' */
	char warning[PLAN_MSG_MAX];          /* accepted, but worth saying (e.g. 'profiling') */
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
	/* Each boot module's bytes, where known: at boot every module (Tandem
	 * maps them all), in tandem-check the payloads given on its command
	 * line. A payload's kind (an arm64 Image or not) needs them. */
	const void *module_data[PLAT_MAX_MODULES];
	unsigned int nvms;              /* records in vms[], refused VMs included */
	struct vm_plan vms[PLAN_MAX_OVERLAYS];
	struct vm_plan spare;           /* an overlay beyond PLAN_MAX_OVERLAYS, to name it */
	uint32_t core_vms[PLAT_MAX_CPUS];  /* bit i: VM i has a vCPU pinned there */
	char error[PLAN_MSG_MAX];       /* a platform-level problem (plan_init) */
	char refusal[PLAN_MSG_MAX];     /* the last refused VM's message */
	unsigned int nnotes;            /* plan_link_channels: channels left unconnected */
	char notes[MAX_VMS * VM_MAX_CHANNELS][PLAN_MSG_MAX];
};

/* Starts a plan: all platform RAM, with Tandem's own range and every boot
 * module claimed. Returns -1 (and sets error) if a module overlaps Tandem. */
int plan_init(struct system_plan *plan, const void *plat_fdt, const struct platform *plat,
	      uint64_t tandem_base, uint64_t tandem_size);

/* Parses, validates and places one VM overlay. The VM is recorded (while
 * there is room) either way: on acceptance it is vms[nvms - 1]; on refusal
 * the result is non-zero, it holds nothing (no core, RAM, device, interrupt
 * or channel) and plan->refusal (and its record's error) says why. */
int plan_add_vm(struct system_plan *plan, const void *overlay, size_t size,
		const char *source);

/* Record vms[index], refused (at boot, or released since), placed again
 * from the same overlay bytes against what the other VMs hold now: the
 * same checks, the same messages as plan_add_vm. 0: it is accepted (in
 * the same record); else it holds nothing and its error says why. */
int plan_retry_vm(struct system_plan *plan, unsigned int index);

/* A later stage (its guest device tree, its creation at boot) refused
 * accepted VM vms[index]: records why (a complete message, naming the
 * overlay and node) in its error and plan->refusal, and releases everything
 * it held, so the VMs after it may have it. */
void plan_release_vm(struct system_plan *plan, unsigned int index, const char *why);

/* Once every overlay is in: connects each accepted VM's channels to the
 * peer's channel of the same name that names it back. A channel without one
 * (peer refused, absent, or not declaring it) stays unconnected, its VM runs
 * anyway: notes[] say which and why. Returns the number of notes. */
unsigned int plan_link_channels(struct system_plan *plan);

/* Number of accepted VMs. */
unsigned int plan_accepted(const struct system_plan *plan);

#endif
