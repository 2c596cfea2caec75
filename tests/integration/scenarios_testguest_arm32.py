"""The test guest on ARMv7-A (build/arm32/guests/test/testguest.bin).

Natively, alone on qemu-system-arm (no HYP, GICv2 and GICv3): its
self-tests, a second CPU by PSCI, timer and SGI interrupts, garbage in GIC
and PL011 registers, its VFP/NEON state, and its report of a data abort
(DFSR/DFAR) - the guest itself works before Tandem is asked to run it.

Under Tandem's ARMv7-A image (build/arm32/tandem.bin, --arch arm32), the
arm32 counterparts of the arm64 test-guest scenarios: two guests isolated
(each reading the other's RAM is stopped alone, with the cause, while the
other keeps beating), Tandem's services, interrupts, a VM reset, FP state
kept per VM on a shared core, an SGI sent behind the same one active, and
the benchmark loops.

The hostile guest on ARMv7-A (build/arm32/guests/hostile/hostile.bin), last:
its attacks natively, then under Tandem beside a beating test guest.

With TANDEM_ARM32_RUNS_GUESTS False, the scenarios under Tandem print SKIP
with the reason, counting neither way, while that image is missing or
cannot boot a guest (a short boot shows no "testguest: up"); True: they
always run, and a missing or broken image fails them.
"""
import os
import re
import subprocess

import harness
import scenarios_interrupts
import scenarios_isolation
import scenarios_lifecycle
from harness import (BUILD, CheckFailed, expect, expect_absent, expect_powered_off, overlay_with_bootargs,
                     rtos_run, scenario)
import tandem_qemu

# Tandem arm32 runs guests (main, edcb182): missing or broken is a failure, not a skip.
TANDEM_ARM32_RUNS_GUESTS = True

TESTGUEST32 = os.path.join(BUILD, "arm32/guests/test/testguest.bin")
TANDEM32 = tandem_qemu.TANDEM_ARM32


def guest32():
    if not os.path.exists(TESTGUEST32):
        raise FileNotFoundError(os.path.relpath(TESTGUEST32, harness.ROOT) + " (run make arm32 first)")
    return TESTGUEST32


def overlay32(name):
    """An overlay as the arm32 build compiled it (the same sources as arm64's)."""
    for top in (os.path.join(BUILD, "arm32"), BUILD):
        for d in ("guests/test", "tests/integration/overlays"):
            p = os.path.join(top, d, name + ".dtbo")
            if os.path.exists(p):
                return p
    raise FileNotFoundError(name + ".dtbo (run make first)")


# ---------------------------------------------------------------- native
NATIVE_ARGS = "smp heartbeats=2 timer-irq=20 sgi garbage ext=7 probe=0x90000000"


