#!/usr/bin/env python3
"""The seed papers' Linux micro-benchmarks (lmbench-style; issue 17 item 3),
natively and under Tandem, with the same kernel (build/guests/linux/Image,
Debian's arm64 kernel), the same initramfs (initramfs-micro.cpio.gz, `make
micro-guest`), the same RAM, vCPU count and kernel command line.

lmbench is not in Debian's main archive; the initramfs carries what is:
`perf bench` from linux-perf (syscall basic, sched pipe, sched messaging, mem
memcpy, mem memset), `hackbench` from rt-tests and `stress-ng --metrics` with
--seed 1 and fixed op counts (cpu, memcpy, switch, fork, fault, mmap, get),
and fork + execve + exit of a static program (busybox sh running
/bin/busybox true in a loop: stress-ng's exec stressor refuses root, and the
initramfs has no other user). guests/linux/init's tandem.test=micro runs them one after the other and
prints one line per result:

    TANDEM-MICRO perf-sched-pipe 15.368000 us/op ticks 3182751

VALUE is what the benchmark printed, measured with the guest's own clock;
ticks are the guest's counter (62.5 MHz on QEMU's virt) across the whole
command. Every run is under -icount shift=0,sleep=off: the guest's clock is
QEMU's virtual time, one nanosecond per instruction, so the figures are
deterministic path lengths, and a ratio says how many more instructions the
same work took. What icount cannot see: caches, TLBs and their misses, the
cost of a two-stage page-table walk, memory bandwidth and latency; under TCG
an instruction takes a nanosecond whatever it does. A memory benchmark
therefore measures instructions per byte here, not the memory system, and the
stage-2 translation a VM adds on hardware is invisible.

Each system is a command builder

    builder(image, initrd, bootargs, mem_mib, ncpus) -> [argv...]

in SYSTEMS; the same code path runs all of them. A third system is one entry
(Xen through xen_peer.linux_command, when tests/bench/xen_peer.py exists).

    tests/bench/linux_micro.py [--smp N] [--mem MIB] [--quick] [--only SYSTEM,...]
                               [--parallel] [--timeout S] [--json FILE]

prints the table and writes the JSON (default build/bench/linux-micro.json);
tests/bench/run.py calls runs() and table().
"""
import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandem_qemu  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
IMAGE = os.path.join(BUILD, "guests/linux/Image")
INITRD = os.path.join(BUILD, "guests/linux/initramfs-micro.cpio.gz")
BOOTARGS = "console=ttyAMA0 nokaslr tandem.test=micro,poweroff"
MEM_MIB = 512        # the VM's RAM, and the native machine's
TANDEM_MACHINE_MEM = "1G"   # the physical machine under Tandem: the VM's 512 MiB plus Tandem's own
# Guest addresses of the boot modules, as tests/integration/overlays/linux-bench-1.dtso.
KERNEL_ADDR, RAMDISK_ADDR = 0x78000000, 0x7D000000

# The goals (issue 17): name -> (category, goal as a slowdown ratio).
COMPUTE_MEMORY, KERNEL_PATHS = 1.01, 1.05
BENCHMARKS = {
    "perf-syscall-basic": ("system call", KERNEL_PATHS),
    "stress-ng-get": ("system call", KERNEL_PATHS),
    "perf-sched-pipe": ("context switch", KERNEL_PATHS),
    "stress-ng-switch": ("context switch", KERNEL_PATHS),
    "perf-sched-messaging": ("context switch", KERNEL_PATHS),
    "hackbench": ("context switch", KERNEL_PATHS),
    "stress-ng-fork": ("fork/exec", KERNEL_PATHS),
    "sh-fork-exec": ("fork/exec", KERNEL_PATHS),
    "stress-ng-fault": ("page fault", KERNEL_PATHS),
    "stress-ng-mmap": ("page fault", KERNEL_PATHS),
    "stress-ng-cpu": ("compute", COMPUTE_MEMORY),
    "perf-mem-memcpy": ("memory", COMPUTE_MEMORY),
    "perf-mem-memset": ("memory", COMPUTE_MEMORY),
    "stress-ng-memcpy": ("memory", COMPUTE_MEMORY),
}
# Benchmarks whose own figure has only millisecond resolution ("Total time:
# 0.119 [sec]", hackbench's "Time: 0.058"): their verdict uses the counter
# ticks across the command (16 ns), which also hold the program's start.
# sh-fork-exec (busybox sh running /bin/busybox true N times: fork + execve +
# exit of a static program) prints no time of its own: ticks per loop.
COARSE = {"perf-sched-messaging", "hackbench", "sh-fork-exec"}
HIGHER_IS_BETTER = {"GB/s"}

