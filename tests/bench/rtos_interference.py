#!/usr/bin/env python3
"""Partitioned interference on the RTOS's own core, counted per core
(issue 17, item 5; docs/benchmarks.md "Partitioned interference, per core").

The RTOS runs partitioned on core 0 beside Linux on core 1 (idle, and
loaded with stress-ng), GICv3, under -icount shift=0,sleep=off, with the
percore TCG plugin (tools/percore/percore.c, `make percore-plugin`). The
plugin counts the instructions each vCPU executes itself (QEMU's icount
clock, and the PMU cycle counter that follows it, are one count shared by
all vCPUs, which QEMU runs in turn) and logs core 0's passages through
chosen instructions, found in the ELF files:

- Tandem (build/tandem.elf): the 16 entries of its EL2 vector table, its
  exception returns (eret), the entries of the exit handlers that tell an
  exit's cause (the timer's fast path irq_done, trap_irq, irq_dispatch,
  the SGI kick sched_reschedule, the maintenance interrupt, trapped
  system-register and data accesses, HVC, SMC, WFx ...), and every ticket
  lock's wait (the `sevl` that only a waiter executes, el2/arm64 spinlock.h,
  and the first instruction after its wait loop), named by the function it
  is inlined into: the console lock (el2/console.c) shows as a wait in a
  console function;
- the RTOS (build/guests/rtos/rtos.elf): its 16 vector entries (its timer's
  IRQ enters at +0x280) and its release point, the control task's first
  instruction after rtos_period_wait() returns.

Natively the same RTOS binary runs alone on QEMU (one core, as its VM has
one vCPU) with the same plugin and periods.

Per release (each window runs from the previous release to this one, so the
first release of the run, whose window would begin at boot, is left out on
both sides alike): the instructions core 0 executed from the release's
interrupt (the last IRQ the RTOS took before the release: its timer queue
serves its other tasks too) to the release, with, under Tandem, the EL2
exit that presented it (see release_start()), and every exit into Tandem core
0 took in the window, classified by cause. An exit is caused by another VM
when core 0 had nothing to do with it: an interrupt that is not the
RTOS's timer nor its own maintenance interrupt (an SGI kick, another
device's interrupt), or, inside any exit, a wait for a lock another core
held (the console lock contended by Linux's output, a vGIC lock, ...).

    tests/bench/rtos_interference.py [--periods N] [--only native|idle|loaded]

prints one JSON object and the table; tests/bench/run.py can call runs()
and table().
"""
import argparse
import collections
import json
import os
import re
import struct
import subprocess
import sys
import time

import rtos_bench as RB
import tandem_qemu

PLUGIN = os.path.join(RB.BUILD, "tools/percore.so")
TANDEM_ELF = os.path.join(RB.BUILD, "tandem.elf")
RTOS_ELF = os.path.join(RB.BUILD, "guests/rtos/rtos.elf")
RAM_BASE = 0x40000000       # QEMU virt
PERIODS = 3000
LINUX_IDLE = "console=ttyAMA0 nokaslr"
NEIGHBOURS = {
    "idle": ("guests/linux/linux-core1.dtso", RB.IMAGE, RB.INITRD, LINUX_IDLE),
    "loaded": RB.LINUX_LOADED_CORE1,
}
# Tandem's handlers whose entry tells an exit's cause (those LTO kept).
HANDLERS = ("irq_done", "irq_slow", "trap_irq", "irq_dispatch", "sched_reschedule", "maintenance",
            "vgic_flush", "trap_fiq", "trap_serror", "trap_sysreg", "trap_dabt", "trap_iabt", "trap_hvc",
            "trap_smc", "trap_wfx", "psci_handle", "smccc_handle", "vpl011_flush", "console_vm_line",
            "vgic_send_sgi", "sync_exit", "trap_unexpected")
IRQ_OFFSETS = (0x080, 0x280, 0x480, 0x680)
WINDOW = re.compile(r"window_start_cnt (\d+)")
INIT_REACHED = "[linux] TANDEM-LINUX-INIT-REACHED"


