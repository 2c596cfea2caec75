"""Two test guests side by side, on GICv3 and GICv2: the services Tandem gives
a VM (hypercalls, PSCI, MMIO, system registers, WFI), a second vCPU started by
PSCI, and that neither VM can read the other's memory or outlive its own
fault.
"""
from harness import (CheckFailed, TESTGUEST, boot, expect, expect_absent, expect_powered_off, overlay,
                     scenario)


# What differs between the two images' runs of two_guests (scenarios_
# testguest_arm32.py runs it on ARMv7-A): the name of the hypervisor's
# privilege, where Tandem is loaded, the guest's probe (a register-wide LDR),
# and the guest's own name for the physical timer it tries.
ARCH = {
    "arm64": {"hyp": "EL2", "reserved": "0x40200000-0x409fffff", "probe": r"8-byte read",
              "insn": r"0xf94[0-9a-f]{5}", "cntp": "emulated CNTP_CVAL_EL0", "log": "two-guests-gicv%d"},
    "arm32": {"hyp": "HYP", "reserved": "0x40010000-0x4080ffff", "probe": r"4-byte read",
              "insn": r"0xe59[0-9a-f]{5}", "cntp": "CNTP_CVAL", "log": "testguest32-two-guests-gicv%d"},
}


def two_guests(gic, arch="arm64", guest=TESTGUEST):
    # -icount: which guest's lines come first is decided in virtual time,
    # so a loaded host cannot reorder guest-a's stop and guest-b's heartbeats.
    a = ARCH[arch]
    out = boot(a["log"] % gic, [(overlay("vm-a"), guest), (overlay("vm-b"), guest)], gic=gic, icount=True,
               arch=arch)
    a_stop = r"^tandem: vm guest-a: stopped: stage-2 translation fault: %s at IPA 0x58000000 \(VA 0x58000000\), " \
             r"which is not its memory; instruction %s at PC 0x5000[0-9a-f]{4}$" % (a["probe"], a["insn"])
    b_stop = r"^tandem: vm guest-b: stopped: stage-2 translation fault: %s at IPA 0x50000000 \(VA 0x50000000\), " \
             r"which is not its memory; instruction %s at PC 0x5800[0-9a-f]{4}$" % (a["probe"], a["insn"])

    def banner():
        expect(out, r"^tandem: Tandem \d+\.\d+ hypervisor at %s: 4 cores, 1024 MiB RAM, GICv%d, "
                    r"firmware PSCI 1\.\d+$" % (a["hyp"], gic),
               r"^tandem: reserved %s \(8 MiB\) for itself" % a["reserved"],
               r"^tandem: vm guest-a: 1 vCPU\(s\) on core\(s\) 1, RAM IPA 0x50000000-0x53ffffff at PA 0x50000000 \(1:1\)",
               r"^tandem: vm guest-b: 2 vCPU\(s\) on core\(s\) 2,3, RAM IPA 0x58000000-0x5bffffff at PA 0x58000000 \(1:1\)")

    def services():
        for vm in ("guest-a", "guest-b"):
            expect(out, r"^\[%s\] testguest: up \(boot 1\)" % vm,
                   r"^\[%s\] hypercall: version ok 0\.1$" % vm,
                   r"^\[%s\] hypercall: unknown function -> -1$" % vm,
                   r"^\[%s\] hypercall: notify of a channel that does not exist -> -2$" % vm,
                   r"^\[%s\] psci: version 1\.1$" % vm,
                   r"^\[%s\] psci: CPU_ON of a vCPU that does not exist -> -2$" % vm,
                   r"^\[%s\] mmio: pl011 periphid 0x00341011 cellid 0xb105f00d fr 0x90$" % vm,
                   r"^\[%s\] mmio: ldrsh of IBRD=0x8001 -> -32767$" % vm,
                   r"^\[%s\] sysreg: %s reads back 0x123456789abc$" % (vm, a["cntp"]),
                   r"^\[%s\] wfi: slept (\d{4,}) us on the virtual timer$" % vm)
        expect(out, r"^\[guest-a\] hypercall: vm id 0, vcpu 0 of 1$")
        expect(out, r"^\[guest-b\] hypercall: vm id 1, vcpu 0 of 2$")

    def smp():
        # the new vCPU may print before CPU_ON's caller does
        on = expect(out, r"^\[guest-b\] psci: CPU_ON vcpu 1 -> 0$")
        up = expect(out, r"^\[guest-b\] vcpu 1: up \(mpidr 0x1, Tandem says vcpu 1\)$")
        off = expect(out, r"^\[guest-b\] psci: AFFINITY_INFO vcpu 1 -> 1 \(off\)$")
        if off < max(on, up):
            raise CheckFailed("AFFINITY_INFO reported the vCPU off before it had run")

    def a_cannot_read_b():
        expect(out, r"^\[guest-a\] probe: reading 0x58000000, which is not my memory$", a_stop,
               r"^tandem: vm guest-a: traps: .*hvc=")
        expect_absent(out, r"READ SUCCEEDED")

    def b_survives_a():
        i = expect(out, a_stop)
        # guest-b keeps running and its memory is intact after guest-a is gone
        for n in range(4, 9):
            if out.find(r"^\[guest-b\] heartbeat %d: secret intact$" % n, i) < 0:
                raise CheckFailed("guest-b heartbeat %d missing after guest-a stopped" % n)
        expect_absent(out, r"CORRUPTED")

    def b_cannot_read_a():
        expect(out, r"^\[guest-b\] probe: reading 0x50000000, which is not my memory$", b_stop)
        expect_absent(out, r"READ SUCCEEDED")

    def powers_off():
        expect_powered_off(out)
        expect_absent(out, r"PANIC")

    return [("boot banner and VM placement", banner), ("hypercall, PSCI, MMIO, sysreg, WFI", services),
            ("second vCPU via PSCI CPU_ON/AFFINITY_INFO", smp),
            ("guest-a cannot read guest-b's memory", a_cannot_read_b),
            ("guest-b keeps running after guest-a is stopped", b_survives_a),
            ("guest-b cannot read guest-a's memory", b_cannot_read_a),
            ("Tandem powers off when no VM is left", powers_off)]


@scenario
def two_guests_gicv3():
    return two_guests(3)


@scenario
def two_guests_gicv2():
    return two_guests(2)
