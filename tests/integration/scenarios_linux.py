"""Debian's kernel as a guest: two vCPUs on GICv3 and GICv2, reboot, beside a
test guest, eight vCPUs; that the Image is Debian's file; and the native boots
(QEMU alone, no Tandem) of the payloads the real-time benchmarks use.
"""
import os
import re
import subprocess
import time

from harness import (CheckFailed, LINUX_DIR, LINUX_IMAGE, TESTGUEST, ZEROS_16M_SHA256, boot, logged_output,
                     expect, expect_absent, expect_powered_off, linux, overlay, scenario, tandem_qemu)


def interrupt_counts(out, label, after=0):
    """Per-CPU counts of the /proc/interrupts line whose name matches label,
    from each printing of it at or after line `after`: [[cpu0, cpu1, ...], ...],
    one count per CPU column."""
    rows = []
    for line in out.lines[after:]:
        m = re.match(r"^\[linux\]\s+\S+:((?:\s+\d+)+)\s+\D.*%s" % label, line)
        if m:
            rows.append([int(n) for n in m.group(1).split()])
    return rows


def linux_smp(gic):
    out = boot("linux-gicv%d" % gic, [linux("linux-smp")], gic=gic, timeout=180)

    def init():
        expect(out, r"^tandem: vm linux: 2 vCPU\(s\) on core\(s\) 0,1",
               r"^\[linux\] .*(GICv3: CPU0: found redistributor 0|Root IRQ handler: gic_handle_irq)",
               r"^\[linux\] TANDEM-LINUX-INIT-REACHED$")

    def nproc():
        expect(out, r"^\[linux\] nproc: 2$")

    def timer_ticks_on_both():
        rows = interrupt_counts(out, "arch_timer")
        if len(rows) < 2:
            raise CheckFailed("arch_timer line of /proc/interrupts printed %d times, want 2" % len(rows))
        for cpu in (0, 1):
            if not rows[1][cpu] > rows[0][cpu] > 0:
                raise CheckFailed("CPU%d's timer did not tick: %s" % (cpu, rows))

    def ipis_on_both():
        for label in ("Rescheduling", "Function call"):
            rows = interrupt_counts(out, label)
            if not rows or not all(rows[-1]):
                raise CheckFailed("no %s IPIs on both CPUs: %s" % (label, rows))

    def workload():
        expect(out, r"^\[linux\] workload: done %s %s$" % (ZEROS_16M_SHA256, ZEROS_16M_SHA256))
        expect_absent(out, r"TANDEM-LINUX-TEST-FAIL")

    def poweroff():
        expect(out, r"^\[linux\] TANDEM-LINUX-TESTS-DONE$", r"^\[linux\] TANDEM-LINUX-POWEROFF$",
               r"^tandem: vm linux: stopped: powered off \(PSCI SYSTEM_OFF\)$",
               r"^tandem: vm linux: traps: .*irq=\d+")
        expect_powered_off(out)
        expect_absent(out, r"PANIC|Kernel panic|Oops|BUG:|WARNING:")

    return [("Linux reaches its /init", init), ("nproc says 2", nproc),
            ("arch timer ticks on both CPUs", timer_ticks_on_both),
            ("IPIs between the CPUs", ipis_on_both),
            ("a workload on both CPUs finishes", workload),
            ("poweroff stops the VM and Tandem reports it", poweroff)]


@scenario
def linux_gicv3():
    return linux_smp(3)


@scenario
def linux_gicv2():
    return linux_smp(2)


@scenario
def linux_reboot():
    out = boot("linux-reboot", [linux("linux-reboot")], timeout=180,
               until=r"TANDEM-LINUX-INIT-REACHED.*", stop_after=2)

    def boots_again():
        expect(out, r"^\[linux\] TANDEM-LINUX-INIT-REACHED$", r"^\[linux\] TANDEM-LINUX-REBOOTING$",
               r"^tandem: vm linux: restarting from a clean image \(reset 1\)$",
               r"^\[linux\] .*Booting Linux on physical CPU 0x0",
               r"^\[linux\] TANDEM-LINUX-INIT-REACHED$")
        expect_absent(out, r"PANIC|Kernel panic|Oops")
    return [("reboot starts Linux again in the same VM", boots_again)]


