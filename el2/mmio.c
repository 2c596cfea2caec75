/* Generic emulated-MMIO dispatch; see mmio.h. */
#include <stddef.h>
#include "el2/mmio.h"

const struct mmio_reg *mmio_find_reg(const struct mmio_model *model, uint64_t offset)
{
	unsigned int lo = 0, hi = model->nregs;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;
		const struct mmio_reg *r = &model->regs[mid];

		if (offset < r->offset)
			hi = mid;
		else if (offset - r->offset >= r->len)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

enum mmio_result mmio_dispatch(const struct mmio_region *regions, unsigned int n,
			       struct vcpu *vcpu, struct mmio_access *acc)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct mmio_region *rg = &regions[i];
		uint64_t offset = acc->addr - rg->base;

		if (acc->addr < rg->base || offset >= rg->size)
			continue;

		const struct mmio_reg *r = mmio_find_reg(rg->model, offset);

		if (!r || offset + acc->size > (uint64_t)r->offset + r->len) {
			if (!acc->write)
				acc->value = 0;
			return MMIO_UNDECODED;
		}
		if (!(r->widths & acc->size)) {
			if (!acc->write)
				acc->value = 0;
			return MMIO_BAD_WIDTH;
		}
		if (acc->write) {
			if (r->write)
				r->write(rg->dev, vcpu, offset - r->offset, acc->size, acc->value);
		} else {
			acc->value = r->read ? r->read(rg->dev, vcpu, offset - r->offset, acc->size) : 0;
		}
		return MMIO_OK;
	}
	return MMIO_NO_DEVICE;
}

int mmio_model_check(const struct mmio_model *model)
{
	for (unsigned int i = 0; i < model->nregs; i++) {
		const struct mmio_reg *r = &model->regs[i];

		if (!r->len || !r->widths)
			return (int)i;
		if (i && r->offset < model->regs[i - 1].offset + model->regs[i - 1].len)
			return (int)i;
	}
	return -1;
}
