#!/usr/bin/env python3
"""Xen 4.17 measured in the same run as Tandem (issue 17, item 2).

Debian's own, unpatched hypervisor (xen-hypervisor-4.17-arm64, fetched into
the download cache and checked against the archive's SHA256 by
`guests/linux/fetch.sh xen`) boots dom0less on the same QEMU machine Tandem
is benchmarked on:

    qemu-system-aarch64 -M virt,gic-version=3,virtualization=on -cpu cortex-a57
        -smp 1 -icount shift=0,sleep=off -nographic -nic none -no-reboot

with no dom0 at all (Xen 4.17 boots "true dom0less": is_dom0less_mode()).
Its device tree is QEMU's own (`-M virt,...,dumpdtb=`) with, added by
fdtput, /chosen/xen,xen-bootargs and one /chosen/domUN node per guest
(compatible "xen,domain", memory in KiB, cpus, vpl011, a "multiboot,kernel"
module with its bootargs and, for Linux, a "multiboot,ramdisk" module); the
files are loaded by `-device loader,file=...,addr=...`. Xen's bootargs:
console=dtuart dtuart=/pl011@9000000 bootscrub=0 console_timestamps=raw
loglvl=all guest_loglvl=all (raw timestamps are the physical counter,
CNTPCT, read by Xen as it prints: the machine's own timeline). A domU that
powers off leaves Xen idle and QEMU running: runs end at a marker line.

What is measured, with the same guests as Tandem's benchmarks:

* The test guest's common operations (guests/test, bootargs
  "bench-timer bench-irq"): PSCI_VERSION (HVC), an emulated GICD read
  (GICD_TYPER), an emulated UART read (PL011 / vpl011 FR), a GICD_ISENABLER
  write, and the virtual timer's interrupt latency, under Xen and under
  Tandem and natively, all timed with the generic timer alone (Xen gives a
  domU no PMU: PMCCNTR_EL0 reads as zero), 16 instructions per tick over
  4000 iterations. Tandem is also run once with its cycle counter
  ("bench bench-irq", as tests/bench/run.py does) to check the timer method.
* Linux (build/guests/linux/Image + initramfs.cpio.gz, the bootargs of
  tests/bench/run.py LINUX_ARGS) from power-on to /init, natively and as a
  Xen domU with the same RAM and command line: the instruction count is
  the raw timestamp Xen puts on the guest's TANDEM-LINUX-INIT-REACHED line
  (its virtual counter starts at the domain's creation: CNTVOFF_EL2 is the
  physical count then, which Xen does not print).
* Whether Xen 4.17 runs with -smp 2 under icount at all (it is checked,
  not assumed).

For the lead, the Linux micro-benchmarks use:

    cmd = xen_peer.linux_command(image, initrd, bootargs, mem_mib, ncpus,
                                 extra_vms=())
    out, timed_out = xen_peer.run(cmd, timeout, until=r"MARKER")

linux_command() writes the dom0less tree (build/bench/xen/) and returns the
QEMU command that boots that Linux as Xen's domU1 (ncpus vCPUs on one
physical core; extra_vms: more domUs, each (kernel, ramdisk or None,
bootargs, mem_mib, ncpus)). run() is tandem_qemu.run() with an `until`
regular expression: as no domU's poweroff stops the machine under Xen, QEMU
is stopped at the first line that matches it (or after timeout seconds).
Guest lines come out as "(XEN) [<CNTPCT hex>] DOMn: <line>" (the Linux
of linux_command() is domain 1, extra_vms are 2, 3, ... in their order);
guest_lines(out, n) strips that. Example (the test guest beside Linux):

    cmd = linux_command(IMAGE, INITRD, LINUX_ARGS, 512, 1,
                        extra_vms=[(TESTGUEST, None, "heartbeats=3", 32, 1)])
    out, timed_out = run(cmd, 300, until=r"DOM1: tandem-linux: counter")
    [line for _, line in guest_lines(out, 2)]   # the test guest's lines

    python3 tests/bench/xen_peer.py [--only ops|linux|smp|rtos]

writes build/bench/peers.json and prints a table (`make bench-peers`).
"""
import argparse
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

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
XEN_DIR = os.path.join(OUT, "xen")
TESTGUEST = os.path.join(BUILD, "guests/test/testguest.bin")
IMAGE = os.path.join(BUILD, "guests/linux/Image")
INITRD = os.path.join(BUILD, "guests/linux/initramfs.cpio.gz")
LINUX_ARGS = "console=ttyAMA0 nokaslr tandem.test=poweroff"   # tests/bench/run.py's
TESTGUEST_ARGS = "bench-timer bench-irq"
MACHINE = "virt,gic-version=3,virtualization=on"
XEN_ARGS = ("console=dtuart dtuart=/pl011@9000000 bootscrub=0 console_timestamps=raw "
            "loglvl=all guest_loglvl=all")
