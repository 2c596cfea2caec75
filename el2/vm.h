/* A virtual machine: its configuration, RAM, stage-2 space, vCPUs, emulated
 * devices and lifecycle (running, stopped, resetting). vm->lock guards the
 * changes of its state and of its vCPUs' power; where it stands among the
 * other locks is written in el2/arch/spinlock.h. */
#ifndef TANDEM_VM_H
#define TANDEM_VM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dt/plan.h"
#include "dt/vm_config.h"
#include "el2/addr.h"
#include "el2/cow_span.h"
#include "el2/mmio.h"
#include "el2/restart_window.h"
#include "el2/arch/spinlock.h"
#include "el2/vcpu.h"
#include "el2/vflash.h"
#include "el2/vpl011.h"
#include "el2/vwdog.h"
#include "stage2/stage2.h"

#define VM_MAX_MMIO     16
#define VM_DT_MAX       (64 * 1024)

enum vm_state {
	VM_RUNNING,
	VM_STOPPED,
	VM_RESETTING,
};

struct chan_end;

struct vm {
	/* First: the MMIO exit path reaches them with small offsets. */
	unsigned int nmmio;
	struct mmio_region mmio[VM_MAX_MMIO];
	struct vgic vgic;

	unsigned int id;
	const char *name;
	struct vm_config cfg;
	volatile enum vm_state state;
	spinlock_t lock;

	paddr_t ram_pa;
	struct stage2 s2;
	const struct boot_module *kernel;
	const struct boot_module *ramdisk;   /* NULL if none */
	uint64_t initrd_off;        /* where the ramdisk sits in its RAM */
	ipaddr_t entry;             /* where vCPU 0 starts */
	ipaddr_t dtb_ipa;
	uint32_t dtb_size;
	uint8_t *dtb;               /* pristine guest tree, reloaded on reset */
	uint32_t rng_seed_off;      /* where its /chosen/rng-seed value is in it */
	uint32_t kaslr_seed_off;    /* and kaslr-seed's (el2/entropy.c fills both) */

	unsigned int nvcpus;
	struct vcpu vcpus[VM_MAX_VCPUS];

	struct vpl011 uart;
	struct vwdog wdog;          /* its watchdog ('watchdog'); wdog.vm NULL if none */
	struct chan_end *channels[VM_MAX_CHANNELS];   /* vchan/channel.c */
	unsigned int npt_spis;      /* interrupts of its passed-through devices */
	uint16_t pt_spis[VM_MAX_DEVICES * PT_MAX_IRQS + VM_MAX_EXTRA_IRQS];
	uint32_t pt_forwarded[VM_MAX_DEVICES * PT_MAX_IRQS + VM_MAX_EXTRA_IRQS];  /* how many of each it got */
	struct restart_window restarts;   /* every restart, for restart-limit */

	unsigned int resets;
	uint64_t cntvoff;           /* CNTVOFF_EL2: its virtual count starts at its boot */
	struct vflash flash;        /* a firmware VM's flash ('flash'); nbanks 0 otherwise */
	/* Its payload and ramdisk as the VM sees them (el2/cow_span.h): whole
	 * pages shared read-only with the boot module until the VM writes one
	 * (vm_cow_fault copies it into its RAM), the rest copied at each start. */
	struct cow_span cow[2];
	unsigned int ncow;
	spinlock_t cow_lock;        /* a leaf: one copy of a page at a time */
	uint64_t cow_copies;        /* pages copied on a write since the last start */
	uint64_t entered_at;        /* counter when vCPU 0 first entered it (this start) */
	bool entered;
	bool boot_reported;         /* vm_report_boot said it (this start) */
	uint64_t started_at;        /* counter at its last start or restart (uptime) */
	uint64_t console_dropped;   /* console bytes dropped before this start */
	/* The operator asked for a start (el2/vm_control.c): done by the last
	 * core to let go of one of its vCPUs, or at once if none holds one. */
	volatile bool start_requested;
	/* Removed by the operator (el2/vm_runtime.c): `removing` while its
	 * cores let go of it (to_drop of them left), then `removed`: its slot
	 * holds nothing, and it is no VM any more. */
	volatile bool removing, removed;
	unsigned int to_drop;
	unsigned int plan_index;    /* its record in the boot plan */
};

extern struct vm vms[MAX_VMS];
extern unsigned int nvms;

/* Creates a VM from an accepted plan entry: stage-2, RAM, devices, device
 * tree, payload, in a free slot of vms[]. Its vCPUs are not on any core's
 * scheduler yet (sched_add_vcpu at boot, sched_ask_adopt after). Returns
 * NULL (after saying why) if that fails. */
struct vm *vm_create(const struct vm_plan *plan, const void *plat_fdt,
		     const struct platform *plat, const void *overlay, size_t overlay_size);
/* The VM named so, removed ones aside, or NULL. */
struct vm *vm_by_name(const char *name);
/* Makes vCPU 0 runnable and wakes its core. */
void vm_start(struct vm *vm);
/* Stops every vCPU of the VM; prints why. Safe from any core, any number
 * of times. When no VM is left running, Tandem powers the machine off. */
void vm_stop(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* vm_stop with the reason written; power_off_if_last false: the operator
 * stopped it, and Tandem stays up with no VM running. */
void vm_halt(struct vm *vm, bool power_off_if_last, const char *why);
/* Reloads a VM none of whose vCPUs is in the guest (stopped, or resetting
 * with the caller's list registers handed back) from its pristine images,
 * resets its devices and vCPUs and starts vCPU 0. */
void vm_boot_again(struct vm *vm);
/* A fault of v's guest that it cannot survive: by its VM's policy
 * (on-crash), a restart from a clean image, or a stop. From v's exit. */
void vm_crash(struct vcpu *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a crash Tandem notices outside the VM's exits (its
 * watchdog's expiry): caller is the vCPU whose exit this core is handling,
 * or NULL when this core is in none of the VM's exits (idle, or running
 * another VM). */
void vm_crash_from(struct vm *vm, struct vcpu *caller, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Restarts the VM from a pristine image (PSCI SYSTEM_RESET). Called on the
 * core of one of its vCPUs, in its exit (caller), or with caller NULL by a
 * core that is in none of the VM's exits. */
void vm_reset(struct vm *vm, struct vcpu *caller);
/* A reset the guest asked for (PSCI SYSTEM_RESET): vm_reset(), unless it
 * restarts faster than restart-limit allows, when it is stopped instead. */
void vm_guest_reset(struct vm *vm, struct vcpu *caller);
/* Adds an emulated device to the VM's intermediate-physical space. */
int vm_add_mmio(struct vm *vm, uint64_t base, uint64_t size,
		const struct mmio_model *model, void *dev);
/* A stage-2 fault at ipa in one of the VM's pages still shared with its
 * boot module (or being unshared by another vCPU): copies the page into the
 * VM's RAM and maps it writable. True if handled (the access is retried). */
bool vm_cow_fault(struct vm *vm, uint64_t ipa);
/* Logs once a start when vCPU 0 first entered the VM (bench figure). */
void vm_report_boot(struct vm *vm);
/* Sum of the trap counters of the VM's vCPUs, for reports and benchmarks. */
void vm_trap_totals(const struct vm *vm, uint64_t out[TRAP_COUNTERS]);
/* Those of them not zero, as " name=count" words, into buf; its length
 * (0: none). */
int vm_format_traps(const struct vm *vm, char *buf, size_t size);

#endif
