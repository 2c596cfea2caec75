/* The report of an exception the guest did not expect (start.S's vectors,
 * ARMv7-A): what it was, where, and its fault status and address
 * registers; then the VM powers off. A guest that provokes exceptions on
 * purpose (guests/hostile) sets exception_catcher, which may take one and
 * move the return address. */
#include <stdint.h>
#include "firmware/smccc.h"
#include "guests/test/guest.h"

bool (*exception_catcher)(uint32_t kind, struct irq_frame *f, uint32_t fsr, uint32_t far);

void guest_exception(uint32_t kind, struct irq_frame *f, uint32_t fsr, uint32_t far);
void guest_exception(uint32_t kind, struct irq_frame *f, uint32_t fsr, uint32_t far)
{
	static const char *const what[8] = {
		"reset", "undefined instruction", "SVC", "prefetch abort", "data abort",
		"hyp trap", "IRQ", "FIQ",
	};

	if (exception_catcher && exception_catcher(kind, f, fsr, far))
		return;   /* resumes at f->elr */
	if (kind == 4)
		say("exception: data abort at 0x%08x: DFSR 0x%08x DFAR 0x%08x (CPSR 0x%08x)",
		    f->elr, fsr, far, f->spsr);
	else if (kind == 3)
		say("exception: prefetch abort at 0x%08x: IFSR 0x%08x IFAR 0x%08x (CPSR 0x%08x)",
		    f->elr, fsr, far, f->spsr);
	else
		say("exception: unexpected %s on vcpu %u at 0x%08x (CPSR 0x%08x)", what[kind & 7],
		    this_cpu(), f->elr, f->spsr);
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* libgcc's division routines call these on a division by zero. */
void __aeabi_idiv0(void);
void __aeabi_ldiv0(void);
void __aeabi_idiv0(void)
{
}

void __aeabi_ldiv0(void)
{
}