XEN_TUNED = "vwfi=native timer_slop=0"
# Where the boot modules go in the machine's RAM (0x40000000 up): above
# QEMU's own dtb and Xen's image, below where Xen relocates itself (the top).
MODULE_BASE = 0x50000000

# name -> (label, how the test guest reports it)
OPS = {
    "psci_version": "PSCI_VERSION round trip (HVC)",
    "gicd_read": "emulated GICD register read (GICD_TYPER)",
    "mmio_read": "emulated UART read (PL011 / vpl011 FR)",
    "isenabler_write": "GICD_ISENABLER write round trip",
    "vtimer_irq_latency": "virtual timer: CVAL reached to guest handler (median)",
}


def fetch_xen():
    """Debian's xen-hypervisor-4.17-arm64 (guests/linux/fetch.sh xen, SHA256
    checked there) unpacked into build/bench/xen/; returns its description."""
    out = subprocess.run([os.path.join(ROOT, "guests/linux/fetch.sh"), "xen"], check=True,
                         capture_output=True, text=True).stdout
    role, package, version, sha256, deb = out.strip().split("\n")[-1].split("\t")
    assert role == "xen", out
    unpacked = os.path.join(XEN_DIR, "deb")
    binary = os.path.join(unpacked, "boot/xen-4.17-arm64")
    stamp = os.path.join(XEN_DIR, "deb.sha256")
    if not (os.path.exists(binary) and os.path.exists(stamp) and open(stamp).read().strip() == sha256):
        subprocess.run(["rm", "-rf", unpacked], check=True)
        os.makedirs(unpacked)
        subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
        with open(stamp, "w") as f:
            f.write(sha256 + "\n")
    return {"package": package, "version": version, "sha256": sha256, "deb": deb,
            "binary": os.path.relpath(binary, ROOT)}


def xen_binary():
    return os.path.join(XEN_DIR, "deb/boot/xen-4.17-arm64")


# dtb path -> the commands that made it (dumpdtb, then fdtput), for the logs
TREE_COMMANDS = {}


def _fdtput(dtb, *args):
    cmd = ["fdtput", dtb] + [str(a) for a in args]
    TREE_COMMANDS.setdefault(dtb, []).append(" ".join("'%s'" % a if (" " in a or not a) else a for a in cmd))
    subprocess.run(cmd, check=True)


def tree_commands(cmd):
    """The commands that built the -dtb of a QEMU command (empty for none)."""
    return TREE_COMMANDS.get(cmd[cmd.index("-dtb") + 1], []) if "-dtb" in cmd else []


def _align(x, a=0x200000):
    return (x + a - 1) // a * a


