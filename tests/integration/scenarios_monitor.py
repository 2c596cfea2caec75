"""Tandem's monitor, driven through the physical console as an operator
would: Ctrl-] past the last VM opens it; list, show, a VM that does not
exist, a start of a running VM, the RTOS stopped and started again while
Linux runs, Linux restarted; a VM removed and one refused at boot created in
its place, on a core of its own or beside the RTOS; without rebooting the
board.
"""
import os
import re

from harness import (BUILD, CheckFailed, LINUX_IMAGE, LINUX_INITRD, RTOS_IMAGE, RTOS_STATUS, TESTGUEST, boot, expect,
                     expect_absent, overlay, scenario)

LIST_END = r"^tandem: monitor: exits: every exit to Tandem"
SHELL = r"^\[linux\] tandem-linux: busybox shell"
MONITOR = r"^tandem: console input goes to Tandem's monitor \(type help; Ctrl-\] switches\)$"


def no_rtos_miss(out, prefix, at_least):
    """Every status line of the RTOS whose lines start with prefix shows no
    deadline miss, and there are at least `at_least` of them."""
    st = [m for m in (re.match("^" + prefix + RTOS_STATUS, line) for line in out.lines) if m]
    if len(st) < at_least:
        raise CheckFailed("only %d status lines of %s" % (len(st), prefix))
    bad = [m.group(0) for m in st if int(m.group(4))]
    if bad:
        raise CheckFailed("deadline misses: %s" % bad[0])


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

    def owner_marked():
        # As shown: the keyboard's VM's prefix carries a '*', every line, and only its.
        owner = None
        marked = {"linux": 0, "rtos": 0}
        for line in out.shown_lines:
            m = re.match(r"^tandem: console input goes to (?:VM (\S+)|Tandem's monitor)", line)
            if m:
                owner = m.group(1)
                continue
            m = re.match(r"^\[(linux|rtos)(\*?)\] ", line)
            if not m:
                continue
            if bool(m.group(2)) != (m.group(1) == owner):
                raise CheckFailed("keyboard at %s, but shown: %s" % (owner, line))
            marked[m.group(1)] += bool(m.group(2))
        if not marked["linux"]:   # the RTOS has the keyboard here only on the way to the monitor
            raise CheckFailed("no line of Linux marked while it had the keyboard: %r" % marked)

    def rtos_deadlines():
        no_rtos_miss(out, r"\[rtos\] ", 4)

    return [("Ctrl-] after the last VM opens the monitor's prompt", opens),
            ("list: every VM's state, cores and restarts", lists),
            ("show: one VM in detail", shows),
            ("a VM that does not exist, a running VM's start, a wrong command: clear answers", refuses),
            ("stop: the RTOS stops, Linux runs on, Tandem stays up", stops_rtos),
            ("start: the RTOS starts again from its boot module, keeping its deadlines", starts_rtos),
            ("Linux runs while the RTOS is stopped (keyboard moved by the monitor)", linux_runs_meanwhile),
            ("restart: Linux boots again to its shell; list counts both restarts", restarts_linux),
            ("the VM with the keyboard, and only it, is marked on each of its lines: [name*]", owner_marked),
            ("the RTOS misses no deadline through it all", rtos_deadlines)]


def pool_left(out, pattern):
    """The page pool's free KiB on the first line matching pattern."""
    i = expect(out, pattern)
    m = re.search(r"page pool: (\d+) KiB left", out.lines[i])
    if not m:
        raise CheckFailed("no page-pool figure in: %s" % out.lines[i])
    return int(m.group(1))


