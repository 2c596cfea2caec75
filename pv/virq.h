/* A paravirtualized vCPU's virtual interrupts (docs/paravirt.md): which
 * INTIDs the VM owns (Tandem's configuration), which the guest enabled,
 * which are pending and which it acknowledged. Tandem sets pending bits as
 * the physical interrupts behind them arrive; the guest acknowledges the
 * most urgent (the lowest INTID, as with equal GIC priorities) and ends it.
 * No nesting: while one is active nothing more is delivered, as a GIC's
 * running priority would hold back interrupts of the same priority. Pure
 * logic, unit-tested on the host (tests/unit/test_pv_virq.c). */
#ifndef TANDEM_PV_VIRQ_H
#define TANDEM_PV_VIRQ_H
#include <stdbool.h>
#include <stdint.h>

#define PV_VIRQ_LIMIT   128      /* INTIDs 0-127: SGIs, PPIs and the first 96 SPIs */
/* Bitmaps in the core's own word (32 bits on ARMv7-A, where 64-bit masks
 * and counts cost pairs of instructions and a libgcc call on every exit). */
typedef unsigned long pv_virq_word;
#define PV_VIRQ_BITS    (8 * sizeof(pv_virq_word))
#define PV_VIRQ_WORDS   (PV_VIRQ_LIMIT / (8 * __SIZEOF_LONG__))
#define PV_VIRQ_NONE    1023u

struct pv_virq {
	pv_virq_word owned[PV_VIRQ_WORDS], enabled[PV_VIRQ_WORDS];
	pv_virq_word pending[PV_VIRQ_WORDS], active[PV_VIRQ_WORDS];
};

void pv_virq_init(struct pv_virq *q);
/* Gives the VM an INTID; -1 if beyond PV_VIRQ_LIMIT. */
int pv_virq_own(struct pv_virq *q, unsigned int intid);
/* The guest's enable or disable; -1 if the INTID is not the VM's. */
int pv_virq_enable(struct pv_virq *q, unsigned int intid, bool on);
/* The source is asserted / no longer asserted (a timer moved). Ignored for
 * an INTID the VM does not own. */
void pv_virq_raise(struct pv_virq *q, unsigned int intid);
void pv_virq_lower(struct pv_virq *q, unsigned int intid);
/* An enabled interrupt is pending (the guest's `pending` flag; what wakes
 * an idle guest). */
bool pv_virq_waiting(const struct pv_virq *q);
/* ... and none is active: an upcall is due if the guest is unmasked. */
bool pv_virq_deliverable(const struct pv_virq *q);
/* The guest acknowledges: the most urgent pending enabled INTID, now
 * active, or PV_VIRQ_NONE. */
unsigned int pv_virq_ack(struct pv_virq *q);
/* The guest ends an active INTID; -1 if it is not active. */
int pv_virq_eoi(struct pv_virq *q, unsigned int intid);

#endif
