"""Tandem's RTOS (guests/rtos, docs/rtos.md): natively on QEMU alone, as a VM,
and paravirtualized; GICv3 and GICv2, demo and bench mode. All under -icount
shift=0,sleep=off, so that a busy host cannot make the 1 kHz control task miss
a deadline.
"""
import os
import re

from harness import (BUILD, CheckFailed, RTOS_IMAGE, boot, expect, expect_absent, overlay, overlay_with_bootargs,
                     rtos_overlay, rtos_run, rtos_statuses, scenario, tandem_qemu)

RTOS_OVERLAY = os.path.join(BUILD, "guests/rtos/rtos.dtbo")
RTOS_BENCH = (r"rtos: bench: periods (\d+) period_us (\d+) latency_cycles min (-?\d+) "
              r"mean (-?\d+\.\d) p99 (-?\d+) max (-?\d+) jitter (\d+) misses (\d+) "
              r"window_start_cnt (\d+) window_end_cnt (\d+)$")
RTOS_SHELL_INPUT = "help\nstats\ntasks\nbogus\n"


def rtos_native_command(gic, append=None):
    cmd = ["qemu-system-aarch64", "-M", "virt,gic-version=%d" % gic, "-cpu", "cortex-a57",
           "-m", "1G", "-nographic", "-nic", "none", "-icount", "shift=0,sleep=off",
           "-kernel", RTOS_IMAGE]
    return cmd + (["-append", append] if append else [])


def rtos_status_seen(prefix, seconds):
    rx = re.compile("^" + prefix + r"rtos: t=(\d+)s ")
    return lambda lines: any(m and int(m.group(1)) >= seconds for m in (rx.match(l) for l in lines))


def rtos_demo_checks(out, prefix, gic, ram, ram_at=0x40000000, paravirtual=False):
    def banner():
        if paravirtual:
            board = (r"paravirtualized, timer 62500000 Hz \(INTID 27\), RAM %s at 0x%x, "
                     r"console by hypercall \(INTID 33\)" % (ram, ram_at))
        else:
            board = (r"GICv%d, timer 62500000 Hz \(INTID 27\), RAM %s at 0x%x, "
                     r"PL011 at 0x9000000 \(INTID 33\)" % (gic, ram, ram_at))
        expect(out, r"^%srtos: Tandem RTOS \d+\.\d+: %s$" % (prefix, board),
               r"^%srtos: cycle counter: 16 cycles per timer tick, offset -?\d+, spread 15 \(exact\)$" % prefix,
               r"^%srtos: demo: control task every 1000 us" % prefix)

    def status_lines():
        st = rtos_statuses(out, prefix)
        if [s[0] for s in st[:3]] != [1, 2, 3]:
            raise CheckFailed("status lines for t=1s..3s missing: %s" % [s[0] for s in st])
        for t, periods, _lat, _misses, msgs, lost, uses, _timeouts in st:
            if abs(periods - 1000 * t) > 1:
                raise CheckFailed("t=%ds: %d control periods, not 1000 per second" % (t, periods))
            if not (msgs > 0 and uses > 0 and lost == 0):
                raise CheckFailed("t=%ds: queue msgs=%d lost=%d sem uses=%d" % (t, msgs, lost, uses))

    def no_misses():
        st = rtos_statuses(out, prefix)
        if not st or any(s[3] for s in st):
            raise CheckFailed("deadline misses: %s" % [s[3] for s in st])
        expect_absent(out, r"FAULT|PANIC")

    return [("banner names the GIC, timer, RAM and UART from its device tree", banner),
            ("1 Hz status lines, 1000 control periods a second", status_lines),
            ("no deadline miss, no fault", no_misses)]