@scenario
def monitor_removes_and_creates_vms():
    """A VM refused at boot (its device taken) started once the holder is removed."""
    rtos_a, rtos_b = overlay("swap-a"), overlay("swap-b")
    typing = [(r"^\[rtos-a\] rtos: t=1s ", b"\x1d"),
              (r"^tandem: console input goes to VM rtos-a", b"\x1d"),
              (MONITOR, b"start rtos-b\n"),
              (r"^tandem: monitor: start rtos-b: refused: ", b"remove rtos-a\n"),
              (r"^tandem: monitor: remove rtos-a: refused: ", b"stop rtos-a\n"),
              (r"^tandem: vm rtos-a: stopped: the operator", b"remove rtos-a\n"),
              (r"^tandem: vm rtos-a: removed: ", b"start rtos-b\n"),
              (r"^\[rtos-b\] rtos: t=1s ", b"list\n"),
              (LIST_END, b"start rtos-a\n"),
              (r"^tandem: monitor: start rtos-a: refused: ", b"stop rtos-b\n"),
              (r"^tandem: vm rtos-b: stopped: the operator", b"remove rtos-b\n"),
              (r"^tandem: vm rtos-b: removed: ", b"start rtos-a\n"),
              (r"^\[rtos-a\] rtos: t=1s ", b""),
              (r"^\[rtos\] rtos: t=4s ", b"list\n")]
    out = boot("monitor-remove", [(os.path.join(BUILD, "guests/rtos/rtos-core0.dtbo"), RTOS_IMAGE),
                                  (rtos_a, RTOS_IMAGE), (rtos_b, RTOS_IMAGE)],
               smp=2, icount=True, typing=typing, until=LIST_END, stop_after=2, timeout=600)
    taken = r"/pl031@9010000 is in page 0x9010000, which VM '%s' already has"

    def refused_at_boot():
        expect(out, r"^tandem: VM refused: .*swap-b|^tandem: VM refused: .*rtos-b.*" + taken % "rtos-a")
        expect(out, r"^tandem> start rtos-b$", r"^tandem: vm rtos-b: placing it again from its overlay",
               r"^tandem: monitor: start rtos-b: refused: .*" + taken % "rtos-a")

    def remove_needs_a_stop():
        expect(out, r"^tandem> remove rtos-a$",
               r"^tandem: monitor: remove rtos-a: refused: it is not stopped \(stop NAME first\)$")

    def removal_gives_everything_back():
        before = pool_left(out, r"^tandem: vm rtos: stage-2 tables")
        expect(out, r"^tandem: vm rtos-a: removing it", r"^tandem: vm rtos-a: removed: core\(s\) 1, 64 MiB of RAM "
               r"\(cleared\), 1 device\(s\), 1 device interrupt\(s\) given back")
        for name in ("rtos-a", "rtos-b"):
            after = pool_left(out, r"^tandem: vm %s: removed: " % name)
            if after != before:
                raise CheckFailed("page pool after removing %s: %d KiB, before it was created: %d KiB"
                                  % (name, after, before))

    def refused_vm_starts():
        expect(out, r"^tandem: vm rtos-a: removed: ", r"^tandem> start rtos-b$",
               r"^tandem: vm rtos-b: passed through /pl031@9010000",
               r"^tandem: vm rtos-b: 1 vCPU\(s\) on core\(s\) 1,", r"^\[rtos-b\] rtos: t=1s ", r"^tandem> list$")
        rows = list_rows(out, 0)
        if rows.get("rtos-b", ("",))[:2] != ("running", "1") or "rtos-a" in rows:
            raise CheckFailed("list after the start: %r" % rows)
        expect(out, r"^tandem> list$", r"^tandem: monitor: -  rtos-a +not created: removed by the operator")

    def holder_refused_in_turn():
        expect(out, r"^tandem> start rtos-a$", r"^tandem: monitor: start rtos-a: refused: .*" + taken % "rtos-b")

    def swapped_back():
        expect(out, r"^tandem: vm rtos-b: removed: ", r"^tandem> start rtos-a$",
               r"^tandem: vm rtos-a: 1 vCPU\(s\) on core\(s\) 1,", r"^\[rtos-a\] rtos: t=1s ")
        rows = list_rows(out, 1)
        if rows.get("rtos-a", ("",))[0] != "running" or rows.get("rtos", ("",))[0] != "running":
            raise CheckFailed("last list: %r" % rows)
        expect_absent(out, r"PANIC|FAULT|powering off")

    def rtos_keeps_deadlines():
        no_rtos_miss(out, r"\[rtos\] ", 4)   # t=1s .. t=4s: from before the first removal to after the last start

    return [("a VM refused at boot for a device another holds: retried, the same answer", refused_at_boot),
            ("remove: only a stopped VM", remove_needs_a_stop),
            ("remove: cores, RAM, device, interrupt and every page-pool page back", removal_gives_everything_back),
            ("start: the refused VM is placed, created and runs, with the device", refused_vm_starts),
            ("the removed VM, started, is refused in its turn, naming the holder", holder_refused_in_turn),
            ("and swapped back again: the same slot, no leak", swapped_back),
            ("the RTOS on the other core keeps every deadline through it", rtos_keeps_deadlines)]


