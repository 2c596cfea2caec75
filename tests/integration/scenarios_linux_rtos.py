"""Linux and the RTOS side by side: the RTOS keeps its deadlines while stress-
ng loads Linux; Linux's shell reaches the RTOS over the channel; Ctrl-] gives
the RTOS's shell the keyboard.
"""
import os
import re

from harness import (BUILD, CheckFailed, LINUX_DIR, LINUX_IMAGE, RTOS_IMAGE, RTOS_STATUS, boot, expect,
                     expect_absent, rtos_statuses, scenario)


# Linux and the RTOS side by side, each from its plain overlay under guests/,
# with stress-ng typed into Linux's shell (CPU hogs, memory, file I/O on its
# tmpfs) and then Ctrl-] moving the keyboard to the RTOS's shell. Under
# -icount, so that only Tandem and the guests, not the host's load, decide
# whether the RTOS keeps its deadlines.
#
# The deadline checks run in the configurations QEMU models faithfully:
# partitioned with the RTOS on core 0 and Linux on core 1 of a two-core
# machine, and shared on a one-core machine. In `make run`'s configuration
# (Linux's two vCPUs busy on cores 0-1, the RTOS on core 2) QEMU's
# round-robin of vCPUs under -icount makes a timer interrupt for core 2 wait
# for the other cores' time slices (docs/benchmarks.md): there the test
# checks that everything works and records the misses it sees.
def stress_command(seconds, arch):
    # the sizes of /init's own stress action (guests/linux/init), which also
    # leaves iomix out on 32-bit ARM (stress-ng 0.15.06's iomix fails there)
    iomix = b"" if arch == "arm32" else b"--iomix 1 --iomix-bytes 16M "
    return (b"cd /tmp && echo STRESS-START && stress-ng --cpu 0 --vm 1 --vm-bytes 64M "
            b"--hdd 1 --hdd-bytes 16M " + iomix + b"--temp-path /tmp "
            b"--timeout %ds --metrics-brief; echo STRESS-DONE $?\n" % seconds)


# Each architecture's payloads: (kernel, load initramfs, RTOS).
PAYLOADS = {
    "arm64": (LINUX_IMAGE, os.path.join(LINUX_DIR, "initramfs-load.cpio.gz"), RTOS_IMAGE),
    "arm32": (os.path.join(BUILD, "arm32/guests/linux/zImage"),
              os.path.join(BUILD, "arm32/guests/linux/initramfs-load.cpio.gz"),
              os.path.join(BUILD, "arm32/guests/rtos/rtos.bin")),
}


def linux_rtos(name, linux_overlay, rtos_overlay_, smp, placement, stress_s, slack=1, arch="arm64", gic=3):
    typing = [(r"^\[linux\] tandem-linux: busybox shell", stress_command(stress_s, arch)),
              # The README's example: the channel to the RTOS from the shell.
              (r"^\[linux\] STRESS-DONE", b"exec 3<>/dev/hvc0; stty raw -echo <&3; "
               b"echo 'REQ 1 add 2 40' >&3; read -r a <&3; echo \"ANSWER $a\"\n"),
              (r"^\[linux\] ANSWER", b"\x1d"),
              (r"^tandem: console input goes to VM rtos", b"stats\n")]
    kernel, initrd, rtos = PAYLOADS[arch]
    out = boot(name, [(os.path.join(BUILD, "guests/linux", linux_overlay + ".dtbo"), kernel, initrd),
                      (os.path.join(BUILD, "guests/rtos", rtos_overlay_ + ".dtbo"), rtos)],
               smp=smp, icount=True, typing=typing, until=r"^\[rtos\] rtos: stats: kernel", timeout=900,
               arch=arch, gic=gic)
    prefix = r"\[rtos\] "

    def placed():
        expect(out, *placement)
        expect_absent(out, r"FAULT|PANIC|tandem: vm \S+: stopped")

    def linux_loaded():
        expect(out, r"^\[linux\] STRESS-START$", r"^\[linux\] stress-ng: info: .*dispatching hogs: "
               r"\d+ cpu, 1 vm, 1 hdd%s$" % ("" if arch == "arm32" else ", 1 iomix"),
               r"^\[linux\] stress-ng: info: .* successful run completed",
               r"^\[linux\] STRESS-DONE 0$")

    def during_load():
        """The RTOS's status lines printed while stress-ng ran."""
        start, done = expect(out, r"^\[linux\] STRESS-START$"), expect(out, r"^\[linux\] STRESS-DONE 0$")
        st = [tuple(int(g) for g in m.groups()) for m in
              (re.match("^" + prefix + RTOS_STATUS, out.lines[i]) for i in range(start, done)) if m]
        if len(st) < stress_s - 1:
            raise CheckFailed("%d RTOS status lines while Linux was loaded for %d s" % (len(st), stress_s))
        return st

    def rtos_runs():
        # t is the whole seconds elapsed when the (lowest-priority) status
        # task ran, which may be some milliseconds after the second began
        # (its higher-priority tasks ran first): the periods done then are
        # at least 1000 t (less the slack) and at most 1000 (t + 1).
        for t, periods, *_ in during_load():
            if not 1000 * t - slack <= periods <= 1000 * (t + 1):
                raise CheckFailed("t=%ds: %d control periods, not 1000 per second" % (t, periods))

    def channel():
        expect(out, r"^\[linux\] STRESS-DONE 0$", r"^\[linux\] ANSWER RSP 1 42$")

    def keyboard():
        expect(out, r"^\[linux\] ANSWER", r"^tandem: console input goes to VM rtos",
               r"^\[rtos\] rtos: stats: uptime \d+\.\d{3} s$")

    def misses():
        st = rtos_statuses(out, prefix)
        return st[-1][3] if st else None

    return out, during_load, misses, [
        ("placement as the overlays say", placed),
        ("stress-ng typed into Linux's shell loads it (CPU, memory, I/O)", linux_loaded),
        ("the RTOS runs all its periods while Linux is loaded", rtos_runs),
        ("from Linux's shell, /dev/hvc0 reaches the RTOS's channel task", channel),
        ("Ctrl-] gives the RTOS's shell the keyboard", keyboard)]


