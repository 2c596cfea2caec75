#!/usr/bin/env python3
"""Boots Tandem on QEMU's virt machine (or, --arch a9, vexpress-a9) with a set of VMs.

Each VM is given as OVERLAY=PAYLOAD[,RAMDISK]: the overlay's own `kernel`
(and `ramdisk`) properties say at which addresses they must be loaded, so the
overlay stays the single source of truth. Overlays themselves are placed below
the top of RAM. Used by `make run`, the integration tests and the benchmarks.

    tools/tandem_qemu.py --gic 3 --vm vm-a.dtbo=testguest.bin --vm linux.dtbo=Image,initrd.gz
"""
import argparse
import hashlib
import os
import re
import struct
import subprocess
import sys
import threading

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TANDEM = os.path.join(ROOT, os.environ.get("BUILD", "build"), "tandem.bin")
# The ARMv7-A image (make arm32): QEMU's virt machine with qemu-system-arm,
# HYP enabled, RAM kept below 4 GiB (highmem=off) as 32-bit kernels need.
TANDEM_ARM32 = os.path.join(ROOT, os.environ.get("BUILD", "build"), "arm32", "tandem.bin")
DEFAULT_CPU = {"arm64": "cortex-a57", "arm32": "cortex-a15"}
OVERLAY_AREA = 0x7FF00000      # overlays go here, 64 KiB apart (1 GiB RAM at 0x40000000)
OVERLAY_STRIDE = 0x10000
# The Cortex-A9 image (make a9) on vexpress-a9: no virtualization extensions,
# RAM at 0x60000000, Debian's vexpress-v2p-ca9.dtb as the platform tree. QEMU's
# guest-loader cannot add boot modules there (the machine loads its tree only
# at reset), so this script adds them to a copy of the tree, as a bootloader
# would, and QEMU's generic loader puts the files in place.
TANDEM_A9 = os.path.join(ROOT, os.environ.get("BUILD", "build"), "a9", "tandem.bin")
A9_DTB = os.path.join(ROOT, os.environ.get("BUILD", "build"), "a9", "vexpress-v2p-ca9.dtb")
A9_OVERLAY_AREA = 0x9FF00000   # 1 GiB RAM at 0x60000000


def fdt_nodes(blob):
    """Yields (path, {property: bytes}) for every node of a flattened tree."""
    magic, _total, off_struct, off_strings = struct.unpack(">IIII", blob[:16])
    if magic != FDT_MAGIC:
        raise ValueError("not a device-tree blob")
    pos, path, stack = off_struct, [], []

    def string_at(off):
        end = blob.index(b"\0", off_strings + off)
        return blob[off_strings + off:end].decode()

    while True:
        (tag,) = struct.unpack(">I", blob[pos:pos + 4])
        pos += 4
        if tag == FDT_BEGIN_NODE:
            end = blob.index(b"\0", pos)
            path.append(blob[pos:end].decode())
            pos = (end + 4) & ~3
            stack.append({})
        elif tag == FDT_PROP:
            length, nameoff = struct.unpack(">II", blob[pos:pos + 8])
            pos += 8
            stack[-1][string_at(nameoff)] = blob[pos:pos + length]
            pos = (pos + length + 3) & ~3
        elif tag == FDT_END_NODE:
            yield "/".join(path) or "/", stack.pop()
            path.pop()
        elif tag == FDT_NOP:
            continue
        elif tag == FDT_END:
            return
        else:
            raise ValueError("bad structure tag %d" % tag)


def overlay_vm(path):
    """The tandem,vm node's properties of a compiled overlay."""
    with open(path, "rb") as f:
        blob = f.read()
    for node, props in fdt_nodes(blob):
        compat = props.get("compatible", b"").split(b"\0")
        if b"tandem,vm" in compat:
            return node.rsplit("/", 1)[-1], props
    raise ValueError("%s has no node with compatible \"tandem,vm\"" % path)


def cells(value):
    n = 0
    for i in range(0, len(value), 4):
        n = (n << 32) | struct.unpack(">I", value[i:i + 4])[0]
    return n


def overlay_with_bootargs(src, bootargs, out):
    """Compiles the overlay source src (dtc -@) into out with its first
    `bootargs` property replaced: the plain overlays under guests/ in another
    mode (a benchmark, a load) without a copy of each. Returns out."""
    with open(src) as f:
        text = re.sub(r'bootargs = "[^"]*";', 'bootargs = "%s";' % bootargs, f.read(), count=1)
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", out, "-"], input=text.encode(),
                   check=True)
    return out


HOST_CLOCK_PROP = "tandem,host-clock"
HOST_CLOCK_NOTE = "QEMU without -icount: the counter follows the host's clock"


