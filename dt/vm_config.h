/* A VM's configuration, read from its device-tree overlay: the node with
 * compatible "tandem,vm" (docs/configuration.md is the binding). Parsing checks
 * each property on its own; dt/plan.c's rules check VMs against the platform and
 * against each other. Pure logic over libfdt, unit-tested on the host. */
#ifndef TANDEM_VM_CONFIG_H
#define TANDEM_VM_CONFIG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_NAME_MAX    32
#define VM_MAX_VCPUS   8
#define VM_SOURCE_MAX  64
#define VM_NODE_MAX    96
#define VM_MAX_DEVICES 8
#define VM_DEVICE_REF_MAX 64
#define VM_MAX_CHANNELS 4
#define VM_MAX_EXTRA_IRQS 8
#define VM_DEFAULT_RESTART_LIMIT 3
/* restart-limit counts restarts within a sliding window of this length. */
#define VM_DEFAULT_RESTART_WINDOW_MS 10000u
#define VM_MAX_RESTART_WINDOW_MS 3600000u
#define VM_DEFAULT_RAM_BASE 0x40000000ull
#define VM_MAX_RAM     (64ull << 30)
/* Emulated flash (firmware guests): banks in whole erase blocks of QEMU's
 * virt flash (el2/cfi_flash.h), each at most as big as one of its banks. */
#define VM_FLASH_BLOCK (256ull * 1024)
#define VM_FLASH_MAX   (64ull << 20)
/* A watchdog ('watchdog'): its two 4 KiB frames, and the timeout the guest
 * tree suggests ('watchdog-timeout-s', its timeout-sec). */
#define VM_WDOG_SIZE   0x2000ull
#define VM_WDOG_TIMEOUT_MAX 3600u

/* A channel to another VM (a child node with compatible "tandem,channel";
 * docs/channels.md). Both VMs declare it, under the same node name. */
struct vm_channel {
	char name[VM_NAME_MAX];      /* the node's name: the same in both overlays */
	char peer[VM_NAME_MAX];      /* the other VM */
	uint64_t base, size;         /* where this VM sees it (guest-physical) */
	uint32_t intid;              /* its doorbell: an SPI of this VM's GIC */
	bool virtio;                 /* an emulated virtio-console, else shared-memory rings */
};

struct vm_config {
	char name[VM_NAME_MAX];
	char source[VM_SOURCE_MAX];  /* overlay file or module, for messages */
	char node[VM_NODE_MAX];      /* the VM node's path once applied */
	unsigned int vcpus;
	uint64_t affinity[VM_MAX_VCPUS];  /* core (its /cpus reg) for each vCPU */
	uint64_t mem_size;           /* bytes */
	uint64_t mem_base;           /* guest-physical base of RAM */
	bool mem_base_set;
	bool direct_map;             /* guest-physical == physical */
	uint64_t kernel_addr;        /* load address of the payload boot module */
	uint64_t ramdisk_addr;       /* load address of its initial ramdisk module */
	bool has_ramdisk;
	bool vpl011;                 /* an emulated PL011 console */
	unsigned int priority;       /* scheduling priority on shared cores: higher runs first */
	bool has_priority;           /* given: its vCPUs may share cores with other such VMs */
	unsigned int ndevices;       /* platform devices passed through to it */
	char devices[VM_MAX_DEVICES][VM_DEVICE_REF_MAX];  /* as written: path, alias or label */
	unsigned int nchannels;
	struct vm_channel channels[VM_MAX_CHANNELS];
	unsigned int nextra_irqs;    /* SPIs given to the VM without a device node */
	uint32_t extra_irqs[VM_MAX_EXTRA_IRQS];
	bool paravirtual;            /* its payload uses Tandem's paravirtual ABI (docs/paravirt.md) */
	bool restart_on_crash;       /* on-crash = "restart": a fault restarts it */
	/* Every restart (crash restart or guest SYSTEM_RESET) counts: more than
	 * restart_limit within any restart_window_ms stops the VM. */
	unsigned int restart_limit;
	uint32_t restart_window_ms;
	bool profiling;              /* the VM gets the hardware PMU directly (benchmarks) */
	/* Firmware layout ('flash'): the payload in a read-only flash bank at
	 * flash_base, entered there, the device tree at the base of RAM; and
	 * optionally a volatile writable bank for firmware variables. */
	bool has_flash;
	uint64_t flash_base, flash_size;
	bool has_flash_vars;
	uint64_t vars_base, vars_size;
	/* An emulated SBSA generic watchdog ('watchdog'): its control frame at
	 * wdog_base, its refresh frame 4 KiB above, WS0 as SPI wdog_intid; the
	 * guest tree's timeout-sec (0: none given). */
	bool has_watchdog;
	uint64_t wdog_base;
	uint32_t wdog_intid;
	unsigned int wdog_timeout_s;
};

#define VM_PRIORITY_MAX 255

enum cfg_err {
	CFG_OK = 0,
	CFG_ERR_BLOB,        /* not a valid or complete device-tree blob */
	CFG_ERR_NOT_OVERLAY, /* no fragments */
	CFG_ERR_NO_VM,       /* no node with compatible "tandem,vm" */
	CFG_ERR_TWO_VMS,     /* more than one */
	CFG_ERR_PROPERTY,    /* a property is missing, malformed or out of range */
	CFG_ERR_UNKNOWN,     /* a property Tandem does not know */
};

/* Parses one overlay. source names it in messages (a file or "module@0x..").
 * On error, msg gets "<source>: <node>: <cause>; <fix>". */
enum cfg_err vm_config_parse(const void *overlay, size_t size, const char *source,
			     struct vm_config *cfg, char *msg, size_t msglen);

#endif