RESULT = re.compile(r"TANDEM-MICRO (\S+) (\S+) (\S+) ticks (\d+)")
FAIL = re.compile(r"TANDEM-LINUX-TEST-FAIL: (.*)")


# --- the systems: builder(image, initrd, bootargs, mem_mib, ncpus) -> argv ---

# Tandem offers its VMs no PMU (no pmu node, PMU registers hidden), so
# natively QEMU's PMU is turned off too: with it, Linux runs its perf-event
# hooks on every context switch (perf-sched-pipe 2 % longer natively,
# perf-sched-messaging 8 % shorter). --native-pmu keeps it.
NATIVE_CPU = "cortex-a57,pmu=off"


def native_command(image, initrd, bootargs, mem_mib, ncpus):
    """QEMU's virt machine booting the kernel itself (no EL2), QEMU's own tree."""
    return ["qemu-system-aarch64", "-M", "virt,gic-version=3,virtualization=off", "-cpu", NATIVE_CPU,
            "-smp", str(ncpus), "-m", "%dM" % mem_mib, "-nographic", "-nic", "none", "-no-reboot",
            "-icount", "shift=0,sleep=off", "-kernel", image, "-initrd", initrd, "-append", bootargs]


def tandem_overlay(bootargs, mem_mib, ncpus):
    """An overlay like tests/integration/overlays/linux-bench-N.dtso with this
    RAM, vCPU count and command line, compiled into build/bench/."""
    src = """/* linux_micro.py: Debian's kernel, %(n)d vCPU(s) on cores 0-%(last)d, %(mib)d MiB. */
/dts-v1/;
/plugin/;

&{/chosen} {
	bootargs = "%(args)s";

	linux {
		compatible = "tandem,vm";
		cpus = <%(n)d>;
		cpu-affinity = <%(aff)s>;
		memory = <0x0 0x%(kib)x>;
		kernel = <0x0 0x%(kaddr)x>;
		ramdisk = <0x0 0x%(raddr)x>;
		vpl011;
	};
};
""" % {"n": ncpus, "last": ncpus - 1, "mib": mem_mib, "args": bootargs, "kib": mem_mib * 1024,
       "aff": " ".join(str(c) for c in range(ncpus)), "kaddr": KERNEL_ADDR, "raddr": RAMDISK_ADDR}
    out = os.path.join(OUT, "linux-micro-%dcpu-%dm.dtbo" % (ncpus, mem_mib))
    os.makedirs(OUT, exist_ok=True)
    with open(out[:-len(".dtbo")] + ".dtso", "w") as f:
        f.write(src)
    subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", out, "-"], input=src.encode(), check=True)
    return out


def tandem_command(image, initrd, bootargs, mem_mib, ncpus):
    """Tandem on a machine of as many cores, the VM given mem_mib of its RAM."""
    return tandem_qemu.qemu_command([(tandem_overlay(bootargs, mem_mib, ncpus), image, initrd)],
                                    smp=ncpus, mem=TANDEM_MACHINE_MEM, icount=True,
                                    tandem=os.path.join(BUILD, "tandem.bin"))


SYSTEMS = {"native": native_command, "tandem": tandem_command}
import xen_peer  # noqa: E402  (Xen 4.17 dom0less, tests/bench/xen_peer.py)


def xen_command(image, initrd, bootargs, mem_mib, ncpus):
    xen_peer.fetch_xen()    # Debian's .deb into the cache, checked, unpacked (idempotent)
    return xen_peer.linux_command(image, initrd, bootargs, mem_mib, ncpus)


