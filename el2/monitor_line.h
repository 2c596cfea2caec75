/* The monitor's prompt line as the operator types it, shared by both paths'
 * keyboards (el2/console_input.c, pv/console_input.c): edited key by key,
 * on the screen as the console's live line (el2/console.c), handed over
 * whole at the end of the line. */
#ifndef TANDEM_MONITOR_LINE_H
#define TANDEM_MONITOR_LINE_H
#include <stdbool.h>
#include "el2/monitor_cmd.h"

struct monitor_line {
	char text[MONITOR_LINE_MAX];
	unsigned int len;
	char last;          /* the key before: CR LF is one end of line */
};

/* The prompt drawn as the console's live line (the keyboard came here). */
void monitor_line_show(struct monitor_line *m);
/* The live line is no longer the monitor's (the keyboard went to a VM). */
void monitor_line_hide(void);
/* One key typed. True at the end of a line, whose text is then in cmd
 * (NUL-terminated) and the prompt empty again. */
bool monitor_line_key(struct monitor_line *m, char c, char cmd[MONITOR_LINE_MAX]);
/* After a command's answer: the prompt again. */
void monitor_line_prompt(void);

#endif
