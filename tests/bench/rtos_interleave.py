#!/usr/bin/env python3
"""Where the partitioned RTOS's rare long releases beside a loaded Linux come
from (docs/benchmarks.md): the partitioned-loaded configuration of
rtos_bench.py, GICv3, run once more with QEMU's exception log (-d int).

On core 0 a release is: the timer's physical IRQ to EL2 (Tandem), the
virtual IRQ into the RTOS, and the RTOS's exception return into the task it
wakes (its PC is in the RTOS's RAM, 0x4xxxxxxx). Between the virtual IRQ and
that return only the RTOS's own code runs on core 0. The log is in execution
order, so any exception core 1 takes in that stretch shows QEMU running core
1 inside core 0's release: on hardware the cores run at once and that time
would not add to core 0's latency. The script counts the releases with
core-1 activity inside, over the whole run (boot included); releases in
which core 0 itself entered Tandem (a trapped device access) are counted
apart.

    tests/bench/rtos_interleave.py [--periods N]     prints one JSON object
"""
import argparse
import json
import os
import re
import sys

import rtos_bench as RB
import tandem_qemu

TAKING = re.compile(r"Taking exception \d+ \[([^\]]+)\] on CPU (\d+)")
RETURN_TO_RTOS = "Exception return from AArch64 EL1 to AArch64 EL1 PC 0x4"


def count(log_lines):
    """Scans a -d int log; returns the figures described above."""
    guest_only = inside = most = with_tandem = 0
    core1 = core0 = None    # exceptions each core took in the open window
    for line in log_lines:
        m = TAKING.match(line)
        if m:
            kind, cpu = m.group(1), int(m.group(2))
            if cpu == 0 and kind == "Virtual IRQ":
                core1 = core0 = 0
            elif core1 is not None:
                if cpu == 1:
                    core1 += 1
                else:
                    core0 += 1
        elif line.startswith(RETURN_TO_RTOS) and core1 is not None:
            if core0:
                with_tandem += 1
            else:
                guest_only += 1
                inside += core1 > 0
                most = max(most, core1)
            core1 = core0 = None
    return {"releases_guest_only": guest_only, "releases_with_core1_inside": inside,
            "most_core1_exceptions_inside_one": most, "releases_entering_tandem": with_tandem}


def run(periods=3000):
    name = "partitioned-loaded"
    label, rtos_src, neighbour, cores = RB.CONFIGS[name]
    tag = "interleave-gicv3"
    vms = RB.vm_list(rtos_src, neighbour, "bench periods=%d start-ms=%d" % (periods, RB.START_MS), tag)
    int_log = os.path.join(RB.OUT, "rtos-%s-int.log" % tag)
    cmd = tandem_qemu.qemu_command(vms, gic=3, smp=cores, icount=True,
                                   tandem=os.path.join(RB.BUILD, "tandem.bin"),
                                   extra=("-d", "int", "-D", int_log))
    log = os.path.join(RB.OUT, "rtos-%s.log" % tag)
    out, wall = RB.run_until_done(cmd, log, 1200)
    r = RB.figures(out, log)
    with open(int_log, errors="replace") as f:
        r.update(count(f))
    os.remove(int_log)      # ~80 MB for 3000 periods; the counts are what matter
    r.update({"config": name, "gic": 3, "command": " ".join(cmd), "log": os.path.relpath(log, RB.ROOT)})
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--periods", type=int, default=3000)
    print(json.dumps(run(ap.parse_args().periods), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