def disassembly(elf):
    """[(addr, word, mnemonic, operands, function)] of the ELF's code."""
    out = subprocess.run(["aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    raw = subprocess.run(["aarch64-linux-gnu-objdump", "-d", elf],
                         capture_output=True, text=True, check=True).stdout
    words = {}
    for line in raw.splitlines():
        m = re.match(r"\s+([0-9a-f]+):\s+([0-9a-f]{8})\s", line)
        if m:
            words[int(m.group(1), 16)] = int(m.group(2), 16)
    insns, func = [], None
    for line in out.splitlines():
        m = re.match(r"[0-9a-f]+ <([^>]+)>:", line)
        if m:
            func = m.group(1)
            continue
        m = re.match(r"\s+([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if m and int(m.group(1), 16) in words:
            a = int(m.group(1), 16)
            insns.append((a, words[a], m.group(2), m.group(3), func))
    return insns


def symbols(elf):
    out = subprocess.run(["aarch64-linux-gnu-nm", elf], capture_output=True, text=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            syms.setdefault(p[2].split(".")[0], int(p[0], 16))
    return syms


def load_base(image, ram=RAM_BASE, qemu=True):
    """Where an arm64 Image lands: QEMU's -kernel (qemu) puts it at RAM +
    text_offset, 2 MiB higher when that would overlap its boot stub
    (text_offset < 4 KiB), a raw binary at RAM + 64 KiB; Tandem puts a VM's
    payload at memory-base + text_offset, a raw binary at memory-base
    (docs/architecture.md, "Guest entry state")."""
    with open(image, "rb") as f:
        head = f.read(64)
    text_offset, size = struct.unpack_from("<QQ", head, 8)
    if head[56:60] != b"ARM\x64" or not size:
        return ram + (0x10000 if qemu else 0)
    return ram + text_offset + (0x200000 if qemu and text_offset < 4096 else 0)


def word_at(insns, addr):
    for a, w, _m, _o, _f in insns:
        if a == addr:
            return w
    raise SystemExit("rtos_interference: no instruction at 0x%x" % addr)


class Events:
    """Builds the plugin's events file: numbered (kind, detail) names."""

    def __init__(self):
        self.names, self.lines = [], []

    def add(self, addr, word, kind, detail=None):
        self.lines.append("%x %08x %d" % (addr, word, len(self.names)))
        self.names.append((kind, detail))

    def write(self, path):
        with open(path, "w") as f:
            f.write("\n".join(self.lines) + "\n")


def rtos_events(ev, base):
    insns = disassembly(RTOS_ELF)
    syms = symbols(RTOS_ELF)
    for k in range(16):
        a = syms["rtos_vectors"] + 0x80 * k
        ev.add(base + a, word_at(insns, a), "rtos_vector", 0x80 * k)
    for name in ("timer_irq", "bsp_irq", "uart_irq", "kernel_wake"):
        if name in syms:
            ev.add(base + syms[name], word_at(insns, syms[name]), "rtos_fn", name)
    calls = [a for a, _w, m, o, f in insns if f == "control_task" and m == "bl" and "<rtos_period_wait>" in o]
    if len(calls) != 1:
        raise SystemExit("rtos_interference: %d calls of rtos_period_wait in control_task" % len(calls))
    ev.add(base + calls[0] + 4, word_at(insns, calls[0] + 4), "release")


def tandem_events(ev, base):
    insns = disassembly(TANDEM_ELF)
    syms = symbols(TANDEM_ELF)
    for k in range(16):
        a = syms["el2_vectors"] + 0x80 * k
        ev.add(base + a, word_at(insns, a), "el2_vector", 0x80 * k)
    for name in HANDLERS:
        if name in syms:
            ev.add(base + syms[name], word_at(insns, syms[name]), "handler", name)
    for i, (a, w, m, o, f) in enumerate(insns):
        if m == "eret":
            ev.add(base + a, w, "eret", f)
        elif m == "sevl":
            # the ticket lock's wait: sevl; 2: wfe; ldaxrh; cmp; b.ne 2b
            j = next(j for j in range(i + 1, i + 8) if insns[j][2] == "b.ne")
            ev.add(base + a, w, "lock_wait", f)
            ev.add(base + insns[j + 1][0], insns[j + 1][1], "lock_got", f)


def read_log(path, names):
    """The plugin's log: [(count, (kind, detail))] for vCPU 0, totals, and
    the control: what the same watch saw on vCPU 1 (Linux's core): its exits
    into Tandem and its lock waits, by function."""
    events, totals, ended = [], {}, False
    control = {"exits": 0, "lock_waits": collections.Counter()}
    with open(path) as f:
        for line in f:
            p = line.split()
            if p[0] == "E" and p[1] == "0":
                events.append((int(p[2]), names[int(p[3])]))
            elif p[0] == "E" and p[1] == "1":
                kind, detail = names[int(p[3])]
                if kind == "el2_vector":
                    control["exits"] += 1
                elif kind == "lock_wait":
                    control["lock_waits"][detail] += 1
            elif p[0] == "T":
                totals[int(p[1])] = int(p[2])
            elif p[0] == "END":
                ended = True
    if not ended:
        raise SystemExit("rtos_interference: %s has no END line (QEMU did not exit cleanly)" % path)
    control["lock_waits"] = dict(control["lock_waits"].most_common())
    return events, totals, control


def classify(exit_events):
    """An exit's cause and whether another VM caused it, from its vector
    offset and the handlers it passed through."""
    vec = exit_events[0][1][1]
    seen = [d for _c, (k, d) in exit_events if k == "handler"]
    waits = [d for _c, (k, d) in exit_events if k == "lock_wait"]
    if vec in IRQ_OFFSETS:
        if "irq_done" in seen:
            cause, foreign = "timer IRQ (fast path)", False
        elif "sched_reschedule" in seen:
            cause, foreign = "SGI kick", True
        elif "maintenance" in seen:
            cause, foreign = "maintenance IRQ", False
        elif "irq_dispatch" in seen:
            cause, foreign = "other physical IRQ", True
        elif "trap_irq" in seen:
            cause, foreign = "timer IRQ (C path)", False
        else:
            cause, foreign = "IRQ 0x%x" % vec, True
    elif vec in (0x000, 0x200, 0x400, 0x600):
        traps = [s for s in seen if s.startswith("trap_") or s in ("psci_handle", "smccc_handle")]
        cause, foreign = "trapped " + (traps[0][5:] if traps and traps[0].startswith("trap_")
                                       else traps[0] if traps else "sync 0x%x" % vec), False
    else:
        cause, foreign = "vector 0x%x" % vec, True
    if waits:
        foreign = True
    return cause, foreign, waits


def stats(values):
    if not values:
        return None
    s = sorted(values)
    n = len(s)
    return {"n": n, "min": s[0], "mean": round(sum(s) / n, 1), "p99": s[(99 * n + 99) // 100 - 1],
            "max": s[-1]}


def release_start(window):
    """The release's interrupt: the last IRQ the RTOS took before the
    release (its timer queue also serves its other tasks, so earlier ones in
    the window are not this release's). Returns the instructions core 0
    spent on the release - from the RTOS's IRQ vector to the release, plus,
    under Tandem, the EL2 IRQ exits that presented it (the IRQ exits
    between the RTOS's last watched instruction or trapped access before
    the IRQ and its IRQ vector, each from its vector to its eret; an
    interrupt that arrived while core 0 was in Tandem for one of the RTOS's
    own trapped accesses waited for that exit's end, which is not counted
    here: it is in the exits' own figures; the RTOS's own instructions between
    such an exit and its IRQ vector are a critical section with interrupts
    masked, which natively delays the vector too and is not counted there
    either) - and how many tasks the RTOS woke from its IRQ vector to the
    release (kernel_wake): 1 when the interrupt was this release's own,
    more when it came for another task's deadline and the control task's
    passed meanwhile (woken at the switch that followed, sched.c), whose
    instructions then count too; and, when the interrupt was taken as an
    exit for the RTOS's own trapped access returned, that exit's length
    (else None). (None, 0, None) when the RTOS took no IRQ."""
    r = next((i for i in range(len(window) - 1, -1, -1)
              if window[i][1][0] == "rtos_vector" and window[i][1][1] in IRQ_OFFSETS), None)
    if r is None:
        return None, 0, None
    spent = window[-1][0] - window[r][0]
    eret, first_irq, behind = None, window[r][0], None
    for c, (k, d) in reversed(window[:r]):
        if k in ("rtos_vector", "rtos_fn", "release"):
            break
        if k == "eret":
            eret = c
        elif k == "el2_vector":
            if d not in IRQ_OFFSETS or eret is None:
                # the RTOS's own trapped access: the interrupt waited behind
                # it if it was taken right as that exit returned
                if eret is not None and first_irq - eret <= 1:
                    behind = eret - c
                break
            spent += eret - c
            eret, first_irq = None, c
    wakes = sum(1 for _c, (k, d) in window[r:] if k == "rtos_fn" and d == "kernel_wake")
    return spent, wakes, behind


def analyse(events, periods):
    """Per release of core 0 (see the module's docstring)."""
    releases = [i for i, (_c, (k, _d)) in enumerate(events) if k == "release"][:periods]
    whole_run_waits = collections.Counter(d for _c, (k, d) in events if k == "lock_wait")
    # the first instruction after a wait loop is also where the uncontended
    # acquisition continues (as compiled): the watch sees every acquisition
    whole_run_locks = collections.Counter(d for _c, (k, d) in events if k == "lock_got")
    if len(releases) < periods:
        raise SystemExit("rtos_interference: %d releases logged, %d expected" % (len(releases), periods))
    per_release, causes, foreign_causes = [], collections.Counter(), collections.Counter()
    exits_per_release, foreign_releases, waits_total, wait_insns = [], 0, collections.Counter(), []
    exit_insns = collections.defaultdict(list)
    unstarted, shared_irq, behind_own_exit = 0, [], []
    for prev, cur in zip(releases, releases[1:]):
        window = events[prev + 1:cur + 1]
        spent, wakes, behind = release_start(window)
        if behind is not None:
            behind_own_exit.append(behind)
        if spent is None:
            unstarted += 1
        elif wakes == 1:
            per_release.append(spent)
        else:
            shared_irq.append(spent)
        n_exits = foreign_here = 0
        i = 0
        while i < len(window):
            c, (k, d) = window[i]
            if k != "el2_vector":
                i += 1
                continue
            j = i + 1
            while j < len(window) and window[j][1][0] not in ("eret", "el2_vector", "release"):
                j += 1
            one = window[i:j + 1]
            cause, foreign, waits = classify(one)
            n_exits += 1
            causes[cause] += 1
            if j < len(window) and window[j][1][0] == "eret":
                exit_insns[cause].append(window[j][0] - c)
            if foreign:
                foreign_here += 1
                foreign_causes[cause + (" + lock wait in " + ", ".join(waits) if waits else "")] += 1
            for w in waits:
                waits_total[w] += 1
            # the instructions spent waiting for each lock
            for a, (ka, da) in enumerate(one):
                if ka == "lock_wait":
                    got = next((cc for cc, (kb, _db) in one[a + 1:] if kb == "lock_got"), None)
                    if got is not None:
                        wait_insns.append(got - one[a][0])
            i = j
        exits_per_release.append(n_exits)
        foreign_releases += foreign_here > 0
    return {
        "releases_examined": len(releases) - 1,
        "instructions_per_release": stats(per_release),
        "releases_without_interrupt": unstarted,
        "instructions_per_release_sharing_an_interrupt": stats(shared_irq),
        "interrupt_behind_own_trapped_access": stats(behind_own_exit),
        "exits_per_release": stats(exits_per_release),
        "exits_by_cause": dict(causes.most_common()),
        "exit_instructions_by_cause": {k: stats(v) for k, v in exit_insns.items()},
        "exits_caused_by_another_vm": sum(foreign_causes.values()),
        "foreign_exits_by_cause": dict(foreign_causes.most_common()),
        "releases_with_foreign_exit": foreign_releases,
        "lock_waits": dict(waits_total.most_common()),
        "lock_waits_whole_run": dict(whole_run_waits.most_common()),
        "lock_acquisitions_whole_run": dict(whole_run_locks.most_common()),
        "lock_wait_instructions": stats(wait_insns),
    }


def run_qemu(cmd, log, timeout, until=r"rtos: bench: done"):
    """As rtos_bench.run_until_done, but stops QEMU with SIGTERM so that it
    exits cleanly and the plugin writes its totals."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, t0 = [], time.time()
    for raw in proc.stdout:
        lines.append(tandem_qemu.unmarked(raw.decode(errors="replace").rstrip("\r\n")))
        if re.search(until, lines[-1]) or time.time() - t0 > timeout:
            break
    proc.terminate()
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    with open(log, "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + "\n".join(lines) + "\n")
    return "\n".join(lines), time.time() - t0


def plugin_args(ev, tag):
    evf = os.path.join(RB.OUT, "percore-%s-events.txt" % tag)
    out = os.path.join(RB.OUT, "percore-%s.log" % tag)
    ev.write(evf)
    return ("-plugin", "file=%s,events=%s,out=%s,vcpus=3" % (PLUGIN, evf, out)), out


def native(periods=PERIODS, timeout=1800):
    if not os.path.exists(PLUGIN):
        raise SystemExit("rtos_interference: no %s (make percore-plugin)" % os.path.relpath(PLUGIN, RB.ROOT))
    os.makedirs(RB.OUT, exist_ok=True)
    ev = Events()
    rtos_events(ev, load_base(RB.RTOS))
    args, out_log = plugin_args(ev, "native")
    cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", tandem_qemu.DEFAULT_CPU["arm64"],
           "-m", "1G", "-nographic", "-nic", "none", "-icount", "shift=0,sleep=off",
           "-kernel", RB.RTOS, "-append", "bench periods=%d" % periods] + list(args)
    log = os.path.join(RB.OUT, "rtos-interference-native.log")
    out, wall = run_qemu(cmd, log, timeout)
    r = RB.figures(out, log)
    events, totals, _control = read_log(out_log, ev.names)
    r = {"config": "native", "label": "native: the RTOS alone on QEMU (1 core)", "gic": 3,
         "shared_clock": {k: r[k] for k in ("periods", "min", "mean", "p99", "max", "misses")},
         "core_instructions": totals}
    r.update(analyse(events, periods))
    r.update({"command": " ".join(cmd), "wall_seconds": round(wall, 1), "log": os.path.relpath(log, RB.ROOT)})
    return r


def partitioned(linux, periods=PERIODS, timeout=3600):
    if not os.path.exists(PLUGIN):
        raise SystemExit("rtos_interference: no %s (make percore-plugin)" % os.path.relpath(PLUGIN, RB.ROOT))
    os.makedirs(RB.OUT, exist_ok=True)
    tag = "interference-%s" % linux
    src = "guests/rtos/rtos-core0.dtso"
    vms = RB.vm_list(src, NEIGHBOURS[linux], "bench periods=%d start-ms=%d" % (periods, RB.START_MS), tag)
    ev = Events()
    tandem_events(ev, load_base(os.path.join(RB.BUILD, "tandem.bin")))
    # The RTOS's VM: a raw-binary-or-Image payload at memory-base (default
    # RAM base) + text_offset, no boot stub in the way.
    rtos_events(ev, load_base(RB.RTOS, ram=vm_memory_base(src), qemu=False))
    args, out_log = plugin_args(ev, tag)
    cmd = tandem_qemu.qemu_command(vms, gic=3, smp=2, icount=True, tandem=os.path.join(RB.BUILD, "tandem.bin"),
                                   extra=args)
    log = os.path.join(RB.OUT, "rtos-%s.log" % tag)
    out, wall = run_qemu(cmd, log, timeout)
    r = RB.figures(out, log)
    offsets = dict(RB.OFFSET.findall(out))
    if linux == "loaded":
        ready = RB.load_started(out)
    else:
        lines = out.split("\n")
        ready = None
        if INIT_REACHED in lines:
            for later in lines[lines.index(INIT_REACHED) + 1:]:
                m = RB.COUNTER.match(later)
                if m:
                    ready = int(m.group(1))
                    break
    if ready is None or "rtos" not in offsets or "linux" not in offsets:
        raise SystemExit("rtos_interference: Linux did not get %s; see %s"
                         % ("its load started" if linux == "loaded" else "to /init", os.path.relpath(log, RB.ROOT)))
    if r["window_start_cnt"] + int(offsets["rtos"]) < ready + int(offsets["linux"]):
        raise SystemExit("rtos_interference: the window starts before Linux was %s; raise START_MS" % linux)
    events, totals, control = read_log(out_log, ev.names)
    res = {"config": "partitioned-" + linux, "gic": 3,
           "label": "Tandem partitioned: RTOS core 0, Linux %s on core 1" % linux,
           "shared_clock": {k: r[k] for k in ("periods", "min", "mean", "p99", "max", "misses")},
           "core_instructions": totals, "core1_control": control}
    res.update(analyse(events, periods))
    res.update({"command": " ".join(cmd), "wall_seconds": round(wall, 1), "log": os.path.relpath(log, RB.ROOT)})
    return res


def vm_memory_base(src):
    with open(os.path.join(RB.ROOT, src)) as f:
        m = re.search(r"memory-base\s*=\s*<\s*(0x[0-9a-fA-F]+|\d+)\s+(0x[0-9a-fA-F]+|\d+)\s*>", f.read())
    return (int(m.group(1), 0) << 32 | int(m.group(2), 0)) if m else RAM_BASE


def goals(rows):
    by = {r["config"]: r for r in rows}
    out = []
    for linux in ("idle", "loaded"):
        r = by.get("partitioned-" + linux)
        if not r:
            continue
        out.append({"goal": "zero exits on the RTOS's core caused by another VM (Linux %s)" % linux,
                    "value": r["exits_caused_by_another_vm"], "limit": 0,
                    "met": r["exits_caused_by_another_vm"] == 0,
                    "why": r["foreign_exits_by_cause"]})
        if "native" in by:
            limit = 1.2 * by["native"]["instructions_per_release"]["max"]
            value = r["instructions_per_release"]["max"]
            out.append({"goal": "worst-case instructions per release <= 1.2 x native (Linux %s)" % linux,
                        "value": value, "limit": round(limit, 1),
                        "ratio": round(value / by["native"]["instructions_per_release"]["max"], 3),
                        "met": value <= limit})
    return out


def runs(periods=PERIODS, only=None):
    rows = []
    if only in (None, "native"):
        rows.append(native(periods))
    for linux in ("idle", "loaded"):
        if only in (None, linux):
            rows.append(partitioned(linux, periods))
    return {"rows": rows, "goals": goals(rows)}


def table(result):
    lines = ["Partitioned interference on the RTOS's core, per-core instruction counts (percore plugin), GICv3",
             "%-44s %8s %8s %8s %8s %6s %7s %8s" % ("configuration", "min", "mean", "p99", "max", "exits",
                                                    "foreign", "seconds")]
    for r in result["rows"]:
        s = r["instructions_per_release"]
        lines.append("%-44s %8d %8.1f %8d %8d %6d %7d %8.0f" % (
            r["label"][:44], s["min"], s["mean"], s["p99"], s["max"], sum(r["exits_by_cause"].values()),
            r["exits_caused_by_another_vm"], r["wall_seconds"]))
    lines.append("(instructions core 0 executed from the release's interrupt to the control task's release, over "
                 "the releases whose interrupt woke only the control task; of %d releases each, these woke "
                 "another task too:)" % result["rows"][0]["releases_examined"])
    for r in result["rows"]:
        s = r["instructions_per_release_sharing_an_interrupt"]
        lines.append("  %-42s %s" % (r["config"], "%d releases, instructions min %d mean %.1f max %d"
                                     % (s["n"], s["min"], s["mean"], s["max"]) if s else "none"))
    for r in result["rows"]:
        if r["exits_by_cause"]:
            lines.append("%s: exits on core 0 by cause: %s" % (r["config"], ", ".join(
                "%s %d" % kv for kv in r["exits_by_cause"].items())))
            lines.append("%s: caused by another VM: %s; lock waits: %s (whole run, boot included: %s, "
                         "of acquisitions: %s)" % (
                             r["config"], r["foreign_exits_by_cause"] or "none", r["lock_waits"] or "none",
                             r["lock_waits_whole_run"] or "none", r["lock_acquisitions_whole_run"] or "none"))
            if "core1_control" in r:
                lines.append("%s: the same watch on core 1 (Linux), whole run: %d exits, lock waits: %s" % (
                    r["config"], r["core1_control"]["exits"], r["core1_control"]["lock_waits"] or "none"))
            b = r["interrupt_behind_own_trapped_access"]
            if b:
                lines.append("%s: %d releases' interrupts waited behind an exit for the RTOS's own trapped "
                             "access (that exit: max %d instructions)" % (r["config"], b["n"], b["max"]))
    lines.append("Shared clock (QEMU's icount, both cores in QEMU's round-robin: QEMU's scheduling, "
                 "not the hardware's):")
    for r in result["rows"]:
        c = r["shared_clock"]
        lines.append("  %-42s min %d mean %.1f p99 %d max %d misses %d" % (
            r["config"], c["min"], c["mean"], c["p99"], c["max"], c["misses"]))
    for g in result["goals"]:
        lines.append("goal: %s: %s %s (limit %s)%s" % (g["goal"], "met" if g["met"] else "NOT met", g["value"],
                                                     g["limit"], ", ratio %s" % g["ratio"] if "ratio" in g else ""))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--periods", type=int, default=PERIODS)
    ap.add_argument("--only", choices=("native", "idle", "loaded"))
    ap.add_argument("--json", help="also write the result here")
    a = ap.parse_args()
    result = runs(a.periods, a.only)
    print(json.dumps(result, indent=2))
    print(table(result))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
