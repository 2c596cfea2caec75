/* VM objects and their lifecycle; see vm.h. */
#include <stdarg.h>
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "el2/vm.h"
#include "el2/dt_store.h"
#include "el2/cpu.h"
#include "el2/console.h"
#include "el2/entropy.h"
#include "el2/panic.h"
#include "el2/page_pool.h"
#include "el2/passthrough.h"
#include "vchan/channel.h"
#include "el2/sched.h"
#include "el2/arch/cpu.h"
#include "el2/arch/barrier.h"
#include "el2/arch/cache.h"
#include "el2/arch/exit.h"
#include "dt/guest_dt.h"
#include "firmware/boot_image.h"
#include "firmware/machine.h"

struct vm vms[MAX_VMS];
unsigned int nvms;

static uint8_t overlay_scratch[VM_DT_MAX] __attribute__((aligned(8)));

/* Builds a model's register index the first time a VM uses the model. */
static void prepare_model(const struct mmio_model *model)
{
	static const struct mmio_model *prepared[16];
	static unsigned int nprepared;

	for (unsigned int i = 0; i < nprepared; i++)
		if (prepared[i] == model)
			return;
	if (mmio_model_init(model) >= 0 || nprepared == ARRAY_SIZE(prepared))
		panic("emulated %s: malformed register table", model->name);
	prepared[nprepared++] = model;
}

int vm_add_mmio(struct vm *vm, uint64_t base, uint64_t size,
		const struct mmio_model *model, void *dev)
{
	if (vm->nmmio == VM_MAX_MMIO)
		return -1;
	prepare_model(model);
	vm->mmio[vm->nmmio++] = mmio_region_init(base, size, model, dev);
	return 0;
}

/* A page of the boot module into the VM's RAM: 64 bytes a turn, in pairs
 * (the general memcpy moves 8 bytes a turn). */
struct pair { uint64_t a, b; };

static void copy_page(void *dst, const void *src)
{
	struct pair *d = dst;
	const struct pair *s = src;

	for (unsigned int i = 0; i < COW_PAGE / sizeof(*d); i += 4) {
		struct pair w = s[i], x = s[i + 1], y = s[i + 2], z = s[i + 3];

		d[i] = w;
		d[i + 1] = x;
		d[i + 2] = y;
		d[i + 3] = z;
	}
}

static void copy_bytes(struct vm *vm, uint64_t off, uint64_t src_pa, uint64_t len)
{
	uint8_t *ram = pa_to_ptr(vm->ram_pa);

	if (!len)
		return;
	memcpy(ram + off, (const void *)(uintptr_t)src_pa, len);
	cache_clean_range(ram + off, len);
}

/* The whole pages of span s seen through the module again, read-only. */
static enum lpae_err share_span(struct vm *vm, const struct cow_span *s, bool remap)
{
	ipaddr_t ipa = ipa_init(vm->cfg.mem_base + s->lazy_off);
	enum lpae_err e;

	if (remap && (e = stage2_unmap(&vm->s2, ipa, s->lazy_len)))
		return e;
	return stage2_map_pages(&vm->s2, ipa, pa_init(s->src_pa + (s->lazy_off - s->dst_off)),
				s->lazy_len, S2_RAM_RO);
}

/* Maps the VM's RAM, leaving out the pages its spans share (mapped to the
 * module read-only instead). Spans are in RAM order (payload, ramdisk). */
static enum lpae_err map_ram(struct vm *vm)
{
	uint64_t cur = 0;
	enum lpae_err e;

	for (unsigned int i = 0; i < vm->ncow; i++) {
		const struct cow_span *s = &vm->cow[i];

		if (!s->lazy_len)
			continue;
		if (s->lazy_off > cur &&
		    (e = stage2_map(&vm->s2, ipa_init(vm->cfg.mem_base + cur),
				    pa_init(pa_addr(vm->ram_pa) + cur), s->lazy_off - cur, S2_RAM)))
			return e;
		if ((e = share_span(vm, s, false)))
			return e;
		cur = s->lazy_off + s->lazy_len;
	}
	return stage2_map(&vm->s2, ipa_init(vm->cfg.mem_base + cur),
			  pa_init(pa_addr(vm->ram_pa) + cur), vm->cfg.mem_size - cur, S2_RAM);
}

