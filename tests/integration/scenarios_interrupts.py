"""Interrupts in the test guest, on GICv3 and GICv2: timer, SGIs, garbage in
GIC and PL011 registers, PSCI calls with invalid arguments, and an SGI sent
while the same one is active.
"""
import re

from harness import (CheckFailed, TESTGUEST, boot, expect, expect_absent, expect_powered_off, overlay,
                     scenario)


def guest_interrupts(gic, arch="arm64", guest=TESTGUEST):
    """The test guest's interrupt tests; scenarios_testguest_arm32.py runs
    them on ARMv7-A (under -icount there: its two vCPUs' turns are then
    decided in virtual time)."""
    out = boot(("guest-interrupts-gicv%d" if arch == "arm64" else "testguest32-interrupts-gicv%d") % gic,
               [(overlay("irq-tests"), guest)], gic=gic, arch=arch, icount=arch == "arm32")

    def timer():
        expect(out, r"^\[irqs\] gic: GICv%d, distributor 0x8000000" % gic,
               r"^\[irqs\] timer: 20 ticks by interrupt$")
        expect_absent(out, r"timer: FAILED|unexpected interrupt")

    def sgis():
        expect(out, r"^\[irqs\] sgi: self received$")
        expect(out, r"^\[irqs\] sgi: vcpu 1 received from vcpu 0$")

    def garbage():
        expect(out, r"^\[irqs\] garbage: gic still delivers interrupts$",
               r"^\[irqs\] garbage: uart still prints$")
        expect_absent(out, r"NO timer interrupt|self SGI lost|ID registers CHANGED")

    def psci_invalid():
        for call, value in (("CPU_ON of a vCPU that does not exist", -2),
                            ("CPU_ON with an entry point outside RAM", -9),
                            ("AFFINITY_INFO with lowest_affinity_level 3", -2),
                            ("unknown function 0x8400001f", -1),
                            ("CPU_ON of a vCPU that is on \\(itself\\)", -4)):
            expect(out, r"^\[irqs\] psci-invalid: %s -> %d$" % (call, value))

    def survives():
        expect(out, r"^tandem: vm irqs: stopped: powered off \(PSCI SYSTEM_OFF\)$")
        expect_powered_off(out)
        expect_absent(out, r"PANIC")

    return [("timer interrupts keep coming when only CVAL is rewritten", timer),
            ("SGIs to itself and to its other vCPU", sgis),
            ("garbage in GIC and PL011 registers is ignored", garbage),
            ("PSCI calls with invalid arguments get the defined errors", psci_invalid),
            ("the guest and Tandem carry on", survives)]


@scenario
def guest_interrupts_gicv3():
    return guest_interrupts(3)


@scenario
def guest_interrupts_gicv2():
    return guest_interrupts(2)


def sgi_behind(gic, arch="arm64", guest=TESTGUEST):
    """vCPU 1 sends vCPU 0 the SGI vCPU 0 is handling (from itself): on
    GICv2 a second source, on GICv3 a second edge. It must come right after
    the first completes (an EOI maintenance interrupt on GICv2, pending and
    active on GICv3), not at the next unrelated exit: the 100 ms watchdog.
    scenarios_testguest_arm32.py runs it on ARMv7-A."""
    out = boot(("sgi-behind-gicv%d" if arch == "arm64" else "testguest32-sgi-behind-gicv%d") % gic,
               [(overlay("sgi-behind"), guest)], gic=gic, smp=3, icount=True, timeout=120, arch=arch)

    def prompt():
        i = expect(out, r"^\[irqs\] sgi-behind: second SGI")
        m = re.search(r"second SGI (\d+) ns after the first completed \(sources (\d), (\d)\)$", out.lines[i])
        if not m:
            raise CheckFailed(out.lines[i])
        if int(m.group(1)) >= 1000000:
            raise CheckFailed("%s ns: it waited for another exit" % m.group(1))
        if gic == 2 and (m.group(2), m.group(3)) != ("0", "1"):
            raise CheckFailed("sources %s, %s: want 0 (itself), then 1" % (m.group(2), m.group(3)))
        expect_absent(out, r"unexpected interrupt|PANIC|exception: ")   # the guest's own report

    def pendsgir():
        expect(out, r"^\[irqs\] sgi-behind: SGIR filter 0b11 -> 0 taken$",
               r"^\[irqs\] sgi-behind: SPENDSGIR source 1: pending 0x02, 1 taken \(source 1\), then 0x00$",
               r"^\[irqs\] sgi-behind: CPENDSGIR source 1: pending 0x02, then 0x00, 0 taken$")

    checks = [("an SGI sent while the same one is active comes right after it", prompt)]
    if gic == 2:
        checks.append(("SGIR's reserved filter sends nothing; [SC]PENDSGIR see and clear an SGI in an LR",
                       pendsgir))
    return checks


@scenario
def sgi_behind_gicv2():
    return sgi_behind(2)


@scenario
def sgi_behind_gicv3():
    return sgi_behind(3)
