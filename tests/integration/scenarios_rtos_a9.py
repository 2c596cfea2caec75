"""Tandem's RTOS natively on the Cortex-A9 (guests/rtos/rtos-a9.mk: the
ARMv7-A port with arch/arm32-a9's short-descriptor map and bsp-a9's private
and global timers): qemu-system-arm's vexpress-a9 with Debian's platform
tree, entered in Secure SVC. The baseline of the paravirtualized A9 port,
with the checks the arm32 and arm64 native scenarios make, under
-icount shift=0,sleep=off as theirs.
"""
import os

from harness import BUILD, CheckFailed, expect, expect_absent, rtos_run, scenario
from scenarios_rtos import RTOS_SHELL_INPUT, rtos_bench_check, rtos_demo_checks, rtos_shell_check, rtos_status_seen

RTOS_A9_IMAGE = os.path.join(BUILD, "a9/guests/rtos/rtos.bin")
# Debian's vexpress-v2p-ca9.dtb (linux-image-*-armmp), which make a9 puts there.
A9_DTB = os.path.join(BUILD, "a9/vexpress-v2p-ca9.dtb")
A9_HZ = 100000000       # PERIPHCLK: the private and global timers' rate in QEMU


def rtos_a9_native_command(append=None):
    for f, what in ((RTOS_A9_IMAGE, "make a9"), (A9_DTB, "make a9 (guests/a9/platform-tree.mk)")):
        if not os.path.exists(f):
            raise CheckFailed("%s is missing: %s builds it" % (os.path.relpath(f), what))
    cmd = ["qemu-system-arm", "-M", "vexpress-a9", "-smp", "1", "-m", "1G", "-nographic",
           "-nic", "none", "-audiodev", "none,id=snd0", "-icount", "shift=0,sleep=off",
           "-kernel", RTOS_A9_IMAGE, "-dtb", A9_DTB]
    return cmd + (["-append", append] if append else [])


@scenario
def rtos_a9_native():
    seen = rtos_status_seen("", 3)
    out = rtos_run("rtos-a9-native", rtos_a9_native_command(),
                   lambda lines: seen(lines) and any(l.startswith("rtos: unknown command") for l in lines),
                   inputs=[(r"^rtos: t=1s ", RTOS_SHELL_INPUT)], timeout=60)

    def banner():
        # The board as Debian's tree describes it: the UART's reg through
        # three buses' ranges, its interrupt through the motherboard's
        # interrupt-map (SPI 5), the private timer's PPI 13; cycles counted
        # by the global timer (QEMU's A9 has no working PMU).
        expect(out, r"^rtos: Tandem RTOS \d+\.\d+: GICv2, timer 100000000 Hz \(INTID 29\), "
               r"RAM 1024 MiB at 0x60000000, PL011 at 0x10009000 \(INTID 37\)$",
               r"^rtos: cycle counter: 10 cycles per timer tick, offset 0, spread 9 \(inexact",
               r"^rtos: demo: control task every 1000 us")
    return [("banner: the A9's GIC, private timer, RAM and PL011 from Debian's tree", banner)] + \
        [c for c in rtos_demo_checks(out, "", 2, "1024 MiB", ram_at=0x60000000)
         if not c[0].startswith("banner")] + [
        ("the shell answers commands typed on the console (the PL011's SPI 5)",
         lambda: rtos_shell_check(out))]


@scenario
def rtos_a9_native_bench():
    seen_done = []

    def done(lines):
        if not seen_done and lines[-1] == "rtos: bench: done":
            seen_done.append(len(lines))
        return bool(seen_done) and lines[-1].startswith("rtos: t=")
    out = rtos_run("rtos-a9-native-bench", rtos_a9_native_command(
        "bench periods=500 period-us=500 start-ms=200"), done, timeout=60)
    return [("bench line well-formed, after start-ms, then the demo goes on",
             lambda: rtos_bench_check(out, "", 500, 500, after_ticks=200 * (A9_HZ // 1000), hz=A9_HZ))]


@scenario
def rtos_a9_native_fault():
    """A read outside what the device tree describes: the short-descriptor
    identity map leaves it unmapped, the data abort reaches the fault report."""
    out = rtos_run("rtos-a9-native-fault", rtos_a9_native_command("probe=0x20000000"),
                   lambda lines: lines[-1] == "rtos: halted", timeout=30)

    def reported():
        # DFSR 0x005: short-descriptor format, section translation fault
        expect(out, r"^rtos: probe: reading 0x20000000$",
               r"^rtos: FAULT: data abort in task \(boot\): PC 0x6[0-9a-f]{7} CPSR 0x[0-9a-f]*d3 "
               r"FSR 0x5 FAR 0x20000000 SP 0x6[0-9a-f]{7}$", r"^rtos: halted$")
        expect_absent(out, r"rtos: probe: read 0x")
    return [("an unmapped read stops the RTOS with the abort's address and status", reported)]
