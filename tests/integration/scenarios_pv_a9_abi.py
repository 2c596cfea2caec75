"""The paravirtual ABI on the Cortex-A9 (vexpress-a9: no HYP; Tandem in SVC,
guests in USR mode, issue 16): scenarios_paravirtual's paravirtual_vms on
a pre-virtualization core. Six paravirtualized test guests
(build/a9/guests/pvtest/pvtest.bin, guests/pvtest/pv-a9-*.dtso) on the
four cores, two pairs sharing a core by priority: each reading another's
memory or Tandem's image, executing a privileged instruction, writing
through its own read-only alias or taking an interrupt with its stack
outside its RAM is stopped alone, with the cause; garbage to every call
returns the documented error; a flood is bounded; Tandem powers off when
none is left. An unmodified guest (the arm32 test guest) is refused with
the paravirtual path's message. tests/hostile/README.md lists these as the
A9's hostile cases. The boot runs under -icount (QEMU's vCPUs round-robin
on one thread, the global timer in virtual time): its verdicts do not
depend on the host's speed; about 15 s, most of it pv-f's 1.5 s wait.

With TANDEM_A9_RUNS_PV_GUESTS False the scenario prints SKIP with the
reason, counting neither way, while build/a9/tandem.bin is missing, the
harness cannot boot it, or a short boot shows no "[pv-a] pvtest: up";
True: it always runs, and a missing or broken image fails it.
"""
import os
import re

import harness
from harness import BUILD, CheckFailed, expect, expect_absent, scenario
from scenarios_paravirtual import expect_flood_bounded

# Tandem's A9 image runs paravirtualized guests (main, 4a727b5): missing or
# broken is a failure, not a skip.
TANDEM_A9_RUNS_PV_GUESTS = True

A9 = os.path.join(BUILD, "a9")
TANDEM_A9 = os.path.join(A9, "tandem.bin")
PVTEST_A9 = os.path.join(A9, "guests/pvtest/pvtest.bin")
TESTGUEST32 = os.path.join(BUILD, "arm32/guests/test/testguest.bin")
TANDEM_IMAGE = 0x60010000          # where QEMU loads Tandem on vexpress-a9

# What Tandem prints that the checks match (pv/exit.c, pv/upcall.c,
# pv/arm32/exception.c and el2/console.c).
STOPPED = r"^tandem: vm %s: stopped: "
NOT_ITS_MEMORY = STOPPED + r"read at VA 0x%x, which is not its memory \(PC 0x%s[0-9a-f]{6}\)$"
PRIVILEGED = (STOPPED + r"an undefined or privileged instruction \(UNDEF\) at PC 0x22[0-9a-f]{6}, which a "
              r"paravirtualized guest cannot take$")
GLOBAL_TIMER = r"^tandem: global timer at 0x1e000200: \d+ kHz, measured against the SP804 at 0x10011000$"
POWERED_OFF = ": stopped: powered off (PSCI SYSTEM_OFF)"
READ_ONLY = STOPPED + r"write at VA 0x23800004, which it mapped read-only \(PC 0x23[0-9a-f]{6}\)$"
BAD_STACK = (STOPPED + r"an interrupt is due but its stack pointer 0x100 leaves no room for the frame "
             r"in its RAM \(PC 0x24[0-9a-f]{6}\)$")
REFUSED = (r"^tandem: VM refused: overlay module@0x[0-9a-f]+: /chosen/guest-u: an unmodified guest "
           r"\(no 'paravirtual' in its overlay\) needs the virtualization extensions, which this core "
           r"lacks \(Tandem takes the paravirtual path\); it runs on a core with "
           r"them \(EL2 or HYP mode; QEMU: -M virt,virtualization=on\), or port it to the paravirtual ABI and add 'paravirtual' \(docs/paravirt\.md\)$")


def overlay_a9(name):
    p = os.path.join(A9, "guests/pvtest", name + ".dtbo")
    if not os.path.exists(p):
        raise FileNotFoundError(os.path.relpath(p, harness.ROOT) + " (run make a9 first)")
    return p


def pvtest_a9():
    if not os.path.exists(PVTEST_A9):
        raise FileNotFoundError(os.path.relpath(PVTEST_A9, harness.ROOT) + " (run make a9 first)")
    return PVTEST_A9


