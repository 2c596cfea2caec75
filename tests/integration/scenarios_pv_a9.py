"""Tandem's RTOS paravirtualized on the Cortex-A9 (guests/rtos/arch/arm32-pv,
bsp-pv; docs/paravirt.md, "The paravirtualized RTOS"): in USR mode under
Tandem's A9 image on vexpress-a9, with the checks the arm64
rtos_paravirtual_* scenarios make (scenarios_rtos.py): two VMs on cores 0
and 1, two sharing core 0 by priority, one reading the other's address.
Under -icount shift=0,sleep=off, so that a busy host cannot make the 1 kHz
control task miss.

"""
import os

from harness import BUILD, expect, expect_absent, overlay_with_bootargs, rtos_run, scenario, tandem_qemu
from scenarios_rtos import RTOS_SHELL_INPUT, rtos_demo_checks, rtos_shell_check, rtos_status_seen

# Why these cannot run (issue 16), or None: they run.
A9_NOT_YET = None

RTOS_PV_A9_IMAGE = os.path.join(BUILD, "a9/guests/rtos/rtos-pv.bin")
# QEMU's A9 global timer (TANDEM_PV_COUNTER's count) at 100 MHz; cycles, as
# natively on the A9 (no working PMU), are that count in QEMU's nominal 1 GHz:
# 10 a tick, at the count's resolution.
A9_BANNER = (r"rtos: Tandem RTOS \d+\.\d+: paravirtualized, timer 100000000 Hz \(INTID \d+\), "
             r"RAM 64 MiB at 0x%x, console by hypercall \(INTID \d+\)$")
A9_CYCLES = r"rtos: cycle counter: 10 cycles per timer tick, offset 0, spread 9 \(inexact"


def skip_reason():
    """A missing image is a failure (make test builds them), not a skip."""
    return A9_NOT_YET


def skipped(name):
    """Prints why the scenario does not run and returns no checks: neither
    passed nor failed."""
    why = skip_reason()
    if why:
        print("SKIP %s: %s" % (name, why))
    return why is not None


def a9_overlay(which, bootargs=""):
    return overlay_with_bootargs("guests/rtos/rtos-pv-a9-%s.dtso" % which, bootargs)


def a9_command(vms, smp):
    return tandem_qemu.qemu_command(vms, smp=smp, icount=True, arch="a9")


def a9_demo_checks(out, name, ram_at):
    """Banner and calibration (the A9's numbers), then scenarios_rtos's status
    and no-miss checks."""
    prefix = r"\[%s\] " % name

    def banner():
        expect(out, "^" + prefix + A9_BANNER % ram_at, "^" + prefix + A9_CYCLES,
               "^" + prefix + r"rtos: demo: control task every 1000 us")
    return [("%s: banner (paravirtualized, the A9 counter's 100 MHz, its RAM), cycles from the counter" % name,
             banner)] + rtos_demo_checks(out, prefix, 0, "64 MiB", ram_at, paravirtual=True)[1:]


@scenario
def pv_a9_rtos_partitioned():
    """Two paravirtualized RTOS VMs on the A9's cores 0 and 1: the RTOS
    suite, the shell through console input, Ctrl-] between them."""
    if skipped("pv_a9_rtos_partitioned"):
        return []
    seen_a, seen_b = rtos_status_seen(r"\[rtos-a\] ", 3), rtos_status_seen(r"\[rtos-b\] ", 3)
    out = rtos_run("pv-a9-rtos-partitioned", a9_command(
        [(a9_overlay("a"), RTOS_PV_A9_IMAGE), (a9_overlay("b"), RTOS_PV_A9_IMAGE)], smp=2),
        lambda lines: seen_a(lines) and seen_b(lines) and any(l.startswith("[rtos-b] rtos: stats: kernel")
                                                              for l in lines),
        timeout=25,
        inputs=[(r"^\[rtos-a\] rtos: t=1s ", RTOS_SHELL_INPUT),
                (r"^\[rtos-a\] rtos: unknown command", "\x1dstats\n")])

    def placed():
        expect(out, r"^tandem: vm rtos-a: paravirtualized, .*on core 0, RAM VA 0x20000000-0x23ffffff",
               r"^tandem: vm rtos-b: paravirtualized, .*on core 1, RAM VA 0x30000000-0x33ffffff")
        expect_absent(out, r"^tandem: vm rtos-.: stopped")

    def switched():
        expect(out, r"^\[rtos-a\] rtos: unknown command", r"^tandem: console input goes to VM rtos-b",
               r"^\[rtos-b\] rtos> stats$", r"^\[rtos-b\] rtos: stats: uptime")
    return [("Tandem on the A9 starts both paravirtualized RTOS VMs, on cores 0 and 1", placed)] + \
        a9_demo_checks(out, "rtos-a", 0x20000000) + a9_demo_checks(out, "rtos-b", 0x30000000) + [
        ("the first one's shell answers what is typed (console input as a virtual interrupt)",
         lambda: rtos_shell_check(out, r"\[rtos-a\] ")),
        ("Ctrl-] moves the keyboard to the other VM, on the other core, in the same keystrokes", switched)]


@scenario
def pv_a9_rtos_shared():
    """Two paravirtualized RTOS VMs sharing the A9's core 0 by priority: both
    keep every deadline."""
    if skipped("pv_a9_rtos_shared"):
        return []
    seen_hi, seen_lo = rtos_status_seen(r"\[rtos-hi\] ", 3), rtos_status_seen(r"\[rtos-lo\] ", 3)
    out = rtos_run("pv-a9-rtos-shared", a9_command(
        [(a9_overlay("hi"), RTOS_PV_A9_IMAGE), (a9_overlay("lo"), RTOS_PV_A9_IMAGE)], smp=1),
        lambda lines: seen_hi(lines) and seen_lo(lines) and any("rtos: unknown command" in l for l in lines),
        timeout=25, inputs=[(r"^\[rtos-hi\] rtos: t=1s ", RTOS_SHELL_INPUT)])

    def placed():
        expect(out, r"^tandem: vm rtos-hi: paravirtualized, .*on core 0, ",
               r"^tandem: vm rtos-lo: paravirtualized, .*on core 0, ")
        expect_absent(out, r"^tandem: vm rtos-..: stopped")
    return [("both VMs on core 0", placed)] + \
        a9_demo_checks(out, "rtos-hi", 0x20000000) + a9_demo_checks(out, "rtos-lo", 0x30000000) + [
        ("the shell of the VM with the keyboard answers", lambda: rtos_shell_check(out, r"\[rtos-hi\] "))]


@scenario
def pv_a9_rtos_isolation():
    """One paravirtualized RTOS on the A9 reads the other's address: Tandem
    stops it, with the address, and the other keeps every deadline."""
    if skipped("pv_a9_rtos_isolation"):
        return []
    seen_a = rtos_status_seen(r"\[rtos-a\] ", 3)
    out = rtos_run("pv-a9-rtos-isolation", a9_command(
        [(a9_overlay("a"), RTOS_PV_A9_IMAGE), (a9_overlay("b", "probe=0x20000000"), RTOS_PV_A9_IMAGE)],
        smp=2), seen_a, timeout=25)

    def stopped():
        expect(out, r"^\[rtos-b\] rtos: probe: reading 0x20000000$",
               r"^tandem: vm rtos-b: stopped: read at VA 0x20000000, which is not its memory")
        expect_absent(out, r"rtos: probe: read 0x")
    return [("the RTOS reading another VM's address is stopped, with the address", stopped)] + \
        a9_demo_checks(out, "rtos-a", 0x20000000)
