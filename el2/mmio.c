/* Emulated-MMIO register tables: checking them and building their index;
 * the dispatch itself is inline in mmio.h. */
#include <stddef.h>
#include "el2/mmio.h"

int mmio_model_check(const struct mmio_model *model)
{
	if (model->nregs > MMIO_MAX_REGS)
		return MMIO_MAX_REGS;
	if (model->span & 3)   /* the index has span / 4 words: the last bytes would miss it */
		return (int)model->nregs;
	for (unsigned int i = 0; i < model->nregs; i++) {
		const struct mmio_reg *r = &model->regs[i];

		if (!r->len || !r->widths || (r->offset | r->len) & 3 ||
		    (uint64_t)r->offset + r->len > model->span)
			return (int)i;
		if (i && r->offset < model->regs[i - 1].offset + model->regs[i - 1].len)
			return (int)i;
	}
	return -1;
}

int mmio_model_init(const struct mmio_model *model)
{
	int bad = mmio_model_check(model);

	if (bad >= 0)
		return bad;
	for (uint32_t w = 0; w < model->span / 4; w++)
		model->index[w] = 0;
	for (unsigned int i = 0; i < model->nregs; i++) {
		const struct mmio_reg *r = &model->regs[i];

		for (uint32_t off = r->offset; off < r->offset + r->len; off += 4)
			model->index[off / 4] = (uint16_t)((i + 1) * sizeof(struct mmio_reg));
	}
	return -1;
}
