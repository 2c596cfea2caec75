"""A VM's life after its first boot: PSCI SYSTEM_RESET restarts it from a
clean image; the on-crash "restart" policy restarts a crashing VM up to its
limit, then stops it.
"""
from harness import TESTGUEST, boot, expect, expect_absent, expect_powered_off, overlay, scenario


def reset_once(arch="arm64", guest=TESTGUEST, gic=3):
    """PSCI SYSTEM_RESET and a second boot; scenarios_testguest_arm32.py runs
    it on ARMv7-A."""
    out = boot("vm-reset" if arch == "arm64" else "testguest32-vm-reset", [(overlay("reset-once"), guest)],
               arch=arch, gic=gic)

    def restarts():
        expect(out, r"^\[resetter\] testguest: up \(boot 1\)", r"^\[resetter\] end: PSCI SYSTEM_RESET$",
               r"^tandem: vm resetter: restarting from a clean image \(reset 1\)$",
               r"^\[resetter\] testguest: up \(boot 2\)", r"^\[resetter\] hypercall: version ok",
               r"^\[resetter\] end: PSCI SYSTEM_OFF$",
               r"^tandem: vm resetter: stopped: powered off \(PSCI SYSTEM_OFF\)$")
        expect_powered_off(out)
    return [("PSCI SYSTEM_RESET restarts the VM from a clean image", restarts)]


@scenario
def vm_reset():
    return reset_once()


@scenario
def crash_restart_policy():
    """on-crash = "restart" with restart-limit = <2>: a guest that faults on
    every boot is restarted twice from a clean image, then stopped; a second
    VM runs through all of it."""
    out = boot("crash-restart", [(overlay("crash-restart"), TESTGUEST), (overlay("vm-b"), TESTGUEST)],
               timeout=120)
    crash = r"stage-2 translation fault: 8-byte read at IPA 0x48000000 \(VA 0x48000000\), which is not its memory"

    def restarted_twice():
        expect(out, r"^tandem: vm crasher: extra interrupts 39 routed to it$")
        expect(out, r"^\[crasher\] testguest: up \(boot 1\)",
               r"^tandem: vm crasher: crashed: %s.*; restarting it \(on-crash \"restart\", 1 of 2\)$" % crash,
               r"^\[crasher\] testguest: up \(boot 2\)",
               r"^tandem: vm crasher: crashed: .*\(on-crash \"restart\", 2 of 2\)$",
               r"^\[crasher\] testguest: up \(boot 3\)",
               r"^tandem: vm crasher: stopped: %s.* \(crashed 3 times within 10000 ms: restart limit reached, restart-limit 2, restart-window-ms 10000\)$" % crash)
        expect_absent(out, r"testguest: up \(boot 4\)")

    def other_vm_unaffected():
        expect(out, r"^tandem: vm crasher: crashed", r"^\[guest-b\] heartbeat 8: secret intact$")
        expect_powered_off(out)
        expect_absent(out, r"PANIC")
    return [("a crashing VM is restarted by its policy, then stopped at its limit", restarted_twice),
            ("the other VM runs on", other_vm_unaffected)]
