#!/usr/bin/env python3
"""cyclictest in Debian's PREEMPT_RT kernel, natively on QEMU (and, through
the same code, under Tandem once it runs a second Linux VM beside an RTOS).

The payload is build/guests/linux/Image-rt with initramfs-rt.cpio.gz
(`make linux-rt-guest`, guests/linux/README.md). Its /init runs
`tandem.test=[stress,]cyclictest,poweroff`: optionally stress-ng in the
background (CPU hogs on every CPU, memory, file I/O on a tmpfs), then
cyclictest with one SCHED_FIFO thread at priority 95 per CPU
(`-m -p 95 -i INTERVAL -d 0 -l LOOPS -t NCPU -a -q`), and prints

    cyclictest: T: 0 ( 135) P:95 I:1000 C:  10000 Min: 4 Act: 5 Avg: 5 Max: 28
    TANDEM-CYCLICTEST min 4 avg 5 max 28 threads 1 loops 10000 interval 1000

Figures are wake-up latencies in microseconds of the guest's own clock. Under
-icount shift=0,sleep=off (the default here) that clock is QEMU's virtual
time, one nanosecond per instruction: the figures are deterministic path
lengths of the kernel's timer-to-task path, not silicon latencies, and the
run is repeatable. Without icount they are wall-clock latencies of a TCG
emulation sharing the host's cores: noise, reported only for comparison.

Standalone:

    tests/bench/linux_rt.py [--smp N] [--loops L] [--interval US] [--no-load]
                            [--no-icount] [--tandem] [--timeout S] [--json FILE]
    tests/bench/linux_rt.py --compare N [--loops L] [--json FILE]
    tests/bench/linux_rt.py --bench [--json FILE]      (what make bench runs)

prints one JSON object (also written to --json FILE); --compare N runs one
vCPU natively and alone under Tandem, idle and with stress-ng, N times each,
and prints a table with the worst-case ratio against the 1.2x goal. From tests/bench/run.py:

    import linux_rt
    r = linux_rt.bench()          # the like-for-like pairs, spreads, goals
    print(linux_rt.table(r))

The native runs get the rt VM's RAM (256 MiB) and, for the pairs, its own
device tree (same_tree()), so that like_for_like.py finds nothing to
declare but where a row says so.

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

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
IMAGE = os.path.join(BUILD, "guests/linux/Image-rt")
INITRD = os.path.join(BUILD, "guests/linux/initramfs-rt.cpio.gz")

# 10 s of guest time: under icount about 2.5 s of wall time idle and 20-25 s
# with stress-ng running (QEMU 7.2 TCG here), whatever the vCPU count.
LOOPS = 10000
INTERVAL_US = 1000

SUMMARY = re.compile(r"TANDEM-CYCLICTEST min (\d+) avg (\d+) max (\d+) threads (\d+) loops (\d+) interval (\d+)")
THREAD = re.compile(r"cyclictest: T:\s*(\d+) \(\s*\d+\) P:\s*(\d+) I:\s*(\d+) C:\s*(\d+) "
                    r"Min:\s*(\d+) Act:\s*(\d+) Avg:\s*(\d+) Max:\s*(\d+)")
COUNTER = re.compile(r"cyclictest: (start|end) counter (\d+) frequency (\d+)")
# Tandem prints each VM's counter offset; natively it is 0.
OFFSET = re.compile(r"tandem: vm (\S+): virtual counter offset (\d+)")
# The kernel's crng is ready once it has 256 bits it trusts: from the
# /chosen/rng-seed of its tree (QEMU's natively, Tandem's per-VM one under
# Tandem: docs/security.md) it says so at once, before /init. Without a seed
# Debian's 6.1 kernel on cortex-a57 (no RNDR) says it only much later, and
# every wake-up pays for the unready crng (docs/benchmarks.md).
CRNG_READY = re.compile(r"\] random: crng init done$", re.M)
INIT_RUN = re.compile(r"\] Run /init as init process$", re.M)


def cmdline(load, loops, interval):
    tests = ("stress," if load else "") + "cyclictest,poweroff"
    return "console=ttyAMA0 nokaslr tandem.test=%s tandem.cyclictest=%d,%d" % (tests, loops, interval)


# The RT VM's RAM under Tandem (rt_overlay's memory_mib); the native run
# gets the same.
VM_RAM_MIB = 256


def native_command(smp=1, load=True, loops=LOOPS, interval=INTERVAL_US, icount=True,
                   image=IMAGE, initrd=INITRD, mem="%dM" % VM_RAM_MIB, dtb=None):
    """QEMU alone: the rt kernel at EL1, as the boot benchmark's native run
    (virtualization=off, no NIC), with the VM's RAM; dtb: boot with this
    tree (same_tree(): the VM's) instead of QEMU's."""
    cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=3,virtualization=off",
           "-cpu", "cortex-a57", "-smp", str(smp), "-m", mem, "-nographic", "-nic", "none",
           "-no-reboot"]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    return cmd + ["-kernel", image, "-initrd", initrd, "-append", cmdline(load, loops, interval)] + \
        (["-dtb", dtb] if dtb else [])


# ---------------------------------------------------------------- under Tandem
# The hook for the Tandem run: an overlay generated here, so that the kernel
# command line (the VM's /chosen/bootargs) carries the same tandem.test and
# tandem.cyclictest options as the native run. The load addresses leave room
# for the other VMs of the RT benchmark (guests/linux/README.md, "Module
# addresses"): Image-rt (31.5 MB) at 0x74000000 and its initramfs (6.3 MB) at
# 0x7a000000, clear of the first Linux VM's Image (0x78000000) and initrd
# (0x7d000000), of the test guest (0x7c000000), of an RTOS at 0x7e000000 and
# of the overlays (0x7ff00000).
RT_KERNEL_ADDR = 0x74000000
RT_RAMDISK_ADDR = 0x7A000000
RT_OVERLAY = """/* Generated by tests/bench/linux_rt.py: Debian's PREEMPT_RT kernel running
 * cyclictest (guests/linux/README.md). */
/dts-v1/;
/plugin/;

&{/chosen} {
	bootargs = "%(bootargs)s";

	%(name)s {
		compatible = "tandem,vm";
		cpus = <%(cpus)d>;
		cpu-affinity = <%(affinity)s>;
		memory = <0x0 0x%(memory_kib)x>;          /* KiB */
		kernel = <0x0 0x%(kernel)x>;       /* build/guests/linux/Image-rt */
		ramdisk = <0x0 0x%(ramdisk)x>;      /* build/guests/linux/initramfs-rt.cpio.gz */
		vpl011;
	};
};
"""


def rt_overlay(path, cores=(0,), memory_mib=256, load=True, loops=LOOPS, interval=INTERVAL_US,
               name="linux-rt"):
    """Writes and compiles (dtc -@) the RT VM's overlay; returns the .dtbo."""
    src = path[:-len(".dtbo")] + ".dtso" if path.endswith(".dtbo") else path + ".dtso"
    os.makedirs(os.path.dirname(src), exist_ok=True)
    with open(src, "w") as f:
        f.write(RT_OVERLAY % {"bootargs": cmdline(load, loops, interval), "name": name,
                              "cpus": len(cores), "affinity": " ".join(str(c) for c in cores),
                              "memory_kib": memory_mib * 1024, "kernel": RT_KERNEL_ADDR,
                              "ramdisk": RT_RAMDISK_ADDR})
    subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", path, src], check=True)
    return path


def overlay_path(smp, load):
    return os.path.join(OUT, "linux-rt-%dcpu%s.dtbo" % (smp, "-load" if load else ""))


def tandem_command(smp=1, load=True, loops=LOOPS, interval=INTERVAL_US, icount=True,
                   others=(), cores=None, machine_smp=None, memory_mib=VM_RAM_MIB, mem="1G"):
    """Tandem with the RT VM's smp vCPUs on `cores` (default 0..smp-1), plus
    `others`: more VMs as tandem_qemu takes them, [(overlay, payload[,
    ramdisk])] (an RTOS on its own core, a loaded Linux from
    initramfs-load.cpio.gz...). The machine has machine_smp cores (default:
    one more than the highest core the RT VM uses)."""
    cores = tuple(cores if cores is not None else range(smp))
    overlay = rt_overlay(overlay_path(smp, load),
                         cores=cores, memory_mib=memory_mib, load=load, loops=loops, interval=interval)
    vms = [(overlay, IMAGE, INITRD)] + list(others)
    return tandem_qemu.qemu_command(vms, smp=machine_smp or max(cores) + 1, mem=mem, icount=icount,
                                    tandem=os.path.join(BUILD, "tandem.bin"))


# ---------------------------------------------------------------- running
def parse(out):
    """The figures /init printed: the TANDEM-CYCLICTEST line, each thread's
    summary, and the guest counter at cyclictest's start and end (with the
    VM's counter offset added back under Tandem, so both count from the
    machine's power-on)."""
    m = SUMMARY.search(out)
    if not m:
        return None
    keys = ("min", "avg", "max", "threads", "loops", "interval")
    r = {k: int(v) for k, v in zip(keys, m.groups())}
    r["unit"] = "us"
    r["per_thread"] = [dict(zip(("thread", "priority", "interval", "cycles", "min", "act", "avg", "max"),
                                map(int, t.groups()))) for t in THREAD.finditer(out)]
    crng, init = CRNG_READY.search(out), INIT_RUN.search(out)
    r["crng_ready_before_init"] = bool(crng and init and crng.start() < init.start())
    off = OFFSET.search(out)
    offset = int(off.group(2)) if off else 0
    for c in COUNTER.finditer(out):
        r["counter_" + c.group(1)] = int(c.group(2)) + offset
        r["counter_frequency"] = int(c.group(3))
    if "counter_start" in r and "counter_end" in r:
        r["guest_seconds"] = round((r["counter_end"] - r["counter_start"]) / r["counter_frequency"], 3)
    return r


def run(cmd, timeout=900, log=None):
    """Runs QEMU to its exit; returns (figures or None, output, wall seconds)."""
    t0 = time.time()
    out, timed_out = tandem_qemu.run(cmd, timeout)
    wall = time.time() - t0
    if log:
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, "w") as f:
            f.write("# " + " ".join(cmd) + "\n" + out + ("\n# TIMED OUT\n" if timed_out else ""))
    r = None if timed_out or "TANDEM-LINUX-TEST-FAIL" in out else parse(out)
    return r, out, wall


