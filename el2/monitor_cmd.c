/* Parsing the monitor's commands; see monitor_cmd.h. */
#include <string.h>
#include <format.h>
#include "el2/monitor_cmd.h"

static const struct {
	const char *word;
	enum monitor_verb verb;
	int takes_name;     /* 1: a VM's name is required; 0: none allowed */
} verbs[] = {
	{ "help", MON_HELP, 0 }, { "?", MON_HELP, 0 },
	{ "list", MON_LIST, 0 }, { "ls", MON_LIST, 0 },
	{ "show", MON_SHOW, 1 },
	{ "stop", MON_STOP, 1 },
	{ "start", MON_START, 1 },
	{ "restart", MON_RESTART, 1 },
	{ "console", MON_CONSOLE, 1 },
	{ "remove", MON_REMOVE, 1 },
};

const char monitor_help[] =
	"list              every VM: state, cores, RAM, uptime, restarts, exits, interrupts, "
	"console bytes dropped; * has the keyboard\n"
	"show NAME         one VM in detail (its cores, RAM, policy, exits by reason, devices)\n"
	"stop NAME         stop it (its cores go idle; Tandem keeps running)\n"
	"start NAME        start a stopped VM again from its boot module; one not created (refused "
	"at boot, or removed): place its overlay again and create it\n"
	"restart NAME      stop it and start it again from its boot module\n"
	"console NAME      give it the keyboard (Ctrl-] also moves it on)\n"
	"remove NAME       a stopped VM gives its cores, RAM (cleared), devices and interrupts "
	"back, so that another VM may have them\n"
	"help              this";

/* The next word of *p (spaces and tabs separate words): its start and
 * length, *p moved past it. */
static size_t next_word(const char **p, const char **start)
{
	const char *s = *p;
	size_t n = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	*start = s;
	while (s[n] && s[n] != ' ' && s[n] != '\t' && n < MONITOR_LINE_MAX)
		n++;
	*p = s + n;
	return n;
}

const char *monitor_parse(const char *line, struct monitor_cmd *cmd)
{
	const char *p = line, *w, *arg, *extra;
	size_t n, an;

	memset(cmd, 0, sizeof(*cmd));
	if (strnlen(line, MONITOR_LINE_MAX) == MONITOR_LINE_MAX)
		return "line too long";
	n = next_word(&p, &w);
	if (!n)
		return NULL;
	an = next_word(&p, &arg);
	if (next_word(&p, &extra))
		return "too many words: a command takes at most one VM's name";
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strlen(verbs[i].word) != n || strncmp(verbs[i].word, w, n))
			continue;
		if (verbs[i].takes_name && !an)
			return "this command needs a VM's name (list shows them)";
		if (!verbs[i].takes_name && an)
			return "this command takes no argument";
		cmd->verb = verbs[i].verb;
		memcpy(cmd->name, arg, an);
		cmd->name[an] = '\0';
		return NULL;
	}
	return "unknown command; try help";
}

void monitor_duration(char *buf, size_t size, uint64_t ticks, uint64_t hz)
{
	uint64_t s, ms;

	if (!hz)
		hz = 1;
	s = ticks / hz;
	ms = ticks % hz * 1000 / hz;
	if (s < 60)
		snformat(buf, size, "%llu.%03llu s", (unsigned long long)s, (unsigned long long)ms);
	else if (s < 3600)
		snformat(buf, size, "%llum %02llus", (unsigned long long)(s / 60),
			 (unsigned long long)(s % 60));
	else
		snformat(buf, size, "%lluh %02llum %02llus", (unsigned long long)(s / 3600),
			 (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
}