def rtos_shell_check(out, prefix=""):
    p = "^" + prefix
    # Each command is echoed after the shell's prompt, "rtos> ".
    expect(out, p + r"rtos> help$",
           p + r"rtos: commands: help \(this\), stats \(counters\), tasks \(task list\), "
           r"status on\|off \(the 1 Hz status line\)$",
           p + r"rtos> stats$", p + r"rtos: stats: uptime \d+\.\d{3} s$",
           p + r"rtos: stats: kernel switches=\d+ irqs=\d+ timer-interrupts=\d+ timer-programs=\d+ rx-dropped=0$",
           p + r"rtos> tasks$", p + r"rtos: tasks: control +1 +\S+ +\d+ \d+/8192$",
           p + r"rtos: tasks: idle +31 ",
           p + r"rtos> bogus$", p + r"rtos: unknown command 'bogus'; try help$")


def rtos_native(gic):
    seen = rtos_status_seen("", 3)
    out = rtos_run("rtos-native-gicv%d" % gic, rtos_native_command(gic),
                   lambda lines: seen(lines) and any(l.startswith("rtos: unknown command") for l in lines),
                   inputs=[(r"^rtos: t=1s ", RTOS_SHELL_INPUT)])
    return rtos_demo_checks(out, "", gic, "1024 MiB") + [
        ("the shell answers commands typed on the console (receive interrupt)",
         lambda: rtos_shell_check(out))]


@scenario
def rtos_native_gicv3():
    return rtos_native(3)


@scenario
def rtos_native_gicv2():
    return rtos_native(2)


