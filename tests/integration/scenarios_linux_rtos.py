"""Linux and the RTOS side by side: the RTOS keeps its deadlines while stress-
ng loads Linux; Linux's shell reaches the RTOS over the channel; Ctrl-] gives
the RTOS's shell the keyboard. On arm64 and on ARMv7-A.
"""
import os
import re

from harness import (BUILD, CheckFailed, LINUX_DIR, LINUX_IMAGE, RTOS_IMAGE, RTOS_STATUS, boot, expect,
                     expect_absent, overlay_with_bootargs, rtos_statuses, scenario)


# Linux and the RTOS side by side, each from its plain overlay under guests/,
# Linux's bootargs asking its /init for stress-ng (CPU hogs, memory, file I/O
# on its tmpfs; tandem.test=stress:N,wait, guests/linux/init) and then its
# shell, where the channel to the RTOS is typed, and Ctrl-] moving the
# keyboard to the RTOS's shell. Under -icount, and with nothing typed while
# the load runs, so that the machine's run (and the RTOS's latencies) does
# not depend on when the host delivers keystrokes: only Tandem and the
# guests decide whether the RTOS keeps its deadlines.
#
# The deadline checks run in the configurations QEMU models faithfully:
# partitioned with the RTOS on core 0 and Linux on core 1 of a two-core
# machine, and shared on a one-core machine. In `make run`'s configuration
# (Linux's two vCPUs busy on cores 0-1, the RTOS on core 2) QEMU's
# round-robin of vCPUs under -icount makes a timer interrupt for core 2 wait
# for the other cores' time slices (docs/benchmarks.md): there the test
# checks that everything works and records the misses it sees.
LOAD_START = r"^\[linux\] TANDEM-LINUX-LOAD-STARTED$"
LOAD_DONE = r"^\[linux\] TANDEM-LINUX-LOAD-DONE status 0$"


# Each architecture's payloads: (kernel, load initramfs, RTOS).
PAYLOADS = {
    "arm64": (LINUX_IMAGE, os.path.join(LINUX_DIR, "initramfs-load.cpio.gz"), RTOS_IMAGE),
    "arm32": (os.path.join(BUILD, "arm32/guests/linux/zImage"),
              os.path.join(BUILD, "arm32/guests/linux/initramfs-load.cpio.gz"),
              os.path.join(BUILD, "arm32/guests/rtos/rtos.bin")),
}


def linux_rtos(name, linux_overlay, rtos_overlay_, smp, placement, stress_s, slack=1, arch="arm64", gic=3):
    # The README's example: the channel to the RTOS from the shell.
    typing = [(r"^\[linux\] tandem-linux: busybox shell", b"exec 3<>/dev/hvc0; stty raw -echo <&3; "
               b"echo 'REQ 1 add 2 40' >&3; read -r a <&3; echo \"ANSWER $a\"\n"),
              (r"^\[linux\] ANSWER", b"\x1d"),
              (r"^tandem: console input goes to VM rtos", b"stats\n")]
    kernel, initrd, rtos = PAYLOADS[arch]
    linux_dtbo = overlay_with_bootargs("guests/linux/%s.dtso" % linux_overlay,
                                       "console=ttyAMA0 nokaslr tandem.test=stress:%d,wait" % stress_s)
    out = boot(name, [(linux_dtbo, kernel, initrd),
                      (os.path.join(BUILD, "guests/rtos", rtos_overlay_ + ".dtbo"), rtos)],
               smp=smp, icount=True, typing=typing, until=r"^\[rtos\] rtos: stats: kernel", timeout=900,
               arch=arch, gic=gic)
    prefix = r"\[rtos\] "

    def placed():
        expect(out, *placement)
        expect_absent(out, r"FAULT|PANIC|tandem: vm \S+: stopped")

    def linux_loaded():
        # /init says the load started a second after stress-ng's first lines.
        expect(out, r"^\[linux\] stress-ng: info: .*dispatching hogs: "
               r"\d+ cpu, 1 vm, 1 hdd%s$" % ("" if arch == "arm32" else ", 1 iomix"), LOAD_START,
               r"^\[linux\] stress-ng: info: .* successful run completed", LOAD_DONE)

    def during_load():
        """The RTOS's status lines printed while stress-ng ran."""
        start, done = expect(out, LOAD_START), expect(out, LOAD_DONE)
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
        expect(out, LOAD_DONE, r"^\[linux\] ANSWER RSP 1 42$")

    def keyboard():
        expect(out, r"^\[linux\] ANSWER", r"^tandem: console input goes to VM rtos",
               r"^\[rtos\] rtos: stats: uptime \d+\.\d{3} s$")

    def misses():
        st = rtos_statuses(out, prefix)
        return st[-1][3] if st else None

    return out, during_load, misses, [
        ("placement as the overlays say", placed),
        ("stress-ng from Linux's /init loads it (CPU, memory, I/O)", linux_loaded),
        ("the RTOS runs all its periods while Linux is loaded", rtos_runs),
        ("from Linux's shell, /dev/hvc0 reaches the RTOS's channel task", channel),
        ("Ctrl-] gives the RTOS's shell the keyboard", keyboard)]


def no_misses_check(out, during_load, max_latency):
    """No deadline miss while Linux was loaded, and (when max_latency is
    given) no release later than max_latency cycles."""
    def check():
        st = during_load()
        bad = [(t, m) for t, _p, _lat, m, *_ in st if m]
        if bad:
            raise CheckFailed("deadline misses while Linux was loaded (t, total): %s" % bad)
        worst = max(lat for _t, _p, lat, *_ in st)
        if max_latency is not None and worst > max_latency:
            raise CheckFailed("worst release latency %d cycles, over %d" % (worst, max_latency))
    return check


def worst_latency(during_load):
    st = during_load()
    return max(lat for _t, _p, lat, *_ in st) if st else None


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
    # Deadlines, not a latency bound: with two cores QEMU runs its vCPUs in
    # turn under -icount, and a timer for core 0 waits out core 1's time
    # slice, whose length depends on when the host's main loop runs (the
    # same build gave worst releases of 580 and 78,879 cycles, none near a
    # 1 ms period). The shared core below is one vCPU: its bound holds.
    print("     (%s: worst release latency %s cycles while Linux was loaded)"
          % (out.name, worst_latency(during)))
    return checks + [("no deadline miss while Linux is loaded", no_misses_check(out, during, None))]


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
    print("     (%s: worst release latency %s cycles while Linux was loaded)"
          % (out.name, worst_latency(during)))
    return checks + [("no deadline miss while Linux is loaded", no_misses_check(out, during, None))]


@scenario
def linux_rtos_arm32_shared_core():
    """ARMv7-A, GICv3 through cp15: one core, the RTOS preempting Linux's vCPU."""
    out, during, _misses, checks = linux_rtos(
        "linux-rtos-arm32-shared", "linux-shared", "rtos-shared", 1,
        (r"^tandem: vm linux: 1 vCPU\(s\) on core\(s\) 0,", r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 0,"),
        5, arch="arm32", gic=3)
    return checks + [("no deadline miss while Linux is loaded on its core, worst latency under 50 us",
                      no_misses_check(out, during, 50000))]
