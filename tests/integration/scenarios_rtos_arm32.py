"""Tandem's RTOS on ARMv7-A (guests/rtos/arch/arm32, docs/rtos.md "ARMv7-A
port"): natively on qemu-system-arm's virt without virtualization (entered
in SVC), the baseline, with the checks the arm64 native scenarios make; and
as a guest of Tandem's ARMv7-A port, with the checks the arm64 scenarios
under Tandem make. All under -icount shift=0,sleep=off, as
scenarios_rtos.py's.
"""
import os
import re

from harness import (BUILD, CheckFailed, expect, expect_absent, rtos_overlay, rtos_run, scenario,
                     tandem_qemu)
from scenarios_rtos import (RTOS_SHELL_INPUT, rtos_bench_check, rtos_demo_checks, rtos_shell_check,
                            rtos_status_seen)

RTOS32_IMAGE = os.path.join(BUILD, "arm32/guests/rtos/rtos.bin")
RTOS32_OVERLAY = os.path.join(BUILD, "arm32/guests/rtos/rtos.dtbo")


def rtos32_native_command(gic, append=None):
    cmd = ["qemu-system-arm", "-M", "virt,highmem=off,gic-version=%d" % gic, "-cpu", "cortex-a15",
           "-m", "1G", "-nographic", "-nic", "none", "-icount", "shift=0,sleep=off",
           "-kernel", RTOS32_IMAGE]
    return cmd + (["-append", append] if append else [])


def cycles_widened(out, seconds):
    """PMCCNTR has 32 bits on ARMv7 and wraps every 2^32 cycles (4.3 s under
    icount); port_cycles() counts the high word. The shell's stats, typed
    after t=seconds, give the control latency's extremes over the whole run:
    a wrap missed would put them 2^32 cycles off."""
    i = expect(out, r"^rtos: t=%ds " % seconds, r"^rtos: stats: control latency min=")
    m = re.match(r"^rtos: stats: control latency min=(-?\d+) max=(-?\d+) cycles", out.lines[i])
    lo, hi = int(m.group(1)), int(m.group(2))
    if not 0 < lo <= hi < 1000000:      # within a period: 1 ms, 10^6 cycles at QEMU's 1 GHz
        raise CheckFailed("control latency min=%d max=%d cycles after the counter's wrap" % (lo, hi))


def rtos32_native(gic, seconds):
    seen = rtos_status_seen("", seconds)
    out = rtos_run("rtos-arm32-native-gicv%d" % gic, rtos32_native_command(gic),
                   lambda lines: seen(lines) and any(l.startswith("rtos: unknown command") for l in lines),
                   inputs=[(r"^rtos: t=%ds " % seconds, RTOS_SHELL_INPUT)])
    return rtos_demo_checks(out, "", gic, "1024 MiB") + [
        ("the shell answers commands typed on the console (receive interrupt)",
         lambda: rtos_shell_check(out))], out


@scenario
def rtos_arm32_native_gicv3():
    """Up to t=5s: past the 32-bit cycle counter's first wrap."""
    checks, out = rtos32_native(3, 5)
    return checks + [("64-bit cycle count across PMCCNTR's 32-bit wrap", lambda: cycles_widened(out, 5))]


@scenario
def rtos_arm32_native_gicv2():
    return rtos32_native(2, 3)[0]


@scenario
def rtos_arm32_native_bench():
    seen_done = []

    def done(lines):
        if not seen_done and lines[-1] == "rtos: bench: done":
            seen_done.append(len(lines))
        return bool(seen_done) and re.match(r"^rtos: t=\d+s ", lines[-1]) is not None
    out = rtos_run("rtos-arm32-native-bench", rtos32_native_command(
        3, "bench periods=500 period-us=500 start-ms=200"), done)
    return [("bench line well-formed, after start-ms, then the demo goes on",
             lambda: rtos_bench_check(out, "", 500, 500, after_ticks=200 * 62500))]


@scenario
def rtos_arm32_native_fault():
    """A read outside what the device tree describes: the LPAE identity map
    leaves it unmapped, the data abort reaches the fault report."""
    out = rtos_run("rtos-arm32-native-fault", rtos32_native_command(3, "probe=0x20000000"),
                   lambda lines: lines[-1] == "rtos: halted", timeout=30)

    def reported():
        # DFSR 0x204-0x207: long-descriptor format, translation fault (any level)
        expect(out, r"^rtos: probe: reading 0x20000000$",
               r"^rtos: FAULT: data abort in task \(boot\): PC 0x4[0-9a-f]{7} CPSR 0x[0-9a-f]*d3 "
               r"FSR 0x20[4-7] FAR 0x20000000 SP 0x4[0-9a-f]{7}$", r"^rtos: halted$")
        expect_absent(out, r"rtos: probe: read 0x")
    return [("an unmapped read stops the RTOS with the abort's address and status", reported)]

def rtos32_tandem(gic):
    seen = rtos_status_seen(r"\[rtos\] ", 3)
    out = rtos_run("rtos-arm32-tandem-gicv%d" % gic, tandem_qemu.qemu_command(
        [(RTOS32_OVERLAY, RTOS32_IMAGE)], gic=gic, icount=True, arch="arm32"),
        lambda lines: seen(lines) and any("rtos: unknown command" in l for l in lines),
        inputs=[(r"^\[rtos\] rtos: t=1s ", RTOS_SHELL_INPUT)])

    def placed():
        expect(out, r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 2, RAM IPA 0x40000000-0x43ffffff at PA ")
        expect_absent(out, r"^tandem: vm rtos: stopped")
    return [("Tandem (ARMv7-A) starts the RTOS VM on core 2", placed)] + \
        rtos_demo_checks(out, r"\[rtos\] ", gic, "64 MiB") + [
        ("its shell answers what is typed on Tandem's console",
         lambda: rtos_shell_check(out, r"\[rtos\] "))]


@scenario
def rtos_arm32_tandem_gicv3():
    return rtos32_tandem(3)


@scenario
def rtos_arm32_tandem_gicv2():
    return rtos32_tandem(2)


@scenario
def rtos_arm32_tandem_bench():
    out = rtos_run("rtos-arm32-tandem-bench", tandem_qemu.qemu_command(
        [(rtos_overlay("bench periods=300"), RTOS32_IMAGE)], gic=3, smp=3, icount=True, arch="arm32"),
        lambda lines: any(l.startswith("[rtos] rtos: bench: done") for l in lines) and
        re.match(r"^\[rtos\] rtos: t=\d+s ", lines[-1]) is not None)
    return [("bench line under Tandem (ARMv7-A; icount, -smp 3)",
             lambda: rtos_bench_check(out, r"\[rtos\] ", 300, 1000))]
