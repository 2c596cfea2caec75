#!/usr/bin/env python3
"""Where the paravirtual path on the Cortex-A9 spends its instructions: one
null call, one TANDEM_PV_COUNTER read and one timer interrupt to the
release of the RTOS's control task, traced instruction by instruction and
attributed to functions (Tandem's from build/a9/tandem.elf, the RTOS's from
its ELF, by nm), natively and paravirtualized.

QEMU runs the same commands as a9_bench.py (vexpress-a9, -smp 1,
-icount shift=0,sleep=off) with -singlestep -d nochain, so that each
translated block is one instruction and none is chained past the log; the
log (-d exec,int) is switched on through the monitor once the RTOS prints
its calibration line, and off when the measured part is over: the boot
(Tandem's and the RTOS's calibrations, millions of instructions) is not
logged. Under icount the runs are deterministic: every null call of the
window has the same path; the most common length is reported.

    tests/bench/a9_profile.py [--json FILE]

prints the breakdown; a9_bench.py --profile and docs/benchmarks.md use it.
"""
import argparse
import bisect
import collections
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import a9_bench  # noqa: E402
from rtos_bench import OUT  # noqa: E402

ROOT = a9_bench.ROOT
NM = "arm-linux-gnueabihf-nm"
TANDEM_ELF = os.path.join(a9_bench.A9, "tandem.elf")
RTOS_ELF = {"a9-native": os.path.join(a9_bench.A9, "guests/rtos/rtos.elf"),
            "a9-paravirtual": os.path.join(a9_bench.A9, "guests/rtos/rtos-pv.elf")}
# Where each RTOS image runs (it is linked at 0 and relocates itself):
# natively where QEMU loads a raw image (RAM + 0x10000), paravirtualized at
# the start of the VM's RAM (the overlay's memory-base, a VA).
RTOS_BASE = {"a9-native": 0x60010000, "a9-paravirtual": 0x20000000}
TRACE = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")
EXCEPTION = re.compile(r"^Taking exception (\d+) \[(\w+)\]")
START = r"rtos: cycle counter:"


