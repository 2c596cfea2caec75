/* A paravirtualized guest's calls (pv/hypercall.c; the ABI: pv/abi.h). */
#ifndef TANDEM_PV_HYPERCALL_H
#define TANDEM_PV_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

struct pv_vcpu;

/* The call in v's registers, its result written back into them. */
void pv_hypercall(struct pv_vcpu *v);

/* pv/call_in_place.c: the calls that read or write no guest memory and
 * reach nothing Tandem's own table alone maps (NULL, VERSION, COUNTER,
 * TIMER_SET, IRQ_ENABLE, IRQ_ACK, IRQ_EOI): made, and true; false for any
 * other call. */
bool pv_call_in_place(struct pv_vcpu *v);
/* Whether fid is one of those (pv/call_in_place.h's mask, which the
 * vectors test too). */
bool pv_is_in_place(uint32_t fid);

/* From the vectors' short way in (pv/<arch>/vectors.S): only the call's
 * argument registers saved, the guest's table still current. */
enum pv_fast { PV_FAST_NO, PV_FAST_DONE, PV_FAST_DELIVER };
/* PV_FAST_NO: not such a call, take the full exit and make it there;
 * PV_FAST_DONE: made, back to the guest at once; PV_FAST_DELIVER: made, but
 * an interrupt is now due or the guest's `pending` flag is stale: take the
 * full exit (its PV_EXIT_NOTHING) to deliver. */
enum pv_fast pv_fast_call(struct pv_vcpu *v);

/* From the vectors' resume way: IRET or EOI_IRET with only the call's
 * registers saved, Tandem's own table current. Every register of the vCPU
 * comes from the frame, so no other needs saving: the vCPU to resume in
 * full (after the scheduler and a due upcall), or NULL if the call was
 * refused (-2 in its result register; the guest's others still live). */
struct pv_vcpu *pv_fast_iret(struct pv_vcpu *v);

#endif
