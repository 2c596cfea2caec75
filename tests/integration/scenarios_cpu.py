"""CPU models: Debian's kernel on QEMU's virt CPU models with EL2, and each
vCPU's own SVE and pointer-authentication state on a shared core.
"""
import re

from harness import (CheckFailed, TESTGUEST, ZEROS_16M_SHA256, boot, expect, expect_absent,
                     expect_powered_off, linux, overlay, scenario)


# Every CPU model of QEMU's virt machine with EL2 runs Debian's kernel
# unmodified (docs/architecture.md, "CPU features"); cortex-a57 is the
# other scenarios' model. Each (model, GIC) pair is one boot of the 2-vCPU
# Linux test; `max` (SVE, pointer authentication, BTI, RNDR and more) on both
# GICs. Not a64fx: Debian's kernel stops natively on QEMU 7.2's a64fx model
# (an undefined instruction at EL1 after NUMA setup, no hypervisor involved).
CPU_MATRIX = [("cortex-a35", 3), ("cortex-a53", 2), ("cortex-a72", 3), ("cortex-a76", 2),
              ("neoverse-n1", 3), ("max", 2), ("max", 3)]


def linux_on_cpu(cpu, gic):
    out = boot("linux-%s-gicv%d" % (cpu, gic), [linux("linux-smp")], gic=gic, cpu=cpu, timeout=240)

    def boots():
        expect(out, r"^tandem: guest CPU features: ",
               r"^tandem: vm linux: 2 vCPU\(s\) on core\(s\) 0,1",
               r"^\[linux\] TANDEM-LINUX-INIT-REACHED$", r"^\[linux\] nproc: 2$",
               r"^\[linux\] workload: done %s %s$" % (ZEROS_16M_SHA256, ZEROS_16M_SHA256),
               r"^tandem: vm linux: stopped: powered off \(PSCI SYSTEM_OFF\)$")
        expect_powered_off(out)
        expect_absent(out, r"unexpected exit|PANIC|Kernel panic|Oops|BUG:|WARNING:|TANDEM-LINUX-TEST-FAIL")
    checks = [("Debian's kernel boots to /init, runs its workload on both CPUs and powers off", boots)]
    if cpu == "max":
        def features():
            expect(out, r"^tandem: guest CPU features: SVE at 512-bit vectors, pointer authentication;")
            expect(out, r"^\[linux\] .*CPU features: detected: Address authentication")
            expect(out, r"^\[linux\] .*SVE: maximum available vector length 64 bytes per vector")
            expect(out, r"^\[linux\] .*CPU features: detected: Branch Target Identification")
            expect_absent(out, r"Memory Tagging|Scalable Matrix|SME:")
        checks.append(("the kernel uses SVE, pointer authentication and BTI; SME and MTE hidden",
                       features))
    return checks


def cpu_scenario(cpu, gic):
    def run():
        return linux_on_cpu(cpu, gic)
    run.__name__ = "linux_cpu_%s_gicv%d" % (cpu.replace("-", "_"), gic)
    return scenario(run)


for _cpu, _gic in CPU_MATRIX:
    cpu_scenario(_cpu, _gic)


@scenario
def vcpu_extension_state():
    """Two test guests share core 1 of a -cpu max machine; each fills its SVE
    registers, vector length and pointer-authentication keys with values of
    its own and checks them across the other's turns."""
    out = boot("vcpu-ext-state", [(overlay("ext-a"), TESTGUEST), (overlay("ext-b"), TESTGUEST)],
               smp=2, icount=True, cpu="max", timeout=240)

    def shown():
        for vm in ("ext-a", "ext-b"):
            expect(out, r"^\[%s\] ext: SVE yes, pointer authentication yes" % vm,
                   r"^\[%s\] ext: SME hidden, MTE hidden, PMU hidden, EL2 hidden$" % vm)

    def fresh():
        for vm, bits in (("ext-a", 256), ("ext-b", 512)):
            expect(out, r"^\[%s\] ext: vector length %d bits; fresh predicates, FFR and upper "
                   r"vector bits zero$" % (vm, bits), r"^\[%s\] ext: keys at first read zero$" % vm)

    def own():
        macs = [re.search(r"PACGA (0x[0-9a-f]+)", out.lines[expect(out, r"^\[%s\] ext: state filled" % vm)])
                .group(1) for vm in ("ext-a", "ext-b")]
        if macs[0] == macs[1]:
            raise CheckFailed("both VMs computed the same MAC: same keys")
        rounds = [("a" if "[ext-a]" in l else "b") for l in out.lines if re.search(r"ext: round \d+:", l)]
        turns = sum(1 for i in range(1, len(rounds)) if rounds[i] != rounds[i - 1])
        if turns < 3:
            raise CheckFailed("the VMs took only %d turns during their rounds" % turns)
        for vm in ("ext-a", "ext-b"):
            expect(out, r"^\[%s\] ext: 12 rounds, state intact$" % vm)
        expect_absent(out, r"CHANGED|NOT ZERO")
        expect(out, r"^tandem: vm ext-a: traps: .*ec09=\d+.*ec19=1 ")
        expect_powered_off(out)
    return [("SVE and pointer authentication shown; SME, MTE, PMU, EL2 hidden", shown),
            ("a vCPU's first SVE use and first key read find zeros, not the other VM's", fresh),
            ("each keeps its own vectors, predicates, FFR, vector length and keys across turns", own)]
