"""Debian's armhf kernel (linux-image-6.1.0-N-armmp-lpae) as the ARMv7-A
port's Linux guest (issue 15; guests/linux/README.md, "armhf"): that the
zImage is Debian's file; natively on qemu-system-arm (no Tandem), one boot
per GIC version with two CPUs, a virtio disk and network, the PL031,
poweroff (GICv3) and reboot (GICv2); the load initramfs's stress-ng,
natively; that tandem-check accepts the VMs on the ARMv7-A platform; and the same checks under Tandem's ARMv7-A image, with a
second VM that reboots (SKIPPED, neither passed nor failed, when that image is
not built or TANDEM_ARM32_RUNS_GUESTS below is False).
"""
import hashlib
import os
import re
import subprocess
import tempfile
import time

from harness import (BUILD, CheckFailed, TANDEM_CHECK, ZEROS_16M_SHA256, expect, expect_absent, logged_output,
                     rtos_run, scenario, tandem_qemu)
from scenarios_devices import disk_image

# Whether Tandem's ARMv7-A image runs guests (since "arm32: Tandem boots in
# HYP on ARMv7-A and runs Debian's armhf kernel to /init"): when False, the
# scenarios under Tandem say SKIP (TANDEM_ARM32_GUESTS=1 in the environment
# runs them anyway).
TANDEM_ARM32_RUNS_GUESTS = True

BUILD32 = os.path.join(BUILD, "arm32")
LINUX32_DIR = os.path.join(BUILD32, "guests/linux")
ZIMAGE = os.path.join(LINUX32_DIR, "zImage")
INITRD = os.path.join(LINUX32_DIR, "initramfs.cpio.gz")
OVERLAYS32 = os.path.join(BUILD32, "tests/integration/overlays")
# build.sh's default modules, in the order /init loads them (dependencies first)
MODULES = ("virtio_mmio virtio_blk failover net_failover virtio_net virtio_console crc32c_generic "
           "jbd2 mbcache crc16 ext4")
BAD = r"Kernel panic|Oops|BUG:|WARNING:|Unable to handle|TANDEM-LINUX-TEST-FAIL"


def source():
    """zImage.source as a dict (build.sh --armhf writes it)."""
    with open(ZIMAGE + ".source") as f:
        return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line and not line.startswith("#"))


def cached_deb(name):
    cache = os.environ.get("TANDEM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tandem")
    return os.path.join(cache, "debs", name)


def devices(disk):
    """A read-only ext2 disk, then a network card on a user-mode network that
    cannot reach beyond this machine: QEMU puts the first at 0xa003e00 (SPI
    47), the second at 0xa003c00 (SPI 46), as linux-smp-devices-arm32.dtso
    passes them through."""
    return ["-drive", "file=%s,if=none,format=raw,id=disk0,readonly=on" % disk,
            "-device", "virtio-blk-device,drive=disk0",
            "-netdev", "user,id=net0,restrict=on", "-device", "virtio-net-device,netdev=net0"]


def new_disk(name):
    disk = os.path.join(BUILD32, "tests", name + ".img")
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    return disk, disk_image(disk)


def interrupt_counts(out, p, label):
    """Per-CPU counts of each printing of the /proc/interrupts line whose name
    matches label, in console lines starting with the regex p."""
    rows = []
    for line in out.lines:
        m = re.match(r"^%s\s*\S+:((?:\s+\d+)+)\s+\D.*%s" % (p, label), line)
        if m:
            rows.append([int(n) for n in m.group(1).split()])
    return rows