def same_tree(load, loops=LOOPS, interval=INTERVAL_US):
    """The tree of the one-vCPU RT VM as Tandem builds it (tandem-check on
    the platform tree of the Tandem command line), with fresh seeds in
    /chosen as Tandem gives them: the tree the native run boots with, so
    that both kernels see the same devices (like_for_like.vm_tree)."""
    trees = os.path.join(OUT, "trees")
    os.makedirs(trees, exist_ok=True)
    kind = "load" if load else "idle"
    cmd = tandem_command(1, load, loops, interval)
    vm = like_for_like.vm_tree(cmd, overlay_path(1, load), IMAGE,
                               os.path.join(trees, "cyclictest-vm-%s.dtb" % kind))
    if vm is None:
        raise SystemExit("linux_rt: tandem-check printed no tree for the RT VM")
    return like_for_like.with_seeds(vm, os.path.join(trees, "cyclictest-native-%s.dtb" % kind))


def cyclictest_native(smp=1, load=True, loops=LOOPS, interval=INTERVAL_US, icount=True, timeout=900,
                      dtb=None, tag=""):
    """One native run; returns a dict: the figures (µs), the command, the
    wall time and the log, or raises SystemExit naming the log."""
    cmd = native_command(smp, load, loops, interval, icount, dtb=dtb)
    log = os.path.join(OUT, "cyclictest-native-%dcpu%s%s%s.log" % (
        smp, "-load" if load else "-idle", "" if icount else "-noicount", tag))
    r, _out, wall = run(cmd, timeout, log)
    if r is None:
        raise SystemExit("linux_rt: no cyclictest figures; see %s" % os.path.relpath(log, ROOT))
    r.update({"where": "native", "smp": smp, "load": load, "icount": icount, "tree": "the VM's" if dtb else "QEMU's",
              "wall_seconds": round(wall, 2), "command": " ".join(cmd), "argv": cmd,
              "log": os.path.relpath(log, ROOT)})
    return r