SYSTEMS["xen"] = xen_command
# What the machine around the guest is, for the conditions (not compared).
MACHINE = {"native": "QEMU virt, kernel at EL1, QEMU's tree, -cpu %s" % NATIVE_CPU,
           "tandem": "QEMU virt with EL2, Tandem, machine RAM %s" % TANDEM_MACHINE_MEM,
           "xen": "QEMU virt with EL2, Xen 4.17 dom0less"}


# --- running and parsing -------------------------------------------------------

def run_one(name, cmd, log, timeout):
    """Runs one system to its poweroff (or the timeout), its console written
    to log as it comes; returns (output, wall seconds)."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    lines = []
    try:
        with open(log, "w") as f:
            f.write("# " + " ".join(cmd) + "\n")
            for raw in proc.stdout:
                line = tandem_qemu.unmarked(raw.decode(errors="replace").replace("\r", ""))
                lines.append(line)
                f.write(line)
                f.flush()
                # A guest's poweroff leaves Xen idle, QEMU running (no dom0
                # to stop the machine): give QEMU a moment to exit, then stop it.
                if "TANDEM-LINUX-POWEROFF" in line:
                    threading.Timer(20, proc.kill).start()
        proc.wait()
    finally:
        timer.cancel()
    return "".join(lines), time.time() - t0


def tree_seeds(name, out, cmd):
    """The seeds in the tree the kernel was given at boot, where it can be
    known: natively QEMU's own tree (dumpdtb), under Tandem its log."""
    if name == "native":
        dtb = os.path.join(OUT, "linux-micro-native-qemu.dtb")
        dump = list(cmd)
        i = dump.index("-M") + 1
        dump[i] += ",dumpdtb=" + dtb
        subprocess.run(dump, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)
        props = dict(tandem_qemu.fdt_nodes(open(dtb, "rb").read())).get("/chosen", {})
        return {k: len(props[k]) if k in props else None for k in ("rng-seed", "kaslr-seed")}
    m = re.search(r"each boot of a VM gets a fresh (\d+)-byte rng-seed and (\d+)-byte kaslr-seed", out)
    if name == "tandem" and m:
        return {"rng-seed": int(m.group(1)), "kaslr-seed": int(m.group(2))}
    return None