def guest_checks(out, p, gic, want_sha256):
    """The checks of one Linux boot whose console lines start with p ("" when
    native, "[linux] " under Tandem)."""
    p = re.escape(p)
    release = source()["kernel_release"]

    def init():
        expect(out, r"^%s\[\s*0\.0+\] Linux version %s .* SMP Debian " % (p, re.escape(release)),
               r"^%s\[\s*0\.0+\] CPU: ARMv7 Processor \[414fc0f0\]" % p,
               r"^%s\[\s*[0-9.]+\] smp: Brought up 1 node, 2 CPUs$" % p,
               r"^%sTANDEM-LINUX-INIT-REACHED$" % p,
               r"^%standem-linux: counter \d+ frequency 62500000$" % p,
               r"^%standem-linux: kernel %s, /init reached at uptime" % (p, re.escape(release)),
               r"^%standem-linux: modules loaded: %s$" % (p, MODULES))

    def virtual_timer_on_the_gic():
        # the arch timer's interrupt is the virtual timer's PPI (INTID 27)
        # on the GIC asked for
        chip = "GICv3" if gic == 3 else "GIC-0"
        expect(out, r"^%s\s*\d+:\s+\d+\s+\d+\s+%s\s+27 Level\s+arch_timer$" % (p, chip))
        if gic == 3:
            expect(out, r"^%s.*GICv3: CPU1: found redistributor 1 " % p)

    def nproc():
        expect(out, r"^%snproc: 2$" % p)

    def timer_ticks_on_both():
        rows = interrupt_counts(out, p, "arch_timer")
        if len(rows) < 2 or any(len(r) != 2 for r in rows):
            raise CheckFailed("arch_timer lines of /proc/interrupts: %s, want 2 of 2 CPUs" % rows)
        for cpu in (0, 1):
            if not rows[1][cpu] > rows[0][cpu] > 0:
                raise CheckFailed("CPU%d's timer did not tick: %s" % (cpu, rows))

    def ipis_on_both():
        for label in ("Rescheduling", "Function call"):
            rows = interrupt_counts(out, p, label)
            if not rows or len(rows[-1]) != 2 or not all(rows[-1]):
                raise CheckFailed("no %s IPIs on both CPUs: %s" % (label, rows))

    def workload():
        expect(out, r"^%sworkload: worker 0 cpu 0: %s$" % (p, ZEROS_16M_SHA256),
               r"^%sworkload: worker 1 cpu 1: %s$" % (p, ZEROS_16M_SHA256),
               r"^%sworkload: done %s %s$" % (p, ZEROS_16M_SHA256, ZEROS_16M_SHA256))

    def rtc():
        i = expect(out, r"^%standem-linux: rtc0 rtc-pl031 9010000\.pl031 since_epoch \d+$" % p)
        t = int(out.lines[i].split()[-1])
        if abs(t - time.time()) > 24 * 3600:
            raise CheckFailed("the RTC says %d, the host %d" % (t, time.time()))

    def disk_file():
        expect(out, r"^%s.*virtio_blk virtio\d+: \[vda\]" % p,
               r"^%standem-linux: disk vda file payload.bin sha256 %s$" % (p, want_sha256))

    def network():
        expect(out, r"^%standem-linux: net eth0 lease 10\.0\.2\.\d+$" % p)

    def clean():
        expect(out, r"^%sTANDEM-LINUX-TESTS-DONE$" % p)
        expect_absent(out, BAD)

    return [("Debian's armhf kernel boots on 2 CPUs and reaches /init, loading its own "
             "virtio modules", init),
            ("the arch timer uses the virtual timer's PPI on the GICv%d" % gic, virtual_timer_on_the_gic),
            ("nproc says 2", nproc),
            ("arch timer ticks on both CPUs", timer_ticks_on_both),
            ("Rescheduling and Function call IPIs on both CPUs", ipis_on_both),
            ("a workload pinned to each CPU finishes with the right hashes", workload),
            ("Linux reads the PL031 (within a day of the host's clock)", rtc),
            ("Linux mounts the virtio-blk disk and checks its file's sha256", disk_file),
            ("Linux gets a DHCP lease through virtio-net", network),
            ("no test failure, panic, oops or warning", clean)]