def dom0less_tree(dtb, machine_smp, machine_mem_mib, domus, xen_args=XEN_ARGS):
    """QEMU virt's own tree (dumpdtb, same machine flags) with the dom0less
    nodes added; domus: [(kernel, ramdisk or None, bootargs, mem_mib, ncpus)].
    Returns the -device loader arguments for the modules."""
    os.makedirs(os.path.dirname(dtb), exist_ok=True)
    dump = ["qemu-system-aarch64", "-M", MACHINE + ",dumpdtb=" + dtb, "-cpu", "cortex-a57",
            "-smp", str(machine_smp), "-m", "%dM" % machine_mem_mib, "-nographic", "-nic", "none"]
    TREE_COMMANDS[dtb] = [" ".join(dump)]
    subprocess.run(dump, check=True, capture_output=True)
    _fdtput(dtb, "-t", "s", "/chosen", "xen,xen-bootargs", xen_args)
    # Module addresses in the domUs' order; the nodes are then added last
    # first, as fdtput -c puts a new node before its siblings: Xen builds
    # the domUs in tree order, so domUN is domain N.
    loaders, addr, placed = [], MODULE_BASE, []
    for kernel, ramdisk, bootargs, mem_mib, ncpus in domus:
        mods = []
        for kind, f in (("kernel", kernel), ("ramdisk", ramdisk)):
            if f:
                mods.append((kind, f, addr, os.path.getsize(f)))
                loaders += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (f, addr)]
                addr = _align(addr + os.path.getsize(f))
        placed.append(mods)
    for i in range(len(domus), 0, -1):
        _kernel, _ramdisk, bootargs, mem_mib, ncpus = domus[i - 1]
        node = "/chosen/domU%d" % i
        _fdtput(dtb, "-c", node)
        _fdtput(dtb, "-t", "s", node, "compatible", "xen,domain")
        _fdtput(dtb, "-t", "u", node, "#address-cells", 2)
        _fdtput(dtb, "-t", "u", node, "#size-cells", 1)
        _fdtput(dtb, "-t", "u", node, "memory", 0, mem_mib * 1024)
        _fdtput(dtb, "-t", "u", node, "cpus", ncpus)
        _fdtput(dtb, node, "vpl011")      # no value: an empty property
        for kind, f, at, size in reversed(placed[i - 1]):
            mod = "%s/module@%x" % (node, at)
            _fdtput(dtb, "-c", mod)
            _fdtput(dtb, "-t", "s", mod, "compatible", "multiboot,%s" % kind, "multiboot,module")
            _fdtput(dtb, "-t", "x", mod, "reg", 0, "%x" % at, "%x" % size)
            if kind == "kernel":
                _fdtput(dtb, "-t", "s", mod, "bootargs", bootargs)
    return loaders


def machine_mem_mib(domus):
    """The machine's RAM: the domUs' and 512 MiB for Xen and the modules."""
    return sum(d[3] for d in domus) + 512 + sum(
        (os.path.getsize(d[0]) + (os.path.getsize(d[1]) if d[1] else 0)) >> 20 for d in domus)


def command(domus, tag, machine_smp=1, xen_args=XEN_ARGS):
    """The QEMU command booting Xen with these domUs (see dom0less_tree)."""
    mem = machine_mem_mib(domus)
    dtb = os.path.join(XEN_DIR, "%s.dtb" % tag)
    loaders = dom0less_tree(dtb, machine_smp, mem, domus, xen_args)
    return (["qemu-system-aarch64", "-M", MACHINE, "-cpu", "cortex-a57", "-smp", str(machine_smp),
             "-m", "%dM" % mem, "-nographic", "-nic", "none", "-no-reboot",
             "-icount", "shift=0,sleep=off", "-kernel", xen_binary(), "-dtb", dtb] + loaders)


def linux_command(image, initrd, bootargs, mem_mib, ncpus, extra_vms=()):
    """The QEMU command booting that Linux as Xen 4.17's dom0less domU1
    (ncpus vCPUs, mem_mib MiB, its vpl011 as ttyAMA0) on one physical core;
    extra_vms: further domUs, (kernel, ramdisk or None, bootargs, mem_mib,
    ncpus) each. Run it with run(cmd, timeout, until=...)."""
    domus = [(image, initrd, bootargs, mem_mib, ncpus)] + list(extra_vms)
    return command(domus, "linux-%dM-%dcpu" % (mem_mib, ncpus))


