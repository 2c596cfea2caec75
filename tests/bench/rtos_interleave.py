#!/usr/bin/env python3
"""Where the partitioned RTOS's rare long releases beside a loaded Linux come
from (docs/benchmarks.md): the partitioned-loaded configuration of
rtos_bench.py, GICv3, run once more with QEMU's exception log (-d int).

These are figures of QEMU's scheduling, not of interference on hardware:
under -icount QEMU runs both vCPUs in turn on one host thread and the
icount clock, the RTOS's cycle counter, is shared by both. The per-core
counts that answer "what did Linux cost the RTOS's core" are in
rtos_interference.py.

On core 0 a release is: the timer's physical IRQ to EL2 (Tandem), the
virtual IRQ into the RTOS, and the RTOS's exception return into the task it
wakes (its PC is in the RTOS's RAM, 0x4xxxxxxx). The log is in execution
order, so any exception core 1 takes in that stretch shows QEMU running core
1 inside core 0's release: on hardware the cores run at once and that time
would not add to core 0's latency. Every release is examined (boot
included): the script counts the releases with core-1 activity inside, and
those in which core 0 itself entered an exception level other than the
RTOS's (Tandem: a trapped access, a physical interrupt) are classified by
the exceptions core 0 took (QEMU's name for each and, for synchronous ones,
the ESR's exception class), with or without core-1 activity inside.
Whether such an entry was caused by Linux (a wait for a lock core 1 held)
the log cannot say; rtos_interference.py can.

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
FROM_TO = re.compile(r"^\.\.\.from (EL\d) to (EL\d)")
ESR = re.compile(r"^\.\.\.with ESR 0x([0-9a-f]+)/0x([0-9a-f]+)")
RETURN_TO_RTOS = "Exception return from AArch64 EL1 to AArch64 EL1 PC 0x4"


def count(log_lines):
    """Scans a -d int log; returns the figures described above. Keys:
    releases_examined (all of them), releases_guest_only (core 0 stayed in
    the RTOS), releases_entering_tandem (core 0 took an exception to EL2
    inside), releases_with_core1_inside (either kind, core 1 took
    exceptions inside), of which releases_entering_tandem_with_core1_inside,
    most_core1_exceptions_inside_one, and entering_tandem_by_cause: the
    releases that entered Tandem, by the exceptions core 0 took inside."""
    examined = guest_only = inside = most = with_tandem = tandem_core1 = 0
    causes = {}
    core1 = None        # exceptions core 1 took in the open window
    core0 = None        # exceptions core 0 took in the open window (cause names)
    pending = None      # core 0's exception being read: [kind, target EL, EC]
    for line in log_lines:
        m = TAKING.match(line)
        if m:
            kind, cpu = m.group(1), int(m.group(2))
            pending = None
            if cpu == 0 and kind == "Virtual IRQ":
                core1, core0 = 0, []
            elif core1 is not None:
                if cpu == 1:
                    core1 += 1
                else:
                    pending = [kind, None, None]
                    core0.append(pending)
            continue
        if pending is not None:
            m = FROM_TO.match(line)
            if m:
                pending[1] = m.group(2)
                continue
            m = ESR.match(line)
            if m:
                pending[2] = int(m.group(1), 16)   # QEMU prints the EC, then the syndrome
                continue
        if line.startswith(RETURN_TO_RTOS) and core1 is not None:
            examined += 1
            inside += core1 > 0
            most = max(most, core1)
            if core0:
                with_tandem += 1
                tandem_core1 += core1 > 0
                key = ", ".join(sorted({"%s to %s%s" % (k, el or "?", " EC 0x%02x" % ec
                                                          if ec and k not in ("IRQ", "FIQ") else "")
                                        for k, el, ec in core0}))
                causes[key] = causes.get(key, 0) + 1
            else:
                guest_only += 1
            core1 = core0 = pending = None
    return {"releases_examined": examined, "releases_guest_only": guest_only,
            "releases_with_core1_inside": inside, "most_core1_exceptions_inside_one": most,
            "releases_entering_tandem": with_tandem,
            "releases_entering_tandem_with_core1_inside": tandem_core1,
            "entering_tandem_by_cause": dict(sorted(causes.items(), key=lambda kv: -kv[1])),
            "clock": "QEMU's icount, shared by both vCPUs (QEMU's scheduling, not hardware interference)"}


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
