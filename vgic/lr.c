/* List-register encodings and allocation; see lr.h. */
#include "vgic/lr.h"

#define V3_STATE_SHIFT 62
#define V3_HW          (1ull << 61)
#define V3_GROUP1      (1ull << 60)
#define V3_EOI         (1ull << 41)
#define V3_PRIO_SHIFT  48
#define V3_PINTID_SHIFT 32

uint64_t lr_encode_v3(const struct lr *lr)
{
	uint64_t v = ((uint64_t)(lr->state & 3) << V3_STATE_SHIFT) |
		     ((uint64_t)lr->priority << V3_PRIO_SHIFT) | lr->vintid;

	if (lr->group1)
		v |= V3_GROUP1;
	if (lr->hw)
		v |= V3_HW | ((uint64_t)(lr->pintid & 0x3ff) << V3_PINTID_SHIFT);
	else if (lr->eoi)
		v |= V3_EOI;
	return v;
}

struct lr lr_decode_v3(uint64_t raw)
{
	struct lr lr = {
		.vintid = (uint32_t)raw,
		.priority = (uint8_t)(raw >> V3_PRIO_SHIFT),
		.state = (uint8_t)(raw >> V3_STATE_SHIFT),
		.hw = (raw & V3_HW) != 0,
		.group1 = (raw & V3_GROUP1) != 0,
	};

	if (lr.hw)
		lr.pintid = (raw >> V3_PINTID_SHIFT) & 0x3ff;
	else
		lr.eoi = (raw & V3_EOI) != 0;
	return lr;
}

#define V2_HW          (1u << 31)
#define V2_GROUP1      (1u << 30)
#define V2_STATE_SHIFT 28
#define V2_PRIO_SHIFT  23
#define V2_PINTID_SHIFT 10
#define V2_EOI         (1u << 19)
#define V2_SOURCE_SHIFT 10

uint32_t lr_encode_v2(const struct lr *lr)
{
	uint32_t v = ((uint32_t)(lr->state & 3) << V2_STATE_SHIFT) |
		     ((uint32_t)(lr->priority >> 3) << V2_PRIO_SHIFT) | (lr->vintid & 0x3ff);

	if (lr->group1)
		v |= V2_GROUP1;
	if (lr->hw) {
		v |= V2_HW | ((lr->pintid & 0x3ff) << V2_PINTID_SHIFT);
	} else {
		if (lr->eoi)
			v |= V2_EOI;
		if (lr->vintid < 16)
			v |= (uint32_t)(lr->source & 7) << V2_SOURCE_SHIFT;
	}
	return v;
}

struct lr lr_decode_v2(uint32_t raw)
{
	struct lr lr = {
		.vintid = raw & 0x3ff,
		.priority = (uint8_t)(((raw >> V2_PRIO_SHIFT) & 0x1f) << 3),
		.state = (uint8_t)((raw >> V2_STATE_SHIFT) & 3),
		.hw = (raw & V2_HW) != 0,
		.group1 = (raw & V2_GROUP1) != 0,
	};

	if (lr.hw) {
		lr.pintid = (raw >> V2_PINTID_SHIFT) & 0x3ff;
	} else {
		lr.eoi = (raw & V2_EOI) != 0;
		if (lr.vintid < 16)
			lr.source = (uint8_t)((raw >> V2_SOURCE_SHIFT) & 7);
	}
	return lr;
}

static bool better(const struct lr_candidate *a, const struct lr_candidate *b)
{
	return a->priority < b->priority || (a->priority == b->priority && a->intid < b->intid);
}

static void sort(struct lr_candidate *c, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		struct lr_candidate x = c[i];
		unsigned int j = i;

		while (j > 0 && better(&x, &c[j - 1])) {
			c[j] = c[j - 1];
			j--;
		}
		c[j] = x;
	}
}

void lr_allocate(const struct lr_slot *slots, unsigned int nslots,
		 struct lr_candidate *cand, unsigned int ncand, struct lr_plan *plan)
{
	bool taken[LR_MAX] = { false };
	unsigned int next = 0;

	plan->nfill = plan->nevict = 0;
	plan->underflow = false;
	if (nslots > LR_MAX)
		nslots = LR_MAX;
	sort(cand, ncand);

	for (unsigned int s = 0; s < nslots && next < ncand; s++) {
		if (slots[s].used)
			continue;
		plan->fill[plan->nfill].slot = s;
		plan->fill[plan->nfill++].candidate = next++;
		taken[s] = true;
	}
	while (next < ncand) {
		/* The worst merely-pending interrupt Tandem could take back. */
		int worst = -1;

		for (unsigned int s = 0; s < nslots; s++) {
			if (!slots[s].used || taken[s] || slots[s].state != LR_PENDING)
				continue;
			if (worst < 0 || slots[s].priority > slots[worst].priority ||
			    (slots[s].priority == slots[worst].priority &&
			     slots[s].intid > slots[worst].intid))
				worst = (int)s;
		}
		if (worst < 0 || slots[worst].priority <= cand[next].priority)
			break;
		plan->evict[plan->nevict++] = (unsigned int)worst;
		plan->fill[plan->nfill].slot = (unsigned int)worst;
		plan->fill[plan->nfill++].candidate = next++;
		taken[worst] = true;
	}
	/* Evicted interrupts are waiting again, as are candidates that did not fit. */
	plan->underflow = next < ncand || plan->nevict > 0;
}