def run(cmd, timeout, until=None):
    """Runs QEMU until a console line matches `until` (a regular
    expression; None: until QEMU exits) or timeout seconds pass; returns
    (output, timed_out), as tools/tandem_qemu.py's run()."""
    if until is None:
        return tandem_qemu.run(cmd, timeout)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, t0, matched = [], time.time(), False
    import selectors
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    buf = b""
    while time.time() - t0 < timeout:
        if not sel.select(timeout=1.0):
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
        *done, buf = buf.split(b"\n")
        for raw in done:
            line = raw.decode(errors="replace").replace("\r", "")
            lines.append(line)
            if re.search(until, line):
                matched = True
        if matched:
            break
    if buf:
        lines.append(buf.decode(errors="replace").replace("\r", ""))
    timed_out = not matched and proc.poll() is None
    proc.kill()
    proc.wait()
    return "\n".join(lines) + "\n", timed_out


XEN_LINE = re.compile(r"^\(XEN\) (?:\[([0-9a-f]{16})\] )?(.*)$")
DOM_LINE = re.compile(r"^DOM(\d+): (.*)$")


def guest_lines(out, domid=1):
    """[(CNTPCT when Xen printed it or None, line)] of one domU's console."""
    res = []
    for line in out.split("\n"):
        m = XEN_LINE.match(line)
        if not m:
            continue
        d = DOM_LINE.match(m.group(2))
        if d and int(d.group(1)) == domid:
            res.append((int(m.group(1), 16) if m.group(1) else None, d.group(2)))
    return res


def _log(name, cmd, out):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write("".join("# " + c + "\n" for c in tree_commands(cmd)) + "# " + " ".join(cmd) + "\n" + out)
    return os.path.relpath(path, ROOT)


# ------------------------------------------------------------ the test guest
TIMER_OP = re.compile(r"bench: (\w+) timer-only (\d+\.\d+)$")
TIMER_IRQ = re.compile(r"bench: vtimer_irq_latency timer-only median (-?\d+) min (-?\d+) max (-?\d+)")
PMU_OP = re.compile(r"bench: (\w+) (\d+) \(timer: ([\d.]+)\)$")
PMU_IRQ = re.compile(r"bench: (\w+) median (\d+) min (-?\d+) max (-?\d+)$")
END = r"end: PSCI SYSTEM_OFF|exception: "


def parse_ops(lines):
    r = {}
    for line in lines:
        m = TIMER_OP.search(line)
        if m:
            r[m.group(1)] = {"instructions": float(m.group(2))}
        m = TIMER_IRQ.search(line)
        if m:
            r["vtimer_irq_latency"] = {"instructions": int(m.group(1)), "min": int(m.group(2)),
                                       "max": int(m.group(3)), "resolution": "+-2"}
        m = PMU_OP.search(line)
        if m:
            r[m.group(1)] = {"instructions": int(m.group(2)), "timer_check": float(m.group(3))}
        m = PMU_IRQ.search(line)
        if m:
            r[m.group(1)] = {"instructions": int(m.group(2)), "min": int(m.group(3)), "max": int(m.group(4))}
    return r


def tandem_overlay(bootargs):
    """tests/integration/overlays/bench.dtso (the bench VM: core 0, 32 MiB,
    its vpl011) with these bootargs."""
    os.makedirs(XEN_DIR, exist_ok=True)
    return tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, "tests/integration/overlays/bench.dtso"), bootargs,
        os.path.join(XEN_DIR, "bench-%s.dtbo" % bootargs.replace(" ", "_")))


