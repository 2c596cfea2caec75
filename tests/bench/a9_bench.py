#!/usr/bin/env python3
"""The paravirtual path on the Cortex-A9 (issue 16) beside the other paths:
one table, one plot, the A9's goals.

Measured here, each under -icount shift=0,sleep=off on vexpress-a9, -smp 1:

  a9-native       build/a9/guests/rtos/rtos.bin on QEMU alone (SVC)
  a9-paravirtual  build/a9/guests/rtos/rtos-pv.bin in USR mode under
                  build/a9/tandem.bin in SVC (guests/rtos/rtos-pv-a9-a.dtso,
                  core 0)

each in the RTOS's "bench periods=N" mode (release latency and the latency
of the timer interrupt that released it) and "micro" mode (context switch,
null call under Tandem, compute workload), as pv_bench.py runs arm64.
Reused, not re-run: pv_bench.py's arm64 rows (native, hardware-assisted,
paravirtual) and arm32_bench.py's Cortex-A15 rows (native, Tandem in HYP),
which tests/bench/run.py has measured in the same invocation; run alone,
this script takes them from an earlier build/bench/results.json if there is
one (--results), and says so.

What differs between the rows, and is printed with the table: the A9 has no
working PMU in QEMU, so its "cycles" are the global timer (100 MHz) times
ten: a 10-cycle resolution, and in USR mode every read is a call
(TANDEM_PV_COUNTER), whose path lies inside each of the paravirtual A9's
intervals; arm64's and the A15's are PMCCNTR, one per instruction. The
null call's exact path length on the A9 is the count in its trace
(a9_profile.py), which the goal is judged on when given.

    tests/bench/a9_bench.py [--periods N] [--results FILE] [--svg FILE] [--profile]

prints the table and the goals and writes build/bench/a9.json;
tests/bench/run.py calls runs(), combined(), goals(), table() and plot().
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, HERE)
import tandem_qemu  # noqa: E402
from pv_bench import COMPUTE, IRQ, MICRO  # noqa: E402
from rtos_bench import OUT, PERIODS, RTOS_DEVICES, figures, overlay, run_until_done  # noqa: E402
import like_for_like as lfl  # noqa: E402
import plots  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
A9 = os.path.join(BUILD, "a9")
RTOS = os.path.join(A9, "guests/rtos/rtos.bin")
RTOS_PV = os.path.join(A9, "guests/rtos/rtos-pv.bin")
DTB = os.path.join(A9, "vexpress-v2p-ca9.dtb")
ICOUNT = ["-icount", "shift=0,sleep=off"]
CONFIGS = ("a9-native", "a9-paravirtual")
# The A9's goals (issue 16).
NULL_CALL_MAX = 100
RELEASE_RATIO_MAX = 2.0


OVERLAY = "guests/rtos/rtos-pv-a9-a.dtso"
NATIVE_RAM = "64M"      # the VM's (rtos-pv-a9-a.dtso)


def command(config, bootargs, tag):
    if config == "a9-native":
        return ["qemu-system-arm", "-M", "vexpress-a9", "-smp", "1", "-m", NATIVE_RAM, "-nographic", "-nic", "none",
                "-audiodev", "none,id=snd0"] + ICOUNT + ["-kernel", RTOS, "-dtb", DTB, "-append", bootargs]
    return tandem_qemu.qemu_command([(overlay(OVERLAY, bootargs, "a9-" + tag), RTOS_PV)],
                                    smp=1, icount=True, arch="a9")


def pair(kind, bootargs, native_bootargs, tag, cmd):
    """like_for_like on the paravirtual run of `kind` against the native one."""
    declared = {"devices": RTOS_DEVICES[1] + "; the paravirtual RTOS reads none of it: Tandem's calls",
                "seeds": "Debian's vexpress-a9 tree has no /chosen seeds natively; Tandem gives every VM both; "
                         "the RTOS reads neither"}
    if kind == "micro":
        declared["cmdline"] = "hypercall: the null-call benchmark, run only where there is a hypervisor"
    return lfl.pair("A9 RTOS paravirtual vs native (%s)" % kind, command("a9-native", native_bootargs, ""), cmd,
                    overlay(OVERLAY, bootargs, "a9-" + tag), RTOS_PV, declared, arch="a9")


def missing():
    """What must be built first, or None."""
    for f in (RTOS, RTOS_PV, DTB, os.path.join(A9, "tandem.bin")):
        if not os.path.exists(f):
            return "%s is not built (make a9)" % os.path.relpath(f, ROOT)
    return None


def one(config, periods, timeout=900):
    tag = config[3:]
    cmd = command(config, "bench periods=%d" % periods, tag + "-latency")
    log = os.path.join(OUT, "%s-latency.log" % config)
    out, wall = run_until_done(cmd, log, timeout)
    r = {"config": config, "release": figures(out, log), "latency_command": " ".join(cmd),
         "latency_wall_seconds": round(wall, 1)}
    m = IRQ.search(out)
    if not m:
        raise SystemExit("a9_bench: no interrupt-latency line; see %s" % os.path.relpath(log, ROOT))
    r["interrupt"] = {"samples": int(m.group(1)), "min": int(m.group(2)), "mean": float(m.group(3)),
                      "p99": int(m.group(4)), "max": int(m.group(5))}
    if config != "a9-native":
        r["like_for_like"] = {"latency": pair("latency", "bench periods=%d" % periods, "bench periods=%d" % periods,
                                              tag + "-latency", cmd)}
    args = "micro" if config == "a9-native" else "micro hypercall"
    cmd = command(config, args, tag + "-micro")
    log = os.path.join(OUT, "%s-micro.log" % config)
    out, wall = run_until_done(cmd, log, timeout, until=r"rtos: micro: done")
    for m in MICRO.finditer(out):
        r[m.group(1).replace("-", "_")] = {"min": int(m.group(2)), "median": int(m.group(3))}
    m = COMPUTE.search(out)
    if not m or "context_switch" not in r or (config != "a9-native" and "null_hypercall" not in r):
        raise SystemExit("a9_bench: micro-benchmark lines missing; see %s" % os.path.relpath(log, ROOT))
    r["compute"] = {"cycles": int(m.group(1)), "crc": m.group(2)}
    r["micro_command"] = " ".join(cmd)
    r["micro_wall_seconds"] = round(wall, 1)
    if config != "a9-native":
        r["like_for_like"]["micro"] = pair("micro", args, "micro", tag + "-micro", cmd)
    return r


def runs(periods=PERIODS):
    why = missing()
    if why:
        raise SystemExit("a9_bench: " + why)
    os.makedirs(OUT, exist_ok=True)
    return [one(c, periods) for c in CONFIGS]


# ------------------------------------------------------------ the table
# One row per configuration: (key, label, where from, what its cycles are).
PMU = "PMCCNTR: 1 per instruction"
A9_CYCLES = "global timer x 10: 10-cycle resolution"
ROWS = [
    ("arm64-native", "arm64 A57 native (EL1)", PMU),
    ("arm64-hardware", "arm64 A57 hardware-assisted (EL2)", PMU),
    ("arm64-paravirtual", "arm64 A57 paravirtual (EL1, guest EL0)", PMU),
    ("a15-native-v3", "A15 native, GICv3", PMU),
    ("a15-hyp-v3", "A15 Tandem in HYP, GICv3", PMU),
    ("a15-native-v2", "A15 native, GICv2", PMU),
    ("a15-hyp-v2", "A15 Tandem in HYP, GICv2", PMU),
    ("a9-native", "A9 native (SVC), GICv1", A9_CYCLES),
    ("a9-paravirtual", "A9 paravirtual (SVC, guest USR)", A9_CYCLES + "; each read a call"),
]
SMP = re.compile(r"-smp (\d+)")


def row(key, label, cycles, release, interrupt, micro, native_compute, latency_cmd, micro_cmd):
    r = {"key": key, "label": label, "cycles": cycles, "release": release, "interrupt": interrupt,
         "null_call": micro.get("null_hypercall", {}).get("median") if micro else None,
         "context_switch": micro["context_switch"]["median"] if micro else None,
         "compute_cycles": micro["compute"]["cycles"] if micro else None,
         "compute_crc": micro["compute"]["crc"] if micro else None,
         "latency_command": latency_cmd, "micro_command": micro_cmd}
    r["compute_ratio"] = round(r["compute_cycles"] / native_compute, 5) if micro and native_compute else None
    smps = {int(m) for c in (latency_cmd, micro_cmd) if c for m in SMP.findall(c)}
    r["smp"] = "/".join(str(s) for s in sorted(smps)) or "1"
    r["icount"] = all("-icount shift=0,sleep=off" in c for c in (latency_cmd, micro_cmd) if c)
    declared = []
    for src in (release, micro):
        pairs = (src or {}).get("like_for_like") or {}
        # one pair (like_for_like.pair()) or a dict of them, by what was compared
        for p in ([pairs] if "declared" in pairs else pairs.values()):
            declared += [d for d in p.get("declared") or [] if d not in declared]
    r["declared"] = declared
    return r


def combined(pv_rows, arm32, a9_rows):
    """The table's rows: pv_bench's arm64 rows and arm32_bench's A15 rows as
    run.py measured them (either may be None: left out), and the A9's."""
    out = []
    labels = {k: (label, cyc) for k, label, cyc in ROWS}

    def add(key, release, interrupt, micro, native_compute, lcmd, mcmd):
        out.append(row(key, labels[key][0], labels[key][1], release, interrupt, micro, native_compute, lcmd, mcmd))
    if pv_rows:
        native = [r for r in pv_rows if r["config"] == "native"][0]["compute"]["cycles"]
        for r in pv_rows:
            add("arm64-" + r["config"], r["release"], r["interrupt"], r, native, r.get("latency_command"),
                r.get("micro_command"))
    if arm32 and "rtos" in arm32:
        micro = {(m["config"], m["gic"]): m for m in arm32.get("rtos_micro", [])}
        for gic in (3, 2):
            for config, key in (("native", "a15-native-v%d" % gic), ("tandem-alone", "a15-hyp-v%d" % gic)):
                rel = [x for x in arm32["rtos"] if x.get("arch", "arm32") == "arm32" and x["gic"] == gic and
                       x["config"] == config]
                if not rel:
                    continue
                m = micro.get((config, gic))
                nat = micro.get(("native", gic))
                add(key, rel[0], rel[0].get("interrupt"), m, nat["compute"]["cycles"] if nat else None,
                    rel[0]["command"], m["command"] if m else None)
    by = {r["config"]: r for r in a9_rows}
    for key in CONFIGS:
        if key in by:
            r = by[key]
            add(key, r["release"], r["interrupt"], r, by["a9-native"]["compute"]["cycles"],
                r["latency_command"], r["micro_command"])
    crcs = {r["compute_crc"] for r in out if r["compute_crc"]}
    if len(crcs) > 1:
        raise SystemExit("a9_bench: the compute workload gave different results: %s" % crcs)
    return out