def native(gic):
    """The guest alone on QEMU: entered in SVC as a zImage is, PSCI by HVC
    (QEMU's own), no hypervisor. Its Tandem probe is an HVC that is undefined
    without HYP: its vector steps over it. RAM ends at 0x80000000: the probe
    at 0x90000000 is an external abort, reported from its data abort vector."""
    cmd = ["qemu-system-arm", "-M", "virt,highmem=off,gic-version=%d" % gic, "-cpu", "cortex-a15",
           "-smp", "2", "-m", "1G", "-nographic", "-monitor", "none", "-serial", "stdio", "-nic", "none",
           "-no-reboot", "-icount", "shift=0,sleep=off", "-kernel", guest32(), "-append", NATIVE_ARGS]
    out = rtos_run("testguest32-native-gicv%d" % gic, cmd, lambda lines: False, timeout=30)

    def boots():
        expect(out, r"^testguest: up \(boot 1\); RAM 0x40000000-0x7fffffff, 2 vCPU\(s\)",
               r"^platform: native$",
               r"^gic: GICv%d, distributor 0x8000000" % gic)

    def self_tests():
        expect(out, r"^psci: version 1\.1$",
               r"^psci: CPU_ON of a vCPU that does not exist -> -2$",
               r"^mmio: pl011 periphid 0x00141011 cellid 0xb105f00d fr 0x90$",
               r"^mmio: ldrsh of IBRD=0x8001 -> -32767$",
               r"^sysreg: CNTP_CVAL reads back 0x123456789abc$",
               r"^wfi: slept 5\d{3} us on the virtual timer$")

    def smp():
        expect(out, r"^vcpu 1: up \(mpidr 0x1\)$")
        expect(out, r"^psci: CPU_ON vcpu 1 -> 0$", r"^psci: AFFINITY_INFO vcpu 1 -> 1 \(off\)$")

    def interrupts():
        expect(out, r"^timer: 20 ticks by interrupt$", r"^sgi: self received$",
               r"^sgi: vcpu 1 received from vcpu 0$", r"^garbage: gic still delivers interrupts$",
               r"^garbage: uart still prints$")
        expect_absent(out, r"FAILED|NOT received|unexpected interrupt|NO timer|SGI lost|CHANGED")

    def memory_and_fp():
        expect(out, r"^heartbeat 1: secret intact$", r"^heartbeat 2: secret intact$")
        expect(out, r"^ext: VFP yes, 32 double registers, Advanced SIMD yes",
               r"^ext: registers at first use zero", r"^ext: state filled, FPSCR 0x73000000$",
               r"^ext: 12 rounds, state intact$")

    def data_abort():
        # DFSR 0x210: long-descriptor format (LPAE MMU on), synchronous external abort
        expect(out, r"^probe: reading 0x90000000, which is not my memory$",
               r"^exception: data abort at 0x4001[0-9a-f]{4}: DFSR 0x00000210 DFAR 0x90000000 "
               r"\(CPSR 0x[0-9a-f]{6}d3\)$")
        expect_absent(out, r"READ SUCCEEDED")
        if out.timed_out:
            raise CheckFailed("QEMU did not exit: the guest did not power off after its report")

    return [("boots in SVC, relocated, and finds no hypervisor", boots),
            ("PSCI, PL011 MMIO, LDRSH, CNTP_CVAL, WFI on the virtual timer", self_tests),
            ("second CPU via PSCI CPU_ON/AFFINITY_INFO", smp),
            ("timer ticks, SGIs and GIC/PL011 garbage", interrupts),
            ("memory heartbeats and VFP/NEON state", memory_and_fp),
            ("a data abort is reported with DFSR/DFAR, then power off", data_abort)]


@scenario
def testguest32_native_gicv2():
    return native(2)


@scenario
def testguest32_native_gicv3():
    return native(3)


# ---------------------------------------------------------------- under Tandem
_tandem_state = []


def tandem_skip_reason():
    """None when build/arm32/tandem.bin boots a test guest (checked once,
    by a short boot), else why not."""
    if TANDEM_ARM32_RUNS_GUESTS:
        return None
    if not _tandem_state:
        if not os.path.exists(TANDEM32):
            _tandem_state.append("%s is missing" % os.path.relpath(TANDEM32, harness.ROOT))
        else:
            ov = overlay_with_bootargs("guests/test/vm-a.dtso", "")
            out = harness.boot("testguest32-preflight", [(ov, guest32())], until=r"testguest: up",
                               timeout=15, gic=3, arch="arm32")
            if out.find(r"^\[guest-a\] testguest: up") >= 0:
                _tandem_state.append(None)
            else:
                last = [line for line in out.lines if line.strip()][-1:] or ["(nothing)"]
                _tandem_state.append("%s does not boot a test guest yet (no \"[guest-a] testguest: up\" "
                                     "in 15 s; its last line: %s)" % (os.path.relpath(TANDEM32, harness.ROOT),
                                                                      last[0][:100]))
    return _tandem_state[0]


def under_tandem(fn):
    """A scenario that needs Tandem arm32 to run guests: SKIP (no checks)
    with the reason while it cannot."""
    def wrapper():
        reason = tandem_skip_reason()
        if reason:
            print("SKIP %s: %s" % (fn.__name__, reason))
            return []
        return fn()
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return scenario(wrapper)


def boot32(name, vms, **kw):
    return harness.boot(name, vms, arch="arm32", **kw)


def two_guests(gic):
    """scenarios_isolation's two guests, on the ARMv7-A image."""
    return scenarios_isolation.two_guests(gic, arch="arm32", guest=guest32())


@under_tandem
def testguest32_two_guests_gicv2():
    return two_guests(2)


@under_tandem
def testguest32_two_guests_gicv3():
    return two_guests(3)