@scenario
def linux_beside_testguest():
    out = boot("linux-beside", [linux("linux-side"), (overlay("beside-linux"), TESTGUEST)],
               timeout=180)

    def keeps_beating():
        # the test guest's heartbeats go on while Linux boots
        first = expect(out, r"^\[linux\] \[\s+0\.0+\] Booting Linux")
        init = expect(out, r"^\[linux\] TANDEM-LINUX-INIT-REACHED$")
        beats = [i for i in range(first, init) if re.match(r"^\[beside\] heartbeat \d+: secret intact$",
                                                          out.lines[i])]
        if len(beats) < 3:
            raise CheckFailed("only %d heartbeats while Linux booted" % len(beats))

    def both_finish():
        expect(out, r"^\[linux\] workload: done")
        expect(out, r"^tandem: vm beside: stopped: powered off")
        expect(out, r"^tandem: vm linux: stopped: powered off")
        expect_powered_off(out)
    return [("the test guest runs on while Linux boots", keeps_beating),
            ("both finish; Tandem powers off", both_finish)]


@scenario
def linux_image_is_debians():
    # No boot: the Image Tandem boots must be the packaged file byte for byte.
    def identical():
        src = dict(line.split("=", 1) for line in open(LINUX_IMAGE + ".source").read().split("\n") if "=" in line)
        cache = os.environ.get("TANDEM_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tandem")
        deb, member = os.path.join(cache, "debs", src["deb"]), src["member"]
        tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True, check=True).stdout
        packaged = subprocess.run(["tar", "-xO", member], input=tar, capture_output=True, check=True).stdout
        if not packaged or packaged != open(LINUX_IMAGE, "rb").read():
            raise CheckFailed("%s differs from %s in %s" % (LINUX_IMAGE, member, deb))
        want = subprocess.run(["apt-cache", "show", "--no-all-versions", src["package"] + ":arm64"],
                              capture_output=True, text=True).stdout
        if "SHA256: " + src["deb_sha256"] not in want:
            raise CheckFailed("the .deb's SHA256 is not the archive's for %s" % src["package"])
    return [("the Image is Debian's packaged file, byte for byte", identical)]


# ---------------------------------------------- Linux payloads of the RT benchmarks
# Native boots (QEMU alone, no Tandem) of initramfs-load.cpio.gz and of the
# PREEMPT_RT kernel with initramfs-rt.cpio.gz (guests/linux/README.md): that the
# payloads the real-time benchmarks use work at all. Figures come from
# tests/bench/linux_rt.py, never from here.


def boot_native(name, kernel, initrd, append, smp=2, icount=False, timeout=180):
    cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", str(smp),
           "-m", "1G", "-nographic", "-nic", "none", "-no-reboot"]
    cmd += ["-icount", "shift=0,sleep=off"] if icount else []
    cmd += ["-kernel", kernel, "-initrd", initrd, "-append", "console=ttyAMA0 nokaslr " + append]
    start = time.time()
    text, timed_out = tandem_qemu.run(cmd, timeout)
    return logged_output(name, text.rstrip("\n"), timed_out, start, cmd, timeout)


def expect_native_poweroff(out):
    if out.timed_out:
        raise CheckFailed("QEMU did not exit: no poweroff")
    expect(out, r"^TANDEM-LINUX-TESTS-DONE$", r"^TANDEM-LINUX-POWEROFF$")
    expect_absent(out, r"TANDEM-LINUX-TEST-FAIL|Kernel panic|Oops|BUG:|WARNING:")


