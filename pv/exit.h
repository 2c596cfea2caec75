/* What follows an exception from a paravirtualized guest (pv/exit.c; the
 * architecture's side: pv/arch/exit.h). */
#ifndef TANDEM_PV_EXIT_H
#define TANDEM_PV_EXIT_H

struct pv_vcpu;

/* A core's first vCPU to enter, as after an exit: the one whose turn it
 * is, with its upcall made if one is due. */
struct pv_vcpu *pv_first_vcpu(unsigned int core);

#endif