# ------------------------------------------------------------ the zImage itself
@scenario
def linux32_zimage_is_debians():
    # No boot: the zImage must be the packaged file byte for byte, from the
    # .deb whose SHA256 the archive's signed index gives.
    def identical():
        src = source()
        deb = cached_deb(src["deb"])
        with open(deb, "rb") as f:
            got = hashlib.sha256(f.read()).hexdigest()
        if got != src["deb_sha256"]:
            raise CheckFailed("%s has SHA256 %s, not %s" % (deb, got, src["deb_sha256"]))
        index = subprocess.run(["apt-cache", "show", "%s:armhf=%s" % (src["package"], src["version"])],
                               capture_output=True, text=True).stdout
        if "SHA256: " + src["deb_sha256"] not in index or "Architecture: armhf" not in index:
            raise CheckFailed("the .deb's SHA256 is not the archive's for %s:armhf %s" % (src["package"], src["version"]))
        tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True).stdout
        packaged = subprocess.run(["tar", "-xO", src["member"]], input=tar, capture_output=True, check=True).stdout
        with open(ZIMAGE, "rb") as f:
            zimage = f.read()
        if not packaged or packaged != zimage:
            raise CheckFailed("%s differs from %s in %s" % (ZIMAGE, src["member"], deb))
        if hashlib.sha256(zimage).hexdigest() != src["image_sha256"]:
            raise CheckFailed("zImage does not have the image_sha256 of zImage.source")

    def is_armmp_lpae_zimage():
        src = source()
        if not re.fullmatch(r"linux-image-\d+\.\d+\.\d+-\d+-armmp-lpae", src["package"]):
            raise CheckFailed("zImage comes from %s" % src["package"])
        with open(ZIMAGE, "rb") as f:
            head = f.read(0x34)
        if head[0x24:0x28] != bytes.fromhex("18286f01") or head[0x30:0x34] != bytes.fromhex("01020304"):
            raise CheckFailed("no little-endian zImage magic at 0x24")
    return [("the zImage is Debian's packaged file, byte for byte, from the archive's .deb", identical),
            ("it is the armmp-lpae flavour's zImage", is_armmp_lpae_zimage)]


# ------------------------------------------------------------ natively (no Tandem)
def native_command(gic, append, extra=(), reboot=False):
    return (["qemu-system-arm", "-M", "virt,highmem=off,gic-version=%d" % gic, "-cpu", "cortex-a15",
             "-smp", "2", "-m", "1G", "-nographic", "-nic", "none"]
            + ([] if reboot else ["-no-reboot"])
            + ["-kernel", ZIMAGE, "-initrd", INITRD, "-append", "console=ttyAMA0 " + append] + list(extra))


@scenario
def linux32_native_gicv3():
    # About 9 s here (QEMU 7.2 TCG, 2 host cores); the timeout leaves 13 times that.
    disk, want = new_disk("linux32-native-gicv3")
    cmd = native_command(3, "tandem.test=smp,devices,poweroff", devices(disk))
    start = time.time()
    text, timed_out = tandem_qemu.run(cmd, 120)
    out = logged_output("linux32-native-gicv3", text.rstrip("\n"), timed_out, start, cmd, 120)

    def poweroff():
        if out.timed_out:
            raise CheckFailed("QEMU did not exit: no poweroff")
        expect(out, r"^TANDEM-LINUX-TESTS-DONE$", r"^TANDEM-LINUX-POWEROFF$")
        expect_absent(out, BAD)
    return guest_checks(out, "", 3, want) + [("poweroff (PSCI SYSTEM_OFF) stops QEMU", poweroff)]