/* Why a VM's boot images are copied whole at each start rather than
 * shared: Tandem or a device would write its RAM behind stage 2. */
static const char *cow_refused(const struct vm *vm)
{
	if (vm->cfg.ndevices)
		return "it has passed-through devices, which could write by DMA to RAM it does "
		       "not see yet";
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++)
		if (vm->cfg.channels[i].virtio)
			return "it has a virtio channel, whose queues Tandem reads and writes in "
			       "its RAM";
	return NULL;
}

static void plan_cow(struct vm *vm, const struct boot_image *img)
{
	const char *why = cow_refused(vm);
	const struct { uint64_t off, pa, len; const char *what; } part[2] = {
		{ img->load_offset, vm->kernel->addr, img->file_size, "payload" },
		{ vm->initrd_off, vm->ramdisk ? vm->ramdisk->addr : 0,
		  vm->ramdisk ? vm->ramdisk->size : 0, "ramdisk" },
	};

	vm->ncow = vm->ramdisk ? 2 : 1;
	for (unsigned int i = 0; i < vm->ncow; i++) {
		enum cow_refusal r = cow_span_plan(&vm->cow[i], part[i].off, part[i].pa, part[i].len);

		if (why)
			cow_span_copy_all(&vm->cow[i], part[i].off, part[i].pa, part[i].len);
		else if (r)
			tlog("vm %s: its %s is copied at each start: %s", vm->name, part[i].what,
			     cow_refusal_name(r));
	}
	if (why)
		tlog("vm %s: its boot images are copied at each start: %s", vm->name, why);
	else if (vm->ncow == 2 && cow_spans_overlap(&vm->cow[0], &vm->cow[1]))
		panic("vm %s: payload and ramdisk overlap", vm->name);
}

/* The payload (the part not shared with its module) and the device tree
 * into the VM's RAM, ready to enter with its MMU off (cleaned to the point
 * of coherency); on a restart its shared pages are shared again. */
static void load_images(struct vm *vm, bool restart)
{
	uint64_t dtb_off = ipa_addr(vm->dtb_ipa) - vm->cfg.mem_base;
	uint8_t *ram = pa_to_ptr(vm->ram_pa);

	/* A firmware VM's payload is its flash's (vflash_init, vflash_reset). */
	for (unsigned int i = 0; i < vm->ncow; i++) {
		const struct cow_span *s = &vm->cow[i];
		enum lpae_err e;

		copy_bytes(vm, s->dst_off, s->src_pa, s->head_len);
		copy_bytes(vm, s->tail_off, s->src_pa + (s->tail_off - s->dst_off), s->tail_len);
		if (restart && s->lazy_len && (e = share_span(vm, s, true)))
			panic("vm %s: sharing its boot image again failed: %s", vm->name,
			      lpae_strerror(e));
	}
	memcpy(ram + dtb_off, vm->dtb, vm->dtb_size);
	/* This boot's seeds, in the VM's copy only (the pristine tree keeps
	 * zeros): a restart gets new ones. */
	entropy_vm_seeds(vm->name, vm->id, vm->resets, ram + dtb_off + vm->rng_seed_off,
			 ram + dtb_off + vm->kaslr_seed_off);
	cache_clean_range(ram + dtb_off, vm->dtb_size);
	icache_inval_all();
	vm->cow_copies = 0;
	vm->entered = false;
	vm->boot_reported = false;
}

/* Pages unshared together on one fault: the written page and up to this
 * many - 1 still-shared pages after it in the same span (Linux writes most
 * of its image's pages, in address order: one exit for several). */
#define COW_BATCH 8

