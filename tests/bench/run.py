#!/usr/bin/env python3
"""Tandem's benchmarks (`make bench`).

Path lengths are measured under QEMU's -icount shift=0,sleep=off, where one
instruction is one nanosecond of virtual time: the guest reads the cycle
counter (one per instruction, EL2 included) and the generic timer (one per
16) around 4000 iterations of each operation, and reports one iteration
minus an empty one. Single core (-smp 1), so nothing else runs.

Prints a table and writes build/bench/results.json.
"""
import datetime
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
import linux_rt  # noqa: E402
import arm32_bench  # noqa: E402
import rtos_bench  # noqa: E402
import rtos_interleave  # noqa: E402
import io_bench  # noqa: E402
import pv_bench  # noqa: E402
import a9_bench  # noqa: E402
import a9_profile  # noqa: E402
import firmware_bench  # noqa: E402
from linux_boot import linux_boot  # noqa: E402,F401  (tests/bench/linux_boot.py)
sys.path.insert(0, os.path.join(ROOT, "tools"))
import port_cost  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")

# name -> (label, goal, a peer's figure). A peer's figure counts only if
# this run measured it (issue 17: Xen in the same run, not built yet); the
# constants once typed in here had no source and are gone.
PATH_LENGTHS = {
    "null_hypercall": ("null hypercall round trip (HVC)", 80, None),
    "mmio_read": ("emulated MMIO read round trip (PL011 FR)", 120, None),
    "el1_exception": ("native EL1 exception in the guest (SVC)", None, None),
}


def kernel_release():
    try:
        for line in open(os.path.join(BUILD, "guests/linux/Image.source")):
            if line.startswith("kernel_release="):
                return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return "?"


def qemu_version():
    out = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "unknown"


def git_commit():
    r = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return r.stdout.strip() or "unknown"


def path_lengths():
    vms = [(os.path.join(BUILD, "tests/integration/overlays/bench.dtbo"),
            os.path.join(BUILD, "guests/test/testguest.bin"))]
    cmd = tandem_qemu.qemu_command(vms, smp=1, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
    out, timed_out = tandem_qemu.run(cmd, timeout=300)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "path-lengths.log"), "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + out)
    if timed_out:
        raise SystemExit("bench: QEMU timed out; see build/bench/path-lengths.log")
    results = {}
    for name in PATH_LENGTHS:
        m = re.search(r"\[bench\] bench: %s (\d+) \(timer: ([\d.]+)\)" % name, out)
        if not m:
            raise SystemExit("bench: no figure for %s; see build/bench/path-lengths.log" % name)
        results[name] = {"instructions": int(m.group(1)), "timer_check": float(m.group(2))}
    traps = re.search(r"tandem: vm bench: traps: (.*)", out)
    return results, " ".join(cmd), traps.group(1) if traps else ""


# name -> (label, goal, a peer's figure measured in this run: none yet, as above)
IRQ_LATENCIES = {
    "vtimer_irq_latency": ("virtual timer: CVAL reached to guest handler", 100, None),
    "sgi_self_latency": ("SGI to self: ICC_SGI1R / GICD_SGIR write to handler", 300, None),
    "isenabler_write": ("GICD_ISENABLER write round trip", 200, None),
}
IRQ_LINE = re.compile(r"\[bench\] bench: (\w+) (?:median )?(\d+)")
NATIVE_LINE = re.compile(r"bench: (\w+) (?:median )?(\d+)")


