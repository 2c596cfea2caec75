#!/usr/bin/env python3
"""Native smoke test of Tandem's Linux guest payload: boots
build/guests/linux/{Image,initramfs.cpio.gz} directly on QEMU virt (no Tandem)
and checks what /init prints (see guests/linux/README.md), plus that Image is
byte for byte the file in the Debian package recorded in Image.source.

Standalone: not run by make. Build the payload first (guests/linux/build.sh).
Logs go to BUILD/tests/logs/linux-native-*.log.

    tests/integration/linux_native.py [--build DIR] [--timeout S] [-k SUBSTRING] [-v]

Exit status 0 when every check passes, 1 otherwise.
"""
import argparse
import hashlib
import os
import queue
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ZERO16M_SHA256 = "080acf35a507ac9849cfcba47dc2ad83e01b75663a516279c8b9d243b719643e"
INIT = "TANDEM-LINUX-INIT-REACHED"
DONE = "TANDEM-LINUX-TESTS-DONE"


class Boot:
    """One QEMU run; console lines are collected by a reader thread."""

    def __init__(self, cmd, log):
        self.cmd, self.log = cmd, log
        self.lines, self.q = [], queue.Queue()
        self.start = time.monotonic()
        self.times = []  # seconds since start, per line
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            self.lines.append(line)
            self.times.append(time.monotonic() - self.start)
            self.q.put(line)
        self.q.put(None)

    def wait_for(self, regex, deadline):
        """Waits for a console line matching regex; False on timeout or exit."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                line = self.q.get(timeout=left)
            except queue.Empty:
                return False
            if line is None:
                return False
            if re.search(regex, line):
                return True

    def wait_exit(self, deadline):
        try:
            self.proc.wait(max(0.0, deadline - time.monotonic()))
            self.thread.join(5)
            return True
        except subprocess.TimeoutExpired:
            return False

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.thread.join(5)
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        with open(self.log, "w") as f:
            f.write("# " + " ".join(self.cmd) + "\n")
            f.write("\n".join(self.lines) + "\n")

    def first(self, needle):
        """Seconds from QEMU start to the first line containing needle."""
        for line, t in zip(self.lines, self.times):
            if needle in line:
                return t
        return None


def qemu_cmd(args, gic, smp, cmdline, extra=()):
    return [args.qemu, "-M", f"virt,gic-version={gic}", "-cpu", "cortex-a57",
            "-smp", str(smp), "-m", "512M", "-nographic", "-nic", "none",
            "-kernel", os.path.join(args.out, "Image"),
            "-initrd", os.path.join(args.out, "initramfs.cpio.gz"),
            "-append", "console=ttyAMA0 " + cmdline, *extra]


def check_common(lines):
    errs = []
    if INIT not in lines:
        errs.append(f"no {INIT}")
    for line in lines:
        if "Kernel panic" in line or "TANDEM-LINUX-TEST-FAIL" in line:
            errs.append("console: " + line.strip())
    mods = [l for l in lines if l.startswith("tandem-linux: modules loaded:")]
    if not mods or "failed" in mods[0]:
        errs.append("modules: " + (mods[0] if mods else "no modules line"))
    return errs


def irq_counts(lines, ncpu):
    """{name: [count per CPU]} for the arch_timer and IPI lines of the first
    /proc/interrupts excerpt /init printed (the one after the sleep)."""
    out = {}
    pat = re.compile(r"^\s*(\d+|IPI\d+):" + r"\s+(\d+)" * ncpu + r"\s+(.*)$")
    for line in lines:
        m = pat.match(line)
        if not m or not (m.group(1).startswith("IPI") or "arch_timer" in m.group(ncpu + 2)):
            continue
        key = m.group(1) if m.group(1).startswith("IPI") else "arch_timer"
        if key in out:
            break  # the second excerpt, after the workload
        out[key] = [int(m.group(i + 2)) for i in range(ncpu)]
    return out


def check_smp(lines, ncpu):
    errs = []
    if f"nproc: {ncpu}" not in lines:
        errs.append(f"no 'nproc: {ncpu}' line")
    irqs = irq_counts(lines, ncpu)
    timer = irqs.get("arch_timer")
    if not timer or min(timer) == 0:
        errs.append(f"arch_timer ticks per CPU: {timer}")
    ipi = [sum(v[c] for k, v in irqs.items() if k.startswith("IPI")) for c in range(ncpu)]
    if ncpu > 1 and min(ipi) == 0:
        errs.append(f"IPIs per CPU: {ipi}")
    if f"workload: done {ZERO16M_SHA256} {ZERO16M_SHA256}" not in lines:
        errs.append("no 'workload: done' with the expected hashes")
    ticks = [l for l in lines if l.startswith("workload: timer ticks per CPU meanwhile:")]
    if not ticks or len(ticks[0].split("+")) != ncpu + 1 or "+0" in ticks[0].split(":")[1].split():
        errs.append("timer ticks during the workload: " + (ticks[0] if ticks else "none"))
    if DONE not in lines:
        errs.append(f"no {DONE}")
    return errs


def run_tests_smp(args, gic):
    b = Boot(qemu_cmd(args, gic, 2, "tandem.test=smp"), args.logpath(f"smp-gicv{gic}"))
    ok = b.wait_for(re.escape(DONE), time.monotonic() + args.timeout)
    time.sleep(0.5)  # let the shell banner arrive: no panic after DONE
    b.stop()
    errs = check_common(b.lines) + check_smp(b.lines, 2)
    if not ok:
        errs.insert(0, f"no {DONE} within {args.timeout}s")
    return b, errs


def run_poweroff(args, name, gic, smp, cmdline):
    b = Boot(qemu_cmd(args, gic, smp, cmdline), args.logpath(name))
    exited = b.wait_exit(time.monotonic() + args.timeout)
    b.stop()
    errs = check_common(b.lines)
    if not exited:
        errs.append(f"QEMU still running after {args.timeout}s: poweroff did not stop it")
    elif b.proc.returncode != 0:
        errs.append(f"QEMU exit status {b.proc.returncode}")
    for m in (DONE, "TANDEM-LINUX-POWEROFF"):
        if m not in b.lines:
            errs.append(f"no {m}")
    if "smp" in cmdline:
        errs += check_smp(b.lines, smp)
    return b, errs


def t_smp_gicv3(args):
    return run_tests_smp(args, 3)


def t_smp_gicv2(args):
    return run_tests_smp(args, 2)


def t_poweroff(args):
    return run_poweroff(args, "poweroff", 3, 2, "tandem.test=poweroff")


def t_smp_poweroff_gicv2(args):
    return run_poweroff(args, "smp-poweroff-gicv2", 2, 2, "tandem.test=smp,poweroff")


def t_smp1_poweroff(args):
    return run_poweroff(args, "smp1-poweroff", 3, 1, "tandem.test=smp,poweroff")


def t_reboot(args):
    """Every boot reboots (nothing survives in an initramfs): the harness
    stops QEMU at the second INIT marker."""
    b = Boot(qemu_cmd(args, 3, 2, "tandem.test=reboot"), args.logpath("reboot"))
    deadline = time.monotonic() + args.timeout
    ok = b.wait_for(re.escape(INIT), deadline) and b.wait_for(re.escape(INIT), deadline)
    b.stop()
    errs = check_common(b.lines)
    if not ok:
        errs.append(f"no second {INIT} within {args.timeout}s")
    if "TANDEM-LINUX-REBOOTING" not in b.lines:
        errs.append("no TANDEM-LINUX-REBOOTING")
    return b, errs


def t_virtio(args):
    """The packaged virtio modules drive QEMU's virtio-mmio devices."""
    disk = args.logpath("virtio-disk.img")
    with open(disk, "wb") as f:
        f.truncate(1 << 20)
    extra = ["-drive", f"file={disk},if=none,id=d0,format=raw",
             "-device", "virtio-blk-device,drive=d0",
             "-netdev", "user,id=n0,restrict=on", "-device", "virtio-net-device,netdev=n0",
             "-device", "virtio-serial-device", "-device", "virtconsole"]
    b = Boot(qemu_cmd(args, 3, 1, "tandem.test=poweroff", extra), args.logpath("virtio"))
    exited = b.wait_exit(time.monotonic() + args.timeout)
    b.stop()
    errs = check_common(b.lines)
    if not exited:
        errs.append("QEMU did not power off")
    dev = [l for l in b.lines if l.startswith("tandem-linux: virtio devices:")]
    ids = sorted(re.findall(r"\(id (0x[0-9a-f]+)\)", dev[0])) if dev else []
    if ids != ["0x0001", "0x0002", "0x0003"]:
        errs.append("virtio devices (want net 1, blk 2, console 3): " + (dev[0] if dev else "none"))
    if not any("virtio_blk virtio" in l and "[vda]" in l for l in b.lines):
        errs.append("no virtio_blk [vda] kernel message")
    return b, errs