bool vm_cow_fault(struct vm *vm, uint64_t ipa)
{
	uint64_t off = ipa - vm->cfg.mem_base, page_off = 0, src = 0;
	const struct cow_span *s = NULL;
	unsigned int n = 0;
	paddr_t pa;
	enum lpae_err e;

	if (ipa < vm->cfg.mem_base || off >= vm->cfg.mem_size)
		return false;
	for (unsigned int i = 0; i < vm->ncow && !s; i++)
		if (cow_span_lookup(&vm->cow[i], off, &page_off, &src))
			s = &vm->cow[i];
	if (!s)
		return false;

	/* Another vCPU may be copying this very page (its entry is invalid
	 * meanwhile) or have copied it: then only retry. */
	spin_lock(&vm->cow_lock);
	while (n < COW_BATCH && page_off + n * COW_PAGE < s->lazy_off + s->lazy_len &&
	       stage2_translate(&vm->s2, ipa_init(vm->cfg.mem_base + page_off + n * COW_PAGE), &pa) &&
	       pa_addr(pa) == src + n * COW_PAGE)
		n++;
	if (n) {
		ipaddr_t page = ipa_init(vm->cfg.mem_base + page_off);
		uint8_t *dst = (uint8_t *)pa_to_ptr(vm->ram_pa) + page_off;

		/* Break before make: no core may keep the read-only entries. */
		if ((e = stage2_unmap(&vm->s2, page, n * COW_PAGE)))
			panic("vm %s: unsharing IPA 0x%llx: %s", vm->name,
			      (unsigned long long)ipa_addr(page), lpae_strerror(e));
		stage2_flush_tlb(&vm->s2);
		for (unsigned int i = 0; i < n; i++)
			copy_page(dst + i * COW_PAGE, (const void *)(uintptr_t)(src + i * COW_PAGE));
		cache_clean_range(dst, n * COW_PAGE);
		icache_inval_all();
		if ((e = stage2_map_pages(&vm->s2, page, pa_init(pa_addr(vm->ram_pa) + page_off),
					  n * COW_PAGE, S2_RAM)))
			panic("vm %s: mapping its copy of IPA 0x%llx: %s", vm->name,
			      (unsigned long long)ipa_addr(page), lpae_strerror(e));
		vm->cow_copies += n;
	}
	spin_unlock(&vm->cow_lock);
	return true;
}

static struct boot_image vm_images[MAX_VMS];
static struct vm *vm_create_firmware(struct vm *vm, const struct vm_plan *plan,
				     const struct platform *plat);
static struct vm *vm_finish(struct vm *vm, const struct vm_plan *plan,
			    const struct platform *plat);

/* The next unused slot, else a removed VM's (its VMID's TLB entries went
 * with its tables), else MAX_VMS. */
static unsigned int free_slot(void)
{
	if (nvms < MAX_VMS)
		return nvms;
	for (unsigned int i = 0; i < MAX_VMS; i++)
		if (vms[i].removed)
			return i;
	return MAX_VMS;
}

struct vm *vm_by_name(const char *name)
{
	for (unsigned int i = 0; i < nvms; i++)
		if (!vms[i].removed && !strcmp(vms[i].name, name))
			return &vms[i];
	return NULL;
}