def like_for_like(rows):
    """What is the same in every row, checked, and what is not, said."""
    notes = []
    periods = {r["release"]["periods"] for r in rows if r["release"]}
    if len(periods) != 1:
        notes.append("NOT LIKE FOR LIKE: release periods differ between rows: %s" % sorted(periods))
    if not all(r["icount"] for r in rows):
        notes.append("NOT LIKE FOR LIKE: not every run under -icount shift=0,sleep=off: %s"
                     % [r["key"] for r in rows if not r["icount"]])
    for r in rows:
        if r["smp"] != "1":
            notes.append("NOT LIKE FOR LIKE: %s: -smp %s, the native runs -smp 1" % (r["key"], r["smp"]))
        for d in r.get("declared", []):
            notes.append("%s differs from its native run (tests/bench/like_for_like.py): %s" % (r["key"], d))
    notes.append("all: the same RTOS kernel and application (bench periods=%s; micro, with 'hypercall' under "
                 "Tandem), period 1 ms, -icount shift=0,sleep=off" % "/".join(str(p) for p in sorted(periods)))
    notes.append("cycles: arm64 and A15 count PMCCNTR (1 per instruction); the A9 the global timer x 10 "
                 "(QEMU's A9 PMU does not count): 10-cycle resolution, and under Tandem each read is a "
                 "TANDEM_PV_COUNTER call, whose path lies inside every A9 paravirtual interval (its null "
                 "call's median includes one such call: the exact path is a9_profile's)")
    notes.append("interrupt: deadline to the RTOS's timer handler; release: deadline to the control task; "
                 "the A9's timer is the private timer (native) or Tandem's (paravirtual), GICv1")
    return notes