def interrupts(gic):
    """scenarios_interrupts' interrupt tests, on the ARMv7-A image."""
    return scenarios_interrupts.guest_interrupts(gic, arch="arm32", guest=guest32())


@under_tandem
def testguest32_interrupts_gicv2():
    return interrupts(2)


@under_tandem
def testguest32_interrupts_gicv3():
    return interrupts(3)


@under_tandem
def testguest32_vm_reset():
    return scenarios_lifecycle.reset_once(arch="arm32", guest=guest32(), gic=2)


@under_tandem
def testguest32_fp_state():
    """ext-a and ext-b share core 1: each fills d0-d31 and FPSCR with its
    own values and checks them across the other's turns; its first FP use
    must find zeros, not the other VM's registers."""
    out = boot32("testguest32-fp-state", [(overlay32("ext-a"), guest32()), (overlay32("ext-b"), guest32())],
                 gic=3, smp=2, icount=True, timeout=120)

    def fresh():
        for vm in ("ext-a", "ext-b"):
            expect(out, r"^\[%s\] ext: VFP yes, 32 double registers, Advanced SIMD yes" % vm,
                   r"^\[%s\] ext: registers at first use zero, FPSCR 0x00000000$" % vm)

    def own():
        rounds = [("a" if "[ext-a]" in line else "b") for line in out.lines if re.search(r"ext: round \d+:", line)]
        turns = sum(1 for i in range(1, len(rounds)) if rounds[i] != rounds[i - 1])
        if turns < 3:
            raise CheckFailed("the VMs took only %d turns during their rounds" % turns)
        for vm in ("ext-a", "ext-b"):
            expect(out, r"^\[%s\] ext: 12 rounds, state intact$" % vm)
        expect_absent(out, r"CHANGED|NOT ZERO")
        expect_powered_off(out)

    return [("a vCPU's first FP use finds zeros, not the other VM's", fresh),
            ("each keeps its own d0-d31 and FPSCR across turns", own)]


def sgi_behind(gic):
    """scenarios_interrupts' SGI-behind test, on the ARMv7-A image."""
    return scenarios_interrupts.sgi_behind(gic, arch="arm32", guest=guest32())


@under_tandem
def testguest32_sgi_behind_gicv2():
    return sgi_behind(2)


@under_tandem
def testguest32_sgi_behind_gicv3():
    return sgi_behind(3)


@under_tandem
def testguest32_bench():
    """The path-length loops (null hypercall, emulated MMIO read, an SVC
    taken in SVC mode) run under Tandem arm32 with the PMU (`profiling;`);
    the figures themselves are make bench's."""
    out = boot32("testguest32-bench", [(overlay32("bench"), guest32())], gic=3, smp=1, icount=True)

    def reports():
        expect(out, r"^\[bench\] bench: iterations \d+$",
               r"^\[bench\] bench: null_hypercall \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: mmio_read \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: el1_exception \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: psci_version \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: gicd_read \d+ \(timer: [\d.]+\)$",
               # 4000 null hypercalls and 4000 PSCI_VERSION calls, and a few
               r"^tandem: vm bench: traps: .*hvc=800\d ")
        expect_absent(out, r"exception: ")
        expect_powered_off(out)
    return [("the benchmark loops run and report", reports)]


# ---------------------------------------------------------------- the hostile guest
# guests/hostile/arm32: the attacks of the hostile suite that apply to
# AArch32, one per boot (bootarg attack=NAME). Natively its own checks must
# hold for what does not need Tandem (an attack Tandem must stop simply
# completes there); under Tandem each attack ends with the guest's own
# "RESULT ok" or Tandem stopping it for the right cause, while a test guest
# beside it (vm-b) keeps beating with its memory intact.
HOSTILE32 = os.path.join(BUILD, "arm32/guests/hostile/hostile.bin")
GICD, UART = 0x08000000, 0x09000000
RAM_END, RAM_BELOW = 0x44000000, 0x3ffffffc     # hostile32.dtso: 64 MiB at IPA 0x40000000
# Tandem names faults as on arm64 (el2/arm32/hsr.c).
NO_SYNDROME = r"stage-2 translation fault: (read|write) at IPA 0x%x \(VA 0x[0-9a-f]+\), which is not its memory, " \
              r"by an access with no syndrome \(load/store pair, writeback or SIMD\); instruction 0x[0-9a-f]{8} " \
              r"at PC 0x[0-9a-f]+$"