def host_clock_overlay(path):
    """A copy of the compiled overlay `path` whose fragment for /chosen (the
    one holding the tandem,vm node, by convention) also has the property
    tandem,host-clock: the guest is told that its timer's counter follows
    the host's clock, so that deadlines it misses may be QEMU's vCPU threads
    waiting for a host core (the RTOS then marks its misses "(vs host
    clock)"; other guests ignore an unknown /chosen property). The committed
    overlay is left as it is. Returns the copy's path, or path itself when
    the tandem,vm node is not in a fragment for /chosen."""
    with open(path, "rb") as f:
        blob = f.read()
    nodes = dict(fdt_nodes(blob))
    for node, props in nodes.items():
        if b"tandem,vm" not in props.get("compatible", b"").split(b"\0"):
            continue
        overlay_node = node.rsplit("/", 1)[0]                 # /fragment@N/__overlay__
        fragment = overlay_node.rsplit("/", 1)[0]
        if not overlay_node.endswith("/__overlay__") or \
                nodes.get(fragment, {}).get("target-path", b"").rstrip(b"\0") != b"/chosen":
            return path
        key = hashlib.sha1(os.path.abspath(path).encode()).hexdigest()[:12]
        out = os.path.join(ROOT, os.environ.get("BUILD", "build"), "qemu", "host-clock",
                           "%s-%s" % (key, os.path.basename(path)))
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "wb") as f:
            f.write(blob)
        subprocess.run(["fdtput", "-t", "s", out, overlay_node, HOST_CLOCK_PROP, HOST_CLOCK_NOTE], check=True)
        return out
    return path


def a9_platform_tree(modules, out):
    """Debian's vexpress-a9 tree with a /chosen/module@ADDR node per (addr, kind,
    file) in modules (kind "kernel" or "ramdisk"), written to out."""
    if not os.path.exists(A9_DTB):
        raise FileNotFoundError("%s is missing: build it with `make a9`" % A9_DTB)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    subprocess.run(["cp", A9_DTB, out], check=True)
    subprocess.run(["fdtput", "-c", out, "/chosen"], check=False, stderr=subprocess.DEVNULL)
    for addr, kind, f in modules:
        node = "/chosen/module@%x" % addr
        compat = ["multiboot,ramdisk" if kind == "ramdisk" else "multiboot,kernel", "multiboot,module"]
        subprocess.run(["fdtput", "-c", out, node], check=True)
        subprocess.run(["fdtput", "-t", "s", out, node, "compatible"] + compat, check=True)
        subprocess.run(["fdtput", "-t", "x", out, node, "reg", "%x" % addr,
                        "%x" % os.path.getsize(f)], check=True)
    return out


def a9_command(vms, smp, mem, icount, append, modules, tandem, extra):
    """The vexpress-a9 command line: Tandem's A9 image in SVC, the boot
    modules in Debian's platform tree."""
    loaded = {}
    slot = 0
    for vm in vms:
        overlay, files = vm[0], {"kernel": vm[1], "ramdisk": vm[2] if len(vm) > 2 else None}
        _name, props = overlay_vm(overlay)
        loaded[A9_OVERLAY_AREA + slot * OVERLAY_STRIDE] = ("kernel", overlay)
        slot += 1
        for prop, f in files.items():
            if prop in props and f:
                addr = cells(props[prop])
                if loaded.get(addr, (prop, f)) != (prop, f):
                    raise ValueError("two different modules at 0x%x" % addr)
                loaded[addr] = (prop, f)
    for f, addr in modules:
        if addr is None:
            addr = A9_OVERLAY_AREA + slot * OVERLAY_STRIDE
            slot += 1
        loaded[addr] = ("kernel", f)
    mods = sorted((addr, kind, f) for addr, (kind, f) in loaded.items())
    key = hashlib.sha1(repr([(a, k, os.path.abspath(f), os.path.getsize(f))
                             for a, k, f in mods]).encode()).hexdigest()[:16]
    dtb = a9_platform_tree(mods, os.path.join(os.path.dirname(A9_DTB), "qemu", "platform-%s.dtb" % key))
    cmd = ["qemu-system-arm", "-M", "vexpress-a9", "-smp", str(smp), "-m", mem, "-nographic",
           "-nic", "none", "-audiodev", "none,id=snd0", "-no-reboot",
           "-kernel", tandem or TANDEM_A9, "-dtb", dtb]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    if append:
        cmd += ["-append", append]
    for addr, _kind, f in mods:
        cmd += ["-device", "loader,file=%s,addr=0x%x,force-raw=on" % (f, addr)]
    return cmd + list(extra)


