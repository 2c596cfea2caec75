/* Exceptions at EL1 on the paravirtual path (pv/arch/exit.h): from a guest
 * at EL0, decoded from ESR_EL1 into a struct pv_exit; from EL1 itself, a
 * Tandem bug, reported. */
#include <format.h>
#include "pv/arch/exit.h"
#include "pv/vm.h"
#include "el2/console.h"
#include "el2/arm64/esr.h"
#include "el2/arm64/sysreg.h"

#define ESR_WFX_WFE       1u      /* WFx ISS.TI: WFE, not WFI */
#define DFSC_TYPE_MASK    0x3cu   /* a data abort's fault status code, its level left out */
#define DFSC_PERMISSION   0x0cu   /* 0b0011xx */

/* A synchronous exception from EL0, from its syndrome. */
static void decode_sync(struct pv_arch_regs *r, uint64_t esr, struct pv_exit *e)
{
	switch (esr_ec((uint32_t)esr)) {
	case EC_SVC64:
		e->kind = PV_EXIT_CALL;
		break;
	case EC_WFX:
		r->elr += 4;
		e->kind = (esr & ESR_WFX_WFE) ? PV_EXIT_NOTHING : PV_EXIT_WAIT;
		break;
	case EC_DABT_LOW:
		e->kind = PV_EXIT_DATA_FAULT;
		e->write = (esr & ESR_DABT_WNR) != 0;
		e->permission = (esr & DFSC_TYPE_MASK) == DFSC_PERMISSION;
		break;
	case EC_IABT_LOW:
		e->kind = PV_EXIT_FETCH_FAULT;
		break;
	default:
		e->kind = PV_EXIT_UNEXPECTED;
		break;
	}
}

/* Every exception from a guest (vectors.S, kind 0: synchronous, 1: IRQ,
 * 2: a call made on the short way in);
 * returns the vCPU to resume. */
struct pv_vcpu *pv_trap(struct pv_vcpu *v, uint64_t kind);
struct pv_vcpu *pv_trap(struct pv_vcpu *v, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	struct pv_exit e = { .kind = PV_EXIT_IRQ, .addr = far, .syndrome = esr };

	if (kind == 2)
		e.kind = PV_EXIT_NOTHING;   /* a call pv_fast_call made; an interrupt is due */
	else if (kind != 1)
		decode_sync(&v->regs, esr, &e);
	return pv_exit(v, &e);
}

void pv_arch_describe_exit(const struct pv_exit *e, char *buf, size_t size)
{
	snformat(buf, size, "exception class 0x%02x (ESR 0x%08llx)", esr_ec((uint32_t)e->syndrome),
		 (unsigned long long)e->syndrome);
}

void pv_panic(uint64_t why) __attribute__((noreturn));
void pv_panic(uint64_t why)
{
	tlog("PANIC at EL1: %s: ESR 0x%llx FAR 0x%llx ELR 0x%llx", why ? "unexpected vector"
	     : "exception at EL1", (unsigned long long)read_sysreg(esr_el1),
	     (unsigned long long)read_sysreg(far_el1), (unsigned long long)read_sysreg(elr_el1));
	for (;;)
		wfi();
}
