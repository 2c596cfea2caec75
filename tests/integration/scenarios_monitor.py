"""Tandem's monitor, driven through the physical console as an operator
would: Ctrl-] past the last VM opens it; list, show, a VM that does not
exist, a start of a running VM, the RTOS stopped and started again while
Linux runs, Linux restarted, without rebooting the board.
"""
import os
import re

from harness import (BUILD, CheckFailed, LINUX_IMAGE, LINUX_INITRD, RTOS_IMAGE, RTOS_STATUS, boot, expect, expect_absent,
                     scenario)

LIST_END = r"^tandem: monitor: exits: every exit to Tandem"
SHELL = r"^\[linux\] tandem-linux: busybox shell"
MONITOR = r"^tandem: console input goes to Tandem's monitor \(type help; Ctrl-\] switches\)$"


def list_rows(out, nth):
    """The rows of the nth (0-based) list: {name: (state, cores, restarts)}."""
    ends = [i for i, line in enumerate(out.lines) if re.search(LIST_END, line)]
    if len(ends) <= nth:
        raise CheckFailed("only %d list answers, wanted %d" % (len(ends), nth + 1))
    rows, i = {}, ends[nth] - 1
    while i >= 0 and not re.search(r"^tandem: monitor: id +name +state", out.lines[i]):
        m = re.match(r"^tandem: monitor: (\d+) +(\S+) +(\S+) +(\S+) +(\d+) MiB +(.+?) +(\d+) +(\d+) +(\d+) +(\d+)"
                     r"( \*keyboard)?$", out.lines[i])
        if m:
            rows[m.group(2)] = (m.group(3), m.group(4), int(m.group(7)), bool(m.group(11)))
        i -= 1
    return rows