def qemu_command(vms, gic=3, smp=4, mem="1G", icount=False, append=None,
                 modules=(), virtualization=True, tandem=None, extra=(), cpu=None, arch="arm64"):
    """vms: [(overlay, payload[, ramdisk])]; modules: [(file, addr)] loaded as is;
    cpu: any -cpu model of QEMU's virt machine with EL2 (HYP on arm32);
    arch: "arm64", "arm32" (Tandem's ARMv7-A image) or "a9" (the Cortex-A9
    image on vexpress-a9: gic, virtualization and cpu do not apply)."""
    if arch == "a9":
        return a9_command(vms, smp, mem, icount, append, modules, tandem, extra)
    machine = "virt,gic-version=%s,virtualization=%s" % (gic, "on" if virtualization else "off")
    if arch == "arm32":
        machine += ",highmem=off"
    cpu = cpu or DEFAULT_CPU[arch]
    tandem = tandem or (TANDEM_ARM32 if arch == "arm32" else TANDEM)
    qemu = "qemu-system-arm" if arch == "arm32" else "qemu-system-aarch64"
    cmd = [qemu, "-M", machine, "-cpu", cpu,
           "-smp", str(smp), "-m", mem, "-nographic", "-nic", "none", "-no-reboot",
           "-kernel", tandem]
    if icount:
        cmd += ["-icount", "shift=0,sleep=off"]
    if append:
        cmd += ["-append", append]
    loaded = {}
    slot = 0
    for vm in vms:
        overlay, files = vm[0], {"kernel": vm[1], "ramdisk": vm[2] if len(vm) > 2 else None}
        _name, props = overlay_vm(overlay)
        for prop, f in files.items():
            if prop in props and f:
                addr = cells(props[prop])
                if loaded.get(addr, (prop, f)) != (prop, f):
                    raise ValueError("two different modules at 0x%x" % addr)
                loaded[addr] = (prop, f)
        cmd += ["-device", "guest-loader,addr=0x%x,kernel=%s" % (OVERLAY_AREA + slot * OVERLAY_STRIDE, overlay)]
        slot += 1
    for f, addr in modules:
        if addr is None:
            addr = OVERLAY_AREA + slot * OVERLAY_STRIDE
            slot += 1
        cmd += ["-device", "guest-loader,addr=0x%x,kernel=%s" % (addr, f)]
    for addr, (prop, f) in sorted(loaded.items()):
        kind = "initrd" if prop == "ramdisk" else "kernel"
        cmd += ["-device", "guest-loader,addr=0x%x,%s=%s" % (addr, kind, f)]
    return cmd + list(extra)


KEYBOARD_MARK = re.compile(r"^\[([^\]\s*]+)\*\] ", re.M)


def unmarked(text):
    """Console text with the keyboard's mark taken out of a VM's prefix
    ('[linux*] ' -> '[linux] '): for readers that look for a VM's lines
    whichever VM has the keyboard."""
    return KEYBOARD_MARK.sub(r"[\1] ", text)


def run(cmd, timeout, stdin=None):
    """Runs QEMU to completion (or until timeout); returns (output, timed_out)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(input=stdin, timeout=timeout)
        return unmarked(out.decode(errors="replace").replace("\r", "")), False
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        return unmarked(out.decode(errors="replace").replace("\r", "")), True


def stream(cmd, timeout):
    """Runs QEMU with its console copied to this terminal as it comes, until
    it exits or timeout seconds pass; returns 0, or 124 on the timeout."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        for line in proc.stdout:
            sys.stdout.write(line.decode(errors="replace").replace("\r", ""))
            sys.stdout.flush()
        proc.wait()
    finally:
        expired = not timer.is_alive()
        timer.cancel()
    if expired:
        print("tandem_qemu: stopped QEMU after %g s (--timeout)" % timeout, file=sys.stderr)
        return 124
    return 0


def parse_vm(spec):
    overlay, _, files = spec.partition("=")
    payload, _, ramdisk = files.partition(",")
    return overlay, payload or None, ramdisk or None


def parse_module(spec):
    f, _, addr = spec.partition("@")
    return f, int(addr, 0) if addr else None


