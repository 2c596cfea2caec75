"""The RTOS's shell driven through Tandem's physical console, as `make run`
sets it up (issue 18): the RTOS VM beside another VM that has the keyboard
first, Ctrl-] moves the keyboard to the RTOS, and its shell shows a prompt,
lists `status on|off` in `help`, and `status off` silences the 1 Hz status
line while the RTOS keeps running until `status on`.

Run as `tools/tandem_qemu.py` runs `make run`: without -icount, the RTOS's
overlay copied with /chosen's tandem,host-clock (tandem_qemu.host_clock_overlay),
so the status line must say its misses are measured against the host's
clock. Nothing here depends on the host's speed: misses are not checked, the
silent stretch is measured in the RTOS's own t= seconds.

What is read: Tandem's `console input goes to VM` lines, and the lines
prefixed `[rtos] `: the prompt `rtos> ` (alone on a line when the next
output broke it, or with the echoed command), the shell's answers, the
status lines `rtos: t=Ns ... misses=N (vs host clock) ...`.
"""
import os
import re

from harness import (BUILD, CheckFailed, RTOS_IMAGE, TESTGUEST, boot, expect, expect_absent,
                     overlay_with_bootargs, scenario, tandem_qemu)

RTOS_OVERLAY = os.path.join(BUILD, "guests/rtos/rtos.dtbo")
# The status line with the host-clock mark (harness.RTOS_STATUS without it).
STATUS_HOST = (r"^\[rtos\] rtos: t=(\d+)s control periods=\d+ latency max=-?\d+ cycles "
               r"misses=\d+ \(vs host clock\) queue msgs=\d+ lost=\d+ sem uses=\d+ timeouts=\d+$")
STATUS_ANY = r"^\[rtos\] rtos: t=(\d+)s "
PROMPT = r"^\[rtos\] rtos> "


@scenario
def rtos_shell_console():
    """The RTOS's prompt and status on|off through Tandem's console."""
    # guest-a (vm-a.dtso: the test guest on core 1, beating every 20 ms) is the first VM
    # with a console, so it has the keyboard, as Linux has it under make run.
    beside = overlay_with_bootargs("guests/test/vm-a.dtso", "heartbeats=100000")
    rtos = tandem_qemu.host_clock_overlay(RTOS_OVERLAY)
    typing = [(r"^\[rtos\] rtos: t=1s ", b"\x1d"),
              (r"^tandem: console input goes to VM rtos", b"help\nstatus off\n"),
              # 6 s of guest-a's beats later (the RTOS silent meanwhile)
              (r"^\[guest-a\] heartbeat 300: ", b"status\nstatus on\n"),
              # the first status line after status on (none comes before its answer)
              (STATUS_ANY, b"stats\n")]
    out = boot("rtos-shell-console", [(beside, TESTGUEST), (rtos, RTOS_IMAGE)], smp=4, icount=False,
               typing=typing, until=r"^\[rtos\] rtos: stats: kernel ", timeout=300)

    def at(pattern, after=0):
        i = out.find(pattern, after)
        if i < 0:
            raise CheckFailed("expected /%s/%s" % (pattern, " after line %d" % after if after else ""))
        return i

    def prompt_at_start():
        # the prompt the shell prints when it starts, broken by the first
        # status line (which goes on a line of its own) and drawn again
        i = at(r"^\[rtos\] rtos: demo: control task every 1000 us; shell on the console \(try help\)$")
        j = at(r"^\[rtos\] rtos: t=1s ", i)
        if not any(re.match(PROMPT + "$", line) for line in out.lines[i + 1:j]):
            raise CheckFailed("no prompt line between the RTOS's start and its first status line")

    def keyboard_moves():
        expect(out, r"^tandem: console input goes to VM guest-a \(Ctrl-\] switches\)$",
               r"^\[rtos\] rtos: t=1s ", r"^tandem: console input goes to VM rtos \(Ctrl-\] switches\)$")

    def help_lists_status():
        expect(out, r"^tandem: console input goes to VM rtos", PROMPT + r"help$",
               r"^\[rtos\] rtos: commands: help \(this\), stats \(counters\), tasks \(task list\), "
               r"status on\|off \(the 1 Hz status line\)$")

    def status_off_silences():
        off = at(r"^\[rtos\] rtos: status line off \(status on resumes it\)$")
        on = at(r"^\[rtos\] rtos: status line on$", off)
        expect(out, PROMPT + r"status off$", r"^\[rtos\] rtos: status line off")
        at(r"^\[rtos\] rtos: status line is off; status on\|off to change it$", off)
        between = [line for line in out.lines[off:on] if re.match(STATUS_ANY, line)]
        if between:
            raise CheckFailed("status lines while it was off: %s" % between[:3])
        before = [int(m.group(1)) for m in (re.match(STATUS_ANY, line) for line in out.lines[:off]) if m]
        after = [int(m.group(1)) for m in (re.match(STATUS_ANY, line) for line in out.lines[on:]) if m]
        if not before or not after:
            raise CheckFailed("status lines before status off: %d, after status on: %d" % (len(before), len(after)))
        # the RTOS kept its clock while silent: its next line skips the
        # seconds it did not print (guest-a's beats typed status on 6 s later)
        if after[0] < before[-1] + 2:
            raise CheckFailed("t=%ds before status off, t=%ds after status on: no silent second" % (
                before[-1], after[0]))
        expect(out, r"^\[rtos\] rtos: status line on$", STATUS_ANY, PROMPT + r"stats$",
               r"^\[rtos\] rtos: stats: uptime ")

    def prompt_after_output():
        # each answer is followed by the prompt, on which the next command is echoed
        expect(out, r"^\[rtos\] rtos: commands: ", PROMPT + r"status off$",
               r"^\[rtos\] rtos: status line off", PROMPT + r"status$",
               r"^\[rtos\] rtos: status line is off", PROMPT + r"status on$")

    def host_clock_marked():
        expect(out, r"^\[rtos\] rtos: clock: the timer follows the host's clock \(QEMU without -icount\): "
                    r"misses and latencies include the host's scheduling of QEMU's vCPU threads$")
        marked = [line for line in out.lines if re.match(STATUS_HOST, line)]
        unmarked = [line for line in out.lines if re.match(STATUS_ANY, line) and not re.match(STATUS_HOST, line)]
        if not marked or unmarked:
            raise CheckFailed("status lines with the host-clock mark: %d, without: %s" % (len(marked), unmarked[:2]))
        expect_absent(out, r"^tandem: vm rtos: stopped|PANIC")

    return [("the shell prints its prompt when it starts, kept apart from the status line", prompt_at_start),
            ("Ctrl-] moves the keyboard from the first VM to the RTOS", keyboard_moves),
            ("help, typed after the prompt, lists status on|off", help_lists_status),
            ("status off silences the status line while the RTOS runs, status says so, "
             "status on resumes it", status_off_silences),
            ("every answer is followed by the prompt the next command is echoed on", prompt_after_output),
            ("without -icount the status line says misses are against the host's clock "
             "(tandem,host-clock reached the RTOS through Tandem)", host_clock_marked)]