@scenario
def linux_load_native():
    # stress-ng for 4 s: /init's two-CPU workload runs meanwhile, then waits for it.
    out = boot_native("linux-load-native", os.path.join(LINUX_DIR, "Image"),
                      os.path.join(LINUX_DIR, "initramfs-load.cpio.gz"), "tandem.test=stress:4,smp,wait,poweroff")

    def started():
        expect(out, r"^TANDEM-LINUX-INIT-REACHED$", r"^TANDEM-LINUX-LOAD-STARTED$",
               r"^tandem-linux: counter \d+ frequency \d+$",
               r"^tandem-linux: load: stress-ng --cpu 0 .*--timeout 4s \(pid \d+\)$")
        expect(out, r"^stress-ng: info: +\[\d+\] dispatching hogs: 2 cpu, 1 vm, 1 hdd, 1 iomix$")

    def workload_under_load():
        i = expect(out, r"^TANDEM-LINUX-LOAD-STARTED$")
        if out.find(r"^workload: done %s %s$" % (ZEROS_16M_SHA256, ZEROS_16M_SHA256), i) < 0:
            raise CheckFailed("the smp workload did not finish after the load started")

    def load_ends():
        expect(out, r"^TANDEM-LINUX-LOAD-STARTED$", r"stress-ng: info: +\[\d+\] successful run completed",
               r"^TANDEM-LINUX-LOAD-DONE status 0$", r"^tandem-linux: counter \d+ frequency \d+$")
        expect_native_poweroff(out)

    return [("stress-ng starts with its libraries and /init reports it", started),
            ("a workload runs to the end beside the load", workload_under_load),
            ("the load ends (status 0), then poweroff", load_ends)]


@scenario
def linux_rt_native():
    # 500 wake-ups 1 ms apart per CPU: half a second of icount time.
    out = boot_native("linux-rt-native", os.path.join(LINUX_DIR, "Image-rt"),
                      os.path.join(LINUX_DIR, "initramfs-rt.cpio.gz"),
                      "tandem.test=cyclictest,poweroff tandem.cyclictest=500,1000", icount=True)

    def preempt_rt():
        expect(out, r"^\[\s+0\.0+\] Linux version 6\.\S+-rt-arm64 .* SMP PREEMPT_RT ",
               r"^TANDEM-LINUX-INIT-REACHED$", r"^tandem-linux: kernel \S+-rt-arm64, /init reached",
               r"^tandem-linux: modules loaded: virtio_mmio virtio_blk failover net_failover virtio_net "
               r"virtio_console crc32c_generic jbd2 mbcache crc16 ext4 sbsa_gwdt$")

    def cyclictest():
        expect(out, r"^cyclictest: cyclictest -m -p 95 -i 1000 -d 0 -l 500 -t 2 -a -q$",
               r"^cyclictest: T: 0 \(\s*\d+\) P:95 I:1000 C:\s+500 Min:\s+\d+ Act:\s+\d+ Avg:\s+\d+ Max:\s+\d+$",
               r"^cyclictest: T: 1 \(\s*\d+\) P:95 I:1000 C:\s+\d+ Min:",
               r"^TANDEM-CYCLICTEST min \d+ avg \d+ max \d+ threads 2 loops 500 interval 1000$")
        expect_native_poweroff(out)

    def image_is_debians():
        src = dict(line.split("=", 1) for line in open(os.path.join(LINUX_DIR, "Image-rt.source")).read().split("\n")
                   if "=" in line and not line.startswith("#"))
        cache = os.environ.get("TANDEM_CACHE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "tandem")
        tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", os.path.join(cache, "debs", src["deb"])],
                             capture_output=True, check=True).stdout
        packaged = subprocess.run(["tar", "-xO", src["member"]], input=tar, capture_output=True, check=True).stdout
        if not packaged or packaged != open(os.path.join(LINUX_DIR, "Image-rt"), "rb").read():
            raise CheckFailed("Image-rt differs from %s in %s" % (src["member"], src["deb"]))
        if not src["package"].startswith("linux-image-") or "-rt-arm64-unsigned" not in src["package"]:
            raise CheckFailed("Image-rt comes from %s" % src["package"])

    return [("Debian's PREEMPT_RT kernel reaches /init and loads its own modules", preempt_rt),
            ("cyclictest runs a thread per CPU and reports", cyclictest),
            ("Image-rt is Debian's packaged file, byte for byte", image_is_debians)]


