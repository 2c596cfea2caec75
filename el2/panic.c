/* Panic reporting; see panic.h. */
#include <stdarg.h>
#include <format.h>
#include "el2/panic.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/sysreg.h"

static void halt_others(void)
{
	unsigned int self = this_cpu()->id;

	if (!gic)
		return;
	for (unsigned int i = 0; i < ncpus; i++)
		if (i != self && pcpus[i].online)
			gic_send_sgi(i, SGI_HALT);
}

static void halt(void) __attribute__((noreturn));
static void halt(void)
{
	tlog("halted");
	for (;;)
		wfi();
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	console_force_unlock();
	va_start(ap, fmt);
	vsnformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tlog("PANIC on core %u: %s", this_cpu()->id, buf);
	halt_others();
	halt();
}

void el2_fault_report(unsigned int kind)
{
	static const char *const kinds[] = { "synchronous exception", "IRQ", "FIQ", "SError" };
	uint64_t esr = read_sysreg(esr_el2);

	console_force_unlock();
	tlog("PANIC on core %u: %s at EL2: %s", this_cpu()->id, kinds[kind & 3],
	     kind == 0 ? esr_ec_name(esr_ec((uint32_t)esr)) : "unexpected interrupt");
	tlog("  EC 0x%02x  ESR 0x%08llx  FAR 0x%016llx", esr_ec((uint32_t)esr),
	     (unsigned long long)esr, (unsigned long long)read_sysreg(far_el2));
	tlog("  ELR 0x%016llx  SP 0x%016llx  SPSR 0x%08llx",
	     (unsigned long long)read_sysreg(elr_el2),
	     (unsigned long long)read_sysreg(tpidr_el0),   /* parked by vectors.S */
	     (unsigned long long)read_sysreg(spsr_el2));
	halt_others();
	halt();
}