def goals(a9_rows, profile=None):
    by = {r["config"]: r for r in a9_rows}
    nat, pv = by["a9-native"], by["a9-paravirtual"]
    out = []
    if profile and profile.get("null_call"):
        exact = profile["null_call"]["function_round_trip"]
        out.append({"goal": "A9 paravirtual null call <= %d instructions (traced: bsp_null_hypercall's call to "
                    "return, as micro brackets it elsewhere; %d from the svc to the instruction after it)"
                    % (NULL_CALL_MAX, profile["null_call"]["instructions"]), "value": exact,
                    "limit": NULL_CALL_MAX, "met": exact <= NULL_CALL_MAX})
    else:
        v = pv["null_hypercall"]["median"]
        out.append({"goal": "A9 paravirtual null call <= %d instructions (micro median, includes one "
                    "TANDEM_PV_COUNTER call: an upper bound)" % NULL_CALL_MAX, "value": v,
                    "limit": NULL_CALL_MAX, "met": v <= NULL_CALL_MAX})
    for what in ("mean", "max"):
        limit = RELEASE_RATIO_MAX * nat["release"][what]
        out.append({"goal": "A9 paravirtual release %s <= %.0fx native %s" % (what, RELEASE_RATIO_MAX, what),
                    "value": pv["release"][what], "limit": round(limit, 1),
                    "ratio": round(pv["release"][what] / nat["release"][what], 3),
                    "met": pv["release"][what] <= limit})
    out.append({"goal": "A9 no miss (native and paravirtual)", "value": nat["release"]["misses"] +
                pv["release"]["misses"], "limit": 0,
                "met": nat["release"]["misses"] == 0 and pv["release"]["misses"] == 0})
    return out