def t_shell(args):
    """No tandem.test: an interactive shell on the console."""
    b = Boot(qemu_cmd(args, 3, 2, ""), args.logpath("shell"))
    deadline = time.monotonic() + args.timeout
    errs = []
    if not b.wait_for("^TANDEM-LINUX-SHELL$", deadline):
        errs.append("no TANDEM-LINUX-SHELL")
    else:
        time.sleep(1)
        b.send("echo shell-says-$((6*7)); ls /sbin/ifconfig\n")
        if not b.wait_for("^shell-says-42", deadline):
            errs.append("the shell did not run a command")
        elif not b.wait_for("^/sbin/ifconfig", deadline):
            errs.append("busybox --install -s did not link the other applets")
        b.send("poweroff -f\n")
        if not b.wait_exit(deadline):
            errs.append("poweroff -f from the shell did not stop QEMU")
    b.stop()
    errs = check_common(b.lines) + errs
    if DONE in b.lines:
        errs.append(f"{DONE} printed without tandem.test")
    return b, errs


def t_image_is_packaged_file(args):
    """Image equals the member of the .deb named in Image.source, and that
    .deb has the archive's SHA256 recorded there."""
    src = {}
    with open(os.path.join(args.out, "Image.source")) as f:
        for line in f:
            if "=" in line and not line.startswith("#"):
                k, v = line.rstrip("\n").split("=", 1)
                src[k] = v
    cache = os.environ.get("TANDEM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tandem")
    deb = os.path.join(cache, "debs", src["deb"])
    errs = []
    if not os.path.exists(deb):
        return None, [f"{deb} not in the cache (run guests/linux/fetch.sh)"]
    with open(deb, "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() != src["deb_sha256"]:
            errs.append(f"{deb} does not have SHA256 {src['deb_sha256']}")
    tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb], stdout=subprocess.PIPE)
    member = subprocess.run(["tar", "-xO", src["member"]], stdin=tar.stdout,
                            stdout=subprocess.PIPE, check=True).stdout
    tar.wait()
    with open(os.path.join(args.out, "Image"), "rb") as f:
        image = f.read()
    if image != member:
        errs.append(f"Image differs from {src['member']} of {src['package']} {src['version']}")
    if hashlib.sha256(image).hexdigest() != src["image_sha256"]:
        errs.append("Image does not match image_sha256 of Image.source")
    if image[0x38:0x3c] != b"ARM\x64":
        errs.append("no arm64 Image magic at 0x38")
    return None, errs