def conditions(out, ncpus, mem_mib, name, cmd):
    """What the guest saw: its RAM, CPUs, command line, seeds and device-tree nodes."""
    c = {"requested_ram_mib": mem_mib, "requested_cpus": ncpus, "machine": MACHINE.get(name, name)}
    m = re.search(r"TANDEM-MICRO-MEMREG (\S+) ([0-9a-f]+)", out)
    if m:
        reg = m.group(2)
        c["ram_mib"] = int(reg[len(reg) // 2:], 16) // (1 << 20)   # #address-cells = #size-cells = 2
    m = re.search(r"TANDEM-MICRO-COND ram_kib (\d+) cpus (\d+)(?: randomize_va_space (\d+))?", out)
    if m:
        c["memtotal_kib"], c["cpus"] = int(m.group(1)), int(m.group(2))
        c["randomize_va_space"] = int(m.group(3)) if m.group(3) else None
    m = re.search(r"tandem-linux: cmdline: (.*)", out)
    c["cmdline"] = m.group(1).strip() if m else None
    m = re.search(r"TANDEM-MICRO-CHOSEN (.*)", out)
    chosen = m.group(1).split() if m else []
    # Linux takes /chosen/rng-seed out of its tree once it has used it
    # (early_init_dt_scan_chosen), so the guest cannot show it: what the
    # tree held at boot comes from the machine (tree_seeds).
    c["seeds"] = {"rng-seed": "rng-seed" in chosen, "kaslr-seed": "kaslr-seed" in chosen,
                  "seen_by": "the guest's /proc/device-tree/chosen after boot"}
    c["tree_seeds"] = tree_seeds(name, out, cmd)
    m = re.search(r"TANDEM-MICRO-DT (.*)", out)
    c["devices"] = m.group(1).split() if m else None
    return c


def results(out):
    r = {}
    freq = re.search(r"tandem-linux: counter \d+ frequency (\d+)", out)
    for name, value, unit, ticks in RESULT.findall(out):
        r[name] = {"value": float(value), "unit": unit, "ticks": int(ticks)}
        if unit == "loops" and freq:
            # the counter's ticks per loop, in microseconds
            r[name].update(loops=int(float(value)), unit="us/loop",
                           value=round(int(ticks) * 1e6 / int(freq.group(1)) / float(value), 3))
    return r


def median(xs):
    s = sorted(xs)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def cost(name, res):
    """The time-like figure of one benchmark in one run (larger = slower):
    the ticks for COARSE ones, 1 / value for a throughput, else the value."""
    r = res.get(name)
    if not r:
        return None
    if name in COARSE:
        return float(r["ticks"])
    if r["unit"] in HIGHER_IS_BETTER:
        return 1.0 / r["value"]
    return r["value"]


def slowdown(name, base, other):
    """other's time / base's time for one benchmark (>1: other is slower)."""
    b, o = base[name], other[name]
    if name in COARSE:
        return o["ticks"] / b["ticks"]
    if b["unit"] in HIGHER_IS_BETTER:
        return b["value"] / o["value"]
    return o["value"] / b["value"]


def collapse(nodes):
    """Node names, with runs of one name at several addresses shown once."""
    by = {}
    for n in nodes:
        by.setdefault(n.rsplit("@", 1)[0] if "@" in n.rsplit("/", 1)[-1] else n, []).append(n)
    parts = [v[0] if len(v) == 1 else "%s@... (%d nodes)" % (k, len(v)) for k, v in sorted(by.items())]
    return " ".join(parts) or "none"


def differences(conds):
    """Lines saying where the systems' conditions differ from native's."""
    base = conds.get("native")
    lines = []
    if not base:
        return lines
    for sysname, c in conds.items():
        if sysname == "native":
            continue
        for key in ("ram_mib", "memtotal_kib", "cpus", "cmdline", "randomize_va_space"):
            if c.get(key) != base.get(key):
                lines.append("%s: %s %r, native %r" % (sysname, key, c.get(key), base.get(key)))
        if c.get("tree_seeds") != base.get("tree_seeds"):
            lines.append("%s: seeds in the boot tree (bytes) %s, native %s" % (
                sysname, c.get("tree_seeds"), base.get("tree_seeds")))
        for seed in ("rng-seed", "kaslr-seed"):
            if c["seeds"][seed] != base["seeds"][seed]:
                lines.append("%s: /chosen/%s %s, native %s" % (
                    sysname, seed, "present" if c["seeds"][seed] else "absent",
                    "present" if base["seeds"][seed] else "absent"))
        if c.get("devices") is not None and base.get("devices") is not None:
            only = sorted(set(c["devices"]) - set(base["devices"]))
            missing = sorted(set(base["devices"]) - set(c["devices"]))
            if only or missing:
                lines.append("%s: device-tree nodes only here: %s" % (sysname, collapse(only)))
                lines.append("%s: device-tree nodes only natively: %s" % (sysname, collapse(missing)))
    return lines


def runs(smp=1, mem_mib=MEM_MIB, quick=False, only=None, parallel=False, timeout=1800, repeat=1):
    """Runs every system of SYSTEMS (or those in only) with the same kernel,
    initramfs, command line, RAM and vCPUs, repeat times; returns a JSON-able
    dict: each row has every run's cost (the time of the work, or 1 / the
    throughput), the ratio of the medians (the verdict's), the ratios run i
    against native run i (min / max) and each system's spread (max / min of
    its own runs)."""
    reps = [runs_once(smp, mem_mib, quick, only, parallel, timeout, i if repeat > 1 else None)
            for i in range(repeat)]
    result = dict(reps[0])
    result["repeat"] = repeat
    result["repeats"] = reps
    result["systems"] = {n: dict(reps[0]["systems"][n], wall_seconds=[r["systems"][n]["wall_seconds"] for r in reps],
                                 done=all(r["systems"][n]["done"] for r in reps),
                                 failures=sum((r["systems"][n]["failures"] for r in reps), []))
                         for n in reps[0]["systems"]}
    rows = []
    for k, row in enumerate(reps[0]["rows"]):
        row = dict(row)
        bench = row["name"]
        times = {n: [cost(bench, r["systems"][n]["results"]) for r in reps] for n in result["systems"]}
        row["costs"] = times
        nat = [t for t in times.get("native", []) if t is not None]
        if len(nat) == repeat:
            row["native_spread"] = round(max(nat) / min(nat), 4)
        for n in result["systems"]:
            if n == "native":
                continue
            row.pop("%s_met" % n, None)
            row.pop("%s_ratio" % n, None)
            mine = [t for t in times[n] if t is not None]
            if len(mine) != repeat or len(nat) != repeat:
                continue
            ratios = [b and a / b for a, b in zip(times[n], nat)]
            row["%s_ratios" % n] = [round(x, 4) for x in ratios]
            row["%s_ratio" % n] = round(median(mine) / median(nat), 4)
            row["%s_ratio_min" % n], row["%s_ratio_max" % n] = round(min(ratios), 4), round(max(ratios), 4)
            row["%s_spread" % n] = round(max(mine) / min(mine), 4)
            row["%s_met" % n] = row["%s_ratio" % n] <= row["goal"]
        rows.append(row)
    result["rows"] = rows
    return result


def runs_once(smp, mem_mib, quick, only, parallel, timeout, index):
    """One run of every system."""
    for f in (IMAGE, INITRD):
        if not os.path.exists(f):
            raise SystemExit("linux_micro: %s is missing: run `make micro-guest`" % os.path.relpath(f, ROOT))
    os.makedirs(OUT, exist_ok=True)
    bootargs = BOOTARGS + (" tandem.micro=quick" if quick else "")
    names = [n for n in SYSTEMS if not only or n in only]
    outs = {}

    def one(name):
        cmd = SYSTEMS[name](IMAGE, INITRD, bootargs, mem_mib, smp)
        log = os.path.join(OUT, "linux-micro-%dcpu-%s%s.log" % (smp, name, "" if index is None else "-%d" % index))
        outs[name] = run_one(name, cmd, log, timeout) + (cmd, log)

    if parallel:
        threads = [threading.Thread(target=one, args=(n,)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        for n in names:
            one(n)

    result = {"smp": smp, "mem_mib": mem_mib, "bootargs": bootargs, "quick": quick,
              "unit_note": "guest clock under -icount shift=0,sleep=off: 1 ns = 1 instruction",
              "systems": {}, "conditions": {}, "rows": []}
    for name in names:
        out, wall, cmd, log = outs[name]
        r = results(out)
        fails = FAIL.findall(out)
        result["systems"][name] = {"results": r, "wall_seconds": round(wall, 1), "command": cmd,
                                   "log": os.path.relpath(log, ROOT), "failures": fails,
                                   "done": "TANDEM-MICRO-DONE" in out}
        result["conditions"][name] = conditions(out, smp, mem_mib, name, cmd)
    result["differences"] = differences(result["conditions"])
    native = result["systems"].get("native", {}).get("results", {})
    for bench, (category, goal) in BENCHMARKS.items():
        row = {"name": bench, "category": category, "goal": goal}
        for name in names:
            rr = result["systems"][name]["results"].get(bench)
            row[name] = rr
            if name != "native" and rr and bench in native:
                ratio = slowdown(bench, native, result["systems"][name]["results"])
                row["%s_ratio" % name] = round(ratio, 4)
                row["%s_met" % name] = ratio <= goal
        result["rows"].append(row)
    return result


def fmt_value(rr):
    if not rr:
        return "-"
    return "%g %s" % (rr["value"], rr["unit"])


def table(result):
    names = list(result["systems"])
    others = [n for n in names if n != "native"]
    lines = ["Linux micro-benchmarks, %d vCPU, %d MiB, same kernel and initramfs (icount: 1 instruction = 1 ns); "
             "%d run(s) of each system: figures of the first, ratio = median over the runs"
             % (result["smp"], result["mem_mib"], result.get("repeat", 1))]
    head = "%-21s %-15s" % ("benchmark", "category") + "".join("%18s" % n for n in names)
    head += "%8s" % "nat.spr"
    head += "".join("%11s %8s %-14s" % (n + "/nat", "spread", "goal") for n in others)
    lines.append(head)
    for row in result["rows"]:
        line = "%-21s %-15s" % (row["name"] + ("*" if row["name"] in COARSE else ""), row["category"])
        line += "".join("%18s" % fmt_value(row.get(n)) for n in names)
        line += "%8s" % ("%.3f" % row["native_spread"] if "native_spread" in row else "-")
        for n in others:
            ratio = row.get("%s_ratio" % n)
            if ratio is None:
                line += "%11s %8s %-14s" % ("-", "", "no figure")
            else:
                line += "%11.4f %8.3f %-14s" % (ratio, row["%s_spread" % n], "<=%.2f %s" % (
                    row["goal"], "met" if row["%s_met" % n] else "NOT met"))
        lines.append(line)
    lines.append("* ratio of the counter ticks across the command (its own figure has 1 ms resolution)")
    lines.append("ratio: median of a system's runs / median of the native runs (time per work; 1/throughput); "
                 "spread: max/min over one system's own runs (boot-to-boot variation)")
    for n in names:
        s = result["systems"][n]
        extra = "" if s["done"] else ", DID NOT FINISH"
        if s["failures"]:
            extra += ", failures: " + "; ".join(s["failures"])
        walls = s["wall_seconds"] if isinstance(s["wall_seconds"], list) else [s["wall_seconds"]]
        lines.append("%s: wall %s s%s; log %s" % (n, ", ".join("%.0f" % w for w in walls), extra, s["log"]))
    lines.append("Conditions (what each guest saw):")
    for n in names:
        c = result["conditions"][n]
        lines.append("  %s: RAM %s MiB, %s CPU(s), cmdline %r, boot tree's seeds (bytes) %s, %s DT nodes; %s"
                     % (n, c.get("ram_mib"), c.get("cpus"), c.get("cmdline"), c.get("tree_seeds"),
                        len(c["devices"]) if c.get("devices") is not None else "?", c["machine"]))
    if result["differences"]:
        lines.append("Differences from native:")
        lines += ["  " + d for d in result["differences"]]
    else:
        lines.append("No differences from native in RAM, CPUs, command line, seeds or device-tree nodes.")
    lines.append("icount cannot see caches, TLB misses, two-stage page-table walks, memory bandwidth or "
                 "latency: under TCG an instruction is 1 ns whatever it does.")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--mem", type=int, default=MEM_MIB, help="RAM in MiB, natively and of the VM")
    ap.add_argument("--quick", action="store_true", help="every count divided by 10 (a smoke test)")
    ap.add_argument("--only", help="comma-separated systems (%s)" % ",".join(SYSTEMS))
    ap.add_argument("--parallel", action="store_true", help="run the systems at the same time")
    ap.add_argument("--timeout", type=float, default=1800, help="wall seconds per system")
    ap.add_argument("--native-pmu", action="store_true", help="keep QEMU's PMU natively (not like for like)")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each system (the ratios' spread)")
    ap.add_argument("--json", default=os.path.join(OUT, "linux-micro.json"))
    a = ap.parse_args()
    if a.native_pmu:
        global NATIVE_CPU
        NATIVE_CPU = "cortex-a57"
        MACHINE["native"] = MACHINE["native"].replace(",pmu=off", "")
    r = runs(a.smp, a.mem, a.quick, a.only.split(",") if a.only else None, a.parallel, a.timeout, a.repeat)
    os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(r, f, indent=2)
    print(table(r))
    bad = [n for n, s in r["systems"].items() if not s["done"] or s["failures"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
