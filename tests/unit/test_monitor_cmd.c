/* The monitor's command line (el2/monitor_cmd.c): every verb, the answers
 * to what is not a command, and the uptime's wording. */
#include <check.h>
#include <string.h>
#include "el2/monitor_cmd.h"
#include "suites.h"

START_TEST(verbs_and_names)
{
	struct monitor_cmd c;

	ck_assert_ptr_null(monitor_parse("list", &c));
	ck_assert_int_eq(c.verb, MON_LIST);
	ck_assert_ptr_null(monitor_parse("  stop   rtos  ", &c));
	ck_assert_int_eq(c.verb, MON_STOP);
	ck_assert_str_eq(c.name, "rtos");
	ck_assert_ptr_null(monitor_parse("start\tlinux", &c));
	ck_assert_int_eq(c.verb, MON_START);
	ck_assert_str_eq(c.name, "linux");
	ck_assert_ptr_null(monitor_parse("restart linux", &c));
	ck_assert_int_eq(c.verb, MON_RESTART);
	ck_assert_ptr_null(monitor_parse("show a", &c));
	ck_assert_int_eq(c.verb, MON_SHOW);
	ck_assert_ptr_null(monitor_parse("console rtos-b", &c));
	ck_assert_int_eq(c.verb, MON_CONSOLE);
	ck_assert_str_eq(c.name, "rtos-b");
	ck_assert_ptr_null(monitor_parse("remove rtos-b", &c));
	ck_assert_int_eq(c.verb, MON_REMOVE);
	ck_assert_str_eq(c.name, "rtos-b");
	ck_assert_ptr_nonnull(monitor_parse("remove", &c));
	ck_assert_ptr_null(monitor_parse("help", &c));
	ck_assert_int_eq(c.verb, MON_HELP);
	ck_assert_ptr_null(monitor_parse("", &c));
	ck_assert_int_eq(c.verb, MON_NONE);
	ck_assert_ptr_null(monitor_parse("   ", &c));
	ck_assert_int_eq(c.verb, MON_NONE);
}
END_TEST

START_TEST(what_is_not_a_command)
{
	struct monitor_cmd c;
	char longline[MONITOR_LINE_MAX + 8];

	ck_assert_str_eq(monitor_parse("reboot", &c), "unknown command; try help");
	ck_assert_int_eq(c.verb, MON_NONE);
	ck_assert_str_eq(monitor_parse("stop", &c), "this command needs a VM's name (list shows them)");
	ck_assert_str_eq(monitor_parse("list all", &c), "this command takes no argument");
	ck_assert_str_eq(monitor_parse("stop a b", &c),
			 "too many words: a command takes at most one VM's name");
	ck_assert_int_eq(c.verb, MON_NONE);
	/* A verb is a whole word: "stops" and "sto" are not "stop". */
	ck_assert_ptr_nonnull(monitor_parse("stops rtos", &c));
	ck_assert_ptr_nonnull(monitor_parse("sto rtos", &c));
	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	ck_assert_str_eq(monitor_parse(longline, &c), "line too long");
}
END_TEST

START_TEST(a_name_as_long_as_the_line)
{
	struct monitor_cmd c;
	char line[MONITOR_LINE_MAX];

	memcpy(line, "stop ", 5);
	memset(line + 5, 'n', sizeof(line) - 6);
	line[sizeof(line) - 1] = '\0';
	ck_assert_ptr_null(monitor_parse(line, &c));
	ck_assert_uint_eq(strlen(c.name), MONITOR_LINE_MAX - 6);
}
END_TEST

START_TEST(durations)
{
	char b[32];

	monitor_duration(b, sizeof(b), 62500000ull * 3 / 2, 62500000);
	ck_assert_str_eq(b, "1.500 s");
	monitor_duration(b, sizeof(b), 62500000ull * 125, 62500000);
	ck_assert_str_eq(b, "2m 05s");
	monitor_duration(b, sizeof(b), 62500000ull * (3 * 3600 + 7 * 60 + 9), 62500000);
	ck_assert_str_eq(b, "3h 07m 09s");
	monitor_duration(b, sizeof(b), 5, 0);   /* no frequency known: no division by zero */
	ck_assert_str_eq(b, "5.000 s");
}
END_TEST

START_TEST(help_names_every_verb)
{
	const char *words[] = { "list", "show NAME", "stop NAME", "start NAME", "restart NAME",
				"console NAME", "remove NAME", "help" };

	for (unsigned int i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		ck_assert_ptr_nonnull(strstr(monitor_help, words[i]));
}
END_TEST

Suite *monitor_cmd_suite(void)
{
	Suite *s = suite_create("monitor_cmd");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, verbs_and_names);
	tcase_add_test(tc, what_is_not_a_command);
	tcase_add_test(tc, a_name_as_long_as_the_line);
	tcase_add_test(tc, durations);
	tcase_add_test(tc, help_names_every_verb);
	suite_add_tcase(s, tc);
	return s;
}
