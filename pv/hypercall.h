/* A paravirtualized guest's calls (pv/hypercall.c; the ABI: pv/abi.h). */
#ifndef TANDEM_PV_HYPERCALL_H
#define TANDEM_PV_HYPERCALL_H

struct pv_vcpu;

/* The call in v's registers, its result written back into them. */
void pv_hypercall(struct pv_vcpu *v);

#endif