def table(rows, goal_rows, notes, profile=None):
    periods = "/".join(str(p) for p in sorted({r["release"]["periods"] for r in rows}))
    lines = ["Native, hardware-assisted and paravirtual on arm64, the Cortex-A15 and the Cortex-A9: the RTOS, "
             "cycles, -icount shift=0,sleep=off (%s periods of 1 ms):" % periods,
             "  %-40s %6s %6s %-24s %-24s %6s %9s" % ("", "null", "switch", "interrupt min/mean/p99/max",
                                                      "release min/mean/p99/max", "misses", "compute")]

    def dist(d):
        return "%d/%.1f/%d/%d" % (d["min"], d["mean"], d["p99"], d["max"]) if d else "-"
    for r in rows:
        lines.append("  %-40s %6s %6s %-24s %-24s %6s %9s" % (
            r["label"], r["null_call"] if r["null_call"] is not None else "-",
            r["context_switch"] if r["context_switch"] is not None else "-", dist(r["interrupt"]),
            dist(r["release"]), r["release"]["misses"], "%.5f" % r["compute_ratio"] if r["compute_ratio"] else "-"))
    lines.append("  (null: the null call's median round trip; switch: the RTOS's context switch, median; "
                 "compute: the workload's instructions over the same core's native run, i.e. what runs "
                 "beside it while it computes (the 1 kHz task, the hypervisor); under -icount not a speed)")
    if profile and profile.get("null_call"):
        lines.append("  A9 paravirtual null call traced (a9_profile.py): %d instructions from the call of "
                     "bsp_null_hypercall to its return, %d from the svc to the instruction after it; the "
                     "micro figure above adds the counter read's call around it"
                     % (profile["null_call"]["function_round_trip"], profile["null_call"]["instructions"]))
    for n in notes:
        lines.append("  note: " + n)
    for g in goal_rows:
        lines.append("  goal %s: %s (limit %s)%s %s" % (
            g["goal"], g["value"], g["limit"], " ratio %.2f" % g["ratio"] if "ratio" in g else "",
            "met" if g["met"] else "NOT met"))
    return "\n".join(lines)


