/* The paravirtual path's architecture interface: an exception from a guest,
 * decoded. The vectors (pv/<arch>/vectors.S) save the guest's registers and
 * call the architecture's C entry, which decodes the syndrome into a struct
 * pv_exit and hands it to pv_exit() (pv/exit.c); the vCPU that returns is
 * the one the vectors resume. */
#ifndef TANDEM_PV_ARCH_EXIT_H
#define TANDEM_PV_ARCH_EXIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pv_vcpu;

enum pv_exit_kind {
	PV_EXIT_IRQ,           /* a physical interrupt */
	PV_EXIT_CALL,          /* a call (SVC #0): Tandem's ABI */
	PV_EXIT_WAIT,          /* WFI, stepped over: idle until a virtual interrupt */
	PV_EXIT_NOTHING,       /* WFE, stepped over: a no-op */
	PV_EXIT_DATA_FAULT,    /* a load or store at `addr` */
	PV_EXIT_FETCH_FAULT,   /* an instruction fetch at `addr` */
	PV_EXIT_UNEXPECTED,    /* anything else: pv_arch_describe_exit() says what */
};

struct pv_exit {
	enum pv_exit_kind kind;
	uint64_t addr;          /* the faulting VA (the fault kinds) */
	bool write;             /* DATA_FAULT: a store */
	bool permission;        /* DATA_FAULT: the page is mapped, but not for that */
	uint64_t syndrome;      /* the architecture's own record, for the message */
};

/* Generic: what follows the exit (pv/exit.c); the vCPU to resume. */
struct pv_vcpu *pv_exit(struct pv_vcpu *v, const struct pv_exit *e);
/* The architecture's words for an UNEXPECTED exit, into buf. */
void pv_arch_describe_exit(const struct pv_exit *e, char *buf, size_t size);

#endif