# ------------------------------------------ Linux on eight vCPUs (SGIs, PSCI)
def linux_smp8(gic):
    """Debian's kernel on eight vCPUs, one per core of an eight-core machine:
    every CPU comes up, ticks, takes IPIs and runs a worker; poweroff is
    clean. A GICv2 SGI lost or left waiting for an unrelated exit hung this
    boot (soft lockups, CPUs that never join a stop_machine). -icount keeps
    the verdict off the host's speed and is faster than eight TCG threads
    on a small host."""
    # About 12-25 s here; the timeout leaves a slow or busy host 15 times that.
    out = boot("linux-smp8-gicv%d" % gic, [linux("linux-smp8")], gic=gic, smp=8, icount=True,
               timeout=400)
    cpus = range(8)

    def init():
        expect(out, r"^tandem: vm linux: 8 vCPU\(s\) on core\(s\) 0,1,2,3,4,5,6,7,",
               r"^\[linux\] .*smp: Brought up 1 node, 8 CPUs$",
               r"^\[linux\] TANDEM-LINUX-INIT-REACHED$")

    def nproc():
        expect(out, r"^\[linux\] nproc: 8$")

    def timer_ticks_on_all():
        rows = interrupt_counts(out, "arch_timer")
        if len(rows) < 2 or any(len(r) != 8 for r in rows):
            raise CheckFailed("arch_timer lines of /proc/interrupts: %s, want 2 of 8 CPUs" % rows)
        for cpu in cpus:
            if not rows[1][cpu] > rows[0][cpu] > 0:
                raise CheckFailed("CPU%d's timer did not tick: %s" % (cpu, rows))

    def ipis_on_all():
        for label in ("Rescheduling", "Function call"):
            rows = interrupt_counts(out, label)
            if not rows or len(rows[-1]) != 8 or not all(rows[-1]):
                raise CheckFailed("no %s IPIs on every CPU: %s" % (label, rows))

    def workload():
        for w in cpus:
            expect(out, r"^\[linux\] workload: worker %d cpu %d: %s$" % (w, w, ZEROS_16M_SHA256))
        expect(out, r"^\[linux\] workload: 8 workers", r"^\[linux\] workload: done, 8 workers$")
        expect_absent(out, r"TANDEM-LINUX-TEST-FAIL")

    def poweroff():
        expect(out, r"^\[linux\] TANDEM-LINUX-TESTS-DONE$", r"^\[linux\] TANDEM-LINUX-POWEROFF$",
               r"^tandem: vm linux: stopped: powered off \(PSCI SYSTEM_OFF\)$")
        expect_powered_off(out)
        expect_absent(out, r"PANIC|Kernel panic|Oops|BUG:|WARNING:|soft lockup|rcu: INFO|"
                           r"self-detected stall|failed to come online")

    return [("Linux reaches its /init with 8 CPUs", init), ("nproc says 8", nproc),
            ("arch timer ticks on every CPU", timer_ticks_on_all),
            ("Rescheduling and Function call IPIs on every CPU", ipis_on_all),
            ("a workload of 8 workers, one per CPU, finishes", workload),
            ("poweroff is clean: no lockup, stall or panic", poweroff)]


@scenario
def linux_smp8_gicv2():
    return linux_smp8(2)


@scenario
def linux_smp8_gicv3():
    return linux_smp8(3)