struct vm *vm_create(const struct vm_plan *plan, const void *plat_fdt,
		     const struct platform *plat, const void *overlay, size_t overlay_size)
{
	unsigned int slot = free_slot();
	struct vm *vm = &vms[slot];
	struct boot_image *img = &vm_images[slot];
	char msg[PLAN_MSG_MAX];

	/* libfdt (guest_dt_build) was not built with x9-x15 reserved: it must
	 * not run while this core is inside a guest's exit (vectors.S). */
	if (this_cpu()->loaded && this_cpu()->loaded->in_guest)
		panic("vm_create called during a guest exit");
	if (slot == MAX_VMS) {
		tlog("vm %s: refused: Tandem runs at most %d VMs", plan->cfg.name, MAX_VMS);
		return NULL;
	}
	memset(vm, 0, sizeof(*vm));
	vm->state = VM_STOPPED;
	vm->id = slot;
	vm->cfg = plan->cfg;
	vm->name = vm->cfg.name;
	vm->ram_pa = pa_init(plan->ram_pa);
	vm->kernel = plan->kernel;
	vm->dtb = vm_dt_store[slot];

	if (stage2_init(&vm->s2, (uint16_t)(vm->id + 1), &page_pool_lpae)) {
		tlog("vm %s: refused: out of memory for its stage-2 tables", vm->name);
		return NULL;
	}
	if (vm->cfg.vpl011) {
		vpl011_init(&vm->uart, vm, vm->name, plat->uart_irq);
		vm_add_mmio(vm, plat->uart.base, 0x1000, &vpl011_model, &vm->uart);
	}
	if (vm->cfg.has_watchdog) {
		vwdog_init(&vm->wdog, vm, vm->cfg.wdog_intid);
		if (vm_add_mmio(vm, vm->cfg.wdog_base, VWDOG_SIZE, &vwdog_model, &vm->wdog)) {
			tlog("vm %s: refused: no room for its watchdog among its emulated devices",
			     vm->name);
			return NULL;
		}
	}

	if (guest_dt_build(plat_fdt, plat, &vm->cfg, overlay, overlay_size, vm->dtb,
			   VM_DT_MAX, overlay_scratch, sizeof(overlay_scratch), msg, sizeof(msg))) {
		tlog("vm %s: refused: %s", vm->name, msg);
		return NULL;
	}
	vm->dtb_size = fdt_totalsize(vm->dtb);

	const void *payload = (const void *)(uintptr_t)vm->kernel->addr;

	if (vm->cfg.has_flash)
		return vm_create_firmware(vm, plan, plat);
	if (boot_image_inspect(payload, vm->kernel->size, img, msg, sizeof(msg))) {
		tlog("vm %s: refused: %s: payload at 0x%llx: %s", vm->name, vm->cfg.source,
		     (unsigned long long)vm->kernel->addr, msg);
		return NULL;
	}
	/* Layout: payload at its offset, then free RAM; at the top the device
	 * tree (room for VM_DT_MAX), and the initial ramdisk just below it. */
	uint64_t dtb_off = vm->cfg.mem_size > VM_DT_MAX ? vm->cfg.mem_size - VM_DT_MAX : 0;
	uint64_t low = dtb_off;

	vm->ramdisk = plan->ramdisk;
	if (vm->ramdisk) {
		vm->initrd_off = vm->ramdisk->size < dtb_off
				 ? ALIGN_DOWN(dtb_off - vm->ramdisk->size, 4096) : 0;
		low = vm->initrd_off;
	}
	if (img->load_offset + img->mem_size > low || !dtb_off) {
		tlog("vm %s: refused: %s: its payload needs %llu KiB at offset 0x%llx, %s%s "
		     "but the VM has %llu KiB of RAM; raise 'memory'", vm->name, vm->cfg.source,
		     (unsigned long long)(img->mem_size / 1024),
		     (unsigned long long)img->load_offset,
		     vm->ramdisk ? "its ramdisk needs more below the device tree" : "the device tree",
		     vm->ramdisk ? "" : " the last 64 KiB,",
		     (unsigned long long)(vm->cfg.mem_size / 1024));
		return NULL;
	}
	if (vm->ramdisk &&
	    guest_dt_set_initrd(vm->dtb, VM_DT_MAX, vm->cfg.mem_base + vm->initrd_off,
				vm->cfg.mem_base + vm->initrd_off + vm->ramdisk->size)) {
		tlog("vm %s: refused: no room in its device tree for the ramdisk", vm->name);
		return NULL;
	}
	vm->dtb_size = fdt_totalsize(vm->dtb);
	vm->dtb_ipa = ipa_init(vm->cfg.mem_base + dtb_off);
	vm->entry = ipa_init(vm->cfg.mem_base + img->load_offset);
	plan_cow(vm, img);
	return vm_finish(vm, plan, plat);
}

/* Firmware ('flash'): the payload in the flash bank, entered at its base as
 * a core leaving reset would (x0: the device tree, which firmware for
 * QEMU's virt finds itself at the base of RAM anyway). */