@scenario
def monitor_operates_vms():
    """The monitor lists, shows, refuses, stops, starts and restarts VMs."""
    typing = [(SHELL, b"\x1d"),
              (r"^tandem: console input goes to VM rtos", b"\x1d"),
              (MONITOR, b"list\n"),
              (LIST_END, b"show rtos\n"),
              # a terminal's Enter may be CR LF: one end of line
              (r"^tandem: monitor: vm rtos: \d+ devices passed through", b"stop nosuch\r\n"),
              (r"^tandem: monitor: no VM is named 'nosuch'", b"start rtos\n"),
              (r"^tandem: monitor: start rtos: refused", b"frobnicate rtos\n"),
              (r"^tandem: monitor: 'frobnicate rtos': unknown command", b"stop rtos\n"),
              (r"^tandem: vm rtos: stopped: the operator stopped it", b"list\n"),
              (LIST_END, b"start rtos\n"),
              (r"^\[rtos\] rtos: t=2s ", b"console linux\n"),
              (r"^tandem: console input goes to VM linux", b"echo alive-$((40+2))\n"),
              (r"^\[linux\] alive-42$", b"\x1d\x1d"),
              (MONITOR, b"restart linux\n"),
              (SHELL, b"list\n")]
    out = boot("monitor", [(os.path.join(BUILD, "guests/linux/linux-core1.dtbo"), LINUX_IMAGE, LINUX_INITRD),
                           (os.path.join(BUILD, "guests/rtos/rtos-core0.dtbo"), RTOS_IMAGE)],
               smp=2, icount=True, typing=typing, until=LIST_END, stop_after=3, timeout=900)

    def opens():
        expect(out, r"^tandem: console input goes to VM linux", r"^tandem: console input goes to VM rtos",
               MONITOR, r"^tandem> list$")

    def lists():
        rows = list_rows(out, 0)
        if rows.get("linux", ("",))[:3] != ("running", "1", 0) or rows.get("rtos", ("",))[:3] != ("running", "0", 0):
            raise CheckFailed("first list: %r" % rows)
        if any(r[3] for r in rows.values()):
            raise CheckFailed("a VM is marked as having the keyboard while the monitor has it: %r" % rows)

    def shows():
        expect(out, r"^tandem> show rtos$", r"^tandem: monitor: vm rtos: running, up \d",
               r"^tandem: monitor: vm rtos: 1 vCPU\(s\) on core\(s\) 0; RAM 64 MiB at 0x",
               r"^tandem: monitor: vm rtos: on-crash ", r"^tandem: monitor: vm rtos: exits: .*irq=\d+",
               r"^tandem: monitor: vm rtos: console: \d+ characters written, 0 bytes dropped")

    def refuses():
        i = expect(out, r"^tandem> stop nosuch$")
        if out.lines[i + 1] != "tandem: monitor: no VM is named 'nosuch' (list shows them)":
            raise CheckFailed("after 'stop nosuch' CR LF: %r" % out.lines[i + 1])
        expect(out, r"^tandem> stop nosuch$", r"^tandem: monitor: no VM is named 'nosuch' \(list shows them\)$",
               r"^tandem> start rtos$", r"^tandem: monitor: start rtos: refused: it is already running$",
               r"^tandem: monitor: 'frobnicate rtos': unknown command; try help$")

    def stops_rtos():
        expect(out, r"^tandem> stop rtos$", r"^tandem: vm rtos: stopped: the operator stopped it \(monitor\)$")
        rows = list_rows(out, 1)
        if rows.get("rtos", ("",))[0] != "stopped" or rows.get("linux", ("",))[0] != "running":
            raise CheckFailed("list after the stop: %r" % rows)
        expect_absent(out, r"powering off|PANIC|FAULT")

    def starts_rtos():
        i = expect(out, r"^tandem> start rtos$", r"^tandem: vm rtos: starting again from its boot module",
                   r"^tandem: vm rtos: restarting from a clean image \(reset 1\)$", r"^\[rtos\] rtos: t=1s ")
        # Its clock starts over, and it keeps every deadline again.
        for line in out.lines[i:]:
            m = re.match(r"^\[rtos\] " + RTOS_STATUS, line)
            if m and int(m.group(4)):
                raise CheckFailed("after its start: %s" % line)

    def linux_runs_meanwhile():
        expect(out, r"^tandem: vm rtos: stopped: the operator", r"^\[linux\] alive-42$")
        # busybox asked where its cursor was at each prompt: taken out of the line
        expect_absent(out, r"\?\[6n")
        expect_absent(out, r"^tandem: vm linux: stopped: (?!the operator restarts)")

    def restarts_linux():
        expect(out, r"^tandem> restart linux$", r"^tandem: vm linux: stopped: the operator restarts it \(monitor\)$",
               r"^tandem: vm linux: restarting from a clean image \(reset 1\)$", SHELL, r"^tandem> list$")
        rows = list_rows(out, 2)
        if rows.get("linux", ("",))[:3] != ("running", "1", 1) or rows.get("rtos", ("",))[:3] != ("running", "0", 1):
            raise CheckFailed("last list: %r" % rows)

    def rtos_deadlines():
        st = [m for m in (re.match(r"^\[rtos\] " + RTOS_STATUS, line) for line in out.lines) if m]
        if len(st) < 4:
            raise CheckFailed("only %d RTOS status lines" % len(st))
        bad = [m.group(0) for m in st if int(m.group(4))]
        if bad:
            raise CheckFailed("deadline misses: %s" % bad[0])

    return [("Ctrl-] after the last VM opens the monitor's prompt", opens),
            ("list: every VM's state, cores and restarts", lists),
            ("show: one VM in detail", shows),
            ("a VM that does not exist, a running VM's start, a wrong command: clear answers", refuses),
            ("stop: the RTOS stops, Linux runs on, Tandem stays up", stops_rtos),
            ("start: the RTOS starts again from its boot module, keeping its deadlines", starts_rtos),
            ("Linux runs while the RTOS is stopped (keyboard moved by the monitor)", linux_runs_meanwhile),
            ("restart: Linux boots again to its shell; list counts both restarts", restarts_linux),
            ("the RTOS misses no deadline through it all", rtos_deadlines)]
