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
* The RTOS (guests/rtos, "bench periods=N clock=timer", rtos_rows()): its
  release latency natively, as Tandem's VM on core 0 and as Xen's domU1
  (also with Xen's real-time settings), each alone on a one-core machine,
  and sharing that core with Linux running stress-ng (guests/linux
  initramfs-load, tandem.test=stress): under Tandem its shared-loaded
  configuration (priority 200 over Linux's 10), under Xen both domUs on the
  one core under credit2 (and, apart, credit). clock=timer: the RTOS never
  touches the PMU (a domU has none) and stamps releases with the virtual
  counter, 16 instructions per tick: every figure has 16-instruction
  resolution. Under Xen it finds its console as the "arm,sbsa-uart" vpl011.
  peers["rtos"]: one row per run with config, system, clock ("timer"),
  min/mean/p99/max/jitter/misses, histogram, command and log.

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

    python3 tests/bench/xen_peer.py [--only ops|linux|smp|rtos] [--periods N]

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

# Xen 4.17's vpl011 (SBSA_UART_OUT_BUF_SIZE 128) prints a domU's line in
# pieces of at most 126 characters: a piece that long is continued by the
# next one of the same domain (empty when the line was exactly that long).
XEN_PIECE = 126


def joined_guest_lines(out, domid=1):
    """guest_lines() with the lines Xen cut at XEN_PIECE characters joined:
    [(CNTPCT of the line's first piece, line)]."""
    res, cont = [], False
    for ts, line in guest_lines(out, domid):
        if cont:
            res[-1] = (res[-1][0], res[-1][1] + line)
        else:
            res.append((ts, line))
        cont = len(line) == XEN_PIECE
    return res


# ------------------------------------------------------------------ the RTOS
RTOS = os.path.join(BUILD, "guests/rtos/rtos.bin")
LOAD_INITRD = os.path.join(BUILD, "guests/linux/initramfs-load.cpio.gz")
RTOS_CLOCK = "clock=timer"


def _rtos_bench():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import rtos_bench
    return rtos_bench


def _vm_mem_mib(dtso):
    """The memory of a Tandem overlay's VM (KiB in the tree), for Xen's domU."""
    m = re.search(r"memory = <0x0 (0x[0-9a-f]+|\d+)>", open(os.path.join(ROOT, dtso)).read())
    return int(m.group(1), 0) // 1024


def rtos_rows(periods=None, timeout=1800):
    """The RTOS (guests/rtos, "bench periods=N clock=timer": no PMU, every
    release stamped with the virtual counter, 16 instructions per tick)
    natively, under Tandem and under Xen 4.17, alone and sharing its one core
    with Linux running stress-ng (guests/linux initramfs-load,
    tandem.test=stress, as tests/bench/rtos_bench.py's shared-loaded).
    Returns the rows: config, system, clock, the release statistics
    (rtos_bench.figures()), the histogram, command, log."""
    rb = _rtos_bench()
    periods = periods or rb.PERIODS
    alone_args = "bench periods=%d %s" % (periods, RTOS_CLOCK)
    shared_args = "bench periods=%d start-ms=%d %s" % (periods, rb.START_MS, RTOS_CLOCK)
    rtos_mem = _vm_mem_mib("guests/rtos/rtos-shared.dtso")          # 64 MiB, as rtos-core0.dtso
    linux_mem = _vm_mem_mib("guests/linux/linux-shared.dtso")       # 512 MiB
    linux_args = rb.LINUX_STRESS
    rows = []

    def row(config, system, label, cmd, out, log, extra=None):
        r = rb.figures(out, log)
        r.update({"config": config, "system": system, "label": label, "clock": "timer",
                  "resolution": "16 instructions (one tick of the 62.5 MHz virtual counter)",
                  "bootargs": alone_args if config.endswith("alone") else shared_args,
                  "command": " ".join(cmd), "tree_commands": tree_commands(cmd),
                  "log": os.path.relpath(log, ROOT) if os.path.isabs(log) else log})
        r.update(extra or {})
        rows.append(r)
        return r

    def tandem_run(name, rtos_src, neighbour, args):
        vms = rb.vm_list(rtos_src, neighbour, args, name)
        cmd = tandem_qemu.qemu_command(vms, gic=3, smp=1, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
        log = os.path.join(OUT, "peers-rtos-%s.log" % name)
        t0 = time.time()
        out, _wall = rb.run_until_done(cmd, log, timeout)
        return cmd, out, log, round(time.time() - t0, 1)

    def xen_run(name, domus, domid, xen_args=XEN_ARGS):
        cmd = command(domus, "rtos-" + name, xen_args=xen_args)
        t0 = time.time()
        out, timed_out = run(cmd, timeout, until=r"DOM%d: rtos: bench: done|%s" % (domid, IDLE))
        wall = round(time.time() - t0, 1)
        log = _log("peers-rtos-%s.log" % name, cmd, out)
        text = "\n".join(l for _, l in joined_guest_lines(out, domid))
        return cmd, out, text, log, wall, timed_out

    # Alone: QEMU alone, Tandem's VM on core 0 of a one-core machine, Xen's domU1.
    cmd = rb.native_command(3, alone_args)
    log = os.path.join(OUT, "peers-rtos-native-alone.log")
    t0 = time.time()
    out, _ = rb.run_until_done(cmd, log, timeout)
    row("native-alone", "native", "native (QEMU alone, 64 MiB)", cmd, out, log,
        {"wall_seconds": round(time.time() - t0, 1)})
    cmd, out, log, wall = tandem_run("tandem-alone", "guests/rtos/rtos-core0.dtso", None, alone_args)
    row("tandem-alone", "tandem", "Tandem, the RTOS alone (core 0, -smp 1)", cmd, out, log, {"wall_seconds": wall})
    for name, xargs, label in (("xen-alone", XEN_ARGS, "Xen 4.17, the RTOS alone (domU1, credit2)"),
                               ("xen-tuned-alone", XEN_ARGS + " " + XEN_TUNED,
                                "Xen 4.17 with %s, the RTOS alone" % XEN_TUNED)):
        cmd, out, text, log, wall, timed_out = xen_run(name, [(RTOS, None, alone_args, rtos_mem, 1)], 1, xargs)
        sched = re.search(r"Using scheduler: (.*)$", out, re.M)
        row(name, "xen" if name == "xen-alone" else "xen-tuned", label, cmd, text, log,
            {"wall_seconds": wall, "timed_out": timed_out, "xen_bootargs": xargs,
             "xen_scheduler": sched.group(1).strip() if sched else None,
             "banner": next((l for l in text.split("\n") if l.startswith("rtos: Tandem RTOS")), None)})

    # Sharing one core with loaded Linux. Tandem: rtos_bench's shared-loaded
    # (the RTOS at priority 200 preempts Linux's vCPU at 10).
    neighbour = ("guests/linux/linux-shared.dtso", IMAGE, LOAD_INITRD, linux_args)
    cmd, out, log, wall = tandem_run("tandem-shared-loaded", "guests/rtos/rtos-shared.dtso", neighbour, shared_args)
    offsets = dict(rb.OFFSET.findall(out))
    load = rb.load_started(out)
    r = rb.figures(out, log)
    if load is None or "rtos" not in offsets or "linux" not in offsets:
        raise SystemExit("xen_peer: Linux's load did not start under Tandem; see " + os.path.relpath(log, ROOT))
    load_at, window_at = load + int(offsets["linux"]), r["window_start_cnt"] + int(offsets["rtos"])
    if window_at < load_at:
        raise SystemExit("xen_peer: the window (%d) opens before Linux's load (%d); see %s"
                         % (window_at, load_at, os.path.relpath(log, ROOT)))
    row("tandem-shared-loaded", "tandem", "Tandem, one core shared with loaded Linux (priority scheduling)",
        cmd, out, log, {"wall_seconds": wall, "load_started_cnt": load_at, "window_start_machine_cnt": window_at})
    # Xen: Linux domU1 and the RTOS domU2, one vCPU each, on the one physical
    # core under credit2, Debian's default (no priority or pinning from a
    # dom0less tree); then the same under Xen's other scheduler in Debian's
    # build, credit (sched=credit), which boosts a waking vCPU.
    for name, system, xargs, label in (
            ("xen-shared-loaded", "xen", XEN_ARGS,
             "Xen 4.17, one core shared with loaded Linux (credit2, both domUs)"),
            ("xen-credit-shared-loaded", "xen-credit", XEN_ARGS + " sched=credit",
             "Xen 4.17 with sched=credit, one core shared with loaded Linux")):
        cmd, out, text, log, wall, timed_out = xen_run(
            name, [(IMAGE, LOAD_INITRD, linux_args, linux_mem, 1), (RTOS, None, shared_args, rtos_mem, 1)], 2,
            xargs)
        linux = joined_guest_lines(out, 1)
        load_ts = next((ts for ts, l in linux if l.strip() == "TANDEM-LINUX-LOAD-STARTED"), None)
        r = rb.figures(text, log)
        # The RTOS's virtual counter lags the machine's (CNTVOFF_EL2: the count
        # at its domain's creation), so its window opens at or after
        # window_start_cnt on the machine's timeline: opening after the load's
        # line (Xen's CNTPCT stamp on it) is then certain.
        if load_ts is None or r["window_start_cnt"] < load_ts:
            raise SystemExit("xen_peer: under Xen the window (%d) does not surely open after Linux's load (%s); "
                             "see %s" % (r["window_start_cnt"], load_ts, log))
        sched = re.search(r"Using scheduler: (.*)$", out, re.M)
        row(name, system, label, cmd, text, log,
            {"wall_seconds": wall, "timed_out": timed_out, "load_started_cnt": load_ts,
             "window_start_cnt_lower_bound": r["window_start_cnt"], "xen_bootargs": xargs,
             "xen_scheduler": sched.group(1).strip() if sched else None})
    return rows


def rtos_table(rows):
    out = ["RTOS release latency, clock=timer (no PMU; 16-instruction resolution), instructions, "
           "%d periods of 1 ms, -smp 1, GICv3:" % (rows[0]["periods"] if rows else 0),
           "  %-26s %8s %10s %8s %8s %8s %7s" % ("configuration", "min", "mean", "p99", "max", "jitter", "misses")]
    for r in rows:
        out.append("  %-26s %8d %10.1f %8d %8d %8d %7d" % (r["config"], r["min"], r["mean"], r["p99"], r["max"],
                                                          r["jitter"], r["misses"]))
    return "\n".join(out)


# ------------------------------------------------------------------- the rest
def qemu_version():
    out = subprocess.run(["qemu-system-aarch64", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "unknown"


def measure(only=None, periods=None, smp=True):
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
        res["rtos"] = rtos_rows(periods)
        res["rtos_method"] = (
            "guests/rtos with the bootarg clock=timer everywhere (native, Tandem, Xen): it never touches the "
            "PMU (a Xen domU has none) and stamps each release with the virtual counter (CNTVCT_EL0) x 16, "
            "QEMU's nominal 1 GHz over the counter's 62.5 MHz: 16 instructions per tick under -icount shift=0, "
            "so every latency is a multiple of 16 with 16-instruction resolution. Under Xen its console is "
            "the vpl011 (an \"arm,sbsa-uart\" at 0x22000000), its GICv3 at 0x03001000 (GICR 0x03020000), "
            "read from Xen's domU tree. Shared rows: Tandem's rtos-shared/linux-shared overlays (priority "
            "200 vs 10, one core); Xen: both domUs' one vCPU on the one physical core under credit2, which "
            "a dom0less tree can neither pin nor prioritize")
    res["not_done"] = {
        "rtos_multicore": "No partitioned (multi-core) RTOS row under Xen: Xen 4.17 does not run with -smp 2 "
                          "under icount here (smp2); Xen's RTOS rows are one physical core.",
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
    if res.get("rtos"):
        out.append(rtos_table(res["rtos"]))
    out.append("Scheduler: " + res["scheduler"])
    for k, v in res["not_done"].items():
        out.append("NOT done (%s): %s" % (k, v))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=("ops", "linux", "smp", "rtos"))
    ap.add_argument("--periods", type=int, help="the RTOS rows' periods (default rtos_bench's)")
    a = ap.parse_args()
    res = measure(a.only, a.periods)
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