static struct vm *vm_create_firmware(struct vm *vm, const struct vm_plan *plan,
				     const struct platform *plat)
{
	struct boot_image *img = &vm_images[vm->id];

	memset(img, 0, sizeof(*img));
	if (vflash_init(vm, pa_init(plan->flash_pa))) {
		tlog("vm %s: refused: mapping its flash failed", vm->name);
		return NULL;
	}
	vm->dtb_ipa = ipa_init(vm->cfg.mem_base);
	vm->entry = ipa_init(vm->cfg.flash_base);
	tlog("vm %s: firmware in flash at IPA 0x%llx-0x%llx (%llu KiB, read-only)%s", vm->name,
	     (unsigned long long)vm->cfg.flash_base,
	     (unsigned long long)(vm->cfg.flash_base + vm->cfg.flash_size - 1),
	     (unsigned long long)(vm->kernel->size / 1024),
	     vm->cfg.has_flash_vars ? ", variables in volatile flash" : "");
	return vm_finish(vm, plan, plat);
}

/* The tree's seeds, the first load, vCPUs, interrupts, channels and
 * devices: the same for every payload, once its tree is final. */
static struct vm *vm_finish(struct vm *vm, const struct vm_plan *plan,
			    const struct platform *plat)
{
	if (guest_dt_seed_offsets(vm->dtb, &vm->rng_seed_off, &vm->kaslr_seed_off)) {
		tlog("vm %s: refused: its device tree has no room for its rng-seed", vm->name);
		return NULL;
	}
	enum lpae_err e = map_ram(vm);

	if (e) {
		tlog("vm %s: refused: mapping its RAM failed: %s", vm->name, lpae_strerror(e));
		return NULL;
	}
	load_images(vm, false);

	vm->nvcpus = vm->cfg.vcpus;
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->id = i;
		v->pcpu = (unsigned int)platform_cpu_index(plat, vm->cfg.affinity[i]);
		vcpu_reset_boot(v, ipa_addr(vm->entry), ipa_addr(vm->dtb_ipa));
	}
	if (vgic_vm_init(vm, plat)) {
		tlog("vm %s: refused: cannot set up its interrupt controller", vm->name);
		return NULL;
	}
	/* Pass-through last: once it has claimed interrupts nothing may fail. */
	if (channel_attach(vm) || passthrough_attach(vm, plan))
		return NULL;
	/* Only now is the slot taken: a refused VM's is the next one's. */
	mb_shared();
	if (vm->id == nvms)
		nvms++;

	char cores[48];
	int n = 0;

	for (unsigned int i = 0; i < vm->nvcpus; i++)
		n += snformat(cores + n, sizeof(cores) - (size_t)n, "%s%u", i ? "," : "",
			      vm->vcpus[i].pcpu);
	vm->cntvoff = arch_counter_now();
	tlog("vm %s: %u vCPU(s) on core(s) %s, RAM IPA 0x%llx-0x%llx at PA 0x%llx%s, "
	     "entry 0x%llx, device tree at 0x%llx", vm->name, vm->nvcpus, cores,
	     (unsigned long long)vm->cfg.mem_base,
	     (unsigned long long)(vm->cfg.mem_base + vm->cfg.mem_size - 1),
	     (unsigned long long)pa_addr(vm->ram_pa), vm->cfg.direct_map ? " (1:1)" : "",
	     (unsigned long long)ipa_addr(vm->entry), (unsigned long long)ipa_addr(vm->dtb_ipa));
	tlog("vm %s: virtual counter offset %llu", vm->name, (unsigned long long)vm->cntvoff);
	/* What the VM costs Tandem's fixed page pool (tests/bench/footprint.py). */
	tlog("vm %s: stage-2 tables %llu KiB; page pool: %llu KiB left", vm->name,
	     (unsigned long long)vm->s2.table.tables * 4, (unsigned long long)page_pool_free_pages() * 4);
	return vm;
}