NOT_MEMORY = r"stage-2 translation fault: 4-byte (read|write) at IPA 0x%x \(VA 0x[0-9a-f]+\), which is not its " \
             r"memory; instruction 0x[0-9a-f]{8} at PC 0x[0-9a-f]+$"
IFETCH = r"stage-2 translation fault: instruction fetch at IPA 0x%x \(VA 0x[0-9a-f]+\), which is not its memory$"

# (attack, GIC versions, whether its own "RESULT ok" is an accepted outcome
# under Tandem, the cause Tandem must give if it stops it, native: whether
# it runs natively to a RESULT), in the order they run.
HOSTILE32_CASES = [
    ("mmio-ldrd-gicd", (2, 3), True, NO_SYNDROME % GICD, True),
    ("mmio-strd-uart", (3,), True, NO_SYNDROME % (UART + 0x38), True),
    ("mmio-ldr-postindex-uart", (3,), True, NO_SYNDROME % (UART + 0xfe0), True),
    ("mmio-str-preindex-gicd", (3,), True, NO_SYNDROME % (GICD + 0x184), True),
    ("mmio-ldm-gicd", (3,), True, NO_SYNDROME % GICD, True),
    ("mmio-vldr-gicd", (3,), True, NO_SYNDROME % GICD, True),
    ("s2-past-ram-end", (3,), False, NOT_MEMORY % RAM_END, False),
    ("s2-below-ram", (3,), False, NOT_MEMORY % RAM_BELOW, False),
    ("s2-past-gicd", (3,), False, NOT_MEMORY % (GICD + 0x10000), False),
    ("s2-exec-past-ram", (3,), False, IFETCH % RAM_END, True),
    ("gic-ppi-not-own", (2, 3), True, None, True),
    ("gic-sgi-nonexistent", (2, 3), True, None, True),
    ("gic-intid-range", (2, 3), True, None, True),
    ("gic-icc-garbage", (3,), True, None, True),
    ("psci-cpu-on-garbage", (3,), True, None, True),
    ("smccc-unknown-ids", (3,), True, None, True),
    ("cp15-hyp-registers", (3,), True, None, True),
    ("cp15-set-way", (3,), True, None, True),
    ("cp15-actlr", (3,), True, None, True),
    ("cp15-ids", (3,), True, None, True),
    ("cp15-impdef-c9", (3,), True, None, True),
    ("cp15-impdef-c15", (3,), True, None, True),
    ("smccc-nonzero-immediate", (3,), True, None, True),   # last: it may power the VM off
]
# QEMU 7.2 ignores HCR.TIDCP (the trap came with QEMU 8.2, commit 27920d3d):
# there the c9 registers stay readable whatever Tandem sets.
HOSTILE32_MIN_QEMU = {"cp15-impdef-c9": ((8, 2), "QEMU %d.%d does not implement HCR.TIDCP (8.2 does)")}


