"""Tandem's ARMv7-A image itself (build/arm32/tandem.bin, el2/arm32/) on
qemu-system-arm's virt machine: it boots in HYP on the Cortex-A15 and A7 with
either GIC and brings every core up; it refuses to run when entered below
HYP; it refuses the same overlays as the arm64 image with the same
messages, as tandem-check --arch arm32 does on the host; and a zImage whose
RAM would not start on 128 MiB is refused with the fix while the other VM
runs.
"""
import os
import tempfile

from harness import (BUILD, CheckFailed, TESTGUEST, boot, expect, expect_absent, expect_powered_off,
                     host_check, overlay, refusals_at_boot, scenario)
import scenarios_config

TANDEM32 = os.path.join(BUILD, "arm32/tandem.bin")
TESTGUEST32 = os.path.join(BUILD, "arm32/guests/test/testguest.bin")
MIDR = {"cortex-a15": "0x414fc0f0", "cortex-a7": "0x410fc075"}


@scenario
def arm32_boot():
    runs = {(cpu, gic): boot("arm32-boot-%s-gicv%d" % (cpu, gic), [], arch="arm32", cpu=cpu, gic=gic)
            for cpu, gic in (("cortex-a15", 2), ("cortex-a7", 3))}

    def banner(cpu, gic):
        out = runs[(cpu, gic)]
        expect(out, r"^tandem: Tandem \d+\.\d+ hypervisor at HYP: 4 cores, 1024 MiB RAM, GICv%d, "
               r"firmware PSCI 1\.1$" % gic,
               r"^tandem: reserved 0x40010000-0x4080ffff \(8 MiB\) for itself",
               r"^tandem: CPU: ARMv7-A, MIDR %s .*LPAE stage 2 \(39-bit IPA\)" % MIDR[cpu])
        expect_absent(out, r"did not start|PANIC")
        if out.timed_out:
            raise CheckFailed("QEMU did not exit: Tandem did not power off")
        expect(out, r"^tandem: no VM to run \(0 boot modules, 0 VM overlays, none started\); powering off$")

    return [("%s, GICv%d: HYP, every core up, powers off with no VM" % (cpu, gic),
             lambda cpu=cpu, gic=gic: banner(cpu, gic)) for cpu, gic in runs]


@scenario
def arm32_entered_below_hyp():
    """Without the virtualization extensions (virt, virtualization=off) the
    image is entered in SVC: it says so and stops (no paravirtual path on
    ARMv7 yet)."""
    out = boot("arm32-below-hyp", [], arch="arm32", virtualization=False, timeout=10,
               until=r"cannot boot")
    return [("refuses with the reason", lambda: expect(
        out, r"^tandem: cannot boot: not entered at the hypervisor's privilege \(EL2, HYP\)"))]


@scenario
def arm32_same_refusals():
    """The bad overlays of bad_overlays on both images: the same refusals,
    word for word, and tandem-check --arch arm32 agreeing."""
    tmp = tempfile.mkdtemp(prefix="tandem-bad32-")
    truncated, plain, garbage = scenarios_config.bad_modules(tmp)
    names = ("unknown-property", "core-taken", "no-payload", "overlaps-guest-a")
    modules = [(truncated, None), (plain, None), (garbage, None)]
    runs = {}
    for arch, guest in (("arm64", TESTGUEST), ("arm32", TESTGUEST32)):
        vms = [(overlay("vm-a"), guest)] + [(overlay(n), None) for n in names]
        runs[arch] = (vms, boot("bad-overlays-%s" % arch, vms, modules=modules, arch=arch))

    def same():
        a64, a32 = refusals_at_boot(runs["arm64"][1]), refusals_at_boot(runs["arm32"][1])
        if len(a64) != 6 or a32 != a64:
            raise CheckFailed("arm64 refused %s; arm32 %s" % (a64, a32))

    def good_vm_runs():
        out = runs["arm32"][1]
        expect(out, r"^tandem: vm guest-a: 1 vCPU", r"^\[guest-a\] heartbeat 3: secret intact$",
               r"^tandem: vm guest-a: stopped: stage-2 translation fault")
        expect_powered_off(out)
        expect_absent(out, r"PANIC")

    def host_agrees():
        vms, out = runs["arm32"]
        status, causes, text = host_check(vms, modules, [overlay("vm-a")] + [overlay(n) for n in names] +
                                          [truncated, plain], tmp, arch="arm32")
        if status != 1 or "VM guest-a accepted" not in text or causes != refusals_at_boot(out):
            raise CheckFailed("tandem-check --arch arm32 exited %d, refused %s; Tandem at boot %s"
                              % (status, causes, refusals_at_boot(out)))

    return [("arm32 refuses the same overlays as arm64 with the same messages", same),
            ("the valid VM still starts, runs, and is stopped alone for its probe", good_vm_runs),
            ("tandem-check --arch arm32 refuses the same VMs with the same messages", host_agrees)]


@scenario
def arm32_zimage_misaligned():
    """The arm32 test guest carries a zImage header: a VM with it and a
    memory-base off 128 MiB is refused, naming the fix; guest-a, sharing its
    payload module, starts and runs; tandem-check, given the payload, agrees."""
    tmp = tempfile.mkdtemp(prefix="tandem-zimage-")
    vms = [(overlay("vm-a"), TESTGUEST32), (overlay("zimage-misaligned"), TESTGUEST32)]
    out = boot("arm32-zimage-misaligned", vms, arch="arm32")
    cause = ("/chosen/unaligned: the payload at 0x7c000000 is an ARM Linux zImage, which takes the start of "
             "its RAM to be its load address rounded down to 128 MiB, but memory-base 0x5c001000 is not "
             "128 MiB aligned; use a 128 MiB-aligned memory-base, e.g. 0x58000000")

    def refused():
        if refusals_at_boot(out) != [cause]:
            raise CheckFailed("refused %s" % refusals_at_boot(out))

    def other_runs():
        expect(out, r"^tandem: vm guest-a: 1 vCPU", r"^\[guest-a\] heartbeat 3: secret intact$")
        expect_absent(out, r"PANIC|tandem: vm unaligned")

    def host_agrees():
        status, causes, text = host_check(vms, [], ["%s=%s" % (overlay("vm-a"), TESTGUEST32),
                                                    "%s=%s" % (overlay("zimage-misaligned"), TESTGUEST32)],
                                          tmp, arch="arm32")
        if status != 1 or causes != [cause]:
            raise CheckFailed("tandem-check --arch arm32 exited %d:\n%s" % (status, text))

    return [("the VM is refused, with the 128 MiB rule and the fix", refused),
            ("the other VM starts and runs", other_runs),
            ("tandem-check --arch arm32 with the payload refuses it the same way", host_agrees)]
