/* The system plan (plan.h): its start (all RAM, minus Tandem and the
 * boot modules), and each VM overlay added to it: parsed, checked by the
 * rules (vm_rules.c, channel_rules.c) before anything is kept for it, then
 * given its cores, its RAM and its flash's backing. A VM refused at any
 * point gives back all it took (release()), so only it is refused. */
#include <string.h>
#include <format.h>
#include "dt/plan_rules.h"

_Static_assert(PLAN_MAX_OVERLAYS <= 32, "core_vms is a 32-bit mask of plan records");
_Static_assert(MAX_VMS <= PLAN_MAX_OVERLAYS, "every accepted VM has a record");

/* The free pages of [base, end) go to the firmware: what is not RAM, or is
 * a boot module's already (one the firmware's tree also reserves), stays. */
static enum memmap_err claim_free_parts(struct memmap *mm, uint64_t base, uint64_t end)
{
	enum memmap_err e = MEMMAP_OK;
	struct memmap_region snap[MEMMAP_MAX_REGIONS];
	int n = mm->n;

	memcpy(snap, mm->r, sizeof(snap));
	for (int i = 0; i < n; i++) {
		uint64_t lo = snap[i].base > base ? snap[i].base : base;
		uint64_t hi = snap[i].base + snap[i].size < end ? snap[i].base + snap[i].size : end;

		if (snap[i].kind == OWNER_FREE && lo < hi && !e)
			e = memmap_claim(mm, lo, hi - lo, OWNER_FIRMWARE, 0);
	}
	return e;
}

/* The firmware's reserved memory (dt/platform.h) is never a VM's; Tandem
 * itself must not sit in it (it would overwrite the secure firmware). */
static int claim_reserved(struct system_plan *plan, uint64_t tandem_base, uint64_t tandem_size)
{
	const struct platform *plat = plan->plat;

	for (unsigned int i = 0; i < plat->nreserved; i++) {
		uint64_t base = plat->reserved[i].base & ~0xfffull;
		uint64_t end = plat->reserved[i].base + plat->reserved[i].size;

		end = end < plat->reserved[i].base ? ~0xfffull : (end + 0xfff) & ~0xfffull;
		if (base < tandem_base + tandem_size && tandem_base < end) {
			snformat(plan->error, sizeof(plan->error),
				 "Tandem's own memory 0x%llx-0x%llx overlaps memory the firmware reserves "
				 "(0x%llx-0x%llx, /memreserve/ or /reserved-memory); load Tandem elsewhere",
				 (unsigned long long)tandem_base,
				 (unsigned long long)(tandem_base + tandem_size - 1),
				 (unsigned long long)plat->reserved[i].base,
				 (unsigned long long)(plat->reserved[i].base + plat->reserved[i].size - 1));
			return -1;
		}
		if (claim_free_parts(&plan->mm, base, end)) {
			snformat(plan->error, sizeof(plan->error),
				 "cannot keep track of the memory the firmware reserves at 0x%llx (too "
				 "many ranges)", (unsigned long long)plat->reserved[i].base);
			return -1;
		}
	}
	return 0;
}

int plan_init(struct system_plan *plan, const void *plat_fdt, const struct platform *plat,
	      uint64_t tandem_base, uint64_t tandem_size)
{
	memset(plan, 0, sizeof(*plan));
	plan->plat = plat;
	plan->plat_fdt = plat_fdt;
	memmap_init(&plan->mm);
	for (unsigned int i = 0; i < plat->nram; i++)
		memmap_add_ram(&plan->mm, plat->ram[i].base, plat->ram[i].size);
	if (memmap_claim(&plan->mm, tandem_base, tandem_size, OWNER_TANDEM, 0)) {
		snformat(plan->error, sizeof(plan->error),
			 "Tandem's own memory 0x%llx-0x%llx is not free RAM",
			 (unsigned long long)tandem_base,
			 (unsigned long long)(tandem_base + tandem_size - 1));
		return -1;
	}
	for (unsigned int i = 0; i < plat->nmodules; i++) {
		const struct boot_module *m = &plat->modules[i];
		uint64_t base = m->addr & ~0xfffull;
		uint64_t end = (m->addr + m->size + 0xfff) & ~0xfffull;
		const struct memmap_region *r = memmap_first_owned(&plan->mm, base, end - base);

		if (r && r->kind == OWNER_TANDEM) {
			snformat(plan->error, sizeof(plan->error),
				 "boot module at 0x%llx overlaps Tandem's memory 0x%llx-0x%llx; "
				 "load it above 0x%llx", (unsigned long long)m->addr,
				 (unsigned long long)tandem_base,
				 (unsigned long long)(tandem_base + tandem_size - 1),
				 (unsigned long long)(tandem_base + tandem_size));
			return -1;
		}
		/* Two modules may share a page; the first claim covers both. */
		if (!r)
			memmap_claim(&plan->mm, base, end - base, OWNER_MODULE, (int)i);
	}
	return claim_reserved(plan, tandem_base, tandem_size);
}

