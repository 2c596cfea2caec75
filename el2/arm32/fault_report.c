/* An exception Tandem itself took in HYP (vectors.S's fault vectors, on the
 * core's panic stack): what HSR/HDFAR/HIFAR/ELR/SPSR say, then every core
 * halts. */
#include <format.h>
#include "el2/panic.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/arm32/cp15.h"
#include "el2/arm32/hsr.h"

void hyp_fault_report(unsigned int kind, uint32_t sp);
void hyp_fault_report(unsigned int kind, uint32_t sp)
{
	static const char *const kinds[] = {
		"reset", "undefined instruction", "HVC", "prefetch abort", "data abort",
		"trap", "IRQ", "FIQ",
	};
	uint32_t hsr = read_cp15(HSR);

	console_force_unlock();
	tlog("PANIC on core %u: %s in HYP (%s)", this_cpu()->id, kinds[kind & 7],
	     hsr_ec_name(hsr_ec(hsr)));
	tlog("  HSR 0x%08x  HDFAR 0x%08x  HIFAR 0x%08x", (unsigned int)hsr,
	     (unsigned int)read_cp15(HDFAR), (unsigned int)read_cp15(HIFAR));
	tlog("  ELR 0x%08x  SP 0x%08x  SPSR 0x%08x", (unsigned int)elr_hyp_read(),
	     (unsigned int)sp, (unsigned int)spsr_hyp_read());
	panic_halt_others();
	panic_halt();
}
