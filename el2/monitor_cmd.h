/* The monitor's command line (el2/monitor.c): a verb and at most one VM
 * name, parsed apart from acting on them so that the host's unit tests
 * check every answer. Pure logic. */
#ifndef TANDEM_MONITOR_CMD_H
#define TANDEM_MONITOR_CMD_H
#include <stddef.h>
#include <stdint.h>

#define MONITOR_LINE_MAX 80

enum monitor_verb {
	MON_NONE,       /* an empty line */
	MON_HELP,
	MON_LIST,
	MON_SHOW,
	MON_STOP,
	MON_START,
	MON_RESTART,
	MON_CONSOLE,
	MON_REMOVE,
};
#define MON_LAST_VERB MON_REMOVE   /* a new verb goes before, or becomes this */

struct monitor_cmd {
	enum monitor_verb verb;
	char name[MONITOR_LINE_MAX];   /* the VM it names ("" if none) */
};

/* Parses a line (NUL-terminated, at most MONITOR_LINE_MAX - 1 characters
 * are read). Returns NULL, or why the line is not a command (then
 * cmd->verb is MON_NONE). */
const char *monitor_parse(const char *line, struct monitor_cmd *cmd);
/* The help text: one command per line, joined by '\n'. */
extern const char monitor_help[];
/* A duration in counter ticks at hz as "S.mmm s", "Mm SS s" or
 * "Hh MMm SSs" into buf. */
void monitor_duration(char *buf, size_t size, uint64_t ticks, uint64_t hz);

#endif
