#!/usr/bin/env python3
"""Where the instructions of a guest exit go, function by function.

Boots Tandem with the benchmark guest under QEMU (single core, -singlestep,
exec trace), finds exits through the lower-EL synchronous vector, groups
them by the guest instruction that caused them, and prints the instruction
count of the most common path of each kind, split by function. A tool for
working on the exit path; `make bench` gives the official figures.

    tools/exit_profile.py [--overlay tests/integration/overlays/bench-irq.dtbo] [--gic 2]
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402

VECTOR_LOWER_SYNC = 0x400
VECTOR_LOWER_IRQ = 0x480


def symbols(elf):
    out = subprocess.run(["aarch64-linux-gnu-nm", "-n", elf], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    return syms


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--overlay", default="tests/integration/overlays/bench.dtbo",
                    help="the test guest's overlay, under the build directory")
    ap.add_argument("--gic", default="3")
    a = ap.parse_args()
    elf = os.path.join(a.build, "tandem.elf")
    syms = symbols(elf)
    starts = [s[0] for s in syms]
    vectors = dict((n, v) for v, n in syms)["el2_vectors"]
    log = os.path.join(tempfile.mkdtemp(), "exec.log")
    cmd = tandem_qemu.qemu_command(
        [(os.path.join(a.build, a.overlay),
          os.path.join(a.build, "guests/test/testguest.bin"))], smp=1, icount=True, gic=a.gic,
        tandem=os.path.join(a.build, "tandem.bin"),
        extra=["-d", "exec,nochain", "-D", log, "-singlestep"])
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)

    rx = re.compile(r"/([0-9a-f]{16})/")
    pcs = []
    with open(log) as f:
        for line in f:
            m = rx.search(line)
            if m:
                pcs.append(int(m.group(1), 16))
    # Tandem runs where QEMU loaded it: the first 2 MiB-aligned PC after
    # QEMU's boot stub is its first instruction.
    base = next(p for p in pcs if p > 0x40000000 and p % 0x200000 == 0)
    end = base + 16 * 1024 * 1024

    def where(p):
        if not base <= p < end:
            return "guest"
        k = bisect.bisect_right(starts, p - base) - 1
        return syms[k][1]

    paths = collections.defaultdict(list)
    entries = {base + vectors + VECTOR_LOWER_SYNC: "", base + vectors + VECTOR_LOWER_IRQ: "irq "}
    i = 0
    while i < len(pcs):
        if pcs[i] in entries and i > 0:
            trigger = (entries[pcs[i]], pcs[i - 1])
            j = i
            while j < len(pcs) and base <= pcs[j] < end:
                j += 1
            paths[trigger].append(pcs[i - 1:j + 1])
            i = j
        i += 1
    print("%-12s %6s %7s  %s" % ("guest PC", "exits", "insns", "by function (most common path)"))
    for (kind, pc), ps in sorted(paths.items(), key=lambda kv: -len(kv[1]))[:8]:
        common = collections.Counter(len(p) for p in ps).most_common(1)[0][0]
        path = next(p for p in ps if len(p) == common)
        by = collections.Counter(where(p) for p in path)
        print("%s0x%-10x %6d %7d  %s" % (kind, pc, len(ps), common,
                                          ", ".join("%s %d" % kv for kv in by.most_common())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