def cyclictest_tandem(smp=1, load=True, loops=LOOPS, interval=INTERVAL_US, icount=True, others=(),
                      cores=None, machine_smp=None, mem="1G", timeout=1800, tag=""):
    """The same under Tandem: the hook for the benchmarks with an RTOS and a
    loaded Linux beside (`others`, `cores`, `machine_smp` as for
    tandem_command); `tag` ends the log's name (runs with other VMs)."""
    cmd = tandem_command(smp, load, loops, interval, icount, others, cores, machine_smp, mem=mem)
    log = os.path.join(OUT, "cyclictest-tandem-%dcpu%s%s%s.log" % (
        smp, "-load" if load else "-idle", "" if icount else "-noicount", tag))
    r, _out, wall = run(cmd, timeout, log)
    if r is None:
        raise SystemExit("linux_rt: no cyclictest figures under Tandem; see %s" % os.path.relpath(log, ROOT))
    r.update({"where": "tandem", "smp": smp, "load": load, "icount": icount,
              "wall_seconds": round(wall, 2), "command": " ".join(cmd), "argv": cmd,
              "log": os.path.relpath(log, ROOT)})
    return r


def compare(loads=(False, True), repeat=1, loops=LOOPS, interval=INTERVAL_US):
    """The rt VM alone under Tandem (1 vCPU on core 0) beside the native run
    (with the VM's tree), idle and with stress-ng, each `repeat` times:
    [(load, native runs, Tandem runs)]. Both kernels start with a seeded
    crng (checked)."""
    rows = []
    for load in loads:
        tree = same_tree(load, loops, interval)
        native = [cyclictest_native(1, load, loops, interval, dtb=tree) for _ in range(repeat)]
        tandem = [cyclictest_tandem(1, load, loops, interval) for _ in range(repeat)]
        for r in native + tandem:
            if not r["crng_ready_before_init"]:
                raise SystemExit("linux_rt: the %s kernel had no seeded crng at /init; see %s"
                                 % (r["where"], r["log"]))
        rows.append((load, native, tandem))
    return rows