def testguest_mem_mib():
    """The memory of Tandem's bench VM (its overlay, KiB), for Xen's domU."""
    text = open(os.path.join(ROOT, "tests/integration/overlays/bench.dtso")).read()
    m = re.search(r"memory = <0x0 (0x[0-9a-f]+|\d+)>", text)
    return int(m.group(1), 0) // 1024


def test_guest_ops(timeout=900):
    mem = testguest_mem_mib()
    runs = {}
    native = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "1",
              "-m", "1G", "-nographic", "-nic", "none", "-no-reboot", "-icount", "shift=0,sleep=off",
              "-kernel", TESTGUEST, "-append", "native " + TESTGUEST_ARGS]
    tandem_cmd = lambda args: tandem_qemu.qemu_command(  # noqa: E731
        [(tandem_overlay(args), TESTGUEST)], gic=3, smp=1, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
    xen = command([(TESTGUEST, None, TESTGUEST_ARGS, mem, 1)], "testguest")
    # Xen's own real-time advice (docs/misc/arm/... and its command line
    # reference): WFI not trapped, no timer coalescing (timer_slop is 50 us
    # by default). The same binary, only its command line differs.
    tuned = command([(TESTGUEST, None, TESTGUEST_ARGS, mem, 1)], "testguest-tuned",
                    xen_args=XEN_ARGS + " " + XEN_TUNED)
    for name, cmd, prefix in (("native", native, None), ("tandem", tandem_cmd(TESTGUEST_ARGS), "[bench] "),
                              ("xen", xen, "xen"), ("xen-tuned", tuned, "xen"),
                              ("tandem-pmu", tandem_cmd("bench bench-irq"), "[bench] "),
                              ("native-pmu", native[:-1] + ["native bench bench-irq"], None)):
        out, timed_out = run(cmd, timeout, until=END if prefix == "xen" else None)
        log = _log("peers-testguest-%s.log" % name, cmd, out)
        if prefix == "xen":
            lines = [l for _, l in guest_lines(out)]
        elif prefix:
            lines = [l[len(prefix):] for l in out.split("\n") if l.startswith(prefix)]
        else:
            lines = out.split("\n")
        figures = parse_ops(lines)
        errors = [l for l in lines if l.startswith("exception:") or "not received" in l]
        runs[name] = {"command": " ".join(cmd), "tree_commands": tree_commands(cmd), "log": log,
                      "timed_out": timed_out, "figures": figures, "errors": errors}
        if prefix == "xen":
            runs[name]["uart"] = next((l for l in lines if l.startswith("mmio: ")), None)
            runs[name]["platform"] = next((l for l in lines if l.startswith("platform: ")), None)
            runs[name]["gic"] = next((l for l in lines if l.startswith("gic: ")), None)
    rows = []
    for key, label in OPS.items():
        row = {"name": key, "label": label}
        for name in ("native", "tandem", "xen", "xen-tuned", "tandem-pmu", "native-pmu"):
            f = runs[name]["figures"].get(key)
            row[name] = f["instructions"] if f else None
        rows.append(row)
    return {"bootargs": TESTGUEST_ARGS, "domU_memory_mib": mem, "runs": runs, "rows": rows,
            "method": "generic timer only (bench-timer): 16 instructions per tick at 62.5 MHz; path lengths "
                      "over 4000 iterations (one iteration minus an empty one, +1), the interrupt's latency "
                      "from the counter at the vector's first instruction and the spins to its next tick "
                      "(+-2 instructions), median of 256; tandem-pmu: the cycle counter (run.py's method), "
                      "as a check of the timer method"}


# ------------------------------------------------------------------ Linux boot
NATIVE_COUNTER = re.compile(r"tandem-linux: counter (\d+) frequency (\d+)")


def linux_boot(mem_mib=1024, ncpus=1, timeout=1800):
    """Linux to /init natively and as Xen's domU1, same RAM, cmdline, vCPUs."""
    native = ["qemu-system-aarch64", "-M", "virt,gic-version=3,virtualization=off", "-cpu", "cortex-a57",
              "-smp", str(ncpus), "-m", "%dM" % mem_mib, "-nographic", "-nic", "none", "-no-reboot",
              "-icount", "shift=0,sleep=off", "-kernel", IMAGE, "-initrd", INITRD, "-append", LINUX_ARGS]
    xen = linux_command(IMAGE, INITRD, LINUX_ARGS, mem_mib, ncpus)
    result = {"mem_mib": mem_mib, "vcpus": ncpus, "bootargs": LINUX_ARGS}
    t0 = time.time()
    out, timed_out = run(native, timeout, until=None)
    wall = time.time() - t0
    log = _log("peers-linux-boot-%dcpu-native.log" % ncpus, native, out)
    m = NATIVE_COUNTER.search(out)
    if not m or "TANDEM-LINUX-INIT-REACHED" not in out:
        raise SystemExit("xen_peer: native Linux did not reach /init; see " + log)
    count, freq = int(m.group(1)), int(m.group(2))
    native_out = out
    result["native"] = {"instructions": count * 1000000000 // freq, "command": " ".join(native), "log": log,
                        "wall_seconds": round(wall, 1)}
    t0 = time.time()
    out, timed_out = run(xen, timeout, until=r"DOM1: tandem-linux: counter")
    wall = time.time() - t0
    log = _log("peers-linux-boot-%dcpu-xen.log" % ncpus, xen, out)
    lines = guest_lines(out)
    marker = next((ts for ts, l in lines if l.strip() == "TANDEM-LINUX-INIT-REACHED"), None)
    counter = next(((ts, l) for ts, l in lines if NATIVE_COUNTER.search(l)), None)
    if marker is None or counter is None:
        raise SystemExit("xen_peer: Linux under Xen did not reach /init (timed out: %s); see %s" % (timed_out, log))
    vc = NATIVE_COUNTER.search(counter[1])
    vcount, freq = int(vc.group(1)), int(vc.group(2))
    first = next((ts for ts, l in lines if ts is not None), None)
    # Xen's last line before it schedules the domU (end of __start_xen):
    # what Xen spends from power-on before the guest's first instruction.
    freed = [int(m.group(1), 16) for m in re.finditer(r"^\(XEN\) \[([0-9a-f]{16})\] Freed \d+kB init memory",
                                                      out, re.M)]
    created = re.search(r"^\(XEN\) \[([0-9a-f]{16})\] \*\*\* LOADING DOMU", out, re.M)
    result["xen"] = {
        "instructions": marker * 1000000000 // freq, "command": " ".join(xen),
        "tree_commands": tree_commands(xen), "log": log,
        "wall_seconds": round(wall, 1),
        "how": "Xen's raw console timestamp (CNTPCT, the machine's counter from power-on) on the guest's "
               "TANDEM-LINUX-INIT-REACHED line",
        "guest_virtual_counter_at_init": vcount,
        "domain_counter_offset_estimate": counter[0] - vcount,
        "guest_instructions_from_domain_creation": vcount * 1000000000 // freq,
        "first_domU_console_line_at": first * 1000000000 // freq if first is not None else None,
        "xen_until_domU_construction": int(created.group(1), 16) * 1000000000 // freq if created else None,
        "xen_until_guest_runs": freed[0] * 1000000000 // freq if freed else None,
    }
    # The trees differ in seeds too: QEMU's has /chosen/rng-seed, which
    # seeds Linux's crng at once; Xen 4.17 gives a domU none.
    init_at = native_out.index("TANDEM-LINUX-INIT-REACHED")
    xen_init_at = out.index("DOM1: TANDEM-LINUX-INIT-REACHED")
    result["crng_ready_before_init"] = {"native": "crng init done" in native_out[:init_at],
                                        "xen": "crng init done" in out[:xen_init_at]}
    if freed:
        guest = (marker - freed[0]) * 1000000000 // freq
        result["xen"]["guest_part"] = guest
        result["guest_part_ratio_to_native"] = round(guest / result["native"]["instructions"], 4)
    result["icount_ratio_xen_to_native"] = round(result["xen"]["instructions"] / result["native"]["instructions"], 4)
    return result


def smp_check(timeout=240):
    """Does Xen 4.17 come up with -smp 2 under icount? The test guest as
    domU1, as in test_guest_ops but with a second physical core."""
    mem = testguest_mem_mib()
    cmd = command([(TESTGUEST, None, "heartbeats=2", mem, 1)], "smp2", machine_smp=2)
    t0 = time.time()
    out, timed_out = run(cmd, timeout, until=END)
    log = _log("peers-xen-smp2.log", cmd, out)
    lines = [l for _, l in guest_lines(out)]
    cpus = re.findall(r"Brought up (\d+) CPUs", out)
    return {"command": " ".join(cmd), "tree_commands": tree_commands(cmd), "log": log, "timed_out": timed_out,
            "wall_seconds": round(time.time() - t0, 1),
            "xen_brought_up_cpus": int(cpus[0]) if cpus else None,
            "guest_reached_end": any(l.startswith("end: ") for l in lines),
            "last_xen_line": next((l for l in reversed(out.split("\n")) if l.startswith("(XEN)")), None)}


IDLE = r"icount sleep disabled and no active timers"   # QEMU: nothing will ever run again


def rtos_attempt(timeout=300):
    """The unmodified RTOS (guests/rtos, "bench periods=300") as Xen's
    domU1: the evidence for the RTOS rows that are not measured. It ends
    when the RTOS reports, or when QEMU says the machine is idle with no
    timer left (nothing can ever run again)."""
    rtos = os.path.join(BUILD, "guests/rtos/rtos.bin")
    cmd = command([(rtos, None, "bench periods=300", testguest_mem_mib(), 1)], "rtos")
    out, timed_out = run(cmd, timeout, until=r"rtos: bench: done|" + IDLE)
    log = _log("peers-rtos-xen.log", cmd, out)
    lines = [l for _, l in guest_lines(out)]
    return {"command": " ".join(cmd), "tree_commands": tree_commands(cmd), "log": log, "timed_out": timed_out,
            "domU_console_lines": len(lines),
            "machine_idle_forever": IDLE in out, "reported": any("rtos: bench: done" in l for l in lines)}


# ------------------------------------------------------------------- the rest
def qemu_version():
    out = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "unknown"


def measure(only=None, smp=True):
    """Everything (or only one part); smp=False leaves out the -smp 2 check
    (4 minutes of host time waiting for the hang it shows): make bench's
    call, make bench-peers runs it."""
    res = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "qemu": qemu_version(), "xen": fetch_xen(), "xen_bootargs": XEN_ARGS,
           "machine": "-M %s -cpu cortex-a57 -smp 1 -icount shift=0,sleep=off" % MACHINE,
           "scheduler": "credit2 (Debian's default; its build has credit and credit2 only: no RTDS, null or "
                        "ARINC 653 scheduler, and a dom0less domU's vCPUs cannot be pinned from the tree "
                        "in 4.17 (no vcpu affinity property; cpupools need CONFIG_BOOT_TIME_CPUPOOLS, "
                        "off in Debian's build))"}
    if only in (None, "ops"):
        res["test_guest"] = test_guest_ops()
    if only in (None, "linux"):
        res["linux_boot"] = {"1vcpu": linux_boot(1024, 1)}
    if only == "smp" or (only is None and smp):
        res["smp2"] = smp_check()
    if only in (None, "rtos"):
        res["rtos_attempt"] = rtos_attempt()
    res["not_done"] = {
        "rtos": "The RTOS (guests/rtos) was not measured on Xen, alone or sharing a core with loaded Linux. "
                "Its BSP reads its board from the tree, but (1) it finds its console by stdout-path or "
                "\"arm,pl011\" and Xen 4.17's domU tree has neither (its vpl011 is an \"arm,sbsa-uart\"): the "
                "unmodified RTOS prints nothing there (rtos_attempt); that alone would be a small change, but "
                "(2) it times every release with the PMU cycle counter calibrated against the generic timer "
                "(arch/arm64/cycles.c, the stamps in vectors.S, app/control.c), and Xen gives a domU no PMU "
                "(PMCCNTR_EL0 reads as zero): a timer-only RTOS is not a small change and would make its "
                "native and Tandem runs differ from today's",
    }
    return res


