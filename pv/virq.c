/* A paravirtualized vCPU's virtual interrupts; see pv_virq.h. */
#include <string.h>
#include "pv/virq.h"

#define WORD(i)  ((i) / PV_VIRQ_BITS)
#define BIT(i)   ((pv_virq_word)1 << ((i) % PV_VIRQ_BITS))

void pv_virq_init(struct pv_virq *q)
{
	memset(q, 0, sizeof(*q));
}

int pv_virq_own(struct pv_virq *q, unsigned int intid)
{
	if (intid >= PV_VIRQ_LIMIT)
		return -1;
	q->owned[WORD(intid)] |= BIT(intid);
	return 0;
}

static bool owned(const struct pv_virq *q, unsigned int intid)
{
	return intid < PV_VIRQ_LIMIT && (q->owned[WORD(intid)] & BIT(intid));
}

int pv_virq_enable(struct pv_virq *q, unsigned int intid, bool on)
{
	if (!owned(q, intid))
		return -1;
	if (on)
		q->enabled[WORD(intid)] |= BIT(intid);
	else
		q->enabled[WORD(intid)] &= ~BIT(intid);
	return 0;
}

void pv_virq_raise(struct pv_virq *q, unsigned int intid)
{
	if (owned(q, intid))
		q->pending[WORD(intid)] |= BIT(intid);
}

void pv_virq_lower(struct pv_virq *q, unsigned int intid)
{
	if (owned(q, intid))
		q->pending[WORD(intid)] &= ~BIT(intid);
}

bool pv_virq_waiting(const struct pv_virq *q)
{
	for (unsigned int w = 0; w < PV_VIRQ_WORDS; w++)
		if (q->pending[w] & q->enabled[w])
			return true;
	return false;
}

bool pv_virq_deliverable(const struct pv_virq *q)
{
	for (unsigned int w = 0; w < PV_VIRQ_WORDS; w++)
		if (q->active[w])
			return false;
	return pv_virq_waiting(q);
}

unsigned int pv_virq_ack(struct pv_virq *q)
{
	for (unsigned int w = 0; w < PV_VIRQ_WORDS; w++) {
		pv_virq_word ready = q->pending[w] & q->enabled[w];

		if (ready) {
			unsigned int intid = w * PV_VIRQ_BITS + (unsigned int)__builtin_ctzl(ready);

			q->pending[w] &= ~BIT(intid);
			q->active[w] |= BIT(intid);
			return intid;
		}
	}
	return PV_VIRQ_NONE;
}

int pv_virq_eoi(struct pv_virq *q, unsigned int intid)
{
	if (intid >= PV_VIRQ_LIMIT || !(q->active[WORD(intid)] & BIT(intid)))
		return -1;
	q->active[WORD(intid)] &= ~BIT(intid);
	return 0;
}