int plan_refuse(struct vm_plan *v, const char *fmt, ...)
{
	va_list ap;
	int n = snformat(v->error, sizeof(v->error), "%s: %s: ", v->cfg.source, v->cfg.node);

	va_start(ap, fmt);
	vsnformat(v->error + n, sizeof(v->error) - (size_t)n, fmt, ap);
	va_end(ap);
	v->accepted = false;
	return -1;
}

static int place_ram(struct system_plan *plan, struct vm_plan *v, int self)
{
	struct vm_config *c = &v->cfg;
	enum memmap_err err;

	if (c->direct_map && c->mem_base_set) {
		const struct memmap_region *r = memmap_first_owned(&plan->mm, c->mem_base, c->mem_size);

		err = memmap_claim(&plan->mm, c->mem_base, c->mem_size, OWNER_VM, self);
		if (err == MEMMAP_ERR_OWNED && r && r->kind == OWNER_VM)
			return plan_refuse(v, "direct-mapped RAM 0x%llx-0x%llx overlaps the RAM of VM '%s'",
					   (unsigned long long)c->mem_base,
					   (unsigned long long)(c->mem_base + c->mem_size - 1),
					   plan->vms[r->id].cfg.name);
		if (err == MEMMAP_ERR_OWNED && r)
			return plan_refuse(v, "direct-mapped RAM 0x%llx-0x%llx overlaps %s at 0x%llx-0x%llx",
					   (unsigned long long)c->mem_base,
					   (unsigned long long)(c->mem_base + c->mem_size - 1),
					   memmap_owner_name(r->kind), (unsigned long long)r->base,
					   (unsigned long long)(r->base + r->size - 1));
		if (err)
			return plan_refuse(v, "direct-mapped RAM 0x%llx-0x%llx is not RAM of this platform",
					   (unsigned long long)c->mem_base,
					   (unsigned long long)(c->mem_base + c->mem_size - 1));
		v->ram_pa = c->mem_base;
		return 0;
	}
	/* 2 MiB alignment lets stage-2 use block mappings, and Linux needs it
	 * when it sees its RAM at that address (direct-map); 128 MiB for an
	 * ARM zImage, which rounds its own address down to that. */
	err = memmap_alloc(&plan->mm, c->mem_size,
			   c->direct_map && v->image.arm_zimage ? SZ_128M :
			   c->mem_size >= SZ_2M || v->image.arm64_image ? SZ_2M : 4096,
			   OWNER_VM, self, &v->ram_pa);
	if (err)
		return plan_refuse(v, "no free physical RAM for %llu KiB; reduce 'memory' or other VMs'",
				   (unsigned long long)(c->mem_size / 1024));
	if (c->direct_map)
		c->mem_base = v->ram_pa;
	return 0;
}

/* Backing for the flash banks: physical RAM only Tandem writes (the guest
 * gets it read-only, or not at all while the flash takes commands). */
static int place_flash(struct system_plan *plan, struct vm_plan *v, int self)
{
	const struct vm_config *c = &v->cfg;
	uint64_t size = c->flash_size + (c->has_flash_vars ? c->vars_size : 0);

	if (!c->has_flash)
		return 0;
	if (memmap_alloc(&plan->mm, size, (size & (SZ_2M - 1)) ? VM_FLASH_BLOCK : SZ_2M,
			 OWNER_VM, self, &v->flash_pa))
		return plan_refuse(v, "no free physical RAM for its flash (%llu KiB); make 'flash' or "
				   "'flash-variables' smaller, or reduce other VMs' 'memory'",
				   (unsigned long long)(size / 1024));
	return 0;
}