void vm_start(struct vm *vm)
{
	vm->started_at = arch_counter_now();
	vm->vcpus[0].on = true;
	mb_shared();
	vm->state = VM_RUNNING;
	sync_shared();
	cpu_kick(vm->vcpus[0].pcpu);
}

void vm_trap_totals(const struct vm *vm, uint64_t out[TRAP_COUNTERS])
{
	for (unsigned int r = 0; r < TRAP_COUNTERS; r++) {
		out[r] = 0;
		for (unsigned int i = 0; i < vm->nvcpus; i++)
			out[r] += vm->vcpus[i].traps[r];
	}
}

static const char *trap_counter_name(unsigned int r)
{
	switch (r) {
	case TRAP_COUNT_IRQ: return "irq";
	case TRAP_COUNT_FIQ: return "fiq";
	case TRAP_COUNT_SERROR: return "serror";
	default: return arch_exit_counter_name(r);
	}
}

/* When vCPU 0 first entered the VM (this start), on the counter's
 * timeline from the machine's reset, and how many shared pages it has
 * copied by writing them so far: logged once a start, at its first
 * character or when it stops or restarts, never on the way into it
 * (tests/bench/boot_path.py reads it). */
void vm_report_boot(struct vm *vm)
{
	if (!vm->entered || vm->boot_reported)
		return;
	vm->boot_reported = true;
	tlog("vm %s: first entered at counter %llu (%llu Hz); %llu shared pages copied "
	     "on write so far", vm->name, (unsigned long long)vm->entered_at,
	     (unsigned long long)arch_counter_hz(), (unsigned long long)vm->cow_copies);
}

int vm_format_traps(const struct vm *vm, char *buf, size_t size)
{
	uint64_t t[TRAP_COUNTERS];
	int n = 0;

	buf[0] = '\0';
	vm_trap_totals(vm, t);
	for (unsigned int r = 0; r < TRAP_COUNTERS && n < (int)size; r++) {
		const char *name = trap_counter_name(r);

		if (!t[r])
			continue;
		if (name)
			n += snformat(buf + n, size - (size_t)n, " %s=%llu", name,
				      (unsigned long long)t[r]);
		else
			n += snformat(buf + n, size - (size_t)n, " ec%02x=%llu", r,
				      (unsigned long long)t[r]);
	}
	return n;
}

static void report_traps(struct vm *vm)
{
	char buf[256];

	vm_report_boot(vm);
	tlog("vm %s: traps:%s", vm->name, vm_format_traps(vm, buf, sizeof(buf)) ? buf : " none");
	tlog("vm %s: %llu shared pages copied on write since its start", vm->name,
	     (unsigned long long)vm->cow_copies);
}

static bool any_vm_alive(void)
{
	for (unsigned int i = 0; i < nvms; i++)
		if (vms[i].state != VM_STOPPED || vms[i].start_requested || vms[i].removing)
			return true;
	return false;
}

void vm_halt(struct vm *vm, bool power_off_if_last, const char *why)
{
	spin_lock(&vm->lock);
	if (vm->state == VM_STOPPED) {
		spin_unlock(&vm->lock);
		return;
	}
	vm->state = VM_STOPPED;
	spin_unlock(&vm->lock);
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		vcpu_request_attention(&vm->vcpus[i]);
		cpu_kick(vm->vcpus[i].pcpu);
	}

	passthrough_detach(vm);
	channel_vm_stopped(vm);
	vwdog_reset(&vm->wdog);
	if (vm->cfg.vpl011)
		vpl011_flush(&vm->uart);
	tlog("vm %s: stopped: %s", vm->name, why);
	report_traps(vm);
	if (power_off_if_last && !any_vm_alive()) {
		static volatile int announced;

		/* Two VMs may stop at once on two cores: say it once. */
		if (!__atomic_exchange_n(&announced, 1, __ATOMIC_ACQ_REL))
			tlog("no VM is running any more; powering off");
		machine_power_off();
	}
}

void vm_stop(struct vm *vm, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	vm_halt(vm, true, why);
}