def table(res):
    out = ["Xen %s (Debian %s, unpatched), dom0less, no dom0; %s; %s" % (
        res["xen"]["version"].split("-")[0], res["xen"]["package"], res["machine"], res["qemu"])]
    tg = res.get("test_guest")
    if tg:
        out.append("Test guest (%s), instructions, generic timer only (16 per tick):" % tg["bootargs"])
        out.append("  %-56s %7s %7s %7s %9s | %10s %10s" % ("", "native", "Tandem", "Xen", "Xen tuned",
                                                             "native PMU", "Tandem PMU"))
        for r in tg["rows"]:
            out.append("  %-56s %7s %7s %7s %9s | %10s %10s" % (r["label"], *[
                "-" if r[k] is None else ("%g" % r[k])
                for k in ("native", "tandem", "xen", "xen-tuned", "native-pmu", "tandem-pmu")]))
        out.append("  (Xen tuned: Xen's command line plus \"%s\")" % XEN_TUNED)
        for name, r in tg["runs"].items():
            if r["errors"] or r["timed_out"]:
                out.append("  %s: %s%s" % (name, "; ".join(r["errors"]), " (timed out)" if r["timed_out"] else ""))
    lb = res.get("linux_boot")
    if lb:
        out.append("Linux (%s) to /init, instructions (icount), same RAM and cmdline:" % LINUX_ARGS)
        for k, b in lb.items():
            x = b["xen"]
            out.append("  %s, %d MiB: native %d, Xen %d (ratio %.4f)" % (
                k, b["mem_mib"], b["native"]["instructions"], x["instructions"], b["icount_ratio_xen_to_native"]))
            out.append("    Xen before the guest runs %s (domU construction starts at %s); the guest from there "
                       "to /init %s (%.4f x native)" % (
                           x.get("xen_until_guest_runs"), x.get("xen_until_domU_construction"), x.get("guest_part"),
                           b.get("guest_part_ratio_to_native", 0)))
    s = res.get("smp2")
    if s:
        out.append("Xen with -smp 2 under icount: %s (Xen brought up %s CPUs; %s after %s s of host time; "
                   "Xen's last line: %s)" % (
                       "the guest ran to its end" if s["guest_reached_end"] else "the guest did NOT run",
                       s["xen_brought_up_cpus"], "stopped" if s["timed_out"] else "ended", s["wall_seconds"],
                       s["last_xen_line"]))
    a = res.get("rtos_attempt")
    if a:
        out.append("The unmodified RTOS as Xen's domU1: %d console line(s), %s" % (
            a["domU_console_lines"], "reported" if a["reported"] else
            "no report (machine idle with no timer left)" if a["machine_idle_forever"] else "no report"))
    out.append("Scheduler: " + res["scheduler"])
    for k, v in res["not_done"].items():
        out.append("NOT done (%s): %s" % (k, v))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=("ops", "linux", "smp", "rtos"))
    a = ap.parse_args()
    res = measure(a.only)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "peers.json" if not a.only else "peers-%s.json" % a.only)
    with open(path, "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    print(table(res))
    print("Results: %s" % os.path.relpath(path, ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
