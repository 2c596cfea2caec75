/* An exception Tandem itself took at EL2 (vectors.S's fault vectors, on the
 * core's panic stack): what ESR/FAR/ELR/SPSR say, then every core halts. */
#include <format.h>
#include "el2/panic.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/sysreg.h"

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
	panic_halt_others();
	panic_halt();
}
