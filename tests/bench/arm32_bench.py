#!/usr/bin/env python3
"""ARMv7-A beside arm64: the same measurements of both Tandem images, on the
same QEMU (virt, -icount shift=0,sleep=off), the same GIC version, the same
guests built for each architecture, in one invocation.

  - path lengths: the test guest's bench mode (tests/integration/overlays/
    bench.dtso, -smp 1): null hypercall, emulated MMIO read, ... for arm64
    and arm32 on GICv3 and GICv2;
  - interrupts: the test guest's bench-irq mode natively and under Tandem
    (virtual-timer deadline to the guest's handler, SGI to itself,
    GICD_ISENABLER write round trip);
  - the RTOS's release latency natively, alone under Tandem, and sharing
    one core with a loaded Linux, on both architectures (arm64's runs are
    rtos_bench.py's configurations), with the timer interrupt's latency;
  - the RTOS's micro mode natively and alone under Tandem (context switch,
    null hypercall, compute workload): the A15's row beside arm64's and the
    Cortex-A9's in a9_bench.py's table;
  - Debian's armhf kernel from power-on to /init, natively and under
    Tandem: natively with the VM's own device tree (-dtb: the tree Tandem
    builds, with seeds), the VM's RAM size and command line, one vCPU (two
    stall under QEMU 7.2's -icount, natively too); the two trees' nodes
    are compared and any difference printed with the row.

Goals (issue 15): each arm32 path length within 1.2x of the arm64 figure on
the same GIC version; Linux boot at most 1.01x native; the RTOS's shared-core
worst case at most 50 us of icount time with no miss.

    tests/bench/arm32_bench.py [--periods N] [--only paths|irqs|rtos|micro|linux]

prints one JSON object; tests/bench/run.py calls measure() and table().
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, HERE)
import pv_bench  # noqa: E402
import rtos_bench  # noqa: E402
import tandem_qemu  # noqa: E402
import like_for_like as lfl  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
ARCHES = ("arm64", "arm32")
# Where each architecture's images are, and its QEMU for native runs.
TREE = {"arm64": BUILD, "arm32": os.path.join(BUILD, "arm32")}
NATIVE = {
    "arm64": ["qemu-system-aarch64", "-M", "virt,gic-version=%d,virtualization=off", "-cpu", "cortex-a57"],
    "arm32": ["qemu-system-arm", "-M", "virt,gic-version=%d,highmem=off", "-cpu", "cortex-a15"],
}
ICOUNT = ["-icount", "shift=0,sleep=off"]
PATHS = ("null_hypercall", "mmio_read")
PATH_LINE = re.compile(r"\[bench\] bench: (\w+) (\d+) \(timer: ([\d.]+)\)")
IRQ_LINE = re.compile(r"bench: (\w+) (?:median )?(\d+)")
IRQS = ("vtimer_irq_latency", "sgi_self_latency", "isenabler_write")
GOAL_RATIO = 1.2
# The VMs' RAM, which the native runs get too: the test guest's bench-irq
# overlay (32 MiB) and the RTOS's overlays (64 MiB).
TESTGUEST_RAM = "32M"
RTOS_RAM = "64M"


def checked(label, native, tandem, vm, declared, arch):
    """like_for_like on one native/Tandem pair of this module (vm: the
    Tandem VM's (overlay, payload)); returns its record for the row."""
    return lfl.pair(label, native, tandem, vm[0], vm[1], declared, arch=arch)


def image(arch, rel):
    return os.path.join(TREE[arch], rel)


def run_logged(cmd, log, timeout=600):
    out, timed_out = tandem_qemu.run(cmd, timeout)
    with open(os.path.join(OUT, log), "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + out)
    if timed_out:
        raise SystemExit("arm32_bench: QEMU timed out; see build/bench/" + log)
    return out


def path_lengths(arch, gic):
    vms = [(os.path.join(BUILD, "tests/integration/overlays/bench.dtbo"),
            image(arch, "guests/test/testguest.bin"))]
    cmd = tandem_qemu.qemu_command(vms, gic=gic, smp=1, icount=True, arch=arch)
    out = run_logged(cmd, "paths-%s-gicv%d.log" % (arch, gic))
    found = {m.group(1): int(m.group(2)) for m in PATH_LINE.finditer(out)}
    missing = [p for p in PATHS if p not in found]
    if missing:
        raise SystemExit("arm32_bench: no %s figure (%s, GICv%d); see build/bench/" % (missing, arch, gic))
    return {"figures": found, "command": " ".join(cmd)}


def irq_latencies(arch, gic):
    guest = image(arch, "guests/test/testguest.bin")
    native = [NATIVE[arch][0], NATIVE[arch][1], NATIVE[arch][2] % gic] + NATIVE[arch][3:] + [
        "-smp", "1", "-m", TESTGUEST_RAM, "-nographic", "-nic", "none", "-no-reboot"] + ICOUNT + [
        "-kernel", guest, "-append", "native bench-irq"]
    vm = (os.path.join(BUILD, "tests/integration/overlays/bench-irq.dtbo"), guest)
    tandem = tandem_qemu.qemu_command([vm], gic=gic, smp=1, icount=True, arch=arch)
    result = {"like_for_like": checked(
        "test guest interrupts %s GICv%d" % (arch, gic), native, tandem, vm,
        {"cmdline": "native: the test guest skips Tandem's hypercalls",
         "devices": "the test guest reads only its GIC, timer and PL011 from its tree"}, arch)}
    for name, cmd in (("native", native), ("tandem", tandem)):
        out = run_logged(cmd, "irqs-%s-gicv%d-%s.log" % (arch, gic, name))
        found = {m.group(1): int(m.group(2)) for m in IRQ_LINE.finditer(out)}
        for key in IRQS:
            if key not in found:
                raise SystemExit("arm32_bench: no %s figure (%s %s, GICv%d); see build/bench/"
                                 % (key, arch, name, gic))
            result.setdefault(key, {})[name] = found[key]
    return result


def rtos_rows(gic, periods):
    """The arm32 RTOS in bench mode natively, alone under Tandem (core 0),
    and sharing one core with Linux running the /init workload on both of
    its... one vCPU (tandem.test=stress where the initramfs has stress-ng,
    else the busybox workload)."""
    rtos = image("arm32", "guests/rtos/rtos.bin")
    rows = []
    native = [NATIVE["arm32"][0], NATIVE["arm32"][1], NATIVE["arm32"][2] % gic] + NATIVE["arm32"][3:] + [
        "-m", RTOS_RAM, "-nographic", "-nic", "none"] + ICOUNT + [
        "-kernel", rtos, "-append", "bench periods=%d" % periods]
    configs = [("native", "native (QEMU alone)", native, None)]
    alone = [(rtos_bench.overlay("guests/rtos/rtos-core0.dtso", "bench periods=%d" % periods,
                                 "arm32-alone-gicv%d" % gic), rtos)]
    vms = {"tandem-alone": alone[0]}
    configs.append(("tandem-alone", "Tandem, the RTOS alone (core 0)",
                    tandem_qemu.qemu_command(alone, gic=gic, smp=1, icount=True, arch="arm32"), None))
    zimage = image("arm32", "guests/linux/zImage")
    initrd = image("arm32", "guests/linux/initramfs-load.cpio.gz")
    shared = [(rtos_bench.overlay("guests/linux/linux-shared.dtso", LINUX_LOAD,
                                  "arm32-shared-gicv%d" % gic), zimage, initrd),
              (rtos_bench.overlay("guests/rtos/rtos-shared.dtso", "bench periods=%d start-ms=%d"
                                  % (periods, START_MS), "arm32-shared-gicv%d" % gic), rtos)]
    configs.append(("shared-loaded", "Tandem, one core shared with loaded Linux",
                    tandem_qemu.qemu_command(shared, gic=gic, smp=1, icount=True, arch="arm32"), "linux"))
    vms["shared-loaded"] = shared[1]
    for name, label, cmd, neighbour in configs:
        log = os.path.join(OUT, "rtos-arm32-%s-gicv%d.log" % (name, gic))
        out, wall = rtos_bench.run_until_done(cmd, log, 1200)
        r = rtos_bench.figures(out, log)
        r["interrupt"] = interrupt_figures(out, log)
        if neighbour:
            # The window must begin once stress-ng runs, on the machine's
            # timeline (each VM prints its counter offset), as rtos_bench checks.
            load = rtos_bench.load_started(out)
            offsets = dict(rtos_bench.OFFSET.findall(out))
            if load is None or "rtos" not in offsets or "linux" not in offsets:
                raise SystemExit("arm32_bench: Linux's load did not start; see %s" % os.path.relpath(log, ROOT))
            if r["window_start_cnt"] + int(offsets["rtos"]) < load + int(offsets["linux"]):
                raise SystemExit("arm32_bench: the RTOS's window starts before Linux's load; raise START_MS")
        r.update({"config": name, "label": label, "gic": gic, "arch": "arm32", "command": " ".join(cmd),
                  "wall_seconds": round(wall, 1), "log": os.path.relpath(log, ROOT)})
        if name in vms:
            declared = dict([rtos_bench.RTOS_DEVICES])
            if neighbour:
                declared["cmdline"] = ("start-ms: the measured window opens after Linux's load started "
                                       "(checked); the RTOS idles until then")
            r["like_for_like"] = checked("arm32 RTOS GICv%d native vs %s" % (gic, name), native, cmd, vms[name],
                                         declared, "arm32")
        rows.append(r)
    return rows


def interrupt_figures(out, log):
    """The bench mode's second line: the timer interrupt's latency (deadline
    to the RTOS's handler), as pv_bench reads it."""
    m = pv_bench.IRQ.search(out)
    if not m:
        raise SystemExit("arm32_bench: no interrupt-latency line; see %s" % os.path.relpath(log, ROOT))
    return {"samples": int(m.group(1)), "min": int(m.group(2)), "mean": float(m.group(3)),
            "p99": int(m.group(4)), "max": int(m.group(5))}


def micro_rows(gic):
    """The RTOS's micro mode (guests/rtos/app/micro.c: context switch, null
    hypercall under Tandem, the compute workload with the 1 kHz task on)
    natively and alone under Tandem in HYP (core 0, -smp 1): the A15's
    figures beside pv_bench's arm64 ones and a9_bench's Cortex-A9 ones."""
    rtos = image("arm32", "guests/rtos/rtos.bin")
    native = [NATIVE["arm32"][0], NATIVE["arm32"][1], NATIVE["arm32"][2] % gic] + NATIVE["arm32"][3:] + [
        "-smp", "1", "-m", RTOS_RAM, "-nographic", "-nic", "none"] + ICOUNT + ["-kernel", rtos, "-append", "micro"]
    alone = [(rtos_bench.overlay("guests/rtos/rtos-core0.dtso", "micro hypercall",
                                 "arm32-micro-gicv%d" % gic), rtos)]
    rows = []
    for name, cmd in (("native", native),
                      ("tandem-alone", tandem_qemu.qemu_command(alone, gic=gic, smp=1, icount=True,
                                                                arch="arm32"))):
        log = os.path.join(OUT, "rtos-arm32-micro-%s-gicv%d.log" % (name, gic))
        out, wall = rtos_bench.run_until_done(cmd, log, 600, until=r"rtos: micro: done")
        r = {"config": name, "gic": gic, "arch": "arm32", "command": " ".join(cmd),
             "wall_seconds": round(wall, 1), "log": os.path.relpath(log, ROOT)}
        for m in pv_bench.MICRO.finditer(out):
            r[m.group(1).replace("-", "_")] = {"min": int(m.group(2)), "median": int(m.group(3))}
        m = pv_bench.COMPUTE.search(out)
        if not m or "context_switch" not in r or (name != "native" and "null_hypercall" not in r):
            raise SystemExit("arm32_bench: micro-benchmark lines missing; see %s" % os.path.relpath(log, ROOT))
        r["compute"] = {"cycles": int(m.group(1)), "crc": m.group(2)}
        if name != "native":
            r["like_for_like"] = checked(
                "arm32 RTOS micro GICv%d" % gic, native, cmd, alone[0],
                dict([rtos_bench.RTOS_DEVICES, ("cmdline", "hypercall: the null-call benchmark, run only where "
                                                "there is a hypervisor")]), "arm32")
        rows.append(r)
    return rows


# Linux's load beside the RTOS: stress-ng from /init (guests/linux/init,
# tandem.test=stress; the armhf load initramfs), until the run ends. The
# armhf kernel reaches /init later than arm64's: the RTOS's window opens
# 8 s into its run (checked against the load's start, not assumed).
LINUX_LOAD = "console=ttyAMA0 tandem.test=stress"
START_MS = 8000
# The VM's bootargs (tests/integration/overlays/linux-bench-N.dtso), checked by
# like_for_like: "nokaslr" does nothing on armhf, but both kernels get it.
LINUX_ARGS = "console=ttyAMA0 nokaslr tandem.test=poweroff"
LINUX_RAM = "512M"   # the VM's RAM (tests/integration/overlays/linux-bench-N.dtso)
COUNTER = re.compile(r"tandem-linux: counter (\d+) frequency (\d+)")


# What the armhf boot pair keeps apart: nothing (the native run boots with
# the VM's tree, RAM, command line and core count).
LINUX_DECLARED = {}


def top_nodes(dtb):
    """Top-level node names (with unit addresses) of a tree, by dtc."""
    text = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True, text=True).stdout
    return sorted(set(re.findall(r"^\t([a-zA-Z0-9_,.+@-]+) \{", text, re.M)))


def vm_tree(vms, smp, tmp):
    """The VM's device tree as Tandem builds it (tandem-check --arch arm32 on
    the platform tree of the same command line), compiled, with the seeds
    Tandem gives each boot (random, 64 + 8 bytes) in /chosen: the tree the
    native run boots with, so that both kernels see the same machine."""
    platform = lfl.dumpdtb(tandem_qemu.qemu_command(vms, icount=True, arch="arm32", smp=smp),
                      os.path.join(tmp, "platform.dtb"))
    check = subprocess.run([os.path.join(BUILD, "tools/tandem-check"), "--arch", "arm32", platform,
                            "%s=%s" % (vms[0][0], vms[0][1])], capture_output=True, text=True).stdout
    if "/dts-v1/" not in check:
        raise SystemExit("arm32_bench: tandem-check printed no VM tree:\n" + check)
    dts = check[check.index("/dts-v1/"):]
    dts = dts[:dts.rindex("\n};") + 3] + "\n"   # the tree, without the summary after it
    seeds = "rng-seed = [%s];\n\t\tkaslr-seed = [%s];\n\t\t" % (os.urandom(64).hex(), os.urandom(8).hex())
    dts = re.sub(r"(\tchosen \{\n\t\t)", lambda m: m.group(1) + seeds, dts, count=1)
    out = os.path.join(tmp, "vm.dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"], input=dts, text=True, check=True)
    return out


