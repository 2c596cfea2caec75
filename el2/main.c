/* The boot flow on the primary core: MMU on, platform device tree copied and
 * parsed, console, GIC, secondary cores, then one VM per overlay module:
 * validated, built, started. docs/architecture.md walks through it. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "el2/boot.h"
#include "vchan/channel.h"
#include "el2/console.h"
#include "el2/console_input.h"
#include "el2/cpu.h"
#include "el2/entropy.h"
#include "el2/hyp_timer.h"
#include "el2/gic.h"
#include "el2/hypercall.h"
#include "el2/irq.h"
#include "el2/panic.h"
#include "el2/sched.h"
#include "el2/vm.h"
#include "el2/arch/barrier.h"
#include "el2/arch/boot.h"
#include "el2/arch/exit.h"
#include "el2/arch/limits.h"
#include "dt/platform.h"
#include "dt/plan.h"
#include "firmware/machine.h"
#include "vtimer/vtimer.h"
#include "vgic/vgic.h"

uint8_t platform_dtb[PLATFORM_DTB_MAX] __attribute__((aligned(8)));
struct platform plat;
struct system_plan plan;

const struct platform *boot_platform(void)
{
	return &plat;
}

const void *boot_platform_fdt(void)
{
	return platform_dtb;
}

const struct system_plan *boot_plan(void)
{
	return &plan;
}

struct system_plan *boot_plan_writable(void)
{
	return &plan;
}

void fatal(const char *what)
{
	tlog("cannot boot: %s", what);
	for (;;)
		interrupt_wait();
}

uint64_t total_ram(void)
{
	uint64_t t = 0;

	for (unsigned int i = 0; i < plat.nram; i++)
		t += plat.ram[i].size;
	return t;
}

static bool has_option(const char *opt)
{
	size_t n = strlen(opt);

	for (const char *p = plat.bootargs; *p; p++)
		if ((p == plat.bootargs || p[-1] == ' ') && !strncmp(p, opt, n) &&
		    (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static void banner(void)
{
	uint32_t psci = machine_psci_version();
	uint64_t image = (uint64_t)(uintptr_t)__image_start;

	tlog("Tandem %d.%d hypervisor at %s: %u cores, %llu MiB RAM, GICv%u, "
	     "firmware PSCI %u.%u", TANDEM_VERSION_MAJOR, TANDEM_VERSION_MINOR, arch_hyp_name, plat.ncpus,
	     (unsigned long long)(total_ram() >> 20), plat.gic_version, psci >> 16, psci & 0xffff);
	tlog("reserved 0x%llx-0x%llx (%u MiB) for itself, image %llu KiB",
	     (unsigned long long)image,
	     (unsigned long long)(image + TANDEM_RESERVED_SIZE - 1),
	     TANDEM_RESERVED_SIZE >> 20,
	     (unsigned long long)((uint64_t)(__image_end - __image_start) >> 10));
}

bool is_fdt(const struct boot_module *m)
{
	return m->size >= sizeof(struct fdt_header) &&
	       fdt_magic((const void *)(uintptr_t)m->addr) == FDT_MAGIC;
}

/* The plan reads the payloads (their kind, their size in memory): every
 * module is in RAM, which Tandem maps 1:1. */
void plan_give_modules(void)
{
	for (unsigned int i = 0; i < plat.nmodules; i++)
		plan.module_data[i] = (const void *)(uintptr_t)plat.modules[i].addr;
}

/* A VM the plan accepted but creating it failed (vm_create said why): its
 * cores and RAM go back to the plan for the VMs after it. */
void release_uncreated(unsigned int index)
{
	char why[PLAN_MSG_MAX];
	const struct vm_plan *v = &plan.vms[index];

	snformat(why, sizeof(why), "%s: %s: refused while creating it (see above)",
		 v->cfg.source, v->cfg.node);
	plan_release_vm(&plan, index, why);
}

static void create_vms(void)
{
	for (unsigned int i = 0; i < plat.nmodules; i++) {
		const struct boot_module *m = &plat.modules[i];
		const void *overlay = (const void *)(uintptr_t)m->addr;
		char source[40];
		struct vm *vm;

		if (!is_fdt(m))
			continue;
		snformat(source, sizeof(source), "overlay module@0x%llx", (unsigned long long)m->addr);
		if (plan_add_vm(&plan, overlay, m->size, source)) {
			tlog("VM refused: %s", plan.refusal);
			continue;
		}
		vm = vm_create(&plan.vms[plan.nvms - 1], platform_dtb, &plat, overlay, m->size);
		if (!vm) {
			release_uncreated(plan.nvms - 1);
			continue;
		}
		vm->plan_index = plan.nvms - 1;
		for (unsigned int v = 0; v < vm->nvcpus; v++)
			sched_add_vcpu(&vm->vcpus[v]);
		if (plan.vms[plan.nvms - 1].warning[0])
			tlog("WARNING: %s", plan.vms[plan.nvms - 1].warning);
	}
}

