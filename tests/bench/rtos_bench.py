#!/usr/bin/env python3
"""The RTOS's release latency and jitter (guests/rtos in bench mode,
docs/rtos.md) natively, under Tandem alone, partitioned beside a loaded Linux
and sharing a core with a loaded Linux. Every run is one QEMU invocation
under -icount shift=0,sleep=off: one instruction per nanosecond, a latency
in cycles is a path length in instructions.

Each configuration is built from the plain overlays under guests/, with only
/chosen/bootargs changed: the RTOS's to "bench periods=N start-ms=S", Linux's
to start stress-ng from its /init (tandem.test=stress, guests/linux/init).
The measured window must begin after Linux's load started: both VMs print
their counter offsets and Linux prints its counter when stress-ng is up, so
the check is made on the machine's own timeline.

Every Tandem row is checked against the native run by like_for_like.py
(the native run gets the VM's 64 MiB; the differences each configuration
keeps are declared in declared()); rows on a machine of more than one core
are BENCH_REPEATS runs (default 3) with min/median/max of each statistic.

    tests/bench/rtos_bench.py [--periods N] [--gic 3|2] [--only NAME] [--repeat-check]

prints one JSON object and the table; tests/bench/run.py calls runs(),
goals(), repeat_check() and table().
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import like_for_like  # noqa: E402
import plots  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
RTOS = os.path.join(BUILD, "guests/rtos/rtos.bin")
IMAGE = os.path.join(BUILD, "guests/linux/Image")
INITRD = os.path.join(BUILD, "guests/linux/initramfs-load.cpio.gz")
TESTGUEST = os.path.join(BUILD, "guests/test/testguest.bin")
LINUX_STRESS = "console=ttyAMA0 nokaslr tandem.test=stress"
PERIODS = 10000
# Linux reaches /init and has stress-ng running about 2.5 s into the machine's
# time; the measured window starts later (checked, not assumed).
START_MS = 5000

BENCH = re.compile(r"rtos: bench: periods (\d+) period_us (\d+) latency_cycles min (-?\d+) "
                   r"mean (-?\d+\.\d) p99 (-?\d+) max (-?\d+) jitter (\d+) misses (\d+) "
                   r"window_start_cnt (\d+) window_end_cnt (\d+)")
OFFSET = re.compile(r"tandem: vm (\S+): virtual counter offset (\d+)")
COUNTER = re.compile(r"^\[linux\] tandem-linux: counter (\d+) frequency \d+$")

# The RTOS's neighbour VM: (overlay, payload, ramdisk or None, bootargs).
LINUX_LOADED_CORE1 = ("guests/linux/linux-core1.dtso", IMAGE, INITRD, LINUX_STRESS)
# name: (label, RTOS overlay, neighbour or None, machine cores)
CONFIGS = {
    "tandem-alone": ("Tandem, the RTOS alone (core 0)", "guests/rtos/rtos-core0.dtso", None, 1),
    "partitioned-hog": ("Tandem partitioned, a CPU hog on core 1 (no exits but a console line per 100 ms)",
                        "guests/rtos/rtos-core0.dtso",
                        ("guests/test/hog-core1.dtso", TESTGUEST, None, "hog=1000000"), 2),
    "partitioned-loaded": ("Tandem partitioned, Linux loaded on core 1", "guests/rtos/rtos-core0.dtso",
                           LINUX_LOADED_CORE1, 2),
    "shared-loaded": ("Tandem, one core shared with loaded Linux", "guests/rtos/rtos-shared.dtso",
                      ("guests/linux/linux-shared.dtso", IMAGE, INITRD, LINUX_STRESS), 1),
    "demo-loaded": ("make run's layout: 2 loaded Linux vCPUs on cores 0-1, RTOS on core 2 "
                    "(QEMU round-robin artefact)", "guests/rtos/rtos.dtso",
                    ("guests/linux/linux.dtso", IMAGE, INITRD, LINUX_STRESS), 3),
}


def overlay(src, bootargs, tag):
    """src with its /chosen/bootargs replaced, compiled into build/bench/."""
    return tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, src), bootargs,
        os.path.join(OUT, "%s-%s.dtbo" % (os.path.basename(src)[:-len(".dtso")], tag)))


def run_until_done(cmd, log, timeout, until=r"rtos: bench: done"):
    """Runs QEMU until a line matches `until` (by default the RTOS's 'bench:
    done': it never powers off), or it exits; writes the log; returns the
    output and the seconds it took."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, t0 = [], time.time()
    for raw in proc.stdout:
        lines.append(tandem_qemu.unmarked(raw.decode(errors="replace").rstrip("\r\n")))
        if re.search(until, lines[-1]) or time.time() - t0 > timeout:
            break
    proc.kill()
    proc.wait()
    with open(log, "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + "\n".join(lines) + "\n")
    return "\n".join(lines), time.time() - t0


def load_started(out):
    """Linux's counter just after stress-ng started (/init prints it after
    TANDEM-LINUX-LOAD-STARTED), or None."""
    lines = out.split("\n")
    for i, line in enumerate(lines):
        if line == "[linux] TANDEM-LINUX-LOAD-STARTED":
            for later in lines[i + 1:]:
                m = COUNTER.match(later)
                if m:
                    return int(m.group(1))
    return None


def figures(out, log):
    m = BENCH.search(out)
    if not m:
        raise SystemExit("rtos_bench: no bench line; see %s" % os.path.relpath(log, ROOT))
    keys = ("periods", "period_us", "min", "mean", "p99", "max", "jitter", "misses",
            "window_start_cnt", "window_end_cnt")
    r = {k: (float(v) if k == "mean" else int(v)) for k, v in zip(keys, m.groups())}
    r["unit"] = "cycles (= instructions = ns under -icount shift=0)"
    # The distribution behind the summary ([(largest value of a bucket,
    # count)]; empty from an RTOS built before it printed one): plots.py.
    r["histogram"] = plots.histogram(out)
    return r


# The RTOS VM's RAM (guests/rtos/rtos-core0.dtso, rtos-shared.dtso,
# rtos.dtso: 64 MiB each); the native run gets the same.
NATIVE_RAM = "64M"
STATS = ("min", "mean", "p99", "max", "jitter", "misses")
# The differences every RTOS pair keeps, and why they do not matter here.
RTOS_DEVICES = ("devices", "the RTOS reads only its GIC, timer, PL011 and bootargs from its tree "
                "(guests/rtos/bsp/dt.c); QEMU's other nodes natively, the VM's channel node under "
                "Tandem, are never touched")


def native_command(gic, bootargs, mem=NATIVE_RAM):
    return ["qemu-system-aarch64", "-M", "virt,gic-version=%d" % gic, "-cpu", "cortex-a57",
            "-m", mem, "-nographic", "-nic", "none", "-icount", "shift=0,sleep=off",
            "-kernel", RTOS, "-append", bootargs]


def native(gic, periods=PERIODS, timeout=600):
    cmd = native_command(gic, "bench periods=%d" % periods)
    os.makedirs(OUT, exist_ok=True)
    log = os.path.join(OUT, "rtos-native-gicv%d.log" % gic)
    out, wall = run_until_done(cmd, log, timeout)
    r = figures(out, log)
    r.update({"config": "native", "label": "native (QEMU alone)", "gic": gic, "command": " ".join(cmd),
              "wall_seconds": round(wall, 1), "log": os.path.relpath(log, ROOT)})
    return r


def vm_list(rtos_src, neighbour, rtos_bootargs, tag):
    """The QEMU VM list: the neighbour first (as in `make run`, Linux's shell
    has the keyboard), then the RTOS."""
    vms = [(overlay(rtos_src, rtos_bootargs, tag), RTOS)]
    if neighbour:
        src, payload, ramdisk, bootargs = neighbour
        vms.insert(0, (overlay(src, bootargs, tag), payload) + ((ramdisk,) if ramdisk else ()))
    return vms


def bootargs(name, periods):
    """The RTOS's bootargs in a configuration: start-ms only where a
    neighbour must be running before the window opens."""
    neighbour = CONFIGS[name][2]
    linux = neighbour is not None and neighbour[1] == IMAGE
    start_ms = START_MS if linux else (200 if neighbour else 0)
    return "bench periods=%d" % periods + (" start-ms=%d" % start_ms if start_ms else "")


def declared(name):
    """What differs, by design, between the native run and configuration
    `name` (like_for_like.check refuses anything else)."""
    d = dict([RTOS_DEVICES])
    cores = CONFIGS[name][3]
    if CONFIGS[name][2] is not None:
        d["cmdline"] = ("start-ms: the measured window opens after the neighbour VM's load started "
                        "(checked on the machine's timeline); the RTOS idles until then")
    if cores > 1:
        d["machine_smp"] = ("%d cores: the neighbour's (and the RTOS's own); QEMU runs the cores "
                            "round-robin under -icount, so figures vary from run to run: min/median/max "
                            "of %d runs" % (cores, like_for_like.repeats()))
    return d


def like_for_like_check(name, gic, periods, cmd, vms):
    """The pair native vs `name` on this GIC through like_for_like: returns
    its declared differences, or stops the bench on an undeclared one."""
    label = "RTOS GICv%d native vs %s" % (gic, name)
    rtos_vm = vms[-1]
    return like_for_like.pair(label, native_command(gic, "bench periods=%d" % periods), cmd,
                              rtos_vm[0], rtos_vm[1], declared(name))


def tandem(name, gic, periods=PERIODS, timeout=1200, run_no=None):
    label, rtos_src, neighbour, cores = CONFIGS[name]
    tag = "%s-gicv%d" % (name, gic)
    linux = neighbour is not None and neighbour[1] == IMAGE
    vms = vm_list(rtos_src, neighbour, bootargs(name, periods), tag)
    cmd = tandem_qemu.qemu_command(vms, gic=gic, smp=cores, icount=True,
                                   tandem=os.path.join(BUILD, "tandem.bin"))
    log = os.path.join(OUT, "rtos-%s%s.log" % (tag, "" if run_no is None else "-run%d" % run_no))
    out, wall = run_until_done(cmd, log, timeout)
    r = figures(out, log)
    offsets = dict(OFFSET.findall(out))
    if linux:
        load = load_started(out)
        if load is None or "rtos" not in offsets or "linux" not in offsets:
            raise SystemExit("rtos_bench: Linux's load did not start (%s); see %s"
                             % (name, os.path.relpath(log, ROOT)))
        load_at = load + int(offsets["linux"])
        window_at = r["window_start_cnt"] + int(offsets["rtos"])
        if window_at < load_at:
            raise SystemExit("rtos_bench: the window (%d) starts before Linux's load (%d); raise START_MS"
                             % (window_at, load_at))
        r["load_started_cnt"] = load_at
    elif neighbour and "hog: computing" not in out:
        raise SystemExit("rtos_bench: the hog did not start (%s); see %s" % (name, os.path.relpath(log, ROOT)))
    r.update({"config": name, "label": label, "gic": gic, "cores": cores, "command": " ".join(cmd),
              "wall_seconds": round(wall, 1), "log": os.path.relpath(log, ROOT)})
    if run_no in (None, 0):
        r["like_for_like"] = like_for_like_check(name, gic, periods, cmd, vms)
    return r


def measured(name, gic, periods=PERIODS):
    """One row of a Tandem configuration: one run on a single-core machine
    (deterministic under icount), K runs (like_for_like.repeats()) folded
    into min/median/max on a multi-core one."""
    if CONFIGS[name][3] == 1:
        return tandem(name, gic, periods)
    runs_ = [tandem(name, gic, periods, run_no=i) for i in range(like_for_like.repeats())]
    row = like_for_like.fold(runs_, STATS)
    row["log"] = ", ".join(r["log"] for r in runs_)
    return row


def repeat_check(gic, periods=PERIODS):
    """A single-core row, run twice: its figures must repeat exactly
    (-icount); returns the text the results record."""
    a = tandem("tandem-alone", gic, periods, run_no=1)
    b = tandem("tandem-alone", gic, periods, run_no=2)
    differ = like_for_like.same_runs(a, b, STATS + ("window_start_cnt", "window_end_cnt"))
    if differ:
        return "tandem-alone GICv%d run twice: NOT identical (%s)" % (gic, ", ".join(
            "%s %s vs %s" % (k, a[k], b[k]) for k in differ))
    return "tandem-alone GICv%d run twice: repeats identical (every statistic and the window)" % gic


def runs(gics=(3, 2), periods=PERIODS, only=None):
    """Every configuration on each GIC (the artefact demonstration on GICv3
    only); returns the list of result rows. Each Tandem row carries its
    like-for-like check against the native run ("like_for_like": both
    sides' facts and the declared differences); multi-core rows are K runs
    (BENCH_REPEATS) with their spread."""
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for gic in gics:
        if only in (None, "native"):
            rows.append(native(gic, periods))
        for name in CONFIGS:
            if (only is None and (name != "demo-loaded" or gic == 3)) or only == name:
                rows.append(measured(name, gic, periods))
    return rows


def table(rows, goal_rows=(), repeat=None):
    """The printable table of runs()' rows (and goals()' verdicts)."""
    lines = ["RTOS release latency, cycles = instructions (-icount shift=0,sleep=off, %d periods of 1 ms; "
             "multi-core rows: min/median/max of their runs):" % (rows[0]["periods"] if rows else PERIODS),
             "  %-5s %-20s %17s %19s %17s %17s %17s %8s" % ("GIC", "configuration", "min", "mean", "p99", "max",
                                                            "jitter", "misses")]
    for r in rows:
        lines.append("  v%-4d %-20s %17s %19s %17s %17s %17s %8s" % (
            r["gic"], r["config"], like_for_like.show_spread(r, "min"), like_for_like.show_spread(r, "mean", "%.1f"),
            like_for_like.show_spread(r, "p99"), like_for_like.show_spread(r, "max"),
            like_for_like.show_spread(r, "jitter"), like_for_like.show_spread(r, "misses")))
        for d in r.get("like_for_like", {}).get("declared", []):
            lines.append("        differs from native: " + d)
    for g in goal_rows:
        lines.append("  GICv%d goal %s: %s (limit %s) %s" % (g["gic"], g["goal"], g["value"], g["limit"],
                                                           "met" if g["met"] else "NOT MET"))
    if repeat:
        lines.append("  single-core determinism: " + repeat)
    return "\n".join(lines)


def worst_of(row, key):
    """The largest value of a statistic over a row's runs."""
    return row["spread"][key]["max"] if "spread" in row else row[key]


def goals(rows):
    """The issue's goals, judged per GIC: partitioned worst case within 1.2x
    the native worst case, beside loaded Linux and (the control) beside a
    CPU hog; shared-core worst case at most 50 us
    (50000 cycles of icount time)."""
    out = []
    for gic in sorted({r["gic"] for r in rows}, reverse=True):
        by = {r["config"]: r for r in rows if r["gic"] == gic}
        for name, beside in (("partitioned-loaded", "loaded Linux"), ("partitioned-hog", "a CPU hog")):
            if "native" in by and name in by:
                limit = 1.2 * by["native"]["max"]
                worst = worst_of(by[name], "max")
                out.append({"gic": gic, "goal": "partitioned beside %s: max <= 1.2 x native max (worst of %d runs)"
                            % (beside, by[name].get("repeats", 1)),
                            "limit": round(limit, 1), "value": worst,
                            "ratio": round(worst / by["native"]["max"], 3),
                            "met": worst <= limit and worst_of(by[name], "misses") == 0})
        if "shared-loaded" in by:
            out.append({"gic": gic, "goal": "shared-core loaded max <= 50 us", "limit": 50000,
                        "value": by["shared-loaded"]["max"],
                        "met": by["shared-loaded"]["max"] <= 50000 and by["shared-loaded"]["misses"] == 0})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--periods", type=int, default=PERIODS)
    ap.add_argument("--gic", type=int, action="append", choices=(2, 3))
    ap.add_argument("--only", choices=["native"] + list(CONFIGS))
    ap.add_argument("--repeat-check", action="store_true",
                    help="also run tandem-alone twice and say whether it repeats exactly")
    a = ap.parse_args()
    rows = runs(tuple(a.gic or (3, 2)), a.periods, a.only)
    repeat = repeat_check((a.gic or [3])[0], a.periods) if a.repeat_check else None
    print(json.dumps({"rows": rows, "goals": goals(rows), "repeat_check": repeat}, indent=2))
    print(table(rows, goals(rows), repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
