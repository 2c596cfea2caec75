#!/usr/bin/env python3
"""The paravirtual path against the hardware-assisted path and native
(docs/benchmarks.md, docs/paravirt.md): the same RTOS workloads, one QEMU
invocation each under -icount shift=0,sleep=off (one instruction per
nanosecond; cycles = instructions).

  native      guests/rtos/rtos.bin on QEMU alone (EL1)
  hardware    rtos.bin in a VM under Tandem at EL2 (guests/rtos/rtos-core0.dtso,
              core 0 of a one-core machine, as the other two)
  paravirtual rtos-pv.bin (the paravirtual port) at EL0 under Tandem at EL1
              (-M virt,virtualization=off; guests/rtos/rtos-pv-a.dtso, core 0)

Each configuration runs twice: "bench periods=N" (the control task's release
latency and the latency of the timer interrupt that released it, min / mean
/ p99 / max) and "micro" (guests/rtos/app/micro.c: a null hypercall where
there is a hypervisor, the RTOS's context switch, a compute workload with
the 1 kHz control task running). Each row is checked like for like
against the native run (like_for_like.py; the native run gets the VM's
64 MiB); what differs by design is declared in the row ("like_for_like").
The compute workload's ratio to native counts only the instructions added
while it runs (the 1 kHz task's interrupts and what the hypervisor does for
them): under -icount every instruction takes the same time whoever runs it,
so the ratio cannot show a computation made slower by TLB or cache effects.

    tests/bench/pv_bench.py [--periods N] [--svg FILE]

prints one JSON object; tests/bench/run.py calls runs() and plot().
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandem_qemu  # noqa: E402
from rtos_bench import OUT, RTOS_DEVICES, figures, native_command, overlay, run_until_done, PERIODS  # noqa: E402
import like_for_like  # noqa: E402
import plots  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
RTOS = os.path.join(BUILD, "guests/rtos/rtos.bin")
RTOS_PV = os.path.join(BUILD, "guests/rtos/rtos-pv.bin")
CONFIGS = ("native", "hardware", "paravirtual")
LABELS = {"native": "native (QEMU alone)", "hardware": "hardware-assisted (EL2)",
          "paravirtual": "paravirtual (EL1, guest at EL0)"}
IRQ = re.compile(r"rtos: bench: interrupts (\d+) latency_cycles min (-?\d+) mean (-?[\d.]+) "
                 r"p99 (-?\d+) max (-?\d+)")
MICRO = re.compile(r"rtos: micro: (context-switch|null-hypercall) cycles min (\d+) median (\d+)")
COMPUTE = re.compile(r"rtos: micro: compute cycles (\d+) crc (0x[0-9a-f]+)")


OVERLAYS = {"hardware": ("guests/rtos/rtos-core0.dtso", RTOS), "paravirtual": ("guests/rtos/rtos-pv-a.dtso", RTOS_PV)}


def vm(config, bootargs, tag):
    src, payload = OVERLAYS[config]
    return overlay(src, bootargs, "pv-" + tag), payload


def command(config, bootargs, tag):
    if config == "native":
        return native_command(3, bootargs)
    return tandem_qemu.qemu_command([vm(config, bootargs, tag)], gic=3, smp=1, icount=True,
                                    virtualization=config == "hardware")


def declared(config, kind):
    d = dict([RTOS_DEVICES])
    if config == "paravirtual":
        d["devices"] = RTOS_DEVICES[1] + "; the paravirtual RTOS (rtos-pv.bin) reads none of it: Tandem's calls"
    if kind == "micro":
        d["cmdline"] = "hypercall: the null-call benchmark, run only where there is a hypervisor"
    return d


def run(config, kind, bootargs, until, timeout):
    tag = "%s-%s" % (config, kind)
    cmd = command(config, bootargs, tag)
    log = os.path.join(OUT, "pv-%s-%s.log" % (config, kind))
    out, wall = run_until_done(cmd, log, timeout, until=until)
    return out, log, cmd, wall


def pair(config, kind, bootargs, native_bootargs, cmd):
    """like_for_like on this row's run of `kind` against the native one."""
    ov, payload = vm(config, bootargs, "%s-%s" % (config, kind))
    return like_for_like.pair("RTOS %s vs native (%s)" % (config, kind), command("native", native_bootargs, ""),
                              cmd, ov, payload, declared(config, kind), paravirtual=config == "paravirtual")


