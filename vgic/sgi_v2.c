/* GICv2 per-source SGI bookkeeping; see sgi_v2.h. */
#include "vgic/sgi_v2.h"

unsigned int sgi_v2_fill(struct lr *lr, uint8_t *waiting)
{
	unsigned int source = *waiting ? (unsigned int)__builtin_ctz(*waiting) : 0;

	*waiting &= (uint8_t)~(1u << source);
	lr->source = (uint8_t)source;
	lr->hw = false;
	lr->eoi = *waiting != 0;
	return source;
}

bool sgi_v2_needs_eoi(const struct lr *lr, uint8_t waiting)
{
	return lr->vintid < 16 && !lr->hw && lr->state != LR_INVALID && waiting && !lr->eoi;
}

uint8_t sgi_v2_pending(uint8_t waiting, bool lr_pending, unsigned int lr_source)
{
	return waiting | (lr_pending ? (uint8_t)(1u << (lr_source & 7)) : 0);
}

bool sgi_v2_clear(uint8_t *waiting, uint8_t bits, bool lr_pending, unsigned int lr_source)
{
	*waiting &= (uint8_t)~bits;
	return lr_pending && ((bits >> (lr_source & 7)) & 1);
}