class Symbols:
    """Function symbols of several images, each at its runtime base."""

    def __init__(self):
        self.addrs, self.names = [], []

    def add(self, elf, base, prefix):
        out = subprocess.run([NM, "-n", elf], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "tTwW" and not parts[2].startswith("$"):
                self.addrs.append(int(parts[0], 16) + base)
                self.names.append(prefix + parts[2])
        order = sorted(range(len(self.addrs)), key=lambda i: self.addrs[i])
        self.addrs = [self.addrs[i] for i in order]
        self.names = [self.names[i] for i in order]
        return self

    def name(self, pc):
        i = bisect.bisect_right(self.addrs, pc) - 1
        return self.names[i] if i >= 0 else "?"

    def range(self, name):
        i = self.names.index(name)
        return self.addrs[i], self.addrs[i + 1]


def monitor(path, command):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    for _ in range(100):
        try:
            s.connect(path)
            break
        except OSError:
            time.sleep(0.05)
    else:
        raise SystemExit("a9_profile: QEMU's monitor at %s did not answer" % path)
    s.sendall((command + "\n").encode())
    time.sleep(0.2)
    s.close()


def traced(config, bootargs, stop, tag, timeout=300):
    """Runs config with bootargs, logging executed instructions and
    exceptions from the calibration line to the line matching stop. Returns
    the log's lines (PCs and exceptions) and the console output."""
    tmp = tempfile.mkdtemp(prefix="tandem-a9-profile-")
    sock, log = os.path.join(tmp, "monitor"), os.path.join(tmp, "trace.log")
    cmd = a9_bench.command(config, bootargs, "profile-" + tag) + [
        "-singlestep", "-d", "nochain", "-D", log, "-monitor", "unix:%s,server,nowait" % sock]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, t0, on = [], time.time(), False
    for raw in proc.stdout:
        lines.append(raw.decode(errors="replace").rstrip("\r\n"))
        if not on and re.search(START, lines[-1]):
            monitor(sock, "log exec,int,nochain")
            on = True
        if re.search(stop, lines[-1]):
            monitor(sock, "log nochain")
            break
        if time.time() - t0 > timeout:
            break
    proc.kill()
    proc.wait()
    with open(os.path.join(OUT, "a9-profile-%s.log" % tag), "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + "\n".join(lines) + "\n")
    events = []
    with open(log, errors="replace") as f:
        for line in f:
            m = TRACE.match(line)
            if m:
                events.append(int(m.group(1), 16))
                continue
            m = EXCEPTION.match(line)
            if m:
                events.append(m.group(2))
    shutil.rmtree(tmp)
    if not any(re.search(stop, l) for l in lines):
        raise SystemExit("a9_profile: %s did not reach %r; see build/bench/a9-profile-%s.log" % (config, stop, tag))
    return events, " ".join(cmd)


def calls(events, lo, hi):
    """Each call of the function at [lo, hi): the events from its first
    instruction to the first one outside it and the PCs it reached (the
    return), when no interrupt came in between."""
    out, i = [], 0
    while i < len(events):
        if events[i] == lo:
            j, clean = i + 1, True
            while j < len(events) and (not isinstance(events[j], int) or
                                       not (events[j] < lo or events[j] >= hi) or in_tandem(events[j])):
                if events[j] == "IRQ":
                    clean = False
                j += 1
            if clean and j < len(events):
                out.append(events[i:j])
            i = j
        else:
            i += 1
    return out


# Tandem's image, where it runs (identity-mapped in its own tables); only
# paravirtualized runs enter it.
TANDEM_LO, TANDEM_HI = 0x60010000, 0x60810000   # TANDEM_RESERVED_SIZE


def in_tandem(pc):
    return TANDEM_LO <= pc < TANDEM_HI


def breakdown(seq, syms):
    """[(function, instructions)] in the order run, consecutive ones merged."""
    out = []
    for e in seq:
        if isinstance(e, int):
            name = syms.name(e)
            if out and out[-1][0] == name:
                out[-1][1] += 1
            else:
                out.append([name, 1])
        else:
            out.append(["<exception %s>" % e, 0])
    return [tuple(x) for x in out]


def typical(seqs):
    """The most common length among the sequences and one of that length."""
    lengths = collections.Counter(sum(isinstance(e, int) for e in s) for s in seqs)
    n, count = lengths.most_common(1)[0]
    return n, count, [s for s in seqs if sum(isinstance(e, int) for e in s) == n][0]


def symbols(config):
    s = Symbols().add(TANDEM_ELF, 0, "tandem:") if config == "a9-paravirtual" else Symbols()
    return s.add(RTOS_ELF[config], RTOS_BASE[config], "rtos:")


def call_profile(config, events, syms, function):
    lo, hi = syms.range("rtos:" + function)
    seqs = calls(events, lo, hi)
    if not seqs:
        raise SystemExit("a9_profile: no call of %s traced (%s)" % (function, config))
    n, count, seq = typical(seqs)
    tandem = sum(1 for e in seq if isinstance(e, int) and syms.name(e).startswith("tandem:"))
    return {"function": function, "instructions": n, "in_tandem": tandem, "calls_traced": len(seqs),
            "calls_of_this_length": count, "lengths": sorted({sum(isinstance(e, int) for e in s) for s in seqs}),
            "breakdown": breakdown(seq, syms)}


def wfi_pcs(config):
    """Where each image's WFI instructions run: the idle loops, Tandem's and
    the RTOS's. A release starts when the timer wakes the core there: with
    interrupts masked in Tandem's idle (no IRQ exception: it reads the GIC
    after the WFI), unmasked in the RTOS's native idle."""
    images = [(RTOS_ELF[config], RTOS_BASE[config])]
    if config == "a9-paravirtual":
        images.append((TANDEM_ELF, 0))
    pcs = set()
    for elf, base in images:
        out = subprocess.run([NM.replace("nm", "objdump"), "-d", elf], capture_output=True, text=True,
                             check=True).stdout
        pcs |= {int(m.group(1), 16) + base for m in re.finditer(r"^\s*([0-9a-f]+):\s+e320f003\s+wfi", out, re.M)}
    return pcs


def release_profile(config, events, syms):
    """From each WFI where the core idled to the control task's first
    instruction after it: the release of the 1 kHz task from idle, the
    bench mode's common case (its timer is the only one due)."""
    lo, hi = syms.range("rtos:control_task")
    wfi = wfi_pcs(config)
    seqs, start = [], None
    for i, e in enumerate(events):
        if not isinstance(e, int):
            continue
        if e in wfi:
            start = i
        elif start is not None and lo <= e < hi:
            seqs.append(events[start + 1:i])
            start = None
    if not seqs:
        raise SystemExit("a9_profile: no release from idle traced (%s)" % config)
    n, count, seq = typical(seqs)
    b = breakdown(seq, syms)
    lengths = [sum(isinstance(e, int) for e in s) for s in seqs]
    return {"instructions": n, "releases_traced": len(seqs), "releases_of_this_length": count,
            "min": min(lengths), "max": max(lengths),
            "in_tandem": sum(1 for e in seq if isinstance(e, int) and syms.name(e).startswith("tandem:")),
            "breakdown": b, "per_function": per_function(b), "visits": visits(b)}


# The guest functions that make each call on these paths (bsp-pv, arch/arm32-pv).
CALLERS = {"bsp_null_hypercall": "NULL", "port_cycles": "COUNTER", "timer_irq": "COUNTER (the interrupt's stamp)",
           "port_timer_set": "TIMER_SET", "pv_upcall": "EOI_IRET", "port_idle": "IDLE"}


def visits(b):
    """The breakdown cut where the core enters and leaves Tandem: [(what,
    instructions, Tandem's functions)], what being the call (by the guest
    function that made it) or the wake-up from Tandem's idle; the RTOS's
    stretches as ("RTOS", n, its functions)."""
    out, caller = [], "idle: the timer wakes Tandem's WFI"
    for name, n in b:
        if name.startswith("<exception"):
            continue
        side = "tandem" if name.startswith("tandem:") else "rtos"
        if not out or out[-1][0] != side:
            what = caller if side == "tandem" else "RTOS"
            out.append([side, what, 0, collections.Counter()])
        out[-1][2] += n
        out[-1][3][name.split(":", 1)[1]] += n
        if side == "rtos":
            fn = name.split(":", 1)[1]
            caller = "call " + CALLERS.get(fn, "from " + fn)
    return [(what, n, fns.most_common()) for _side, what, n, fns in out]


def per_function(b):
    total = collections.Counter()
    for name, n in b:
        total[name] += n
    return total.most_common()


def measure():
    why = a9_bench.missing()
    if why:
        raise SystemExit("a9_profile: " + why)
    os.makedirs(OUT, exist_ok=True)
    r = {}
    for config in a9_bench.CONFIGS:
        syms = symbols(config)
        tag = config[3:]
        p = {}
        if config == "a9-paravirtual":
            events, cmd = traced(config, "micro hypercall", r"rtos: micro: null-hypercall", tag + "-micro")
            p["null_call"] = call_profile(config, events, syms, "bsp_null_hypercall")
            p["counter_read"] = call_profile(config, events, syms, "port_cycles")
            p["micro_command"] = cmd
        events, cmd = traced(config, "bench periods=100", r"rtos: bench: done", tag + "-release")
        p["release"] = release_profile(config, events, syms)
        p["release_command"] = cmd
        r[config] = p
    nc = r["a9-paravirtual"]["null_call"]
    # The goal's figure: the svc and what Tandem runs before the instruction
    # after it (bsp_null_hypercall's own instructions are the caller's).
    r["null_call"] = {"instructions": nc["in_tandem"] + 1, "function_round_trip": nc["instructions"]}
    return r


def text(r):
    lines = []
    pv = r["a9-paravirtual"]
    for what in ("null_call", "counter_read"):
        p = pv[what]
        lines.append("paravirtual %s (%s): %d instructions call to return, %d of them in Tandem "
                     "(%d clean calls traced, lengths %s)" % (what.replace("_", " "), p["function"],
                                                               p["instructions"], p["in_tandem"], p["calls_traced"],
                                                               p["lengths"]))
        lines.append("  " + ", ".join("%s %d" % (n, c) for n, c in p["breakdown"]))
    for config in a9_bench.CONFIGS:
        p = r[config]["release"]
        lines.append("%s: from the idle WFI to the control task: %d instructions (%d of %d releases; min %d max %d), "
                     "%d in Tandem" % (config, p["instructions"], p["releases_of_this_length"],
                                       p["releases_traced"], p["min"], p["max"], p["in_tandem"]))
        for what, n, fns in p["visits"]:
            lines.append("  %-5d %-40s %s" % (n, what, ", ".join("%s %d" % tuple(f) for f in fns)))
        lines.append("  by function: " + ", ".join("%s %d" % (n, c) for n, c in p["per_function"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", default=os.path.join(OUT, "a9-profile.json"))
    a = ap.parse_args()
    t0 = time.time()
    r = measure()
    print(text(r))
    print("(%.0f s)" % (time.time() - t0))
    with open(a.json, "w") as f:
        json.dump(r, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