def spread(runs, key):
    lo, hi = min(r[key] for r in runs), max(r[key] for r in runs)
    return str(lo) if lo == hi else "%d-%d" % (lo, hi)


def print_compare(rows, goal=1.2):
    """A table of compare()'s rows, with the max ratio against `goal`."""
    print("cyclictest, 1 vCPU, µs of icount time (crng seeded before /init: native by QEMU's "
          "rng-seed, Tandem by the VM's own):")
    print("  %-10s %-7s %5s %5s %9s %5s" % ("load", "where", "min", "avg", "max", "runs"))
    verdicts = []
    for load, native, tandem in rows:
        for where, runs in (("native", native), ("tandem", tandem)):
            print("  %-10s %-7s %5s %5s %9s %5d" % ("stress-ng" if load else "idle", where, spread(runs, "min"),
                                                   spread(runs, "avg"), spread(runs, "max"), len(runs)))
        worst = max(r["max"] for r in tandem) / max(1, max(r["max"] for r in native))
        verdicts.append({"load": load, "max_ratio": round(worst, 3), "goal": goal, "met": worst <= goal})
        print("  %-10s max ratio Tandem/native (worst of each) %.2f: goal %.1fx %s"
              % ("stress-ng" if load else "idle", worst, goal, "met" if worst <= goal else "NOT MET"))
    return verdicts


# ---------------------------------------------------------------- make bench
STATS = ("min", "avg", "max")


def pair_check(label, native, tandem, declared=()):
    """like_for_like on a (native row, Tandem row) pair of this module:
    the native side from its command and its tree, the Tandem side from
    the RT VM's overlay and the tree Tandem builds for it."""
    ncmd = native["argv"]
    ntree = like_for_like.native_tree(ncmd, os.path.join(OUT, "trees", "%s-native.dtb" % label.replace(" ", "-")))
    nat = like_for_like.from_qemu(ncmd, ntree)
    tcmd = tandem["argv"]
    overlay = overlay_path(tandem["smp"], tandem["load"])
    vm = like_for_like.vm_tree(tcmd, overlay, IMAGE, os.path.join(OUT, "trees", "%s-vm.dtb" % label.replace(" ", "-")))
    guest = like_for_like.from_overlay(overlay, tcmd, vm)
    return {"native": nat, "guest": guest, "declared": like_for_like.check(label, nat, guest, declared)}


