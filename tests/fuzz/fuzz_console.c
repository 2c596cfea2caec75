/* libFuzzer target: what Tandem's console parses. A VM's output through
 * the escape-sequence filter (el2/esc_filter.c), which every character a
 * guest writes to its emulated PL011 goes through; and a line typed at the
 * monitor's prompt (el2/monitor_cmd.c). Input: the first byte picks which.
 *
 * What must hold for the filter: ESC is never shown; CR and LF always are
 * (a guest's stray ESC cannot eat a line's end);
 * no run of bytes after an ESC is hidden beyond ESC_SEQ_MAX * 8 (then text
 * again); the cursor-position question is seen only right after exactly
 * ESC [ 6 n. For the parser: it never reads past the line's NUL or
 * MONITOR_LINE_MAX, and a command it accepts has a known verb and a name
 * no longer than the line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "el2/esc_filter.h"
#include "el2/monitor_cmd.h"

static void filter(const uint8_t *data, size_t size)
{
	struct esc_filter f = { 0 };
	size_t hidden = 0;

	for (size_t i = 0; i < size; i++) {
		uint8_t c = data[i];
		enum esc_verdict v = esc_filter_feed(&f, (char)c);

		if (c == 0x1b && v == ESC_SHOW)
			abort();
		if ((c == '\n' || c == '\r') && v != ESC_SHOW)
			abort();
		if (v == ESC_ASK_POSITION &&
		    (i < 3 || memcmp(data + i - 3, "\x1b[6n", 4)))
			abort();
		hidden = v == ESC_SHOW ? 0 : c == 0x1b ? 1 : hidden + 1;
		if (hidden > ESC_SEQ_MAX * 8 + 1)
			abort();
	}
}

static void parse(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	struct monitor_cmd cmd;
	const char *why;

	memcpy(line, data, size);
	line[size] = '\0';
	why = monitor_parse(line, &cmd);
	if (why && cmd.verb != MON_NONE)
		abort();
	if (strnlen(cmd.name, sizeof(cmd.name)) >= sizeof(cmd.name) || cmd.verb > MON_LAST_VERB)
		abort();
	if (!why && cmd.name[0] && !strstr(line, cmd.name))
		abort();
	free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	if (data[0] & 1)
		filter(data + 1, size - 1);
	else
		parse(data + 1, size - 1);
	return 0;
}
