"""Shared cores: a higher-priority VM preempts a CPU hog on its core and gives
it the core when it waits; equal priorities take turns by time slice.
"""
import re

from harness import (CheckFailed, TESTGUEST, boot, expect, expect_absent, expect_powered_off, overlay,
                     scenario)


def trap_count(out, vm, kind):
    m = re.search(r"^tandem: vm %s: traps: .*\b%s=(\d+)" % (vm, kind), out.text, re.M)
    return int(m.group(1)) if m else 0


def shared_core_priority(gic):
    """A test guest taking 300 timer ticks by interrupt shares core 1 with a
    lower-priority CPU hog that never waits: only preemption lets it have
    its ticks, only its waiting lets the hog run."""
    out = boot("shared-core-gicv%d" % gic, [(overlay("shared-rt"), TESTGUEST),
                                           (overlay("shared-hog"), TESTGUEST)],
               gic=gic, smp=2, icount=True, timeout=180)

    def placed():
        expect(out, r"^tandem: vm rt: 1 vCPU\(s\) on core\(s\) 1,", r"^tandem: vm hog: 1 vCPU\(s\) on core\(s\) 1,")

    def ticks_while_hog_runs():
        hog = expect(out, r"^\[hog\] hog: computing for 1000 ms without waiting$")
        done = expect(out, r"^\[rt\] timer: 300 ticks by interrupt$")
        if done < hog:
            raise CheckFailed("the ticks were over before the hog started")
        expect_absent(out, r"^\[rt\] timer: (FAILED|.*condition not met)")

    def waits_give_the_core_away():
        # each tick: the guest waits in WFI (trapped on a shared core), the hog runs
        n = trap_count(out, "rt", "wfi")
        if n < 250:
            raise CheckFailed("only %d trapped WFIs for 300 ticks" % n)
        i = expect(out, r"^\[hog\] hog: computing")
        if out.find(r"^\[hog\] hog: 100 ms$", i) > out.find(r"^\[rt\] timer: 300 ticks"):
            raise CheckFailed("the hog made no progress while the ticks ran")

    def both_finish():
        expect(out, r"^\[hog\] hog: done$")
        expect_powered_off(out)
        expect_absent(out, r"PANIC")

    return [("two VMs placed on one core", placed),
            ("the higher priority gets every tick while the hog computes", ticks_while_hog_runs),
            ("its WFIs give the core to the hog", waits_give_the_core_away),
            ("both finish; Tandem powers off", both_finish)]


@scenario
def shared_core_gicv3():
    return shared_core_priority(3)


@scenario
def shared_core_gicv2():
    return shared_core_priority(2)


@scenario
def shared_core_round_robin():
    """Two CPU hogs of equal priority on one core take turns by time slice."""
    out = boot("shared-core-rr", [(overlay("shared-peer-a"), TESTGUEST),
                                  (overlay("shared-peer-b"), TESTGUEST)],
               smp=3, icount=True, timeout=180)

    def interleaved():
        a = expect(out, r"^\[peer-a\] hog: 100 ms$")
        b = expect(out, r"^\[peer-b\] hog: 100 ms$")
        for vm, first in (("peer-a", b), ("peer-b", a)):
            done = expect(out, r"^\[%s\] hog: done$" % vm)
            if done < first:
                raise CheckFailed("%s finished before the other had run 100 ms" % vm)

    def both_finish():
        expect_powered_off(out)
        expect_absent(out, r"PANIC")

    return [("equal priorities take turns", interleaved), ("both finish", both_finish)]