def one(config, periods, timeout=900):
    out, log, cmd, _ = run(config, "latency", "bench periods=%d" % periods, r"rtos: bench: done", timeout)
    r = {"config": config, "label": LABELS[config], "release": figures(out, log)}
    m = IRQ.search(out)
    if not m:
        raise SystemExit("pv_bench: no interrupt-latency line; see %s" % os.path.relpath(log, ROOT))
    r["interrupt"] = {"samples": int(m.group(1)), "min": int(m.group(2)), "mean": float(m.group(3)),
                      "p99": int(m.group(4)), "max": int(m.group(5))}
    r["latency_command"] = " ".join(cmd)
    if config != "native":
        r["like_for_like"] = {"latency": pair(config, "latency", "bench periods=%d" % periods,
                                              "bench periods=%d" % periods, cmd)}
    args = "micro" if config == "native" else "micro hypercall"
    out, log, cmd, _ = run(config, "micro", args, r"rtos: micro: done", timeout)
    if config != "native":
        r["like_for_like"]["micro"] = pair(config, "micro", args, "micro", cmd)
    for m in MICRO.finditer(out):
        r[m.group(1).replace("-", "_")] = {"min": int(m.group(2)), "median": int(m.group(3))}
    m = COMPUTE.search(out)
    if not m or "context_switch" not in r or (config != "native" and "null_hypercall" not in r):
        raise SystemExit("pv_bench: micro-benchmark lines missing; see %s" % os.path.relpath(log, ROOT))
    r["compute"] = {"cycles": int(m.group(1)), "crc": m.group(2)}
    r["micro_command"] = " ".join(cmd)
    return r


def runs(periods=PERIODS):
    os.makedirs(OUT, exist_ok=True)
    rows = [one(c, periods) for c in CONFIGS]
    native = rows[0]["compute"]["cycles"]
    crcs = {r["compute"]["crc"] for r in rows}
    if len(crcs) != 1:
        raise SystemExit("pv_bench: the compute workload gave different results: %s" % crcs)
    for r in rows:
        r["compute"]["ratio_to_native"] = round(r["compute"]["cycles"] / native, 5)
    return rows


# ---------------------------------------------------------------- the plot
COLOURS = {"native": "#4c72b0", "hardware": "#55a868", "paravirtual": "#c44e52"}


def plot(rows, path):
    """A grouped bar chart (plots.latency_bars_svg): cycles per operation,
    bars at the mean or median, whiskers to p99 and max where there is a
    distribution; the compute workload's instructions relative to native in
    a second panel (instructions added while it runs, not a speed)."""
    by = {r["config"]: r for r in rows}
    groups = [
        ("null hypercall", lambda r: (r["null_hypercall"]["median"], None, None) if "null_hypercall" in r else None),
        ("context switch", lambda r: (r["context_switch"]["median"], None, None)),
        ("interrupt latency", lambda r: (r["interrupt"]["mean"], r["interrupt"]["p99"], r["interrupt"]["max"])),
        ("release latency", lambda r: (r["release"]["mean"], r["release"]["p99"], r["release"]["max"])),
    ]
    drawn = [dict(by[c], colour=COLOURS[c], label=LABELS[c], compute_ratio=by[c]["compute"]["ratio_to_native"])
             for c in CONFIGS]
    plots.write(path, plots.latency_bars_svg(
        drawn, groups, "The RTOS natively, hardware-assisted and paravirtualized (QEMU -icount: cycles = "
        "instructions)", ["bars: median (hypercall, switch) or mean; whiskers: p99 and max"],
        size=(900, 440, 470), compute_note="instructions vs native, 1 kHz task on (not a speed)", compute_w=150))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--periods", type=int, default=PERIODS)
    ap.add_argument("--svg", default=os.path.join(OUT, "pv-vs-hw.svg"))
    a = ap.parse_args()
    rows = runs(a.periods)
    plot(rows, a.svg)
    print(json.dumps(rows, indent=2))
    print(table(rows))


def table(rows):
    """The rows as printable text, each with its declared differences."""
    lines = ["Native vs hardware-assisted vs paravirtual (the RTOS, icount, cycles; %d periods of 1 ms; "
             "every run -smp 1):" % rows[0]["release"]["periods"],
             "  %-32s %9s %15s %22s %22s %22s" % ("", "null hc", "context switch", "interrupt min/mean/p99/max",
                                                 "release min/mean/p99/max", "compute insns / native")]
    for r in rows:
        i, rel = r["interrupt"], r["release"]
        lines.append("  %-32s %9s %15d %22s %22s %22.5f" % (
            r["label"], r["null_hypercall"]["median"] if "null_hypercall" in r else "-",
            r["context_switch"]["median"], "%d/%.1f/%d/%d" % (i["min"], i["mean"], i["p99"], i["max"]),
            "%d/%.1f/%d/%d" % (rel["min"], rel["mean"], rel["p99"], rel["max"]),
            r["compute"]["ratio_to_native"]))
        seen = []
        for kind, p in sorted(r.get("like_for_like", {}).items()):
            for d in p["declared"]:
                if d not in seen:
                    seen.append(d)
                    lines.append("      differs from native (%s): %s" % (kind, d))
    lines.append("  compute: the workload's instructions (1 kHz task on) over native's: the instructions added "
                 "while it runs, not a speed (icount prices every instruction alike; TLB and caches unseen)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
