#!/usr/bin/env python3
"""What the RTOS's paravirtual port cost (docs/paravirt.md), counted the way
the seed papers count a port: lines added and changed relative to the
native port, the kernel untouched.

Each file of the paravirtual port (guests/rtos/arch/arm64-pv, bsp-pv) is
compared with the native file it replaces (or with nothing, if it is new);
a line is "kept" if the diff matches it to a native line, "changed" if it
replaces native lines, "added" otherwise. Counted twice: every line, and
code lines only (no blank lines, no comment-only lines). The native files
the paravirtual build reuses as they are, and the kernel and application
(shared by both builds), are listed with their sizes.

    tools/port_cost.py [--json]
"""
import argparse
import difflib
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RTOS = "guests/rtos"
# paravirtual file -> the native file it replaces (None: new)
PAIRS = {
    "arch/arm64-pv/start.S": "arch/arm64/start.S",
    "arch/arm64-pv/upcall.S": "arch/arm64/vectors.S",
    "arch/arm64-pv/port.c": "arch/arm64/port.c",
    "arch/arm64-pv/frame.h": "arch/arm64/frame.h",
    "bsp-pv/boot.c": "bsp/boot.c",
    "bsp-pv/timer.c": "bsp/timer.c",
    "bsp-pv/console.c": "bsp/uart.c",
    "bsp-pv/irq.c": "bsp/gic.c",
    "bsp-pv/hypercall.h": None,
}
# The native port's files the paravirtual build compiles unchanged.
REUSED = ["arch/arm64/cycles.c", "arch/arm64/cpu.h", "arch/arm64/rtos.ld", "bsp/dt.c", "bsp/channel.c",
          "bsp/board.h"]
# The native port's files the paravirtual build leaves out (nothing replaces them).
DROPPED = ["arch/arm64/mmu.c", "arch/arm64/mmu.h"]


def read(rel):
    with open(os.path.join(ROOT, RTOS, rel)) as f:
        return f.read().split("\n")


def code_lines(lines):
    """Drops blank lines and comment-only lines (/* */ blocks, // lines)."""
    out, in_comment = [], False
    for line in lines:
        s = line.strip()
        if in_comment:
            if "*/" in s:
                in_comment = False
                s = s.split("*/", 1)[1].strip()
            else:
                continue
        if s.startswith("/*"):
            if "*/" not in s:
                in_comment = True
                continue
            if s.endswith("*/"):
                continue
        if not s or s.startswith("//"):
            continue
        out.append(line)
    return out


def compare(new, old):
    counts = {"kept": 0, "changed": 0, "added": 0, "removed": 0, "total": len(new)}
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            counts["kept"] += j2 - j1
        elif tag == "replace":
            changed = min(i2 - i1, j2 - j1)
            counts["changed"] += changed
            counts["added"] += (j2 - j1) - changed
            counts["removed"] += (i2 - i1) - changed
        elif tag == "insert":
            counts["added"] += j2 - j1
        elif tag == "delete":
            counts["removed"] += i2 - i1
    return counts


def measure():
    files = []
    for pv, native in PAIRS.items():
        new = read(pv)
        old = read(native) if native else []
        files.append({"file": pv, "replaces": native, "all": compare(new, old),
                      "code": compare(code_lines(new), code_lines(old))})
    total = {k: {c: sum(f[k][c] for f in files) for c in ("kept", "changed", "added", "removed", "total")}
             for k in ("all", "code")}
    shared = sorted(glob.glob(os.path.join(ROOT, RTOS, "kernel", "*.[ch]")) +
                    glob.glob(os.path.join(ROOT, RTOS, "app", "*.[ch]")))
    native_port = sorted(glob.glob(os.path.join(ROOT, RTOS, "arch/arm64", "*")) +
                         glob.glob(os.path.join(ROOT, RTOS, "bsp", "*")))

    def size(paths):
        return sum(len(code_lines(open(p).read().split("\n"))) for p in paths)
    return {
        "files": files, "total": total,
        "reused_native_files": REUSED, "dropped_native_files": DROPPED,
        "native_port_code_lines": size(native_port),
        "kernel_code_lines": size([p for p in shared if "/kernel/" in p]),
        "application_code_lines": size([p for p in shared if "/app/" in p]),
        "kernel_files_changed": 0,   # by construction: both builds compile the same kernel/ sources
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    m = measure()
    if a.json:
        print(json.dumps(m, indent=2))
        return 0
    print("The RTOS's paravirtual port against the native port (guests/rtos):")
    print("  %-26s %-22s %26s %26s" % ("file", "replaces", "all lines: +added ~changed",
                                       "code lines: +added ~changed"))
    for f in m["files"]:
        print("  %-26s %-22s %13d +%-4d ~%-4d %13d +%-4d ~%-4d" % (
            f["file"], f["replaces"] or "(new)", f["all"]["total"], f["all"]["added"], f["all"]["changed"],
            f["code"]["total"], f["code"]["added"], f["code"]["changed"]))
    t = m["total"]
    print("  %-49s %13d +%-4d ~%-4d %13d +%-4d ~%-4d" % (
        "total", t["all"]["total"], t["all"]["added"], t["all"]["changed"], t["code"]["total"],
        t["code"]["added"], t["code"]["changed"]))
    print("  added + changed: %d lines (%d code lines); kernel: 0 files changed (%d code lines, shared); "
          "application: shared (%d code lines); native port: %d code lines"
          % (t["all"]["added"] + t["all"]["changed"], t["code"]["added"] + t["code"]["changed"],
             m["kernel_code_lines"], m["application_code_lines"], m["native_port_code_lines"]))
    print("  native files reused unchanged: %s" % ", ".join(m["reused_native_files"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