def beside_loaded_linux(run_no=0):
    """The RT kernel (1 vCPU, stress-ng inside) on core 0 under Tandem, with
    a second, loaded Linux VM on core 1 (guests/linux/linux-core1.dtso)
    that powers off after 30 s so that the machine stops."""
    loaded = tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, "guests/linux/linux-core1.dtso"),
        "console=ttyAMA0 nokaslr tandem.test=stress:30,wait,poweroff",
        os.path.join(OUT, "linux-core1-cyclictest.dtbo"))
    r = cyclictest_tandem(1, True, others=[(loaded, os.path.join(BUILD, "guests/linux/Image"),
                                            os.path.join(BUILD, "guests/linux/initramfs-load.cpio.gz"))],
                          cores=(0,), machine_smp=2, tag="-beside-loaded-linux-run%d" % run_no)
    log = open(os.path.join(ROOT, r["log"])).read()
    if "[linux] TANDEM-LINUX-LOAD-STARTED" not in log or "[linux] TANDEM-LINUX-LOAD-DONE" not in log:
        raise SystemExit("linux_rt: the loaded Linux beside cyclictest did not run stress-ng; see " + r["log"])
    if log.index("[linux] TANDEM-LINUX-LOAD-DONE") < log.index("TANDEM-CYCLICTEST"):
        raise SystemExit("linux_rt: the loaded Linux's stress-ng ended before cyclictest did; see " + r["log"])
    r["beside"] = "guests/linux/linux-core1.dtso, tandem.test=stress:30,wait,poweroff"
    return r


def folded(fn, k):
    runs_ = [fn(i) for i in range(k)]
    row = like_for_like.fold(runs_, STATS)
    row["log"] = ", ".join(r["log"] for r in runs_)
    row["crng_ready_before_init"] = all(r["crng_ready_before_init"] for r in runs_)
    return row


def bench(goal=1.2):
    """cyclictest for `make bench`: {"runs": {name: row}, "goals": [...],
    "repeat_check": text}. Pairs (each checked by like_for_like):
    native 1 vCPU with the VM's tree vs the RT VM alone under Tandem, idle
    and with stress-ng (single core: one run each; the idle Tandem run is
    repeated once to show it repeats exactly); the RT VM beside a loaded
    Linux VM on a second core against the native stress-ng run (declared:
    the machine's second core). Multi-core rows (that one, and native
    2 vCPUs with stress-ng) are like_for_like.repeats() runs, min/median/max."""
    k = like_for_like.repeats()
    rows, goals = {}, []
    for load in (False, True):
        kind = "load" if load else "idle"
        tree = same_tree(load)
        rows["1vcpu-" + kind] = cyclictest_native(1, load, dtb=tree)
        t = cyclictest_tandem(1, load)
        t["like_for_like"] = pair_check("cyclictest 1 vCPU %s" % kind, rows["1vcpu-" + kind], t)
        rows["tandem-alone-1vcpu-" + kind] = t
        ratio = t["max"] / max(1, rows["1vcpu-" + kind]["max"])
        goals.append({"load": load, "native_max": rows["1vcpu-" + kind]["max"], "tandem_max": t["max"],
                      "max_ratio": round(ratio, 3), "goal": goal, "met": ratio <= goal})
    again = cyclictest_tandem(1, False, tag="-again")
    first = rows["tandem-alone-1vcpu-idle"]
    stats = like_for_like.same_runs(first, again, STATS)
    counters = like_for_like.same_runs(first, again, ("counter_start", "counter_end"))
    repeat = "tandem-alone-1vcpu-idle run twice: " + (
        "min, avg and max identical" if not stats else
        "NOT identical: " + ", ".join("%s %s vs %s" % (key, first[key], again[key]) for key in stats))
    if counters:
        repeat += ("; cyclictest's start counter %s vs %s: Linux's path differs between boots (fresh seeds "
                   "each boot, natively and under Tandem), so its single-core rows are not bit-identical "
                   "from run to run" % (first["counter_start"], again["counter_start"]))
    else:
        repeat += ", and cyclictest started and ended at the same counter values"
    rows["2vcpu-load"] = folded(lambda i: cyclictest_native(2, True, tag="-run%d" % i), k)
    beside = folded(beside_loaded_linux, k)
    beside["like_for_like"] = pair_check(
        "cyclictest 1 vCPU beside loaded Linux", rows["1vcpu-load"], beside,
        {"machine_smp": "the loaded Linux VM's core 1: QEMU runs the two cores round-robin under -icount, "
                        "so this row includes QEMU's scheduling of the other core (min/median/max of %d runs)" % k})
    rows["tandem-1vcpu-load"] = beside
    return {"runs": rows, "goals": goals, "repeat_check": repeat}