def irq_latencies(gic):
    """Interrupt latencies of the test guest (bootarg bench-irq), native
    (QEMU alone, the same binary) and under Tandem, with the given GIC."""
    guest = os.path.join(BUILD, "guests/test/testguest.bin")
    native = ["qemu-system-aarch64", "-M", "virt,gic-version=%d" % gic, "-cpu", "cortex-a57",
              "-smp", "1", "-m", "1G", "-nographic", "-nic", "none", "-no-reboot", "-icount", "shift=0,sleep=off",
              "-kernel", guest, "-append", "native bench-irq"]
    tandem = tandem_qemu.qemu_command(
        [(os.path.join(BUILD, "tests/integration/overlays/bench-irq.dtbo"), guest)],
        gic=gic, smp=1, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
    result = {"command_native": " ".join(native), "command_tandem": " ".join(tandem)}
    for name, cmd, pattern in (("native", native, NATIVE_LINE), ("tandem", tandem, IRQ_LINE)):
        out, timed_out = tandem_qemu.run(cmd, timeout=300)
        with open(os.path.join(OUT, "irq-gicv%d-%s.log" % (gic, name)), "w") as f:
            f.write("# " + " ".join(cmd) + "\n" + out)
        found = {m.group(1): int(m.group(2)) for m in pattern.finditer(out)}
        for key in IRQ_LATENCIES:
            if timed_out or key not in found:
                raise SystemExit("bench: no %s figure (%s, GICv%d); see build/bench/" % (key, name, gic))
            result.setdefault(key, {})[name] = found[key]
    return result


LINUX_ARGS = "console=ttyAMA0 nokaslr tandem.test=poweroff"
COUNTER = re.compile(r"tandem-linux: counter (\d+) frequency (\d+)")


def timed_run(cmd, marker, timeout=600):
    """Runs QEMU to exit; returns (output, wall seconds from start to the line
    matching marker)."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines, wall = [], None
    deadline = t0 + timeout
    for raw in proc.stdout:
        line = raw.decode(errors="replace").rstrip("\r\n")
        lines.append(line)
        if wall is None and marker in line:
            wall = time.time() - t0
        if time.time() > deadline:
            proc.kill()
            break
    proc.wait()
    return "\n".join(lines), wall




def main():
    os.makedirs(OUT, exist_ok=True)
    boots = {n: linux_boot(n) for n in (1, 2)}
    # cyclictest in the PREEMPT_RT kernel (tests/bench/linux_rt.py): native
    # and Tandem pairs checked like for like (tests/bench/like_for_like.py),
    # multi-core rows over BENCH_REPEATS runs.
    rt = linux_rt.bench()
    cyclictest, cyclictest_goals = rt["runs"], rt["goals"]
    rtos_rows = rtos_bench.runs()
    rtos_goals = rtos_bench.goals(rtos_rows)
    rtos_repeat = rtos_bench.repeat_check(3)
    interleave = rtos_interleave.run()
    io = io_bench.runs()
    firmware = firmware_bench.runs()
    pv_rows = pv_bench.runs()
    pv_bench.plot(pv_rows, os.path.join(OUT, "pv-vs-hw.svg"))
    arm32 = arm32_bench.measure()
    # The Cortex-A9 (issue 16): its own runs, beside pv_bench's and arm32_bench's rows.
    a9_rows = a9_bench.runs()
    try:    # a trace the monitor switched on too late must not cost the run's results
        a9_trace = a9_profile.measure()
    except SystemExit as e:
        a9_trace = {"error": str(e)}
    traced = a9_trace.get("null_call")
    a9_table = a9_bench.combined(pv_rows, arm32, a9_rows)
    a9_goals = a9_bench.goals(a9_rows, a9_trace)
    a9_bench.plot(a9_table, os.path.join(OUT, "pv-a9.svg"),
                  {"a9-paravirtual": traced["function_round_trip"]} if traced else None)
    figures, cmd, traps = path_lengths()
    irqs = {"gicv%d" % g: irq_latencies(g) for g in (3, 2)}
    irq_rows = []
    for name, (label, goal, peer) in IRQ_LATENCIES.items():
        row = {"name": name, "label": label, "goal_max": goal, "peer": peer}
        for g, r in irqs.items():
            row[g] = r[name]
        row["meets_goal"] = all(row[g]["tandem"] <= goal for g in irqs)
        irq_rows.append(row)
    rows = []
    for name, (label, goal, peer) in PATH_LENGTHS.items():
        r = figures[name]
        rows.append({"name": name, "label": label, "instructions": r["instructions"],
                     "timer_check": r["timer_check"], "goal_max": goal, "peer": peer,
                     "meets_goal": goal is None or r["instructions"] <= goal})
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "qemu": qemu_version(),
        "method": "QEMU TCG, -icount shift=0,sleep=off, -smp 1; instructions per operation "
                  "(cycle counter, cross-checked with the generic timer)",
        "command": cmd,
        "path_lengths": rows,
        "bench_vm_traps": traps,
        "interrupts": irq_rows,
        "interrupt_commands": {g: {"native": r["command_native"], "tandem": r["command_tandem"]}
                               for g, r in irqs.items()},
        "linux_boot": {"%dvcpu" % n: b for n, b in boots.items()},
        "linux_boot_goal_icount_ratio_max": 1.03,
        "cyclictest": cyclictest,
        "cyclictest_goals": cyclictest_goals,
        "cyclictest_repeat_check": rt["repeat_check"],
        "rtos_latency": rtos_rows,
        "rtos_goals": rtos_goals,
        "rtos_repeat_check": rtos_repeat,
        "rtos_interleaving": interleave,
        "channel": io["channel"],
        "virtio_blk_read": io["virtio_blk_read"],
        "firmware_boot": firmware,
        "paravirtual_comparison": pv_rows,
        "paravirtual_port_cost": port_cost.measure(),
        "arm32": arm32,
        "cortex_a9": {"runs": a9_rows, "table": a9_table, "goals": a9_goals, "profile": a9_trace,
                      "notes": a9_bench.like_for_like(a9_table)},
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    print("Tandem benchmarks (%s, commit %s)" % (results["qemu"], results["commit"]))
    print("Path lengths, instructions (-icount shift=0,sleep=off, -smp 1):")
    print("  %-44s %8s %8s %6s %6s" % ("", "Tandem", "timer", "goal", "peer"))
    for r in rows:
        print("  %-44s %8d %8.2f %6s %6s%s" % (
            r["label"], r["instructions"], r["timer_check"],
            "<=%d" % r["goal_max"] if r["goal_max"] else "-", r["peer"] or "-",
            "" if r["meets_goal"] else "  (over goal)"))
    print("Interrupts, instructions (median; -icount shift=0,sleep=off, -smp 1), native | Tandem:")
    print("  %-52s %13s %13s %6s %6s" % ("", "GICv3", "GICv2", "goal", "peer"))
    for r in irq_rows:
        print("  %-52s %5d | %5d %5d | %5d %6s %6s%s" % (
            r["label"], r["gicv3"]["native"], r["gicv3"]["tandem"], r["gicv2"]["native"],
            r["gicv2"]["tandem"], "<=%d" % r["goal_max"], r["peer"] or "-",
            "" if r["meets_goal"] else "  (over goal)"))
    print("Linux (Debian %s) from power-on to /init, native vs Tandem:" % kernel_release())
    print("  %-8s %16s %16s %8s %10s %10s %8s" % ("vCPUs", "native insns", "Tandem insns", "ratio",
                                                "native s", "Tandem s", "ratio"))
    for n, b in boots.items():
        print("  %-8d %16d %16d %8.4f %10.3f %10.3f %8.3f" % (
            n, b["native"]["instructions"], b["tandem"]["instructions"], b["icount_ratio"],
            b["native"]["wall_seconds"], b["tandem"]["wall_seconds"], b["wall_ratio"]))
    for n, b in boots.items():
        print("  traps (%d vCPU, boot to poweroff): %s" % (n, b["tandem"]["traps"]))
    print(linux_rt.table(rt))
    print(rtos_bench.table(rtos_rows, rtos_goals, rtos_repeat))
    print("  partitioned-loaded under -d int (%d periods, max %d): %d of %d releases that stayed in the RTOS "
          "had core-1 exceptions inside (QEMU ran core 1 there); core 0 entered Tandem in %d others"
          % (interleave["periods"], interleave["max"], interleave["releases_with_core1_inside"],
             interleave["releases_guest_only"], interleave["releases_entering_tandem"]))
    print(io_bench.table(io))
    print("Firmware, reset to the prompt and one command, icount time (-smp 1, instructions): "
          "U-Boot native %d, Tandem %d (ratio %.4f); EDK2 shell native %d, Tandem %d (ratio %.4f)"
          % (firmware["u-boot_prompt"]["native"]["instructions"], firmware["u-boot_prompt"]["tandem"]["instructions"],
             firmware["u-boot_prompt"]["icount_ratio"], firmware["edk2_shell"]["native"]["instructions"],
             firmware["edk2_shell"]["tandem"]["instructions"], firmware["edk2_shell"]["icount_ratio"]))
    print(pv_bench.table(pv_rows))
    print("  plot: %s" % os.path.relpath(os.path.join(OUT, "pv-vs-hw.svg"), ROOT))
    cost = results["paravirtual_port_cost"]["total"]
    print("  the RTOS's paravirtual port: %d lines added, %d changed against the native port "
          "(%d, %d code lines); kernel unchanged (tools/port_cost.py)"
          % (cost["all"]["added"], cost["all"]["changed"], cost["code"]["added"], cost["code"]["changed"]))
    print(arm32_bench.table(arm32))
    print(a9_bench.table(a9_table, a9_goals, a9_bench.like_for_like(a9_table), a9_trace))
    print("  plot: %s" % os.path.relpath(os.path.join(OUT, "pv-a9.svg"), ROOT))
    print("  where the A9's paravirtual path spends its instructions (tests/bench/a9_profile.py):")
    print("\n".join("    " + l for l in (a9_profile.text(a9_trace) if traced else a9_trace["error"]).splitlines()))
    print("Results: %s" % os.path.relpath(os.path.join(OUT, "results.json"), ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