def boot_a9(name, vms, **kw):
    return harness.boot(name, vms, arch="a9", **kw)


_state = []


def skip_reason():
    """None when build/a9/tandem.bin runs a paravirtualized test guest
    (checked once, by a short boot), else why not."""
    if TANDEM_A9_RUNS_PV_GUESTS:
        return None
    if not _state:
        rel = os.path.relpath(TANDEM_A9, harness.ROOT)
        if not os.path.exists(TANDEM_A9):
            _state.append("%s is missing (make a9)" % rel)
        else:
            try:
                out = boot_a9("pv-a9-preflight", [(overlay_a9("pv-a9-a"), pvtest_a9())],
                              until=r"pvtest: up", timeout=15, smp=4)
            except Exception as e:   # no arch="a9" in the harness yet, or no build
                _state.append("cannot boot %s yet: %s: %s" % (rel, type(e).__name__, e))
            else:
                if out.find(r"^\[pv-a\] pvtest: up") >= 0:
                    _state.append(None)
                else:
                    last = [line for line in out.lines if line.strip()][-1:] or ["(nothing)"]
                    _state.append("%s does not run a paravirtualized guest yet (no \"[pv-a] pvtest: up\" "
                                  "in 15 s; its last line: %s)" % (rel, last[0][:100]))
    return _state[0]


def on_a9(fn):
    """A scenario that needs Tandem's A9 image to run paravirtualized
    guests: SKIP (no checks) with the reason while it cannot."""
    def wrapper():
        reason = skip_reason()
        if reason:
            print("SKIP %s: %s" % (fn.__name__, reason))
            return []
        return fn()
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return scenario(wrapper)