def qemu_arm_version():
    out = subprocess.run(["qemu-system-arm", "--version"], stdout=subprocess.PIPE, text=True).stdout
    m = re.search(r"version (\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def hostile32():
    if not os.path.exists(HOSTILE32):
        raise FileNotFoundError(os.path.relpath(HOSTILE32, harness.ROOT) + " (run make arm32 first)")
    return HOSTILE32


def attack_segments(out, attacks):
    """{attack: the lines from its announcement to the next one's (or the
    end)}, for the attacks announced in out."""
    starts = [(i, m.group(1)) for i, m in ((i, re.match(r"^(?:\[hostile\] )?hostile: attack (\S+)$", line))
                                           for i, line in enumerate(out.lines)) if m]
    return {name: out.lines[i:(starts[k + 1][0] if k + 1 < len(starts) else len(out.lines))]
            for k, (i, name) in enumerate(starts) if name in attacks}


def attack_outcome(lines, attack, ok, stop):
    """None if the attack ended as it may (its own RESULT ok, or, when stop
    is given, Tandem stopping the VM for that cause), else what went wrong."""
    for line in lines:
        m = re.match(r"^(?:\[hostile\] )?hostile: RESULT %s (ok|FAIL|skip) " % re.escape(attack), line)
        if m:
            if m.group(1) != "ok":
                return line
            return None if ok else "the attack completed, Tandem should have stopped the attacker: " + line
        m = re.match(r"^tandem: vm hostile: (?:crashed|stopped): (.*)$", line)
        if m:
            cause = stop.rstrip("$") if stop else None
            if cause and re.match(cause + r"(; restarting it.*)?$", m.group(1)):
                return None
            return "attacker stopped for the wrong cause: " + line
    return "no outcome: neither a RESULT line nor a stop by Tandem after \"attack %s\"" % attack


@scenario
def hostile32_native():
    """The attacks that run natively, in one boot per GIC version: their
    own checks hold (or they say why they cannot run there)."""
    checks = []
    for gic in (2, 3):
        attacks = [c[0] for c in HOSTILE32_CASES if c[4]]
        cmd = ["qemu-system-arm", "-M", "virt,highmem=off,gic-version=%d" % gic, "-cpu", "cortex-a15",
               "-smp", "1", "-m", "1G", "-nographic", "-monitor", "none", "-serial", "stdio",
               "-nic", "none", "-no-reboot", "-icount", "shift=0,sleep=off", "-kernel", hostile32(),
               "-append", "native attack=%s" % ",".join(attacks)]
        out = rtos_run("hostile32-native-gicv%d" % gic, cmd, lambda lines: False, timeout=30)
        segments = attack_segments(out, attacks)
        for attack in attacks:
            def check(out=out, attack=attack):
                if attack not in segments:
                    raise CheckFailed("never started%s" % (" (QEMU timed out)" if out.timed_out else ""))
                for line in segments[attack]:
                    if re.match(r"^hostile: RESULT %s skip " % re.escape(attack), line):
                        return
                err = attack_outcome(segments[attack], attack, True, None)
                if err:
                    raise CheckFailed(err)
            checks.append(("%s on GICv%d" % (attack, gic), check))
        checks.append(("all done, powered off, on GICv%d" % gic,
                       lambda out=out: expect(out, r"^hostile: done$") and None))
    return checks


@under_tandem
def hostile32_tandem():
    """The attacks under Tandem arm32 beside a test guest, one boot per GIC
    version: each ends with the attacker's own checks holding or Tandem
    stopping it for the right cause (a crash it is restarted after, to go
    on); Tandem stays up; the victim keeps beating, its memory intact."""
    checks, qemu = [], qemu_arm_version()
    for attack, (version, why) in sorted(HOSTILE32_MIN_QEMU.items()):
        if qemu < version:
            print("SKIP hostile32_tandem: %s: %s" % (attack, why % qemu))
    for gic in (2, 3):
        cases = [c for c in HOSTILE32_CASES if gic in c[1] and
                 qemu >= HOSTILE32_MIN_QEMU.get(c[0], ((0, 0), ""))[0]]
        attacker = overlay_with_bootargs("tests/integration/overlays/hostile32.dtso",
                                         "attack=" + ",".join(c[0] for c in cases))
        victim = overlay_with_bootargs("guests/test/vm-a.dtso", "heartbeats=4")
        out = boot32("hostile32-tandem-gicv%d" % gic, [(victim, guest32()), (attacker, hostile32())],
                     gic=gic, smp=3, icount=True, timeout=60)
        segments = attack_segments(out, [c[0] for c in cases])
        for attack, _gics, ok, stop, _native in cases:
            def check(out=out, attack=attack, ok=ok, stop=stop):
                if attack not in segments:
                    raise CheckFailed("never started%s" % (" (QEMU timed out)" if out.timed_out else ""))
                err = attack_outcome(segments[attack], attack, ok, stop)
                if err:
                    raise CheckFailed(err)
            checks.append(("%s on GICv%d" % (attack, gic), check))

        def survives(out=out):
            expect_absent(out, r"PANIC|CORRUPTED|^tandem: vm guest-a: (stopped: (?!powered off)|crashed)")
            done = expect(out, r"^\[hostile\] hostile: done$")
            if len([line for line in out.lines[done:] if re.match(r"^\[guest-a\] heartbeat \d+: secret intact$",
                                                                   line)]) < 2:
                raise CheckFailed("fewer than 2 victim heartbeats after the attacker's last attack")
            expect_powered_off(out)
        checks.append(("Tandem up, the victim beating with its memory intact, on GICv%d" % gic, survives))
    return checks