def free_host_cores():
    """Host cores this process may use, less the ones already busy (the
    1-minute load average, rounded up)."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    busy = int(os.getloadavg()[0] + 0.999) if hasattr(os, "getloadavg") else 0
    return usable, max(0, usable - busy)


def host_cores_note(smp, icount):
    """Says, before a demo starts, when QEMU cannot give each of the
    machine's cores a host core: the RTOS's deadline figures (misses,
    latency) are then QEMU's scheduling of its vCPU threads, measured against
    the host's clock, not Tandem's. Without -icount, main() also tells the
    VMs so (host_clock_overlay): the RTOS's status line then reads
    `misses=N (vs host clock)`."""
    usable, free = free_host_cores()
    if icount:
        print("# -icount: one vCPU runs at a time in virtual time; deadlines are kept in that time")
    elif free < smp:
        print("# NOTE: this host has %d core(s) free (%d usable, load %.1f) for the machine's %d: QEMU cannot "
              "run every vCPU at once, so the RTOS's 'misses' and 'latency max' will measure QEMU's scheduling "
              "of its vCPU threads against the host's clock, not Tandem (its status line marks them "
              "'misses=N (vs host clock)'). With %d free host cores they measure "
              "the RTOS; --smp 3 fits the demo's three busy vCPUs (Linux 2, RTOS 1)." % (
                  free, usable, os.getloadavg()[0], smp, smp), flush=True)
    else:
        print("# %d host cores free for the machine's %d: each vCPU can have its own (the counter is still "
              "the host's clock: the RTOS marks its misses '(vs host clock)')" % (free, smp), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vm", action="append", default=[], type=parse_vm, metavar="OVERLAY=PAYLOAD[,RAMDISK]",
                    help="a VM: its compiled overlay (.dtbo), its payload and optional ramdisk; repeat per VM")
    ap.add_argument("--module", action="append", default=[], type=parse_module, metavar="FILE[@ADDR]",
                    help="load a file as a boot module as it is (for malformed overlays)")
    ap.add_argument("--gic", default="3", help="GIC version of the virt machine: 3 (default) or 2")
    ap.add_argument("--smp", default=4, type=int, help="the machine's cores (default 4)")
    ap.add_argument("--arch", default="arm64", choices=("arm64", "arm32", "a9"),
                    help="Tandem's architecture: arm32 boots build/arm32/tandem.bin on qemu-system-arm "
                         "(virt, HYP), a9 build/a9/tandem.bin on vexpress-a9 (the paravirtual path)")
    ap.add_argument("--cpu", default=None,
                    help="QEMU CPU model (any with EL2: cortex-a35/a53/a57/a72/a76, neoverse-n1, a64fx, max; "
                         "arm32: cortex-a15, cortex-a7); default cortex-a57 / cortex-a15")
    ap.add_argument("--mem", default="1G", help="the machine's RAM, QEMU syntax (default 1G)")
    ap.add_argument("--icount", action="store_true",
                    help="-icount shift=0,sleep=off: virtual time, deadlines kept in it. Without it the "
                         "machine's counter follows the host's clock: each VM's /chosen gets "
                         "tandem,host-clock (in a copy of its overlay under build/qemu/host-clock) and "
                         "the RTOS's status line reads 'misses=N (vs host clock)'")
    ap.add_argument("--append", help="Tandem's own boot options (/chosen/bootargs)")
    ap.add_argument("--no-virtualization", action="store_true",
                    help="a machine without EL2 / HYP (Tandem then refuses unmodified guests)")
    ap.add_argument("--interactive", action="store_true",
                    help="attach QEMU to this terminal (keyboard to the VMs, Ctrl-] switches); "
                         "without it the console is streamed live, read-only, until --timeout")
    ap.add_argument("--print", action="store_true", help="only print the command")
    ap.add_argument("--dumpdtb", metavar="FILE",
                    help="write the platform device tree this command line gives Tandem (boot "
                         "modules included) to FILE and exit, for tandem-check")
    ap.add_argument("--timeout", type=float, default=60,
                    help="without --interactive: stop QEMU after this many seconds (the console "
                         "is shown as it comes)")
    a = ap.parse_args()
    if not a.icount and not a.dumpdtb:
        # The counter is the host's clock: each VM's tree says so (the RTOS
        # marks its misses "(vs host clock)"), in a copy of its overlay.
        a.vm = [(host_clock_overlay(vm[0]),) + tuple(vm[1:]) for vm in a.vm]
    cmd = qemu_command(a.vm, a.gic, a.smp, a.mem, a.icount, a.append, a.module,
                       not a.no_virtualization, cpu=a.cpu, arch=a.arch)
    if a.print:
        print(" ".join(cmd))
        return 0
    if a.dumpdtb:
        cmd[cmd.index("-M") + 1] += ",dumpdtb=" + a.dumpdtb
        return subprocess.run(cmd, stdout=subprocess.DEVNULL).returncode
    if a.interactive:
        host_cores_note(a.smp, a.icount)
        print("# " + " ".join(cmd), flush=True)
        print("# QEMU: Ctrl-a x quits", flush=True)
        os.execvp(cmd[0], cmd)
    return stream(cmd, a.timeout)


if __name__ == "__main__":
    sys.exit(main())