def rtos_bench_check(out, prefix, periods, period_us, after_ticks=0, hz=62500000):
    i = expect(out, "^" + prefix + RTOS_BENCH, r"^%srtos: bench: done$" % prefix)
    m = re.match("^" + prefix + RTOS_BENCH, out.lines[out.find("^" + prefix + RTOS_BENCH)])
    n, pus, lo, mean, p99, hi, jitter, misses, w0, w1 = m.groups()
    n, pus, lo, p99, hi, jitter, misses, w0, w1 = map(int, (n, pus, lo, p99, hi, jitter, misses, w0, w1))
    if (n, pus) != (periods, period_us):
        raise CheckFailed("periods %d period_us %d, asked for %d and %d" % (n, pus, periods, period_us))
    if not (0 < lo <= float(mean) <= hi and lo <= p99 <= hi and jitter == hi - lo):
        raise CheckFailed("inconsistent statistics: " + out.lines[i - 1])
    if misses:
        raise CheckFailed("%d deadline misses in the window" % misses)
    if w1 - w0 != (periods - 1) * (period_us * hz // 1000000):   # the counter's rate: 62.5 MHz on virt
        raise CheckFailed("window %d..%d is not %d periods of %d us" % (w0, w1, periods - 1, period_us))
    if w0 < after_ticks:
        raise CheckFailed("the window starts at %d, before start-ms (%d ticks)" % (w0, after_ticks))
    if not any(re.match("^" + prefix + r"rtos: t=\d+s ", line) for line in out.lines[i:]):
        raise CheckFailed("no status line after the benchmark: the demo did not go on")


@scenario
def rtos_native_bench():
    seen_done = []

    def done(lines):
        if not seen_done and lines[-1] == "rtos: bench: done":
            seen_done.append(len(lines))
        return bool(seen_done) and re.match(r"^rtos: t=\d+s ", lines[-1]) is not None
    out = rtos_run("rtos-native-bench", rtos_native_command(
        3, "bench periods=500 period-us=500 start-ms=200"), done)
    return [("bench line well-formed, after start-ms, then the demo goes on",
             lambda: rtos_bench_check(out, "", 500, 500, after_ticks=200 * 62500))]


def rtos_tandem(gic):
    seen = rtos_status_seen(r"\[rtos\] ", 3)
    out = rtos_run("rtos-tandem-gicv%d" % gic, tandem_qemu.qemu_command(
        [(RTOS_OVERLAY, RTOS_IMAGE)], gic=gic, icount=True),
        lambda lines: seen(lines) and any("rtos: unknown command" in l for l in lines),
        inputs=[(r"^\[rtos\] rtos: t=1s ", RTOS_SHELL_INPUT)])

    def placed():
        expect(out, r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) 2, RAM IPA 0x40000000-0x43ffffff at PA ")
        expect_absent(out, r"^tandem: vm rtos: stopped")
    return [("Tandem starts the RTOS VM on core 2", placed)] + \
        rtos_demo_checks(out, r"\[rtos\] ", gic, "64 MiB") + [
        ("its shell answers what is typed on Tandem's console",
         lambda: rtos_shell_check(out, r"\[rtos\] "))]


@scenario
def rtos_tandem_gicv3():
    return rtos_tandem(3)


@scenario
def rtos_tandem_gicv2():
    return rtos_tandem(2)


# The RTOS's paravirtual build (guests/rtos/arch/arm64-pv, bsp-pv) on the
# paravirtual path (no EL2): the same checks as natively and on the hardware
# path, two VMs side by side.
RTOS_PV_IMAGE = os.path.join(BUILD, "guests/rtos/rtos-pv.bin")


def rtos_pv_overlay(which, bootargs):
    return overlay_with_bootargs("guests/rtos/rtos-pv-%s.dtso" % which, bootargs)


def rtos_paravirtual(gic):
    seen_a, seen_b = rtos_status_seen(r"\[rtos-a\] ", 3), rtos_status_seen(r"\[rtos-b\] ", 3)
    out = rtos_run("rtos-paravirtual-gicv%d" % gic, tandem_qemu.qemu_command(
        [(rtos_pv_overlay("a", ""), RTOS_PV_IMAGE), (rtos_pv_overlay("b", ""), RTOS_PV_IMAGE)],
        gic=gic, smp=2, icount=True, virtualization=False),
        lambda lines: seen_a(lines) and seen_b(lines) and any(l.startswith("[rtos-b] rtos: stats: kernel")
                                                              for l in lines),
        inputs=[(r"^\[rtos-a\] rtos: t=1s ", RTOS_SHELL_INPUT),
                (r"^\[rtos-a\] rtos: unknown command", "\x1dstats\n")])

    def switched():
        expect(out, r"^\[rtos-a\] rtos: unknown command", r"^tandem: console input goes to VM rtos-b",
               r"^\[rtos-b\] rtos> stats$", r"^\[rtos-b\] rtos: stats: uptime")

    def placed():
        expect(out, r"^tandem: vm rtos-a: paravirtualized, at EL0 on core 0, RAM VA 0x10000000-0x13ffffff",
               r"^tandem: vm rtos-b: paravirtualized, at EL0 on core 1, RAM VA 0x20000000-0x23ffffff")
        expect_absent(out, r"^tandem: vm rtos-.: stopped")
    return [("Tandem at EL1 starts both paravirtualized RTOS VMs at EL0", placed)] + \
        rtos_demo_checks(out, r"\[rtos-a\] ", gic, "64 MiB", 0x10000000, paravirtual=True) + \
        rtos_demo_checks(out, r"\[rtos-b\] ", gic, "64 MiB", 0x20000000, paravirtual=True) + [
        ("the first one's shell answers what is typed (console input as a virtual interrupt)",
         lambda: rtos_shell_check(out, r"\[rtos-a\] ")),
        ("Ctrl-] moves the keyboard to the other VM, on the other core, in the same keystrokes", switched)]


@scenario
def rtos_paravirtual_gicv3():
    return rtos_paravirtual(3)


@scenario
def rtos_paravirtual_gicv2():
    return rtos_paravirtual(2)


@scenario
def rtos_paravirtual_monitor():
    """The monitor on the paravirtual path: Ctrl-] past the last VM opens it;
    list, show, stop one RTOS while the other runs on, start it again from
    its boot module, restart it, what is not on this path refused, the
    keyboard given back by name."""
    second = r"^tandem: vm rtos-b: restarting from a clean image \(start 2\)"
    # In order: each line typed once the line before it has been seen.
    typing = [(r"^\[rtos-b\] rtos: t=1s ", b"\x1d\x1d"),
              (r"^tandem: console input goes to Tandem's monitor", b"list\n"),
              (r"^tandem: monitor: paravirtual path: dropped", b"show rtos-b\nstop rtos-b\n"),
              (r"^tandem: vm rtos-b: stopped: the operator stopped", b"stop rtos-b\nstop nosuch\nremove rtos-b\n"
               b"start rtos-b\n"),
              (r"^\[rtos-b\] rtos: demo: ", b"restart rtos-b\n"),
              (second, b""),
              (r"^\[rtos-b\] rtos: demo: ", b"console rtos-a\n")]
    out = boot("rtos-paravirtual-monitor", [(rtos_pv_overlay("a", ""), RTOS_PV_IMAGE),
                                            (rtos_pv_overlay("b", ""), RTOS_PV_IMAGE)],
               gic=3, smp=2, icount=True, virtualization=False, typing=typing,
               until=r"^\[rtos-b\] rtos: t=2s ", timeout=120)

    def opens():
        expect(out, r"^tandem: console input goes to VM rtos-b", r"^tandem: console input goes to Tandem's monitor",
               r"^tandem> list$", r"^tandem: monitor: 0  rtos-a +running +0 +64 MiB",
               r"^tandem: monitor: 1  rtos-b +running +1 +64 MiB")

    def shows_and_stops():
        expect(out, r"^tandem> show rtos-b$", r"^tandem: monitor: vm rtos-b: running, paravirtualized at EL0 on core 1",
               r"^tandem: monitor: vm rtos-b: RAM 64 MiB at VA 0x20000000", r"^tandem> stop rtos-b$",
               r"^tandem: vm rtos-b: stopped: the operator stopped it \(monitor\)$")
        expect_absent(out, r"powering off")

    def refuses():
        expect(out, r"^tandem> stop rtos-b$", r"^tandem: monitor: stop rtos-b: refused: it is stopped \(start NAME\)",
               r"^tandem> stop nosuch$", r"^tandem: monitor: no VM is named 'nosuch'",
               r"^tandem> remove rtos-b$", r"^tandem: monitor: remove rtos-b: refused: the paravirtual path places")

    def starts_and_restarts():
        expect(out, r"^tandem> start rtos-b$", r"^tandem: vm rtos-b: starting again from its boot module",
               r"^tandem: vm rtos-b: restarting from a clean image \(start 1\)$",
               r"^\[rtos-b\] rtos: Tandem RTOS", r"^tandem> restart rtos-b$",
               r"^tandem: vm rtos-b: stopped: the operator restarts it \(monitor\)$", second,
               r"^\[rtos-b\] rtos: Tandem RTOS", r"^\[rtos-b\] rtos: t=1s .* misses=0 ")
        expect(out, second, r"^tandem> console rtos-a$", r"^tandem: console input goes to VM rtos-a")

    def marked():
        i = max(k for k, l in enumerate(out.shown_lines) if l.startswith("tandem: console input goes to VM rtos-a"))
        later = [l for l in out.shown_lines[i:] if l.startswith("[rtos-a")]
        if not later or not all(l.startswith("[rtos-a*] ") for l in later):
            raise CheckFailed("rtos-a's lines once it has the keyboard: %r" % later[:3])

    def deadlines():
        st = rtos_statuses(out, r"\[rtos-a\] ")   # t=1s .. t=3s: from the first stop to after the restart
        if len(st) < 3 or any(s[3] for s in st):
            raise CheckFailed("rtos-a's (t, periods, latency, misses, ...): %r" % st)

    return [("Ctrl-] past the last VM opens the monitor; list", opens),
            ("show, and stop one VM: the other runs on, Tandem stays up", shows_and_stops),
            ("a stopped VM's stop, a VM that does not exist, remove (not on this path): clear answers", refuses),
            ("start: from its boot module again; restart: stopped and started; both boot it", starts_and_restarts),
            ("the VM with the keyboard is marked on its lines", marked),
            ("the other RTOS keeps every deadline through it", deadlines)]


@scenario
def rtos_paravirtual_shared():
    """Two paravirtualized RTOS VMs sharing core 0 by priority: both keep
    every deadline, as on the hardware path's shared core."""
    seen_hi, seen_lo = rtos_status_seen(r"\[rtos-hi\] ", 3), rtos_status_seen(r"\[rtos-lo\] ", 3)
    out = rtos_run("rtos-paravirtual-shared", tandem_qemu.qemu_command(
        [(overlay("rtos-pv-shared-hi"), RTOS_PV_IMAGE), (overlay("rtos-pv-shared-lo"), RTOS_PV_IMAGE)],
        gic=3, smp=1, icount=True, virtualization=False),
        lambda lines: seen_hi(lines) and seen_lo(lines) and any("rtos: unknown command" in l for l in lines),
        inputs=[(r"^\[rtos-hi\] rtos: t=1s ", RTOS_SHELL_INPUT)])

    def placed():
        expect(out, r"^tandem: vm rtos-hi: paravirtualized, at EL0 on core 0, ",
               r"^tandem: vm rtos-lo: paravirtualized, at EL0 on core 0, ")
        expect_absent(out, r"^tandem: vm rtos-..: stopped")
    return [("both VMs on core 0", placed)] + \
        rtos_demo_checks(out, r"\[rtos-hi\] ", 3, "64 MiB", 0x10000000, paravirtual=True) + \
        rtos_demo_checks(out, r"\[rtos-lo\] ", 3, "64 MiB", 0x20000000, paravirtual=True) + [
        ("the shell of the VM with the keyboard answers", lambda: rtos_shell_check(out, r"\[rtos-hi\] "))]


@scenario
def rtos_paravirtual_bench():
    prefix = r"\[rtos-a\] "
    out = rtos_run("rtos-paravirtual-bench", tandem_qemu.qemu_command(
        [(rtos_pv_overlay("a", "bench periods=300"), RTOS_PV_IMAGE)], gic=3, smp=1, icount=True,
        virtualization=False),
        lambda lines: any(l.startswith("[rtos-a] rtos: bench: done") for l in lines) and
        re.match(r"^\[rtos-a\] rtos: t=\d+s ", lines[-1]) is not None)
    return [("bench line on the paravirtual path (icount)",
             lambda: rtos_bench_check(out, prefix, 300, 1000))]


@scenario
def rtos_paravirtual_isolation():
    """One paravirtualized RTOS reads the other's address: Tandem stops it,
    and the other keeps every deadline."""
    seen_a = rtos_status_seen(r"\[rtos-a\] ", 3)
    out = rtos_run("rtos-paravirtual-isolation", tandem_qemu.qemu_command(
        [(rtos_pv_overlay("a", ""), RTOS_PV_IMAGE),
         (rtos_pv_overlay("b", "probe=0x10000000"), RTOS_PV_IMAGE)],
        gic=3, smp=2, icount=True, virtualization=False), seen_a)

    def stopped():
        expect(out, r"^\[rtos-b\] rtos: probe: reading 0x10000000$",
               r"^tandem: vm rtos-b: stopped: read at VA 0x10000000, which is not its memory")
        expect_absent(out, r"rtos: probe: read 0x")
    return [("the RTOS reading another VM's address is stopped, with the address", stopped)] + \
        rtos_demo_checks(out, r"\[rtos-a\] ", 3, "64 MiB", 0x10000000, paravirtual=True)[1:]


@scenario
def rtos_tandem_bench():
    prefix = r"\[rtos\] "
    out = rtos_run("rtos-tandem-bench", tandem_qemu.qemu_command(
        [(rtos_overlay("bench periods=300"), RTOS_IMAGE)], gic=3, smp=3, icount=True),
        lambda lines: any(l.startswith("[rtos] rtos: bench: done") for l in lines) and
        re.match(r"^\[rtos\] rtos: t=\d+s ", lines[-1]) is not None)
    return [("bench line under Tandem (icount, -smp 3)",
             lambda: rtos_bench_check(out, prefix, 300, 1000))]