def linux_boot(ncpus):
    """Debian's armhf kernel to /init under Tandem, and natively on the same
    QEMU with the VM's own device tree (-dtb), the VM's RAM size and the
    same command line: the same machine on both sides, checked (the trees'
    top-level nodes compared, the difference reported)."""
    zimage, initrd = image("arm32", "guests/linux/zImage"), image("arm32", "guests/linux/initramfs.cpio.gz")
    vms = [(os.path.join(BUILD, "tests/integration/overlays/linux-bench-%d.dtbo" % ncpus), zimage, initrd)]
    tmp = tempfile.mkdtemp(prefix="tandem-bench-")
    tree = vm_tree(vms, ncpus, tmp)
    native = [NATIVE["arm32"][0], NATIVE["arm32"][1], NATIVE["arm32"][2] % 3] + NATIVE["arm32"][3:] + [
        "-smp", str(ncpus), "-m", LINUX_RAM, "-nographic", "-nic", "none", "-no-reboot"] + ICOUNT + [
        "-kernel", zimage, "-initrd", initrd, "-dtb", tree, "-append", LINUX_ARGS]
    tandem = tandem_qemu.qemu_command(vms, smp=ncpus, icount=True, arch="arm32")
    native_nodes = set(top_nodes(lfl.dumpdtb(native, os.path.join(tmp, "native.dtb"))))
    vm_nodes = set(top_nodes(tree))
    result = {"ram": LINUX_RAM, "vcpus": ncpus,
              "devices": {"native_only": sorted(native_nodes - vm_nodes),
                          "vm_only": sorted(vm_nodes - native_nodes)}}
    nat = lfl.from_qemu(native, os.path.join(tmp, "native.dtb"))
    guest = lfl.from_overlay(vms[0][0], tandem, tree)
    result["like_for_like"] = {"native": nat, "guest": guest,
                               "declared": lfl.check("armhf Linux boot %d vCPU" % ncpus, nat, guest, LINUX_DECLARED)}
    for name, cmd in (("native", native), ("tandem", tandem)):
        out = run_logged(cmd, "linux-boot-arm32-%dcpu-%s.log" % (ncpus, name), timeout=900)
        m = COUNTER.search(out)
        if not m:
            raise SystemExit("arm32_bench: Linux (%s, %d vCPU) did not reach /init; see build/bench/"
                             % (name, ncpus))
        count, freq = int(m.group(1)), int(m.group(2))
        off = re.search(r"tandem: vm linux: virtual counter offset (\d+)", out)
        count += int(off.group(1)) if off else 0
        result[name] = {"instructions": count * 1000000000 // freq, "command": " ".join(cmd)}
    result["icount_ratio"] = round(result["tandem"]["instructions"] / result["native"]["instructions"], 4)
    return result


def measure(periods=rtos_bench.PERIODS, only=None):
    os.makedirs(OUT, exist_ok=True)
    r = {}
    if only in (None, "paths"):
        r["paths"] = {"%s-gicv%d" % (a, g): path_lengths(a, g) for g in (3, 2) for a in ARCHES}
    if only in (None, "irqs"):
        r["irqs"] = {"%s-gicv%d" % (a, g): irq_latencies(a, g) for g in (3, 2) for a in ARCHES}
    if only in (None, "rtos"):
        r["rtos"] = rtos_rows(3, periods) + rtos_rows(2, periods)
        # arm64's, in the same invocation (rtos_bench.py's configurations).
        for gic in (3, 2):
            r["rtos"].append(dict(rtos_bench.native(gic, periods), arch="arm64"))
            for name in ("tandem-alone", "shared-loaded"):
                r["rtos"].append(dict(rtos_bench.tandem(name, gic, periods), arch="arm64"))
    if only in (None, "rtos", "micro"):
        r["rtos_micro"] = micro_rows(3) + micro_rows(2)
    if only in (None, "linux"):
        # One vCPU: with two, Debian's armhf kernel stops progressing after
        # "vgaarb: loaded" under QEMU 7.2's -icount, natively as under
        # Tandem (seen here; without -icount both boot).
        r["linux_boot"] = {"1vcpu": linux_boot(1)}
    r["goals"] = goals(r)
    return r


def goals(r):
    out = []
    for g in (3, 2):
        for name in PATHS:
            if "paths" not in r:
                break
            a64 = r["paths"]["arm64-gicv%d" % g]["figures"][name]
            a32 = r["paths"]["arm32-gicv%d" % g]["figures"][name]
            out.append({"goal": "%s, GICv%d: arm32 <= %.1f x arm64" % (name, g, GOAL_RATIO),
                        "value": a32, "limit": round(GOAL_RATIO * a64, 1), "met": a32 <= GOAL_RATIO * a64})
        for name in IRQS:
            if "irqs" not in r:
                break
            a64 = r["irqs"]["arm64-gicv%d" % g][name]["tandem"]
            a32 = r["irqs"]["arm32-gicv%d" % g][name]["tandem"]
            out.append({"goal": "%s, GICv%d: arm32 <= %.1f x arm64" % (name, g, GOAL_RATIO),
                        "value": a32, "limit": round(GOAL_RATIO * a64, 1), "met": a32 <= GOAL_RATIO * a64})
    for row in r.get("rtos", []):
        if row["config"] == "shared-loaded" and row.get("arch") == "arm32":
            out.append({"goal": "RTOS shared-core worst case, GICv%d: <= 50 us, no miss" % row["gic"],
                        "value": row["max"], "limit": 50000,
                        "met": row["max"] <= 50000 and row["misses"] == 0})
    for n, b in r.get("linux_boot", {}).items():
        out.append({"goal": "Linux boot to /init, %s: <= 1.01 x native" % n, "value": b["icount_ratio"],
                    "limit": 1.01, "met": b["icount_ratio"] <= 1.01})
    return out


def table(r):
    """The side-by-side table, as make bench prints it."""
    lines = ["ARMv7-A (arm32, cortex-a15) beside arm64 (cortex-a57), instructions, "
             "-icount shift=0,sleep=off, -smp 1:"]
    if "paths" in r:
        lines.append("  %-36s %9s %9s %9s %9s" % ("Tandem path", "v3 arm64", "v3 arm32", "v2 arm64", "v2 arm32"))
        for name in PATHS:
            lines.append("  %-36s %9d %9d %9d %9d" % (name, *(r["paths"]["%s-gicv%d" % (a, g)]["figures"][name]
                                                          for g in (3, 2) for a in ARCHES)))
    if "irqs" in r:
        lines.append("  %-36s %9s %9s %9s %9s   (native | Tandem)" % ("interrupt", "v3 arm64", "v3 arm32",
                                                                      "v2 arm64", "v2 arm32"))
        for name in IRQS:
            lines.append("  %-36s %s" % (name, " ".join(
                "%4d|%4d" % (r["irqs"]["%s-gicv%d" % (a, g)][name]["native"],
                             r["irqs"]["%s-gicv%d" % (a, g)][name]["tandem"]) for g in (3, 2) for a in ARCHES)))
    if "rtos" in r:
        lines.append("  RTOS release latency, cycles (%d periods of 1 ms), min/mean/p99/max misses:"
                     % r["rtos"][0]["periods"])
        lines.append("    %-36s %-30s %-30s" % ("", "arm64", "arm32"))
        for gic in (3, 2):
            for config in ("native", "tandem-alone", "shared-loaded"):
                cells = []
                for arch in ARCHES:
                    row = [x for x in r["rtos"] if x["gic"] == gic and x["config"] == config and
                           x.get("arch", "arm32") == arch]
                    cells.append("%d/%.1f/%d/%d %d" % (row[0]["min"], row[0]["mean"], row[0]["p99"],
                                                       row[0]["max"], row[0]["misses"]) if row else "-")
                lines.append("    v%d %-33s %-30s %-30s" % (gic, config, cells[0], cells[1]))
    for row in r.get("rtos_micro", []):
        lines.append("    micro, v%d %-12s context switch %d, null hypercall %s, compute %d cycles" % (
            row["gic"], row["config"], row["context_switch"]["median"],
            row["null_hypercall"]["median"] if "null_hypercall" in row else "-", row["compute"]["cycles"]))
    for n, b in r.get("linux_boot", {}).items():
        lines.append("  Debian armhf Linux to /init, %s, %s RAM both: native %d, Tandem %d instructions, "
                     "ratio %.4f" % (n, b["ram"], b["native"]["instructions"], b["tandem"]["instructions"],
                                     b["icount_ratio"]))
        lines.append("    native booted with the VM's own tree (-dtb); top-level nodes only native: %s, "
                     "only the VM's: %s" % (", ".join(b["devices"]["native_only"]) or "none",
                                            ", ".join(b["devices"]["vm_only"]) or "none"))
    for g in r["goals"]:
        lines.append("  goal %s: %s (limit %s) %s" % (g["goal"], g["value"], g["limit"],
                                                      "met" if g["met"] else "NOT MET"))
    lines += ["  " + d for d in declared_lines(r)]
    return "\n".join(lines)


def declared_lines(r):
    """Each pair's declared differences (like_for_like.py), once per kind of
    pair: every other key is the same on both sides, checked."""
    seen, out = set(), []
    pairs = [("interrupts (test guest)", v.get("like_for_like")) for v in r.get("irqs", {}).values()] + \
        [("RTOS " + x["config"], x.get("like_for_like")) for x in r.get("rtos", []) + r.get("rtos_micro", [])] + \
        [("armhf Linux boot", b.get("like_for_like")) for b in r.get("linux_boot", {}).values()]
    for what, p in pairs:
        if not p:
            continue
        for d in p["declared"] or ["none: like for like"]:
            text = "%s differs from its native run: %s" % (what, d)
            key = (what, d.split(":")[0])
            if key not in seen:
                seen.add(key)
                out.append(text)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--periods", type=int, default=rtos_bench.PERIODS)
    ap.add_argument("--only", choices=("paths", "irqs", "rtos", "micro", "linux"))
    a = ap.parse_args()
    r = measure(a.periods, a.only)
    print(table(r))
    with open(os.path.join(OUT, "arm32.json"), "w") as f:
        json.dump(r, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
