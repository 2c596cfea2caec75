/* The paravirtual path's boot (docs/paravirt.md), entered by the port's
 * entry code when the core has no virtualization extensions. */
#include <libfdt.h>
#include <format.h>
#include "el2/boot.h"
#include "el2/console.h"
#include "el2/entropy.h"
#include "el2/gic.h"
#include "el2/hypercall.h"
#include "el2/vm.h"
#include "el2/arch/boot.h"
#include "el2/arch/limits.h"
#include "dt/platform.h"
#include "dt/plan.h"
#include "firmware/machine.h"
#include "pv/pv.h"
#include "pv/arch/cpu.h"

void paravirtual_main(uint64_t dtb_pa) __attribute__((noreturn));
/* Entered at EL1: no virtualization extensions, the paravirtual path
 * (docs/paravirt.md). Tandem maps itself at EL1, reads the platform and
 * checks every overlay as on the hardware path; only paravirtualized guests
 * pass, and run at EL0 (pv/). */
void paravirtual_main(uint64_t dtb_pa)
{
	char msg[PLAN_MSG_MAX];
	unsigned int started = 0;

	mmu_init_early(dtb_pa, 1);
	if (fdt_copy_compact((const void *)(uintptr_t)dtb_pa, platform_dtb, sizeof(platform_dtb)))
		fatal("no valid platform device tree in x0");
	if (platform_parse(platform_dtb, &plat, msg, sizeof(msg)))
		fatal(msg);
	if (mmu_map_platform(&plat))
		fatal("cannot map RAM and devices for Tandem");
	console_init(plat.uart.base);
	pv_core_setup();   /* from here a fault at EL1 is reported */
	machine_set_conduit(plat.psci_smc);   /* what the platform tree says (QEMU: HVC) */
	pv_arch_platform(&plat);
	tlog("Tandem %d.%d %s: this core has no virtualization extensions, so the "
	     "paravirtual path: %u cores, %llu MiB RAM, GICv%u", TANDEM_VERSION_MAJOR,
	     TANDEM_VERSION_MINOR, pv_arch_where, plat.ncpus, (unsigned long long)(total_ram() >> 20),
	     plat.gic_v1 ? 1 : plat.gic_version);
	entropy_init(platform_dtb, &plat, firmware_dtb(dtb_pa));
	if (plan_init(&plan, platform_dtb, &plat, (uint64_t)(uintptr_t)__image_start,
		      TANDEM_RESERVED_SIZE))
		fatal(plan.error);
	plan.paravirtual_path = true;
	plan_give_modules();
	for (unsigned int i = 0; i < plat.nmodules; i++) {
		const struct boot_module *m = &plat.modules[i];
		char source[40];

		if (!is_fdt(m))
			continue;
		snformat(source, sizeof(source), "overlay module@0x%llx", (unsigned long long)m->addr);
		if (plan_add_vm(&plan, (const void *)(uintptr_t)m->addr, m->size, source)) {
			tlog("VM refused: %s", plan.refusal);
		} else if (pv_vm_create(&plan.vms[plan.nvms - 1], platform_dtb, &plat,
					(const void *)(uintptr_t)m->addr, m->size)) {
			release_uncreated(plan.nvms - 1);
		} else {
			started++;
			if (plan.vms[plan.nvms - 1].warning[0])
				tlog("WARNING: %s", plan.vms[plan.nvms - 1].warning);
		}
	}
	report_unused_modules();
	if (!started) {
		tlog("no VM to run (%u boot modules, %u VM overlays, none started); powering off",
		     plat.nmodules, plan.nvms);
		machine_power_off();
	}
	if (gic_init(&plat))
		fatal("the GIC is not usable");
	pv_run(&plat);
}

