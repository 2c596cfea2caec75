/* The monitor's prompt line; see monitor_line.h. */
#include <string.h>
#include "el2/monitor_line.h"
#include "el2/console.h"

static const char MONITOR_NAME[] = "monitor";

void monitor_line_show(struct monitor_line *m)
{
	m->len = 0;
	console_live_focus(MONITOR_NAME, "tandem> ", m->text, &m->len);
}

void monitor_line_hide(void)
{
	console_live_focus(NULL, NULL, NULL, NULL);
}

bool monitor_line_key(struct monitor_line *m, char c, char cmd[MONITOR_LINE_MAX])
{
	bool crlf = c == '\n' && m->last == '\r';

	m->last = c;
	if (crlf)
		return false;
	if (c == '\r' || c == '\n') {
		memcpy(cmd, m->text, m->len);
		cmd[m->len] = '\0';
		console_live_output(MONITOR_NAME, true);
		m->len = 0;
		return true;
	}
	if (c == 0x7f || c == '\b') {
		if (m->len)
			console_live_erase(MONITOR_NAME, --m->len);
	} else if (c >= 0x20 && c < 0x7f && m->len < MONITOR_LINE_MAX - 1) {
		m->text[m->len++] = c;
		console_live_output(MONITOR_NAME, false);
	}
	return false;
}

void monitor_line_prompt(void)
{
	console_live_output(MONITOR_NAME, false);
}