TESTS = [t_image_is_packaged_file, t_smp_gicv3, t_smp_gicv2, t_poweroff, t_smp_poweroff_gicv2,
         t_smp1_poweroff, t_reboot, t_virtio, t_shell]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, os.environ.get("BUILD", "build")),
                   help="build directory (default: build)")
    p.add_argument("--qemu", default="qemu-system-aarch64")
    p.add_argument("--timeout", type=float, default=120, help="seconds per boot (default 120)")
    p.add_argument("-k", dest="filter", default="", help="only tests whose name contains this")
    p.add_argument("-v", action="store_true", help="print the console of each boot")
    args = p.parse_args()
    args.out = os.path.join(args.build, "guests", "linux")
    logs = os.path.join(args.build, "tests", "logs")
    args.logpath = lambda name: os.path.join(logs, "linux-native-" + name +
                                             ("" if "." in name else ".log"))
    for f in ("Image", "initramfs.cpio.gz", "Image.source"):
        if not os.path.exists(os.path.join(args.out, f)):
            print(f"linux_native: {args.out}/{f} missing (run guests/linux/build.sh)")
            return 1
    os.makedirs(logs, exist_ok=True)
    failed = ran = 0
    for t in TESTS:
        name = t.__name__[2:].replace("_", "-")
        if args.filter not in name:
            continue
        ran += 1
        start = time.monotonic()
        boot, errs = t(args)
        took = time.monotonic() - start
        extra = ""
        if boot is not None:
            ti = boot.first(INIT)
            extra = f", {INIT} after {ti:.1f}s" if ti is not None else ""
        print(f"{'PASS' if not errs else 'FAIL'} {name} ({took:.1f}s{extra})")
        for e in errs:
            print("    " + e)
        if boot is not None and (args.v or errs):
            print("    log: " + boot.log)
            if args.v:
                print("\n".join("    | " + l for l in boot.lines))
        failed += bool(errs)
    if not ran:
        print(f"linux_native: no test name contains '{args.filter}'")
        return 1
    print(f"linux_native: {failed} of {ran} failed" if failed else f"linux_native: all {ran} passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
