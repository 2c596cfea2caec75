"""Overlays Tandem refuses at boot (an unknown property, a core already taken,
a missing payload, overlapping RAM, malformed modules), each with a message
naming the cause, and tools/tandem-check on the host refusing the same ones
with the same messages.
"""
import os
import subprocess
import tempfile

from harness import (CheckFailed, TESTGUEST, boot, expect, expect_absent, expect_powered_off, host_check,
                     overlay, refusals_at_boot, scenario)


def bad_modules(tmp):
    """Malformed overlays that need building: a truncated one, a tree that is
    not an overlay, and bytes that are not a device tree at all."""
    with open(overlay("vm-b"), "rb") as f:
        blob = f.read()
    truncated = os.path.join(tmp, "truncated.dtbo")
    with open(truncated, "wb") as f:
        f.write(blob[:len(blob) // 2])
    plain = os.path.join(tmp, "plain.dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", plain, "-"], check=True,
                   input=b"/dts-v1/; / { vm { compatible = \"tandem,vm\"; }; };")
    garbage = os.path.join(tmp, "garbage.bin")
    with open(garbage, "wb") as f:
        f.write(b"this is vm-b.dtso, not its compiled form\n" * 4)
    return truncated, plain, garbage


@scenario
def bad_overlays():
    tmp = tempfile.mkdtemp(prefix="tandem-bad-")
    truncated, plain, garbage = bad_modules(tmp)
    names = ("unknown-property", "core-taken", "no-payload", "overlaps-guest-a")
    vms = [(overlay("vm-a"), TESTGUEST)] + [(overlay(n), None) for n in names]
    modules = [(truncated, None), (plain, None), (garbage, None)]
    out = boot("bad-overlays", vms, modules=modules)

    def host_check_agrees():
        status, causes, text = host_check(vms, modules, [overlay("vm-a")] + [overlay(n) for n in names] +
                                          [truncated, plain], tmp)
        if status != 1 or "VM guest-a accepted" not in text:
            raise CheckFailed("tandem-check exited %d:\n%s" % (status, text))
        if causes != refusals_at_boot(out) or len(causes) != 6:
            raise CheckFailed("tandem-check refused %s; Tandem at boot %s" % (causes, refusals_at_boot(out)))

    def refusal(pattern):
        return lambda: expect(out, r"^tandem: VM refused: overlay module@0x[0-9a-f]+: " + pattern)

    def good_vm_runs():
        expect(out, r"^tandem: vm guest-a: 1 vCPU", r"^\[guest-a\] heartbeat 3: secret intact$",
               r"^tandem: vm guest-a: stopped: stage-2 translation fault")
        expect_powered_off(out)
        expect_absent(out, r"PANIC")

    return [
        ("unknown property refused, naming it", refusal(
            r"/chosen/typo-vm: unknown property 'cpu-afinity'; the tandem,vm binding is in docs/configuration\.md$")),
        ("core already taken refused, naming the owner", refusal(
            r"/chosen/greedy: core 0x1 is already given to VM 'guest-a'; pin this VM's vCPUs to free cores, or give both VMs a 'priority' to share it$")),
        ("missing payload module refused, with the fix", refusal(
            r"/chosen/orphan: 'kernel' names a boot module at 0x7d000000, but none was loaded there; "
            r"load the payload at that address \(QEMU: -device guest-loader,addr=0x7d000000,kernel=FILE\)$")),
        ("overlapping 1:1 RAM refused, naming the other VM", refusal(
            r"/chosen/squatter: direct-mapped RAM 0x50000000-0x50ffffff overlaps the RAM of VM 'guest-a'$")),
        ("truncated overlay refused", refusal(r"/: truncated: header says \d+ bytes, only \d+ present$")),
        ("device tree that is not an overlay refused", refusal(
            r"/: not an overlay \(no fragment with __overlay__\); write a /plugin/ source and compile it with dtc -@$")),
        ("module that is not a device tree reported", lambda: expect(
            out, r"^tandem: boot module at 0x[0-9a-f]+ \(164 bytes\) is not a VM overlay \(no device-tree magic\) "
                 r"and no VM names it as its kernel or ramdisk; ignored$")),
        ("the valid VM still starts and runs", good_vm_runs),
        ("tandem-check on the host refuses the same VMs with the same messages", host_check_agrees),
    ]
