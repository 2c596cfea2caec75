/* Terminal escape sequences in a VM's console output. A guest must not
 * drive the operator's terminal (colours, cursor moves, titles), so every
 * sequence is taken out of its output whole instead of showing as "?[0m";
 * one is answered, as a terminal would: the cursor-position query ESC [ 6 n
 * (busybox's shell sends it at each prompt). Pure logic, unit-tested on the
 * host; el2/vpl011.c feeds it each character the VM writes. */
#ifndef TANDEM_ESC_FILTER_H
#define TANDEM_ESC_FILTER_H
#include <stdint.h>

/* Longest sequence followed; a longer one is dropped to its end unread, but
 * no sequence hides more than ESC_SEQ_MAX * 8 bytes: after that, text. */
#define ESC_SEQ_MAX 32

enum esc_verdict {
	ESC_SHOW,            /* an ordinary character: show it */
	ESC_SWALLOW,         /* part of a sequence: not shown */
	ESC_ASK_POSITION,    /* the end of ESC [ 6 n: answer with the cursor's place */
};

struct esc_filter {
	uint8_t state;       /* ESC_STATE_* in esc_filter.c */
	uint16_t len;        /* bytes of the sequence so far */
	uint8_t param6;      /* its parameters so far are exactly "6" */
};

enum esc_verdict esc_filter_feed(struct esc_filter *f, char c);

#endif