static int add_vm(struct system_plan *plan, struct vm_plan *v, int self, const void *overlay,
		  size_t size, const char *source)
{
	if (vm_config_parse(overlay, size, source, &v->cfg, v->error, sizeof(v->error)))
		return -1;
	if (self == PLAN_MAX_OVERLAYS)
		return plan_refuse(v, "more than %d overlays; Tandem reads at most %d boot modules, so "
				   "drop overlays", PLAN_MAX_OVERLAYS, PLAT_MAX_MODULES);
	if (plan_accepted(plan) >= MAX_VMS)
		return plan_refuse(v, "Tandem runs at most %d VMs and %d are accepted already, so this "
				   "one cannot start; drop an overlay (or merge two VMs into one)",
				   MAX_VMS, MAX_VMS);
	/* Refused VMs hold no cores or RAM, and no name either. */
	for (int i = 0; i < (int)plan->nvms; i++)
		if (i != self && plan->vms[i].accepted && !strcmp(plan->vms[i].cfg.name, v->cfg.name))
			return plan_refuse(v, "a VM named '%s' already exists (%s); VM names must be unique",
					   v->cfg.name, plan->vms[i].cfg.source);
	if (check_labels(plan, v, overlay))
		return -1;
	/* Which guests the path can run: unmodified ones need EL2's stage-2 and
	 * virtual GIC; a paravirtualized one needs the paravirtual path. */
	if (plan->paravirtual_path && !v->cfg.paravirtual)
		return plan_refuse(v, "an unmodified guest (no 'paravirtual' in its overlay) needs the "
				   "virtualization extensions, which this core lacks (Tandem takes the "
				   "paravirtual path); it runs on a core with them (EL2 or HYP mode; QEMU: "
				   "-M virt,virtualization=on), or port it to the paravirtual ABI and add "
				   "'paravirtual' (docs/paravirt.md)");
	if (plan->paravirtual_path && check_paravirtual(plan, v))
		return -1;
	if (!plan->paravirtual_path && v->cfg.paravirtual)
		return plan_refuse(v, "'paravirtual' asks for the paravirtual path, which Tandem takes only "
				   "on cores without the virtualization extensions; here give the VM its "
				   "unmodified (native) build and drop 'paravirtual'");
	v->kernel = platform_module_at(plan->plat, v->cfg.kernel_addr);
	if (!v->kernel)
		return plan_refuse(v, "'kernel' names a boot module at 0x%llx, but none was loaded "
				   "there; load the payload at that address (QEMU: -device "
				   "guest-loader,addr=0x%llx,kernel=FILE)",
				   (unsigned long long)v->cfg.kernel_addr,
				   (unsigned long long)v->cfg.kernel_addr);
	if (v->cfg.has_ramdisk) {
		v->ramdisk = platform_module_at(plan->plat, v->cfg.ramdisk_addr);
		if (!v->ramdisk)
			return plan_refuse(v, "'ramdisk' names a boot module at 0x%llx, but none was "
					   "loaded there; load the initial ramdisk at that address (QEMU: "
					   "-device guest-loader,addr=0x%llx,initrd=FILE)",
					   (unsigned long long)v->cfg.ramdisk_addr,
					   (unsigned long long)v->cfg.ramdisk_addr);
	}
	if (check_payload(plan, v))
		return -1;
	/* Everything above only reads; from here the VM takes cores and RAM. */
	if (check_guest_layout(plan, v) || check_devices(plan, v, self) ||
	    check_interrupts(plan, v, self) || check_channels(plan, v) ||
	    check_devices_vs_ram(v) || check_platform_devices(plan, v) || check_flash(plan, v) ||
	    check_watchdog(plan, v) || check_cores(plan, v, self) || place_ram(plan, v, self) || place_flash(plan, v, self))
		return -1;
	if (v->cfg.profiling)
		snformat(v->warning, sizeof(v->warning), "%s: %s: 'profiling' gives VM '%s' the "
			 "hardware PMU: its cycle counter counts Tandem's own cycles at EL2 too, so it "
			 "can observe Tandem's timing (and through it the other VMs'); meant for "
			 "benchmarks: drop 'profiling' in production", v->cfg.source, v->cfg.node,
			 v->cfg.name);
	return 0;
}

/* Gives back everything record self holds: its cores and its RAM; its
 * devices, interrupts, channels and name count only while it is accepted. */
static void release(struct system_plan *plan, int self)
{
	if (self >= PLAN_MAX_OVERLAYS)
		return;
	for (unsigned int i = 0; i < PLAT_MAX_CPUS; i++)
		plan->core_vms[i] &= ~(1u << self);
	memmap_release(&plan->mm, OWNER_VM, self);
	plan->vms[self].accepted = false;
}

/* Record self (v) from the overlay: accepted, or refused holding nothing. */
static int place_vm(struct system_plan *plan, struct vm_plan *v, int self, const void *overlay,
		    size_t size, const char *source)
{
	memset(v, 0, sizeof(*v));
	v->overlay = overlay;
	v->overlay_size = size;
	if (add_vm(plan, v, self, overlay, size, source)) {
		release(plan, self);
		snformat(plan->refusal, sizeof(plan->refusal), "%s", v->error);
		return -1;
	}
	v->accepted = true;
	return 0;
}

int plan_add_vm(struct system_plan *plan, const void *overlay, size_t size,
		const char *source)
{
	int self = (int)plan->nvms;
	struct vm_plan *v = self < PLAN_MAX_OVERLAYS ? &plan->vms[plan->nvms++] : &plan->spare;

	return place_vm(plan, v, self, overlay, size, source);
}

int plan_retry_vm(struct system_plan *plan, unsigned int index)
{
	struct vm_plan *v = &plan->vms[index];
	char source[sizeof(v->cfg.source)];

	if (index >= plan->nvms || v->accepted || !v->overlay)
		return -1;
	snformat(source, sizeof(source), "%s", v->cfg.source);
	return place_vm(plan, v, (int)index, v->overlay, v->overlay_size, source);
}

void plan_release_vm(struct system_plan *plan, unsigned int index, const char *why)
{
	if (index >= plan->nvms)
		return;
	snformat(plan->vms[index].error, PLAN_MSG_MAX, "%s", why);
	snformat(plan->refusal, sizeof(plan->refusal), "%s", why);
	release(plan, (int)index);
}

unsigned int plan_accepted(const struct system_plan *plan)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < plan->nvms; i++)
		n += plan->vms[i].accepted;
	return n;
}
