/* Runs every unit-test suite (Check) and records "passed failed" for the
 * final summary of `make test`. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include "tests/unit/suites.h"

int main(int argc, char **argv)
{
	SRunner *sr = srunner_create(NULL);

	for (unsigned int i = 0; i < sizeof(all_suites) / sizeof(all_suites[0]); i++)
		srunner_add_suite(sr, all_suites[i]());
	srunner_run_all(sr, CK_NORMAL);

	int run = srunner_ntests_run(sr);
	int failed = srunner_ntests_failed(sr);

	srunner_free(sr);
	if (argc > 1) {
		FILE *f = fopen(argv[1], "w");

		if (f) {
			fprintf(f, "%d %d\n", run - failed, failed);
			fclose(f);
		}
	}
	printf("unit tests: %d passed, %d failed\n", run - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
