/* ECMA-48's escape sequences, as far as telling where one ends: ESC and one
 * final byte; CSI (ESC [) parameters, intermediates and a final byte; OSC,
 * DCS and the other strings (ESC ] P X ^ _) up to BEL or ST (ESC \). A
 * control character inside a sequence (in a string: a CR or LF) ends it
 * unfinished and is itself shown: a line's end is never lost to a guest's
 * stray ESC. */
#include <stdbool.h>
#include "el2/esc_filter.h"

enum {
	ESC_STATE_TEXT,
	ESC_STATE_ESC,       /* after ESC */
	ESC_STATE_NF,        /* after ESC and an intermediate: up to a final 0x30-0x7e */
	ESC_STATE_CSI,       /* after ESC [ */
	ESC_STATE_SKIP,      /* a CSI too long to follow: dropped up to its final byte
			      * (or STRING_MAX bytes in all) */
	ESC_STATE_STRING,    /* inside an OSC/DCS-like string */
	ESC_STATE_STRING_ESC,   /* ESC inside it: ST if a backslash follows */
};

#define ESC 0x1b
#define BEL 0x07
#define STRING_MAX (ESC_SEQ_MAX * 8)

static enum esc_verdict start(struct esc_filter *f, uint8_t state)
{
	f->state = state;
	f->len = 1;
	f->param6 = 0;
	return ESC_SWALLOW;
}

/* The byte after ESC. */
static enum esc_verdict after_esc(struct esc_filter *f, uint8_t c)
{
	f->len++;
	if (c == '[')
		f->state = ESC_STATE_CSI;
	else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
		f->state = ESC_STATE_STRING;
	else if (c <= 0x2f)
		f->state = ESC_STATE_NF;
	else
		f->state = ESC_STATE_TEXT;   /* a two-byte sequence */
	return ESC_SWALLOW;
}

/* A byte of a CSI sequence: parameters and intermediates, then the final
 * byte 0x40-0x7e. Only ESC [ 6 n is a question. */
static enum esc_verdict in_csi(struct esc_filter *f, uint8_t c)
{
	if (c >= 0x40) {
		bool ask = f->state == ESC_STATE_CSI && c == 'n' && f->param6;

		f->state = ESC_STATE_TEXT;
		return ask ? ESC_ASK_POSITION : ESC_SWALLOW;
	}
	f->param6 = f->state == ESC_STATE_CSI && f->len == 2 && c == '6';
	if (++f->len >= STRING_MAX)
		f->state = ESC_STATE_TEXT;   /* no end in sight: text again */
	else if (f->len >= ESC_SEQ_MAX)
		f->state = ESC_STATE_SKIP;
	return ESC_SWALLOW;
}

enum esc_verdict esc_filter_feed(struct esc_filter *f, char ch)
{
	uint8_t c = (uint8_t)ch;

	if (f->state == ESC_STATE_TEXT)
		return c == ESC ? start(f, ESC_STATE_ESC) : ESC_SHOW;
	if ((f->state == ESC_STATE_STRING || f->state == ESC_STATE_STRING_ESC) &&
	    c != '\n' && c != '\r') {
		/* A string ends at BEL or ST (or a line's end: a stray ESC ]
		 * must not eat lines); it may hold any other byte. */
		bool st = f->state == ESC_STATE_STRING_ESC && c == '\\';

		f->state = c == ESC ? ESC_STATE_STRING_ESC : ESC_STATE_STRING;
		if (c == BEL || st || ++f->len >= STRING_MAX)
			f->state = ESC_STATE_TEXT;
		return ESC_SWALLOW;
	}
	if (c == ESC)
		return start(f, ESC_STATE_ESC);
	if (c < 0x20 || c == 0x7f) {
		f->state = ESC_STATE_TEXT;
		return ESC_SHOW;
	}
	switch (f->state) {
	case ESC_STATE_ESC:
		return after_esc(f, c);
	case ESC_STATE_NF:
		if (c >= 0x30 || ++f->len >= STRING_MAX)
			f->state = ESC_STATE_TEXT;
		return ESC_SWALLOW;
	default:
		return in_csi(f, c);
	}
}