def table(result):
    """bench()'s result as printable text."""
    lines = ["cyclictest in Debian's PREEMPT_RT kernel, wake-up latency in µs of icount time "
             "(%d wake-ups %d µs apart per vCPU; multi-core rows: min/median/max over runs):" % (LOOPS, INTERVAL_US),
             "  %-24s %12s %12s %12s %8s  %s" % ("run", "min", "avg", "max", "wall s", "crng seeded at /init")]
    for name, r in result["runs"].items():
        lines.append("  %-24s %12s %12s %12s %8.1f  %s" % (
            name, like_for_like.show_spread(r, "min"), like_for_like.show_spread(r, "avg"),
            like_for_like.show_spread(r, "max"), r["wall_seconds"], "yes" if r["crng_ready_before_init"] else "NO"))
        if "like_for_like" in r and not r["like_for_like"]["declared"]:
            lines.append("      like for like with its native run (RAM, cores, command line, seeds, tree, icount: "
                         "checked)")
        for d in r.get("like_for_like", {}).get("declared", []):
            lines.append("      differs from its native run: " + d)
    for g in result["goals"]:
        lines.append("  rt VM alone, %s: max %d under Tandem, %d native: %.2fx, goal %.1fx %s"
                     % ("stress-ng" if g["load"] else "idle", g["tandem_max"], g["native_max"], g["max_ratio"],
                        g["goal"], "met" if g["met"] else "NOT MET"))
    lines.append("  single-core determinism: " + result["repeat_check"])
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smp", type=int, default=1, help="vCPUs (one cyclictest thread each; default 1)")
    ap.add_argument("--loops", type=int, default=LOOPS)
    ap.add_argument("--interval", type=int, default=INTERVAL_US, help="µs between wake-ups")
    ap.add_argument("--no-load", action="store_true", help="no stress-ng beside cyclictest")
    ap.add_argument("--no-icount", action="store_true", help="wall-clock time (noisy)")
    ap.add_argument("--tandem", action="store_true", help="under Tandem (the RT VM alone)")
    ap.add_argument("--compare", type=int, metavar="N", help="1 vCPU natively and under Tandem, idle and "
                    "with stress-ng, N runs each, as a table (and JSON)")
    ap.add_argument("--only", choices=("idle", "load"), help="with --compare: only idle, or only stress-ng")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--json", help="also write the result here")
    ap.add_argument("--bench", action="store_true", help="what `make bench` runs (bench()): the like-for-like "
                    "pairs, multi-core rows BENCH_REPEATS times, a table")
    a = ap.parse_args()
    for f in (IMAGE, INITRD):
        if not os.path.exists(f):
            print("linux_rt: %s missing (make linux-rt-guest)" % os.path.relpath(f, ROOT), file=sys.stderr)
            return 1
    if a.bench:
        r = bench()
        if a.json:
            with open(a.json, "w") as f:
                f.write(json.dumps(r, indent=2) + "\n")
        print(table(r))
        return 0
    if a.compare:
        loads = (False, True) if not a.only else ((a.only == "load"),)
        rows = compare(loads, repeat=a.compare, loops=a.loops, interval=a.interval)
        verdicts = print_compare(rows)
        r = {"rows": [{"load": load, "native": n, "tandem": t} for load, n, t in rows], "goals": verdicts}
        if a.json:
            with open(a.json, "w") as f:
                f.write(json.dumps(r, indent=2) + "\n")
        return 0
    fn = cyclictest_tandem if a.tandem else cyclictest_native
    r = fn(smp=a.smp, load=not a.no_load, loops=a.loops, interval=a.interval, icount=not a.no_icount,
           timeout=a.timeout)
    text = json.dumps(r, indent=2)
    print(text)
    if a.json:
        with open(a.json, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
