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
import linux_boot  # noqa: E402
import boot_path  # noqa: E402
import linux_micro  # noqa: E402
import rtos_interference  # noqa: E402
import footprint  # noqa: E402
import plots  # noqa: E402
import xen_peer  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "tools"))
import port_cost  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")

# name -> (label, goal, the peer's operation). The peer's figure is Xen
# 4.17's, measured in this run (tests/bench/xen_peer.py) with the generic
# timer alone, as is Tandem's figure beside it; never a constant.
PATH_LENGTHS = {
    "null_hypercall": ("null hypercall round trip (HVC)", 80, None),
    "psci_version": ("PSCI_VERSION round trip (HVC)", None, "psci_version"),
    "gicd_read": ("emulated GICD register read (GICD_TYPER)", None, "gicd_read"),
    "mmio_read": ("emulated MMIO read round trip (PL011 FR)", 120, "mmio_read"),
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


# name -> (label, goal, the peer's operation, as above; GICv3 only: Xen's
# dom0less runs were made on GICv3)
IRQ_LATENCIES = {
    "vtimer_irq_latency": ("virtual timer: CVAL reached to guest handler", 100, "vtimer_irq_latency"),
    "sgi_self_latency": ("SGI to self: ICC_SGI1R / GICD_SGIR write to handler", 300, None),
    "isenabler_write": ("GICD_ISENABLER write round trip", 200, "isenabler_write"),
}


def peer_figures(peers):
    """{operation: {"tandem": timer-only figure, "xen": ..., "xen-tuned": ...}}
    from this run's Xen measurement, or {} when it was not run."""
    rows = ((peers or {}).get("test_guest") or {}).get("rows", [])
    return {r["name"]: {k: r.get(k) for k in ("tandem", "xen", "xen-tuned", "native")} for r in rows}


def peers_measure():
    """Xen 4.17 in this run (BENCH_PEERS=0 leaves it out): the test guest's
    operations, Linux to /init, the RTOS where it runs. The -smp 2 check
    (4 minutes of host time waiting for a hang) is make bench-peers' alone."""
    if os.environ.get("BENCH_PEERS", "1") == "0":
        return {"skipped": "BENCH_PEERS=0"}
    return xen_peer.measure(smp=False)


# The test guest's figures: behind its VM's name under Tandem, bare natively.
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


def pictures(results, peers):
    """The RTOS's release latency as cumulative distributions, the
    micro-benchmarks' ratios as bars (SVG in build/bench/, copied to docs/)."""
    svgs = []
    series = plots.rtos_series(results)
    # The peer's rows alone on a core (clock=timer on all three systems; the
    # shared-core rows' tails, 10 ms under Xen, would flatten the others).
    for r in (peers.get("rtos") or []) if isinstance(peers, dict) else []:
        if r.get("histogram") and r["config"].endswith("-alone"):
            series["%s %s (%s clock)" % (r.get("system", "xen"), r["config"], r.get("clock", "timer"))] = \
                [tuple(p) for p in r["histogram"]]
    if series:
        svgs.append(os.path.join(OUT, "rtos-latency-cdf.svg"))
        plots.write(svgs[-1], plots.cdf_svg(series, "The RTOS's release latency (QEMU -icount: cycles = "
                                            "instructions)", "release latency, cycles"))
    ratios = plots.micro_ratios(results)
    if ratios:
        svgs.append(os.path.join(OUT, "ratios.svg"))
        plots.write(svgs[-1], plots.ratio_bars_svg(ratios, list(ratios), "Linux micro-benchmarks, 1 vCPU: "
                                                   "icount time over native (median of 3 runs)"))
    return svgs


def main():
    os.makedirs(OUT, exist_ok=True)
    t_start = time.time()
    timings = {}

    partial = {}

    def timed(name, f, *a, **k):
        """Runs one part; keeps what every part measured so far in
        build/bench/partial-results.json, so that a late failure costs
        only the parts after it."""
        t0 = time.time()
        r = f(*a, **k)
        timings[name] = round(time.time() - t0, 1)
        partial[name] = r
        with open(os.path.join(OUT, "partial-results.json"), "w") as f_:
            json.dump({"commit": git_commit(), "wall_seconds": timings, "parts": partial}, f_, indent=1,
                      default=str)
        return r

    foot = timed("footprint", footprint.measure)
    boot = timed("boot_path", boot_path.measure)
    boots = timed("linux_boot", linux_boot.measure)
    peers = timed("xen_peer", peers_measure)
    micro = {"1vcpu": timed("linux_micro_1vcpu", linux_micro.runs, smp=1, repeat=3, parallel=True)}
    # Xen runs only with -smp 1 under icount: the 2-vCPU pair is native and Tandem.
    micro["2vcpu"] = timed("linux_micro_2vcpu", linux_micro.runs, smp=2, repeat=3, parallel=True,
                           only=["native", "tandem"])
    interference = timed("rtos_interference", rtos_interference.runs)
    # cyclictest in the PREEMPT_RT kernel (tests/bench/linux_rt.py): native
    # and Tandem pairs checked like for like (tests/bench/like_for_like.py),
    # multi-core rows over BENCH_REPEATS runs.
    rt = timed("cyclictest", linux_rt.bench)
    cyclictest, cyclictest_goals = rt["runs"], rt["goals"]
    rtos_rows = timed("rtos_latency", rtos_bench.runs)
    rtos_goals = rtos_bench.goals(rtos_rows)
    rtos_repeat = timed("rtos_repeat_check", rtos_bench.repeat_check, 3)
    interleave = timed("rtos_interleave", rtos_interleave.run)
    io = timed("io", io_bench.runs)
    firmware = timed("firmware", firmware_bench.runs)
    pv_rows = timed("paravirtual_comparison", pv_bench.runs)
    pv_bench.plot(pv_rows, os.path.join(OUT, "pv-vs-hw.svg"))
    arm32 = timed("arm32", arm32_bench.measure)
    # The Cortex-A9 (issue 16): its own runs, beside pv_bench's and arm32_bench's rows.
    a9_rows = timed("cortex_a9", a9_bench.runs)
    try:    # a trace the monitor switched on too late must not cost the run's results
        a9_trace = timed("cortex_a9_profile", a9_profile.measure)
    except SystemExit as e:
        a9_trace = {"error": str(e)}
    traced = a9_trace.get("null_call")
    a9_table = a9_bench.combined(pv_rows, arm32, a9_rows)
    a9_goals = a9_bench.goals(a9_rows, a9_trace)
    a9_bench.plot(a9_table, os.path.join(OUT, "pv-a9.svg"),
                  {"a9-paravirtual": traced["function_round_trip"]} if traced else None)
    figures, cmd, traps = timed("path_lengths", path_lengths)
    irqs = {"gicv%d" % g: timed("interrupts_gicv%d" % g, irq_latencies, g) for g in (3, 2)}
    xen_ops = peer_figures(peers)
    irq_rows = []
    for name, (label, goal, peer_op) in IRQ_LATENCIES.items():
        p = xen_ops.get(peer_op, {}) if peer_op else {}
        row = {"name": name, "label": label, "goal_max": goal,
               "peer": {"system": "Xen 4.17 (GICv3, generic timer only)", "xen": p.get("xen"),
                        "xen_tuned": p.get("xen-tuned"), "tandem_same_method": p.get("tandem")} if p else None}
        for g, r in irqs.items():
            row[g] = r[name]
        row["meets_goal"] = all(row[g]["tandem"] <= goal for g in irqs)
        irq_rows.append(row)
    rows = []
    for name, (label, goal, peer_op) in PATH_LENGTHS.items():
        r = figures[name]
        p = xen_ops.get(peer_op, {}) if peer_op else {}
        rows.append({"name": name, "label": label, "instructions": r["instructions"],
                     "timer_check": r["timer_check"], "goal_max": goal,
                     "peer": {"system": "Xen 4.17 (generic timer only)", "xen": p.get("xen"),
                              "tandem_same_method": p.get("tandem")} if p else None,
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
        "linux_boot_goal_icount_ratio_max": 1.01,
        "boot_path": boot,
        "boot_path_goal_max_instructions": boot_path.GOAL,
        "peers": {"xen-4.17": peers},
        "linux_micro": micro,
        "rtos_interference": interference,
        "footprint": foot,
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
    timings["total"] = round(time.time() - t_start, 1)
    results["wall_seconds"] = timings
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    svgs = []
    try:
        svgs = pictures(results, peers)
    except Exception as e:      # the figures are saved; a drawing bug must not hide them
        print("bench: the plots failed: %r" % e)

    print("Tandem benchmarks (%s, commit %s)" % (results["qemu"], results["commit"]))
    print(footprint.table(foot))
    print(boot_path.table(boot))
    print("Path lengths, instructions (-icount shift=0,sleep=off, -smp 1); the peer, Xen 4.17, measured in "
          "this run with the generic timer alone, beside Tandem measured the same way:")
    print("  %-44s %8s %8s %6s %14s" % ("", "Tandem", "timer", "goal", "Tandem | Xen"))

    def peer_text(p, key="xen"):
        if not p or p.get(key) is None:
            return "-"
        return "%s | %s" % (p["tandem_same_method"], p[key])
    for r in rows:
        print("  %-44s %8d %8.2f %6s %14s%s" % (
            r["label"], r["instructions"], r["timer_check"],
            "<=%d" % r["goal_max"] if r["goal_max"] else "-", peer_text(r["peer"]),
            "" if r["meets_goal"] else "  (over goal)"))
    print("Interrupts, instructions (median; -icount shift=0,sleep=off, -smp 1), native | Tandem; the peer "
          "as above (GICv3; Xen with vwfi=native timer_slop=0 in brackets):")
    print("  %-52s %13s %13s %6s %22s" % ("", "GICv3", "GICv2", "goal", "Tandem | Xen (tuned)"))
    for r in irq_rows:
        print("  %-52s %5d | %5d %5d | %5d %6s %22s%s" % (
            r["label"], r["gicv3"]["native"], r["gicv3"]["tandem"], r["gicv2"]["native"],
            r["gicv2"]["tandem"], "<=%d" % r["goal_max"],
            peer_text(r["peer"]) + (" (%s)" % r["peer"]["xen_tuned"] if r["peer"] and r["peer"].get("xen_tuned")
                                    is not None else ""),
            "" if r["meets_goal"] else "  (over goal)"))
    print("Debian %s:" % kernel_release())
    print(linux_boot.table(boots))
    for n, b in boots.items():
        print("  traps (%d vCPU, boot to poweroff): %s" % (n, b["tandem"]["traps"]))
    if "linux_boot" in peers:
        print("  the peer, Xen 4.17, 1 vCPU, 1 GiB, against its own native run: see the Xen table below")
    print(linux_micro.table(micro["1vcpu"]))
    print(linux_micro.table(micro["2vcpu"]))
    print(linux_rt.table(rt))
    print(rtos_bench.table(rtos_rows, rtos_goals, rtos_repeat))
    print(rtos_interference.table(interference))
    print("  partitioned-loaded under -d int, shared clock = QEMU's scheduling (%d periods, max %d): of %d "
          "releases, %d had core-1 exceptions inside; core 0 entered Tandem in %d (%s), %d of them with core 1 "
          "inside" % (interleave["periods"], interleave["max"], interleave["releases_examined"],
                      interleave["releases_with_core1_inside"], interleave["releases_entering_tandem"],
                      interleave["entering_tandem_by_cause"], interleave["releases_entering_tandem_with_core1_inside"]))
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
    if "test_guest" in peers:
        print("Xen 4.17 in this run (tests/bench/xen_peer.py; make bench-peers adds the -smp 2 check):")
        print("\n".join("  " + l for l in xen_peer.table(peers).splitlines()))
    for p in svgs:
        print("  plot: %s" % os.path.relpath(p, ROOT))
    print("Wall time per part (s): %s" % ", ".join("%s %s" % kv for kv in timings.items()))
    print("Results: %s" % os.path.relpath(os.path.join(OUT, "results.json"), ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