static uint64_t restart_window_ticks(const struct vm *vm)
{
	return (uint64_t)vm->cfg.restart_window_ms * (arch_counter_hz() / 1000);
}

/* Every restart, after a crash or asked for, counts against restart-limit
 * within restart-window-ms: a VM restarting faster than that is stopped,
 * so a reset storm costs its own cores and the console a few lines, never
 * more. False if it was stopped instead. */
static bool restart_admitted(struct vm *vm, const char *why, const char *what)
{
	if (restart_window_admit(&vm->restarts, arch_counter_now(), restart_window_ticks(vm),
				 vm->cfg.restart_limit))
		return true;
	vm_stop(vm, "%s (%s %u times within %u ms: restart limit reached, restart-limit %u, "
		"restart-window-ms %u)", why, what, vm->cfg.restart_limit + 1,
		vm->cfg.restart_window_ms, vm->cfg.restart_limit, vm->cfg.restart_window_ms);
	return false;
}

static void crash(struct vm *vm, struct vcpu *v, const char *why)
{
	if (!vm->cfg.restart_on_crash) {
		vm_stop(vm, "%s", why);
		return;
	}
	if (!restart_admitted(vm, why, "crashed"))
		return;
	if (vm->cfg.vpl011)
		vpl011_flush(&vm->uart);
	tlog("vm %s: crashed: %s; restarting it (on-crash \"restart\", %u of %u)", vm->name, why,
	     restart_window_recent(&vm->restarts, arch_counter_now(), restart_window_ticks(vm)),
	     vm->cfg.restart_limit);
	report_traps(vm);
	vm_reset(vm, v);
}

void vm_crash(struct vcpu *v, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	crash(v->vm, v, why);
}

void vm_crash_from(struct vm *vm, struct vcpu *caller, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	crash(vm, caller, why);
}

void vm_guest_reset(struct vm *vm, struct vcpu *caller)
{
	if (restart_admitted(vm, "restart storm: it asked for a reset (PSCI SYSTEM_RESET)",
			     "reset")) {
		vm_report_boot(vm);
		vm_reset(vm, caller);
	}
}

void vm_reset(struct vm *vm, struct vcpu *caller)
{
	spin_lock(&vm->lock);
	if (vm->state != VM_RUNNING) {
		spin_unlock(&vm->lock);
		return;
	}
	vm->state = VM_RESETTING;
	spin_unlock(&vm->lock);
	mb_shared();

	/* Every other vCPU must be out of the guest before its memory changes. */
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		vcpu_request_attention(v);
		if (v == caller)
			continue;
		cpu_kick(v->pcpu);
		while (v->in_guest)
			event_wait();
	}
	if (vm->cfg.vpl011)
		vpl011_flush(&vm->uart);
	/* The caller's list registers are live on this core: hand back any
	 * hardware-linked interrupt before the whole interrupt state is reset.
	 * (No caller: the watchdog's expiry, from another VM's time or none.) */
	if (caller)
		vgic_abandon_lrs(caller);
	vm_boot_again(vm);
}

void vm_boot_again(struct vm *vm)
{
	vflash_reset(vm);
	load_images(vm, true);
	stage2_flush_tlb(&vm->s2);
	vwdog_reset(&vm->wdog);
	vgic_vm_reset(vm);
	passthrough_reset(vm);
	channel_vm_reset(vm);
	vm->cntvoff = arch_counter_now();
	if (vm->cfg.vpl011) {
		vm->console_dropped += vm->uart.budget.dropped_total;
		vpl011_init(&vm->uart, vm, vm->name, vm->uart.intid);
	}
	for (unsigned int i = 0; i < vm->nvcpus; i++) {
		vm->vcpus[i].on = false;
		vcpu_reset_boot(&vm->vcpus[i], ipa_addr(vm->entry), ipa_addr(vm->dtb_ipa));
	}
	vm->resets++;
	tlog("vm %s: restarting from a clean image (reset %u)", vm->name, vm->resets);
	tlog("vm %s: virtual counter offset %llu", vm->name, (unsigned long long)vm->cntvoff);
	vm_start(vm);
}
