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

--arm32 counts the ARMv7-A port (docs/rtos.md, "ARMv7-A port") the same
way: each file of arch/arm32 against the arm64 file it corresponds to, and
the files both builds share (bsp/, and arm64's cpu.h, which gained the
hypercall hook) against their text before the port (git, ARM32_BASE).

--a9-pv counts the paravirtual ARMv7-A port for the Cortex-A9
(guests/rtos/arch/arm32-pv, bsp-pv) the same way against the native
ARMv7-A port on the A9: arch/arm32 with the A9's board support, whichever
of its files exist (A9_NATIVE: the first existing candidate of each).

    tools/port_cost.py [--arm32 | --a9-pv] [--json]
"""
import argparse
import difflib
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RTOS = "guests/rtos"
# paravirtual file -> the native file it replaces (None: new)
PAIRS = {
    "arch/arm64-pv/start.S": "arch/arm64/start.S",
    "arch/arm64-pv/upcall.S": "arch/arm64/vectors.S",
    "arch/arm64-pv/port.c": "arch/arm64/port.c",
    "bsp-pv/masking.c": "arch/arm64/port.c",   # the native port's masking and IRQ entry, shared by both PV ports
    "arch/arm64-pv/frame.h": "arch/arm64/frame.h",
    "bsp-pv/boot.c": "bsp/boot.c",
    "bsp-pv/timer.c": "bsp/timer.c",
    "bsp-pv/console.c": "bsp/uart.c",
    "bsp-pv/irq.c": "bsp/gic.c",
    "bsp-pv/hypercall.h": None,
    "arch/arm64-pv/pv.h": None,
}
# The native port's files the paravirtual build compiles unchanged.
REUSED = ["arch/arm64/cycles.c", "arch/arm64/cpu.h", "arch/arm64/rtos.ld", "bsp/dt.c", "bsp/channel.c",
          "bsp/board.h"]
# The native port's files the paravirtual build leaves out (nothing replaces them).
DROPPED = ["arch/arm64/mmu.c", "arch/arm64/mmu.h"]

# ARMv7-A file -> the arm64 file it corresponds to (None: new).
ARM32_PAIRS = {
    "arch/arm32/start.S": "arch/arm64/start.S",
    "arch/arm32/mmu_boot.S": "arch/arm64/start.S",     # start.S's boot map, apart for the A9 build
    "arch/arm32/vectors.S": "arch/arm64/vectors.S",
    "arch/arm32/cycles.S": "arch/arm64/vectors.S",     # vectors.S's port_cycles, likewise
    "arch/arm32/asm.h": None,
    "arch/arm32/port.c": "arch/arm64/port.c",
    "arch/arm32/frame.h": "arch/arm64/frame.h",
    "arch/arm32/cpu.h": "arch/arm64/cpu.h",
    "arch/arm32/cycles.c": "arch/arm64/cycles.c",
    "arch/arm32/mmu.c": "arch/arm64/mmu.c",
    "arch/arm32/mmu.h": "arch/arm64/mmu.h",
    "arch/arm32/rtos.ld": "arch/arm64/rtos.ld",
}
# The last commit before the ARMv7-A port: the shared files' text it changed.
ARM32_BASE = "47597457f7dd068f1b56865870152c8bda08462e"
ARM32_SHARED = ["bsp/arch.h", "bsp/board.h", "bsp/boot.c", "bsp/channel.c", "bsp/dt.c", "bsp/gic.c",
                "bsp/timer.c", "bsp/uart.c", "arch/arm64/cpu.h"]


# The A9 paravirtual port's file -> the native A9 file it replaces: the first
# candidate that exists (the A9's own board support if there is one, else
# the ARMv7-A port's shared file); None: new.
A9_NATIVE = {
    "arch/arm32-pv/start.S": ["arch/arm32-a9/start.S", "bsp-a9/start.S", "arch/arm32/start.S"],
    "arch/arm32-pv/upcall.S": ["arch/arm32-a9/vectors.S", "arch/arm32/vectors.S"],
    "arch/arm32-pv/port.c": ["arch/arm32-a9/port.c", "arch/arm32/port.c"],
    "bsp-pv/masking.c": ["arch/arm32-a9/port.c", "arch/arm32/port.c"],
    "arch/arm32-pv/frame.h": ["arch/arm32/frame.h"],
    "arch/arm32-pv/cycles.c": ["arch/arm32-a9/cycles.c", "bsp-a9/cycles.c", "arch/arm32/cycles.c"],
    "arch/arm32-pv/pv.h": None,
    "bsp-pv/boot.c": ["bsp-a9/boot.c", "bsp/boot.c"],
    "bsp-pv/timer.c": ["bsp-a9/timer.c", "arch/arm32-a9/timer.c", "bsp/timer.c"],
    "bsp-pv/console.c": ["bsp-a9/uart.c", "bsp/uart.c"],
    "bsp-pv/irq.c": ["bsp-a9/gic.c", "arch/arm32-a9/gic.c", "bsp/gic.c"],
    "bsp-pv/hypercall.h": None,
}
# The native A9 port's directories (sized; those that exist).
A9_NATIVE_DIRS = ["arch/arm32", "arch/arm32-a9", "bsp-a9", "bsp"]


def a9_replaced():
    """The ARMv7-A files the native A9 build leaves out: those rtos-a9.mk
    names (RTOS_A9_REPLACED), and those an A9 file of the same name replaces."""
    out = set()
    try:
        with open(os.path.join(ROOT, RTOS, "rtos-a9.mk")) as f:
            m = re.search(r"^RTOS_A9_REPLACED\s*:=((?:.*\\\n)*.*)$", f.read(), re.M)
        if m:
            out |= {w[len(RTOS) + 1:] for w in m.group(1).replace("\\", " ").split() if w.startswith(RTOS + "/")}
    except OSError:
        pass
    for a9, base in (("arch/arm32-a9", "arch/arm32"), ("bsp-a9", "bsp")):
        for p in glob.glob(os.path.join(ROOT, RTOS, a9, "*")):
            out.add(base + "/" + os.path.basename(p))
    return out


def a9_native_of(pv):
    for c in A9_NATIVE[pv] or []:
        if os.path.exists(os.path.join(ROOT, RTOS, c)):
            return c
    return None


def read_base(rel):
    """rel as it was at ARM32_BASE ([] if it did not exist); None without git."""
    try:
        r = subprocess.run(["git", "-C", ROOT, "show", "%s:%s/%s" % (ARM32_BASE, RTOS, rel)],
                           capture_output=True, text=True)
    except OSError:
        return None
    if r.returncode:
        known = subprocess.run(["git", "-C", ROOT, "cat-file", "-e", ARM32_BASE + "^{commit}"],
                               capture_output=True).returncode == 0
        return [] if known else None
    return r.stdout.split("\n")


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


def measure_arm32():
    def pair(new, old):
        return {"all": compare(new, old), "code": compare(code_lines(new), code_lines(old))}

    def totals(files):
        return {k: {c: sum(f[k][c] for f in files) for c in ("kept", "changed", "added", "removed", "total")}
                for k in ("all", "code")}
    files = [dict(file=a, replaces=b, **pair(read(a), read(b) if b else []))
             for a, b in ARM32_PAIRS.items()]
    shared = []
    for rel in ARM32_SHARED:
        old = read_base(rel)
        if old is not None:
            shared.append(dict(file=rel, replaces="(before the port)", **pair(read(rel), old)))
    return {"files": files, "total": totals(files), "shared_files": shared, "shared_total": totals(shared),
            "base": ARM32_BASE if shared else None, "kernel_files_changed": 0,   # kernel/, app/: the same files
            "kernel_code_lines": measure()["kernel_code_lines"]}


def measure_a9_pv():
    files = []
    for pv in A9_NATIVE:
        native = a9_native_of(pv)
        new, old = read(pv), read(native) if native else []
        files.append({"file": pv, "replaces": native, "all": compare(new, old),
                      "code": compare(code_lines(new), code_lines(old))})
    total = {k: {c: sum(f[k][c] for f in files) for c in ("kept", "changed", "added", "removed", "total")}
             for k in ("all", "code")}
    dirs = [d for d in A9_NATIVE_DIRS if os.path.isdir(os.path.join(ROOT, RTOS, d))]
    native = sorted(p for d in dirs for p in glob.glob(os.path.join(ROOT, RTOS, d, "*"))
                    if os.path.isfile(p) and os.path.relpath(p, os.path.join(ROOT, RTOS)) not in a9_replaced())
    m = measure()
    return {"files": files, "total": total, "native_dirs": dirs,
            "native_port_code_lines": sum(len(code_lines(open(p).read().split("\n"))) for p in native),
            "kernel_code_lines": m["kernel_code_lines"], "application_code_lines": m["application_code_lines"],
            "kernel_files_changed": 0}


def main_a9_pv(as_json):
    m = measure_a9_pv()
    if as_json:
        print(json.dumps(m, indent=2))
        return 0
    print("The RTOS's paravirtual port for the Cortex-A9 (arch/arm32-pv, bsp-pv) against the native "
          "A9 port (%s):" % ", ".join(m["native_dirs"]))
    print("  %-26s %-22s %26s %26s" % ("file", "replaces", "all lines: +added ~changed",
                                       "code lines: +added ~changed"))
    print_rows(m["files"], m["total"])
    t = m["total"]
    print("  added + changed: %d lines (%d code lines); kernel: 0 files changed (%d code lines, shared); "
          "application: shared (%d code lines); native port: %d code lines"
          % (t["all"]["added"] + t["all"]["changed"], t["code"]["added"] + t["code"]["changed"],
             m["kernel_code_lines"], m["application_code_lines"], m["native_port_code_lines"]))
    return 0


def print_rows(files, total):
    for f in files:
        print("  %-26s %-22s %13d +%-4d ~%-4d %13d +%-4d ~%-4d" % (
            f["file"], f["replaces"] or "(new)", f["all"]["total"], f["all"]["added"], f["all"]["changed"],
            f["code"]["total"], f["code"]["added"], f["code"]["changed"]))
    print("  %-49s %13d +%-4d ~%-4d %13d +%-4d ~%-4d" % (
        "total", total["all"]["total"], total["all"]["added"], total["all"]["changed"],
        total["code"]["total"], total["code"]["added"], total["code"]["changed"]))


def main_arm32(as_json):
    m = measure_arm32()
    if as_json:
        print(json.dumps(m, indent=2))
        return 0
    head = "  %-26s %-22s %26s %26s" % ("file", "compared with", "all lines: +added ~changed",
                                         "code lines: +added ~changed")
    print("The RTOS's ARMv7-A port (guests/rtos/arch/arm32) against the arm64 port:")
    print(head)
    print_rows(m["files"], m["total"])
    if m["base"]:
        print("The files both ports share, against their text before the port (%s):" % m["base"][:12])
        print(head)
        print_rows(m["shared_files"], m["shared_total"])
    else:
        print("(the shared files' change needs git and commit %s)" % ARM32_BASE[:12])
    t, s = m["total"], m["shared_total"]
    print("  added + changed: %d lines in arch/arm32 (%d code lines), %d in shared files (%d code lines); "
          "kernel and application: 0 files changed (kernel: %d code lines)"
          % (t["all"]["added"] + t["all"]["changed"], t["code"]["added"] + t["code"]["changed"],
             s["all"]["added"] + s["all"]["changed"], s["code"]["added"] + s["code"]["changed"],
             m["kernel_code_lines"]))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--arm32", action="store_true", help="the ARMv7-A port instead of the paravirtual one")
    ap.add_argument("--a9-pv", action="store_true",
                    help="the paravirtual ARMv7-A port against the native one on the Cortex-A9")
    a = ap.parse_args()
    if a.arm32:
        return main_arm32(a.json)
    if a.a9_pv:
        return main_a9_pv(a.json)
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
