/* Exceptions in SVC mode on the paravirtual path (pv/arch/exit.h): from a
 * guest in USR mode, decoded from the vector and the fault status
 * registers into a struct pv_exit; from a privileged mode, a Tandem bug,
 * reported. */
#include <format.h>
#include "pv/arch/exit.h"
#include "pv/vm.h"
#include "el2/console.h"
#include "el2/arm32/cp15.h"

enum { KIND_SVC, KIND_IRQ, KIND_DABT, KIND_PABT, KIND_UND, KIND_SVC_MADE };

#define FSR_WNR            (1u << 11)
#define FSR_STATUS(fsr)    (((fsr) & 0xfu) | (((fsr) >> 6) & 0x10u))
#define FS_PERM_SECTION    0x0du
#define FS_PERM_PAGE       0x0fu

/* Every exception from a guest (vectors.S); returns the vCPU to resume. */
struct pv_vcpu *pv_trap(struct pv_vcpu *v, unsigned int kind);
struct pv_vcpu *pv_trap(struct pv_vcpu *v, unsigned int kind)
{
	struct pv_exit e = { .kind = PV_EXIT_IRQ, .syndrome = kind };
	uint32_t fsr;

	switch (kind) {
	case KIND_SVC:
		e.kind = PV_EXIT_CALL;
		break;
	case KIND_IRQ:
		break;
	case KIND_SVC_MADE:   /* pv_fast_call made it; an interrupt is due */
		e.kind = PV_EXIT_NOTHING;
		break;
	case KIND_DABT:
		fsr = read_cp15(DFSR);
		e.kind = PV_EXIT_DATA_FAULT;
		e.addr = read_cp15(DFAR);
		e.write = (fsr & FSR_WNR) != 0;
		e.permission = FSR_STATUS(fsr) == FS_PERM_SECTION || FSR_STATUS(fsr) == FS_PERM_PAGE;
		e.syndrome |= (uint64_t)fsr << 8;
		break;
	case KIND_PABT:
		fsr = read_cp15(IFSR);
		e.kind = PV_EXIT_FETCH_FAULT;
		e.addr = read_cp15(IFAR);
		e.syndrome |= (uint64_t)fsr << 8;
		break;
	default:
		e.kind = PV_EXIT_UNEXPECTED;
		break;
	}
	return pv_exit(v, &e);
}

void pv_arch_describe_exit(const struct pv_exit *e, char *buf, size_t size)
{
	if ((e->syndrome & 0xff) == KIND_UND)
		snformat(buf, size, "an undefined or privileged instruction (UNDEF)");
	else
		snformat(buf, size, "exception %u (FSR 0x%08x)", (unsigned int)(e->syndrome & 0xff),
			 (unsigned int)(e->syndrome >> 8));
}

void pv_panic(unsigned int why) __attribute__((noreturn));
void pv_panic(unsigned int why)
{
	uint32_t spsr;

	__asm__ volatile("mrs %0, spsr" : "=r"(spsr));
	tlog("PANIC in SVC: %s: DFSR 0x%x DFAR 0x%x IFSR 0x%x IFAR 0x%x SPSR 0x%x",
	     why ? "unexpected vector" : "exception from a privileged mode",
	     (unsigned int)read_cp15(DFSR), (unsigned int)read_cp15(DFAR),
	     (unsigned int)read_cp15(IFSR), (unsigned int)read_cp15(IFAR), (unsigned int)spsr);
	for (;;)
		__asm__ volatile("wfi");
}