/* Channels join VMs that both declared them (each pair once). */
static void connect_channels(void)
{
	plan_link_channels(&plan);
	for (unsigned int i = 0; i < plan.nnotes; i++)
		tlog("%s", plan.notes[i]);
	for (unsigned int a = 0; a < plan.nvms; a++) {
		const struct vm_plan *v = &plan.vms[a];

		for (unsigned int c = 0; v->accepted && c < v->cfg.nchannels; c++) {
			int b = v->peer_vm[c];
			struct vm *mine = vm_by_name(v->cfg.name), *theirs;

			if (b < 0 || (unsigned int)b < a)
				continue;   /* unconnected, or connected from the peer's side */
			theirs = vm_by_name(plan.vms[b].cfg.name);
			if (mine && theirs)
				channel_connect(mine, c, theirs, (unsigned int)v->peer_channel[c]);
		}
	}
}

/* A module that is neither an overlay nor any VM's payload is most likely a
 * mistake (a source file instead of a compiled overlay, a wrong address). */
void report_unused_modules(void)
{
	for (unsigned int i = 0; i < plat.nmodules; i++) {
		const struct boot_module *m = &plat.modules[i];
		bool used = is_fdt(m);

		for (unsigned int v = 0; v < plan.nvms && !used; v++)
			used = plan.vms[v].cfg.kernel_addr == m->addr ||
			       (plan.vms[v].cfg.has_ramdisk && plan.vms[v].cfg.ramdisk_addr == m->addr);
		if (!used)
			tlog("boot module at 0x%llx (%llu bytes) is not a VM overlay (no "
			     "device-tree magic) and no VM names it as its kernel or ramdisk; ignored",
			     (unsigned long long)m->addr, (unsigned long long)m->size);
	}
}

/* The firmware's device tree where a guest could later find it: in RAM
 * (mapped at EL2 by now) outside Tandem's reserved range (inside it no guest
 * ever can, and it may not be mapped writable), or NULL. */
void *firmware_dtb(uint64_t dtb_pa)
{
	uint64_t image = (uint64_t)(uintptr_t)__image_start;

	if (dtb_pa >= image && dtb_pa < image + TANDEM_RESERVED_SIZE)
		return NULL;
	for (unsigned int i = 0; i < plat.nram; i++)
		if (dtb_pa >= plat.ram[i].base && dtb_pa - plat.ram[i].base < plat.ram[i].size)
			return (void *)(uintptr_t)dtb_pa;
	return NULL;
}

/* For the integration test of Tandem's own fault path only. */
static void self_test_panic(void)
{
	tlog("self-test: faulting at %s on purpose (tandem.test=panic)", arch_hyp_name);
	uint64_t never_mapped = 0x8;

	opaque_u64(never_mapped);   /* an address the compiler must not reason about */
	(void)*(volatile uint64_t *)(uintptr_t)never_mapped;
}

void primary_main(uint64_t dtb_pa, uint64_t el) __attribute__((noreturn));
void primary_main(uint64_t dtb_pa, uint64_t el)
{
	char msg[PLAN_MSG_MAX];

	if (el != 2)
		fatal("not entered at the hypervisor's privilege (EL2, HYP): the port's entry "
		      "takes the paravirtual path at EL1 where it has one");
	mmu_init_early(dtb_pa, 2);
	if (fdt_copy_compact((const void *)(uintptr_t)dtb_pa, platform_dtb, sizeof(platform_dtb)))
		fatal("no valid platform device tree in x0");
	if (platform_parse(platform_dtb, &plat, msg, sizeof(msg)) ||
	    platform_check_hw_virt(&plat, msg, sizeof(msg)))
		fatal(msg);
	cpu_init_primary(&plat);
	if (mmu_map_platform(&plat))
		fatal("cannot map RAM and devices at EL2");
	console_init(plat.uart.base);
	machine_set_conduit(true);   /* at EL2 the firmware is reached by SMC */
	banner();
	entropy_init(platform_dtb, &plat, firmware_dtb(dtb_pa));

	if (gic_init(&plat) || vgic_hw_init(&plat))
		fatal("interrupt controller not usable");
	gic_cpu_init(this_cpu());
	vgic_cpu_hw_init();
	arch_features_init();
	arch_cpu_init(this_cpu()->id);
	arch_features_describe(msg, sizeof(msg));
	tlog("%s", msg);
	vtimer_cpu_init(&plat);
	hyp_timer_cpu_init(plat.timer_irq[3]);
	irq_fast_init(vtimer_virt_intid, vgic_timer_slot,
		      gic == &gicv2_ops ? gicv2_cpu_interface() : 0,
		      gic == &gicv2_ops ? vgic_v2_gich : 0);
	if (plan_init(&plan, platform_dtb, &plat, (uint64_t)(uintptr_t)__image_start, TANDEM_RESERVED_SIZE))
		fatal(plan.error);
	plan_give_modules();
	cpu_start_secondaries(&plat);
	if (has_option("tandem.test=panic"))
		self_test_panic();

	create_vms();
	connect_channels();
	report_unused_modules();
	if (!nvms) {
		tlog("no VM to run (%u boot modules, %u VM overlays, none started); powering off",
		     plat.nmodules, plan.nvms);
		machine_power_off();
	}
	for (unsigned int i = 0; i < nvms; i++)
		vm_start(&vms[i]);
	console_input_init(plat.uart.base, plat.uart_irq);
	cpu_idle_loop();
}
