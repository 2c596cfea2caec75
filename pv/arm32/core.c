/* The core Tandem runs on in SVC mode on the paravirtual path (pv/arch/
 * cpu.h): its exception vectors and VFP access, and where a secondary core
 * enters (on vexpress: from the boot loader's wait, el2/arm32/a9/entry.S). */
#include "pv/pv.h"
#include "pv/arch/cpu.h"
#include "pv/arch/switch.h"
#include "el2/boot.h"
#include "el2/arm32/cp15.h"
#include "el2/arm32/guest_context.h"
#include "el2/arch/barrier.h"
#include "dt/platform.h"
#include "firmware/machine.h"
#include "el2/arm32/a9/global_timer.h"

extern char pv_vectors[];
void a9_secondary_entry(void);
void a9_core_setup(void);
void pv_secondary_main(uint64_t id) __attribute__((noreturn));
void arch_halt(void) __attribute__((noreturn));
void arch_vfp_load(const struct vfp_state *s);

#define SCTLR_V          (1u << 13)
#define CPACR_CP10_CP11  (0xfu << 20)   /* VFP/Advanced SIMD at PL0 and PL1 */
#define FPEXC_EN         (1u << 30)

const char pv_arch_where[] = "in SVC mode";
const char pv_arch_guest_where[] = "in USR mode";

const struct vfp_state pv_vfp_initial = { .fpexc = FPEXC_EN };

/* USR mode may use VFP and Advanced SIMD (switched with the VM,
 * pv/sched.c); nothing of the MPCore's timers or the PMU. */
void pv_core_setup(void)
{
	a9_core_setup();
	write_cp15(VBAR, (uint32_t)(uintptr_t)pv_vectors);
	write_cp15(SCTLR, read_cp15(SCTLR) & ~SCTLR_V);   /* vectors at VBAR */
	write_cp15(CPACR, read_cp15(CPACR) | CPACR_CP10_CP11);
	isb();
	arch_vfp_load(&pv_vfp_initial);
	write_cp15(PMCR, 1 | (1 << 2));   /* the cycle counter, for Tandem's own profiling */
	isb();
}

/* A core without the generic timer: Tandem's timer is each core's
 * comparator of the global timer (INTID 27), measured against the SP804's
 * reference clock; guests keep virtual INTID 27 for theirs, as on every
 * path. Without PSCI, the vexpress motherboard starts cores and powers off. */
void pv_arch_platform(struct platform *p)
{
	if (!p->has_generic_timer) {
		p->timer_irq[1] = GT_INTID;
		p->timer_irq[2] = GT_INTID;
		a9_calibrate_global_timer(boot_platform_fdt());
	}
	if (!p->has_psci && p->vexpress_sysreg.size)
		machine_use_vexpress((uintptr_t)p->vexpress_sysreg.base);
}

uint64_t pv_arch_secondary_entry(void)
{
	return (uint64_t)(uintptr_t)a9_secondary_entry;
}

/* From a9_secondary_entry, with this core's CPU number. */
void a9_secondary_main(unsigned int number) __attribute__((noreturn));
void a9_secondary_main(unsigned int number)
{
	int index = platform_cpu_index(boot_platform(), number);

	if (index < 0)
		arch_halt();   /* not in the platform tree: it stays out */
	pv_secondary_main((uint64_t)index);
}