# ------------------------------------------------------------- the plot
COLOURS = {"arm64-native": "#4c72b0", "arm64-hardware": "#55a868", "arm64-paravirtual": "#c44e52",
           "a15-native-v3": "#8fa8d8", "a15-hyp-v3": "#8ccf9c", "a15-native-v2": "#b9c9ea",
           "a15-hyp-v2": "#c2e5c9", "a9-native": "#2a3f6a", "a9-paravirtual": "#e08214"}


def plot(rows, path, traced_null=None):
    """pv_bench.plot's grouped bars (plots.latency_bars_svg) for every row:
    bars at the median (null call, switch) or mean, whiskers to p99 and max;
    the compute run time over each core's native in a second panel.
    traced_null: {row key: the null call's traced length}, marked across
    that row's bar."""
    groups = [("null call", lambda r: (r["null_call"], None, None) if r["null_call"] is not None else None),
              ("context switch", lambda r: (r["context_switch"], None, None) if r["context_switch"] else None),
              ("interrupt latency", lambda r: (r["interrupt"]["mean"], r["interrupt"]["p99"], r["interrupt"]["max"])
               if r["interrupt"] else None),
              ("release latency", lambda r: (r["release"]["mean"], r["release"]["p99"], r["release"]["max"]))]
    notes = ["bars: median (null call, switch) or mean; whiskers: p99 and max; the A9 counts in steps of 10, "
             "its paravirtual intervals include a counter call"]
    if traced_null:
        notes.append("dashed: the paravirtual A9 null call as traced (a9_profile.py), without the counter "
                      "call around it")
    drawn = [dict(r, colour=COLOURS[r["key"]]) for r in rows]
    marks = {i: traced_null[r["key"]] for i, r in enumerate(rows) if traced_null and r["key"] in traced_null}
    plots.write(path, plots.latency_bars_svg(
        drawn, groups, "The RTOS natively, hardware-assisted and paravirtualized: arm64, Cortex-A15, Cortex-A9 "
        "(QEMU -icount: cycles = instructions)", notes, size=(1120, 470, 700), marks=marks,
        compute_note="over the same core native (1 kHz task on)"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--periods", type=int, default=PERIODS)
    ap.add_argument("--results", default=os.path.join(OUT, "results.json"),
                    help="make bench's results, for the arm64 and A15 rows (not re-run)")
    ap.add_argument("--svg", default=os.path.join(OUT, "pv-a9.svg"))
    ap.add_argument("--profile", action="store_true", help="also trace the A9 paths (a9_profile.py)")
    a = ap.parse_args()
    pv_rows = arm32 = None
    if os.path.exists(a.results):
        earlier = json.load(open(a.results))
        pv_rows, arm32 = earlier.get("paravirtual_comparison"), earlier.get("arm32")
        print("a9_bench: arm64 and A15 rows from %s (%s, commit %s), not re-run"
              % (os.path.relpath(a.results, ROOT), earlier.get("date"), earlier.get("commit")))
    else:
        print("a9_bench: no %s: the A9 rows only" % os.path.relpath(a.results, ROOT))
    a9_rows = runs(a.periods)
    profile = None
    if a.profile:
        import a9_profile
        profile = a9_profile.measure()
    rows = combined(pv_rows, arm32, a9_rows)
    goal_rows = goals(a9_rows, profile)
    print(table(rows, goal_rows, like_for_like(rows), profile))
    plot(rows, a.svg, {"a9-paravirtual": profile["null_call"]["function_round_trip"]} if profile else None)
    print("  plot: %s" % os.path.relpath(a.svg, ROOT))
    if profile:
        import a9_profile
        print("  where the A9's paravirtual path spends its instructions (a9_profile.py):")
        print("\n".join("    " + line for line in a9_profile.text(profile).splitlines()))
    with open(os.path.join(OUT, "a9.json"), "w") as f:
        json.dump({"a9": a9_rows, "rows": rows, "goals": goal_rows, "profile": profile}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