def no_misses_check(out, during_load, max_latency):
    def check():
        st = during_load()
        bad = [(t, m) for t, _p, _lat, m, *_ in st if m]
        if bad:
            raise CheckFailed("deadline misses while Linux was loaded (t, total): %s" % bad)
        worst = max(lat for _t, _p, lat, *_ in st)
        if worst > max_latency:
            raise CheckFailed("worst release latency %d cycles, over %d" % (worst, max_latency))
    return check


@scenario
def linux_rtos_partitioned():
    """`make run`'s configuration: Linux on cores 0-1, the RTOS on core 2."""
    out, _during, misses, checks = linux_rtos(
        "linux-rtos-partitioned", "linux", "rtos", 3,
        (r"^tandem: vm linux: 2 vCPU\(s\) on core\(s\) 0,1,", r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 2,"),
        3, slack=50)   # releases delayed past a status line by QEMU's round-robin
    print("     (%s: %s RTOS deadline misses under QEMU's -icount round-robin of three cores)"
          % (out.name, misses()))
    return checks


@scenario
def linux_rtos_partitioned_deadlines():
    """Partitioned: the RTOS on core 0 keeps every deadline while Linux on core 1 is loaded."""
    out, during, _misses, checks = linux_rtos(
        "linux-rtos-partitioned-2core", "linux-core1", "rtos-core0", 2,
        (r"^tandem: vm linux: 1 vCPU\(s\) on core\(s\) 1,", r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 0,"),
        5)
    # The bound is the shared core's goal: typically the latency is the
    # native one plus 28 instructions, but rare spikes of up to ~13000
    # remain under investigation (docs/benchmarks.md).
    return checks + [("no deadline miss while Linux is loaded, worst latency under 50 us",
                      no_misses_check(out, during, 50000))]


@scenario
def linux_rtos_shared_core():
    """`make run-shared`: one core, the RTOS preempting Linux's vCPU."""
    out, during, _misses, checks = linux_rtos(
        "linux-rtos-shared", "linux-shared", "rtos-shared", 1,
        (r"^tandem: vm linux: 1 vCPU\(s\) on core\(s\) 0,", r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 0,"),
        5)
    return checks + [("no deadline miss while Linux is loaded on its core, worst latency under 50 us",
                      no_misses_check(out, during, 50000))]


@scenario
def linux_rtos_arm32_partitioned():
    """The same on ARMv7-A (build/arm32, Debian's armhf kernel, the RTOS's
    arm32 port) with GICv2, as Cortex-A15/A7 silicon has it: the RTOS on
    core 0 keeps every deadline while Linux on core 1 is loaded."""
    out, during, _misses, checks = linux_rtos(
        "linux-rtos-arm32-partitioned", "linux-core1", "rtos-core0", 2,
        (r"^tandem: vm linux: 1 vCPU\(s\) on core\(s\) 1,", r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 0,"),
        5, arch="arm32", gic=2)
    return checks + [("no deadline miss while Linux is loaded, worst latency under 50 us",
                      no_misses_check(out, during, 50000))]


@scenario
def linux_rtos_arm32_shared_core():
    """ARMv7-A, GICv3 through cp15: one core, the RTOS preempting Linux's vCPU."""
    out, during, _misses, checks = linux_rtos(
        "linux-rtos-arm32-shared", "linux-shared", "rtos-shared", 1,
        (r"^tandem: vm linux: 1 vCPU\(s\) on core\(s\) 0,", r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 0,"),
        5, arch="arm32", gic=3)
    return checks + [("no deadline miss while Linux is loaded on its core, worst latency under 50 us",
                      no_misses_check(out, during, 50000))]