@scenario
def linux32_native_gicv2():
    # Every boot reboots: stopped at the second /init. About 15 s here.
    disk, want = new_disk("linux32-native-gicv2")
    cmd = native_command(2, "tandem.test=smp,devices,reboot", devices(disk), reboot=True)
    out = rtos_run("linux32-native-gicv2", cmd,
                   lambda lines: lines.count("TANDEM-LINUX-INIT-REACHED") >= 2, timeout=180)

    def reboots():
        if out.timed_out:
            raise CheckFailed("no second TANDEM-LINUX-INIT-REACHED")
        expect(out, r"^TANDEM-LINUX-INIT-REACHED$", r"^TANDEM-LINUX-TESTS-DONE$", r"^TANDEM-LINUX-REBOOTING$",
               r"reboot: Restarting system", r"^\[\s*0\.0+\] Booting Linux on physical CPU 0x0",
               r"^TANDEM-LINUX-INIT-REACHED$")
        expect_absent(out, BAD)
    return guest_checks(out, "", 2, want) + [("reboot (PSCI SYSTEM_RESET) boots Linux again", reboots)]


# ------------------------------------------------------------ the loaded guest
INITRD_LOAD = os.path.join(LINUX32_DIR, "initramfs-load.cpio.gz")
@scenario
def linux32_native_load():
    """initramfs-load.cpio.gz (build.sh --armhf --load): its programs come from
    the archive's armhf packages, and natively (one CPU, 512 MiB, as in the
    benchmark's shared VM) /init's stress-ng load runs 3 s and ends. About 11 s."""
    sources = os.path.join(LINUX32_DIR, "sources-load.txt")
    rows = []
    with open(sources) as f:
        for line in f:
            role, pkg, version, sha, deb = line.rstrip("\n").split("\t")
            if role == "armhf-userland":
                rows.append((pkg, version, sha, deb))
    cmd = ["qemu-system-arm", "-M", "virt,highmem=off,gic-version=3", "-cpu", "cortex-a15", "-smp", "1",
           "-m", "512M", "-nographic", "-nic", "none", "-no-reboot", "-kernel", ZIMAGE, "-initrd", INITRD_LOAD,
           "-append", "console=ttyAMA0 tandem.test=stress:3,wait,poweroff"]
    start = time.time()
    text, timed_out = tandem_qemu.run(cmd, 120)
    out = logged_output("linux32-native-load", text.rstrip("\n"), timed_out, start, cmd, 120)

    def packages():
        names = [r[0] for r in rows]
        for want in ("stress-ng", "rt-tests", "libc6", "libgcc-s1"):
            if want not in names:
                raise CheckFailed("%s lists no armhf-userland package %s: %s" % (sources, want, names))
        # One apt-cache call for all (1.5 s each here): the archive index's SHA256s.
        index = subprocess.run(["apt-cache", "show", "--no-all-versions"]
                               + ["%s:armhf=%s" % (r[0], r[1]) for r in rows],
                               capture_output=True, text=True).stdout
        for pkg, version, sha, deb in rows:
            with open(cached_deb(deb), "rb") as f:
                got = hashlib.sha256(f.read()).hexdigest()
            if got != sha or "SHA256: " + sha not in index:
                raise CheckFailed("%s %s: cached .deb %s, listed %s, not the archive index's"
                                  % (pkg, version, got, sha))
        with open(os.path.join(LINUX32_DIR, "initramfs-load.list")) as f:
            listing = f.read()
        for member in (r" usr/bin/stress-ng$", r" usr/bin/cyclictest$",
                       r" lib/ld-linux-armhf\.so\.3 -> arm-linux-gnueabihf/ld-linux-armhf\.so\.3$",
                       r" lib/arm-linux-gnueabihf/libc\.so\.6$"):
            if not re.search(member, listing, re.M):
                raise CheckFailed("initramfs-load.list has no /%s/" % member)

    def load_runs():
        # No iomix on 32-bit ARM (guests/linux/init says why).
        expect(out, r"^TANDEM-LINUX-INIT-REACHED$",
               r"^stress-ng: info: +\[\d+\] dispatching hogs: 1 cpu, 1 vm, 1 hdd$",
               r"^TANDEM-LINUX-LOAD-STARTED$",
               r"^tandem-linux: load: stress-ng --cpu 0 .* --timeout 3s \(pid \d+\)$",
               r"^TANDEM-LINUX-LOAD-DONE status \d+$",
               r"^TANDEM-LINUX-TESTS-DONE$", r"^TANDEM-LINUX-POWEROFF$")
        if out.timed_out:
            raise CheckFailed("QEMU did not exit: no poweroff")
        expect_absent(out, BAD)

    def stressors_pass():
        expect(out, r"^stress-ng: info: +\[\d+\] successful run completed in [0-9.]+s$",
               r"^TANDEM-LINUX-LOAD-DONE status 0$")
        expect_absent(out, r"^stress-ng: (fail|error):")

    return [("the armhf load packages are the archive's, the initramfs has stress-ng, cyclictest and "
             "armhf's loader and libc", packages),
            ("natively, /init starts stress-ng on the armhf load initramfs, waits for it, powers off", load_runs),
            ("stress-ng's cpu, vm and hdd stressors pass, its exit status is 0", stressors_pass)]


