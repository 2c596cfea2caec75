/* SBSA generic watchdog registers; see gwdt.h. */
#include "el2/gwdt.h"

void gwdt_reset(struct gwdt *w)
{
	w->wcs = 0;
	w->wor = 0;
	w->wcv = 0;
}

/* The bytes [off, off + size) of a 64-bit register at reg: a 4-byte access
 * to one of its words or an 8-byte access to the whole. */
static uint64_t read64(uint64_t reg, uint32_t off_in, unsigned int size)
{
	if (size == 8)
		return reg;
	return off_in ? reg >> 32 : (uint32_t)reg;
}

static uint64_t write64(uint64_t reg, uint32_t off_in, unsigned int size, uint64_t value)
{
	if (size == 8)
		return value;
	if (off_in)
		return (reg & 0xffffffffull) | ((uint64_t)(uint32_t)value << 32);
	return (reg & ~0xffffffffull) | (uint32_t)value;
}

uint64_t gwdt_read(const struct gwdt *w, bool refresh, uint32_t off, unsigned int size)
{
	if (off == GWDT_W_IIDR && size == 4)
		return GWDT_IIDR_VALUE;
	if (refresh || (size != 4 && size != 8) || (off & (size - 1)))
		return 0;   /* WRR reads as 0 */
	if (off == GWDT_WCS && size == 4)
		return w->wcs;
	if (off == GWDT_WOR || off == GWDT_WOR + 4)
		return read64(w->wor, off - GWDT_WOR, size);
	if (off == GWDT_WCV || off == GWDT_WCV + 4)
		return read64(w->wcv, off - GWDT_WCV, size);
	return 0;
}

static enum gwdt_signal explicit_refresh(struct gwdt *w, uint64_t now)
{
	w->wcs &= ~(GWDT_WCS_WS0 | GWDT_WCS_WS1);
	w->wcv = gwdt_add_sat(now, w->wor);
	return gwdt_advance(w, now);   /* WOR 0: due at once */
}

enum gwdt_signal gwdt_write(struct gwdt *w, bool refresh, uint32_t off, unsigned int size,
			    uint64_t value, uint64_t now)
{
	if ((size != 4 && size != 8) || (off & (size - 1)))
		return GWDT_QUIET;
	if (refresh)
		return off == GWDT_WRR && size == 4 ? explicit_refresh(w, now) : GWDT_QUIET;
	if (off == GWDT_WCS && size == 4) {
		w->wcs = (w->wcs & ~GWDT_WCS_EN) | ((uint32_t)value & GWDT_WCS_EN);
		return explicit_refresh(w, now);
	}
	if (off == GWDT_WOR || off == GWDT_WOR + 4) {
		w->wor = write64(w->wor, off - GWDT_WOR, size, value) & GWDT_WOR_MAX;
		return explicit_refresh(w, now);
	}
	if (off == GWDT_WCV || off == GWDT_WCV + 4) {
		w->wcv = write64(w->wcv, off - GWDT_WCV, size, value);
		return gwdt_advance(w, now);
	}
	return GWDT_QUIET;   /* W_IIDR and the rest: read-only or nothing */
}

uint64_t gwdt_deadline(const struct gwdt *w)
{
	if (!(w->wcs & GWDT_WCS_EN) || (w->wcs & GWDT_WCS_WS1))
		return GWDT_NEVER;
	return w->wcv;
}

enum gwdt_signal gwdt_advance(struct gwdt *w, uint64_t now)
{
	enum gwdt_signal raised = GWDT_QUIET;

	/* At most twice: WS0, then (WOR 0, so due again at once) WS1. */
	for (int i = 0; i < 2; i++) {
		uint64_t due = gwdt_deadline(w);

		if (due == GWDT_NEVER || now < due)
			break;
		if (!(w->wcs & GWDT_WCS_WS0)) {
			w->wcs |= GWDT_WCS_WS0;
			w->wcv = gwdt_add_sat(now, w->wor);   /* the timeout refresh */
			raised = GWDT_RAISED_WS0;
		} else {
			w->wcs |= GWDT_WCS_WS1;
			raised = GWDT_RAISED_WS1;
		}
	}
	return raised;
}
