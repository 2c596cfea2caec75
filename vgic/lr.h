/* List registers: the virtual CPU interface's slots through which the
 * hypervisor presents interrupts to a vCPU. A version-neutral description
 * of one LR, its GICv3 (ICH_LR<n>_EL2, 64-bit) and GICv2 (GICH_LR<n>,
 * 32-bit) encodings, and the allocation policy that decides which pending
 * interrupts occupy the LRs. Pure logic, unit-tested on the host. */
#ifndef TANDEM_VGIC_LR_H
#define TANDEM_VGIC_LR_H
#include <stdbool.h>
#include <stdint.h>

#define LR_MAX 16

enum lr_state {
	LR_INVALID = 0,
	LR_PENDING = 1,
	LR_ACTIVE = 2,
	LR_PENDING_ACTIVE = 3,
};

struct lr {
	uint32_t vintid;
	uint32_t pintid;      /* hardware-linked: the physical INTID */
	uint8_t priority;     /* 8-bit GIC priority (v2 keeps the top 5 bits) */
	uint8_t state;        /* enum lr_state */
	uint8_t source;       /* v2 SGIs: the sending vCPU */
	bool hw;              /* guest deactivation deactivates pintid */
	bool group1;
	bool eoi;             /* maintenance interrupt on deactivation (not with hw) */
};

uint64_t lr_encode_v3(const struct lr *lr);
struct lr lr_decode_v3(uint64_t raw);
uint32_t lr_encode_v2(const struct lr *lr);
struct lr lr_decode_v2(uint32_t raw);

/* The fast path's two needs, straight on raw values: a new pending entry
 * (Group 1 on GICv3, Group 0 on GICv2, as Linux uses them), and an entry's
 * state. Same encodings as lr_encode_v3/v2 (checked by the unit tests). */
static inline uint64_t lr_raw_pending_v3(uint32_t vintid, uint32_t pintid, uint8_t priority)
{
	return (1ull << 62) | (1ull << 60) | ((uint64_t)priority << 48) | vintid |
	       (pintid ? (1ull << 61) | ((uint64_t)(pintid & 0x3ff) << 32) : 0);
}

static inline uint64_t lr_raw_pending_v2(uint32_t vintid, uint32_t pintid, uint8_t priority)
{
	return (1u << 28) | ((uint32_t)(priority >> 3) << 23) | (vintid & 0x3ff) |
	       (pintid ? (1u << 31) | ((pintid & 0x3ff) << 10) : 0);
}

/* GICv2, software interrupt with an EOI maintenance request (bit 19). */
#define LR_V2_EOI (1u << 19)
static inline uint32_t lr_raw_pending_v2_eoi(uint32_t vintid, uint8_t priority)
{
	return (uint32_t)lr_raw_pending_v2(vintid, 0, priority) | LR_V2_EOI;
}

static inline unsigned int lr_raw_state(uint64_t raw, bool v3)
{
	return v3 ? (unsigned int)(raw >> 62) : (unsigned int)(raw >> 28) & 3;
}

/* One LR as the allocator sees it. */
struct lr_slot {
	bool used;
	uint32_t intid;
	uint8_t priority;
	uint8_t state;        /* enum lr_state, as read back from hardware */
};

struct lr_candidate {
	uint32_t intid;
	uint8_t priority;
};

struct lr_plan {
	unsigned int nfill;
	struct { unsigned int slot; unsigned int candidate; } fill[LR_MAX];
	unsigned int nevict;
	unsigned int evict[LR_MAX];     /* slots whose interrupt goes back to the queue */
	bool underflow;                 /* candidates left over: ask for a maintenance
					 * interrupt when the LRs drain */
};

/* Decides which candidates go into which LRs. Free slots take the best
 * candidates (lowest priority value, then lowest INTID); then, while the
 * best remaining candidate has higher priority than the worst slot holding
 * a merely pending interrupt, that slot is evicted and reused. Active
 * interrupts are never evicted: the guest is handling them. Candidates are
 * reordered in place (sorted). */
void lr_allocate(const struct lr_slot *slots, unsigned int nslots,
		 struct lr_candidate *cand, unsigned int ncand, struct lr_plan *plan);

#endif