# ------------------------------------------------------------ under Tandem (ARMv7-A)
def tandem_vms():
    return [(os.path.join(OVERLAYS32, "linux-smp-devices-arm32.dtbo"), ZIMAGE, INITRD),
            (os.path.join(OVERLAYS32, "linux-reboot-arm32.dtbo"), ZIMAGE, INITRD)]


def tandem_check(vms, gic, extra):
    """tools/tandem-check --arch arm32 on qemu-system-arm's tree for this
    command line (its dumpdtb: QEMU writes it and exits before running
    anything, so the -kernel only has to be loadable) and the overlays with
    their payloads: (exit status, output)."""
    tmp = tempfile.mkdtemp(prefix="tandem-l32-")
    dtb = os.path.join(tmp, "platform.dtb")
    cmd = tandem_qemu.qemu_command(vms, gic=gic, arch="arm32", tandem=ZIMAGE, extra=extra)
    cmd[cmd.index("-M") + 1] += ",dumpdtb=" + dtb
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r = subprocess.run([TANDEM_CHECK, "--arch", "arm32", "--quiet", dtb] + ["%s=%s" % (v[0], v[1]) for v in vms],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode, r.stdout


@scenario
def linux32_tandem_check():
    """tools/tandem-check accepts both VMs, with the zImage as their payload,
    on the ARMv7-A platform's tree with the same devices, GICv2 and GICv3."""
    vms = tandem_vms()
    disk = os.path.join(BUILD32, "tests", "linux32-check.img")
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    disk_image(disk)
    results = {gic: tandem_check(vms, gic, devices(disk)) for gic in (2, 3)}

    def accepted(gic):
        def check():
            status, text = results[gic]
            want = [r"^VM linux accepted: 2 vCPU\(s\), RAM IPA 0x48000000-0x57ffffff at PA 0x48000000, "
                    r"3 device\(s\) passed through$",
                    r"^VM again accepted: 1 vCPU\(s\), RAM IPA 0x40000000-0x47ffffff at PA 0x[0-9a-f]+, "
                    r"0 device\(s\) passed through$",
                    r"^2 VM\(s\) accepted, 0 refused$"]
            lines = text.splitlines()
            for rx in want:
                if status != 0 or not any(re.match(rx, line) for line in lines):
                    raise CheckFailed("tandem-check (exit %d) did not print /%s/:\n%s" % (status, rx, text))
            if "note:" in text:
                raise CheckFailed("tandem-check could not check everything:\n" + text)
        return check
    return [("GICv2: both VMs accepted, the Linux VM with its three devices", accepted(2)),
            ("GICv3: both VMs accepted, the Linux VM with its three devices", accepted(3))]


def tandem_skip_reason():
    if not (TANDEM_ARM32_RUNS_GUESTS or os.environ.get("TANDEM_ARM32_GUESTS") == "1"):
        return ("Tandem's ARMv7-A image is marked as not running guests (TANDEM_ARM32_RUNS_GUESTS in "
                "tests/integration/scenarios_linux_arm32.py; TANDEM_ARM32_GUESTS=1 tries it anyway)")
    if not os.path.exists(tandem_qemu.TANDEM_ARM32):
        return "%s missing (make arm32)" % os.path.relpath(tandem_qemu.TANDEM_ARM32)
    return None


def linux32_tandem(gic):
    """Two VMs: 'linux' (2 vCPUs on cores 0-1, the PL031 and a virtio disk
    and network passed through) runs /init's checks and powers off; 'again'
    (1 vCPU on core 2) reboots. Only 'linux' may stop; 'again' boots again
    and runs on after it. Stopped once 'again' has reached /init twice and
    printed something after 'linux' stopped. About 30 s (GICv3) and 40 s
    (GICv2) here; the timeout leaves ten times that."""
    name = "linux32_tandem_gicv%d" % gic
    reason = tandem_skip_reason()
    if reason:
        print("SKIP %s: %s" % (name, reason))
        return []
    disk, want = new_disk("linux32-tandem-gicv%d" % gic)
    stopped = r"^tandem: vm linux: stopped: powered off \(PSCI SYSTEM_OFF\)$"

    def done(lines):
        if re.search(r"^tandem: (no VM is running any more|.*PANIC)|^tandem: vm again: stopped", lines[-1]):
            return True   # it cannot end well: stop at once
        at = next((i for i, line in enumerate(lines) if re.match(stopped, line)), None)
        return (at is not None and lines.count("[again] TANDEM-LINUX-INIT-REACHED") >= 2
                and any(line.startswith("[again] ") for line in lines[at + 1:]))
    cmd = tandem_qemu.qemu_command(tandem_vms(), gic=gic, smp=4, arch="arm32", extra=devices(disk))
    out = rtos_run(name.replace("_", "-"), cmd, done, timeout=400)

    def passed_through():
        expect(out, r"^tandem: vm linux: 2 vCPU\(s\) on core\(s\) 0,1")
        expect(out, r"^tandem: vm linux: passed through /pl031@9010000 \(0x9010000, 4096 bytes, interrupts 34\)$")
        expect(out, r"^tandem: vm linux: passed through /virtio_mmio@a003e00 \(0xa003e00, 512 bytes, interrupts 79\)$")

    def poweroff_stops_only_linux():
        i = expect(out, r"^\[linux\] TANDEM-LINUX-POWEROFF$", stopped)
        if not any(line.startswith("[again] ") for line in out.lines[i + 1:]):
            raise CheckFailed("VM again printed nothing after VM linux stopped")
        expect_absent(out, r"^tandem: vm again: stopped|no VM is running any more|PANIC")

    def reboot_boots_again():
        if out.timed_out:
            raise CheckFailed("no second [again] TANDEM-LINUX-INIT-REACHED after the poweroff of linux")
        expect(out, r"^\[again\] TANDEM-LINUX-INIT-REACHED$", r"^\[again\] TANDEM-LINUX-REBOOTING$",
               r"^tandem: vm again: restarting from a clean image \(reset 1\)$",
               r"^\[again\] .*Booting Linux on physical CPU 0x0",
               r"^\[again\] TANDEM-LINUX-INIT-REACHED$")
        expect_absent(out, r"^\[again\] .*(%s)" % BAD)

    return ([("Tandem passes the PL031 and the virtio disk through to VM linux", passed_through)]
            + guest_checks(out, "[linux] ", gic, want)
            + [("poweroff stops VM linux only; VM again runs on", poweroff_stops_only_linux),
               ("reboot starts VM again's Linux again in the same VM", reboot_boots_again)])


@scenario
def linux32_tandem_gicv3():
    return linux32_tandem(3)


@scenario
def linux32_tandem_gicv2():
    return linux32_tandem(2)
