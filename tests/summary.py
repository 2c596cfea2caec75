#!/usr/bin/env python3
"""Adds up the test results files into the final line `N passed, N failed`;
a missing result file (a suite that could not even run) counts as a failure."""
import sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            p, fl = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        print("%s: no results (the suite did not run to the end)" % path)
        p, fl = 0, 1
    passed += p
    failed += fl
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