def wfi_count(out, nth):
    """Trapped WFIs in the nth (0-based) 'show rtos' answer."""
    rows = [line for line in out.lines if re.match(r"^tandem: monitor: vm rtos: exits:", line)]
    if len(rows) <= nth:
        raise CheckFailed("only %d 'show rtos' answers" % len(rows))
    m = re.search(r"\bwfi=(\d+)", rows[nth])
    return int(m.group(1)) if m else 0


@scenario
def monitor_removes_beside_rtos():
    """A VM removed from, and created again on, the core the RTOS runs on."""
    status = r"^\[rtos\] rtos: t=\d+s "
    typing = [(r"^\[hog\] hog: computing", b"\x1d"),
              (r"^tandem: console input goes to VM hog", b"\x1d"),
              (MONITOR, b"stop hog\n"),
              (r"^tandem: vm hog: stopped: the operator", b"remove hog\n"),
              (r"^tandem: vm hog: removed: ", b""),
              (status, b"show rtos\n"),
              (status, b""),
              (status, b"show rtos\n"),
              (r"^tandem: monitor: vm rtos: exits:", b"start hog\n"),
              (r"^\[hog\] hog: computing", b""),
              (status, b""),
              (status, b"show rtos\n"),
              (r"^tandem: monitor: vm rtos: exits:", b"list\n")]
    out = boot("monitor-remove-shared", [(os.path.join(BUILD, "guests/rtos/rtos-shared.dtbo"), RTOS_IMAGE),
                                         (overlay("hog-beside-rtos"), TESTGUEST)],
               smp=2, icount=True, typing=typing, until=LIST_END, timeout=600)

    def removed_from_shared_core():
        expect(out, r"^tandem: vm hog: 1 vCPU\(s\) on core\(s\) 0,", r"^tandem> remove hog$",
               r"^tandem: vm hog: removed: core\(s\) 0, 32 MiB of RAM")

    def alone_its_wfi_stops_trapping():
        before, after = wfi_count(out, 0), wfi_count(out, 1)
        if not before or after != before:
            raise CheckFailed("trapped WFIs of the RTOS alone on its core: %d, a second later %d" % (before, after))

    def created_beside_running_rtos():
        i = expect(out, r"^tandem> start hog$", r"^tandem: vm hog: 1 vCPU\(s\) on core\(s\) 0,",
                   r"^\[hog\] hog: computing")
        if not re.search(r"^\[hog\] hog: \d+ ms$", "\n".join(out.lines[i:]), re.M):
            raise CheckFailed("the hog created again made no progress beside the RTOS")
        if wfi_count(out, 2) <= wfi_count(out, 1):
            raise CheckFailed("the RTOS's WFIs do not trap again once it shares its core")
        rows = list_rows(out, 0)
        if rows.get("hog", ("",))[:2] != ("running", "0") or rows.get("rtos", ("",))[:2] != ("running", "0"):
            raise CheckFailed("list: %r" % rows)
        expect_absent(out, r"PANIC|FAULT|powering off")

    def rtos_keeps_deadlines():
        no_rtos_miss(out, r"\[rtos\] ", 4)

    return [("a VM sharing the RTOS's core removed", removed_from_shared_core),
            ("the RTOS alone again: its WFI no longer traps", alone_its_wfi_stops_trapping),
            ("created again beside the running RTOS: both run, WFI traps again", created_beside_running_rtos),
            ("the RTOS keeps every deadline through it", rtos_keeps_deadlines)]