@on_a9
def pv_a9_vms():
    """The paravirtual path on the Cortex-A9: pv-a and pv-b on cores 0 and 1
    read Tandem's image and each other's address; pv-c (garbage to every
    call, then MRC of SCTLR) and pv-e (an interrupt with SP outside its RAM)
    share core 2, pv-d (a write through its read-only alias) and pv-f (a
    console flood) core 3: each is stopped alone with its cause; the
    unmodified arm32 test guest is refused; Tandem powers off at the end."""
    if not os.path.exists(TESTGUEST32):
        raise FileNotFoundError(os.path.relpath(TESTGUEST32, harness.ROOT) + " (run make arm32 first)")
    pv = pvtest_a9()
    out = boot_a9("pv-a9-vms", [(overlay_a9("pv-a9-" + v), pv) for v in "abcdef"] +
                  [(overlay_a9("pv-a9-unmodified"), TESTGUEST32)], smp=4, timeout=60, icount=True)

    def placed():
        expect(out, r"^tandem: Tandem \d+\.\d+ in SVC mode: this core has no virtualization extensions, so "
                    r"the paravirtual path: 4 cores, 1024 MiB RAM, GICv1$")
        for vm, core in (("a", 0), ("b", 1), ("c", 2), ("d", 3), ("e", 2), ("f", 3)):
            va = 0x20000000 + 0x1000000 * "abcdef".index(vm)
            expect(out, r"^tandem: vm pv-%s: paravirtualized, in USR mode on core %d, RAM VA 0x%x-0x%x at PA "
                        r"0x[0-9a-f]+, ASID \d+$" % (vm, core, va, va + 0xffffff))
        expect(out, REFUSED)

    def they_run():
        expect(out, r"^\[pv-a\] pvtest: up, Tandem \d+\.\d+, args \"beats=5 probe=0x60010000\"$",
               r"^\[pv-a\] pvtest: heartbeat 5: memory intact$")
        expect(out, r"^\[pv-b\] pvtest: heartbeat 1: memory intact$")

    def isolated():
        expect(out, r"^\[pv-a\] pvtest: reading 0x60010000, which is not my memory$",
               NOT_ITS_MEMORY % ("pv-a", TANDEM_IMAGE, "20"))
        expect(out, STOPPED % "pv-a", r"^\[pv-b\] pvtest: heartbeat 12: memory intact$",
               r"^\[pv-b\] pvtest: reading 0x20000000, which is not my memory$",
               NOT_ITS_MEMORY % ("pv-b", 0x20000000, "21"))
        expect_absent(out, r"pvtest: read 0x")
        for vm in "abcdef":   # each stopped once, for its own cause; pv-f powers off
            stops = [line for line in out.lines if line.startswith("tandem: vm pv-%s: stopped" % vm)]
            if len(stops) != 1 or (vm == "f") != stops[0].endswith(POWERED_OFF):
                raise CheckFailed("pv-%s stopped %d times: %s" % (vm, len(stops), stops))

    def garbage():
        expect(out, r"^\[pv-c\] pvtest: garbage console writes -> -2 -2 -2$",
               r"^\[pv-c\] pvtest: garbage calls -> read -2 setup -2 enable -2 eoi -2 iret -2 "
               r"map -2 -2 -2$",
               r"^\[pv-c\] pvtest: more garbage -> ack 1023 unmasked 0 timer 0 disarm 0 "
               r"counter Hz \d+ eoi-iret -2 -2 -2 unknown -1 -1$")
        # COUNTER's Hz is the global timer's Tandem measured at boot, not
        # the garbage (0xdeadbeef) it was given in r1-r4
        hz = int(re.search(r"counter Hz (\d+)", out.lines[out.find(r"^\[pv-c\] pvtest: more garbage")]).group(1))
        khz = int(re.search(r"(\d+) kHz", out.lines[expect(out, GLOBAL_TIMER)]).group(1))
        if hz != khz * 1000:
            raise CheckFailed("TANDEM_PV_COUNTER says %d Hz, Tandem measured %d kHz" % (hz, khz))

    def privileged():
        expect(out, r"^\[pv-c\] pvtest: reading SCTLR, which USR mode may not$", PRIVILEGED % "pv-c")
        expect_absent(out, r"pvtest: SCTLR")

    def mapped():
        expect(out, r"^\[pv-d\] pvtest: first page mapped read-only at 0x23800000 -> 0$",
               r"^\[pv-d\] pvtest: it reads 0x[0-9a-f]+ there, 0x[0-9a-f]+ at 0x23000000: the same$",
               r"^\[pv-d\] pvtest: writing to the read-only page$", READ_ONLY % "pv-d")
        expect_absent(out, r"pvtest: wrote it")

    def bad_stack():
        expect(out, r"^\[pv-e\] pvtest: timer interrupt \d+ enabled -> 0$",
               r"^\[pv-e\] pvtest: taking an interrupt with SP at 0x100, outside my RAM$",
               BAD_STACK % "pv-e")
        expect_absent(out, r"pvtest: upcall entered")

    def flood_bounded():
        expect_flood_bounded(out)

    def frame_stays_unprivileged():
        expect(out, r"^\[pv-f\] pvtest: resuming a frame that asks for SVC mode with IRQs and FIQs "
                    r"masked \(CPSR 0x1d3\)$",
               r"^\[pv-f\] pvtest: resumed in mode 0x10, I 0, F 0, r0 -2$")
        expect_absent(out, r"pvtest: IRET refused the frame")

    def powers_off():
        if out.timed_out:
            raise CheckFailed("QEMU did not exit")
        expect(out, r"^tandem: no VM is running any more; powering off$")
        expect_absent(out, r"PANIC")
    return [("paravirtualized VMs placed in their own address spaces; the unmodified one refused", placed),
            ("both run and print through the console hypercall", they_run),
            ("reading Tandem's image or another VM's memory stops only the VM that did", isolated),
            ("garbage to every call returns its documented error (-2; -1 for an unknown ID)", garbage),
            ("a privileged instruction (MRC of SCTLR in USR mode) stops only that VM", privileged),
            ("a VM maps its own page read-only elsewhere in its window; writing it there stops it",
             mapped),
            ("an interrupt due with the stack pointer outside the VM's RAM stops only it", bad_stack),
            ("a VM printing without pause loses its own lines over its console budget, with a note",
             flood_bounded),
            ("an IRET frame asking for SVC mode with interrupts masked, r0 -2, resumes in USR mode, unmasked, r0 -2",
             frame_stays_unprivileged),
            ("Tandem powers off when none is left", powers_off)]
