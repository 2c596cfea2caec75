/* Virtual interrupts delivered by upcall, on every way back to a guest
 * (pv/upcall.c). */
#ifndef TANDEM_PV_UPCALL_H
#define TANDEM_PV_UPCALL_H
#include <stdbool.h>

struct pv_vm;

/* On the way back to the VM: an upcall if one is due, and the `pending`
 * flag brought up to date. false: the VM stopped instead (its stack had no
 * room for the frame). */
bool pv_deliver(struct pv_vm *vm);

#endif
