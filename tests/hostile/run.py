#!/usr/bin/env python3
"""Tandem's hostile-guest suite (issue 12), in the spirit of Xen's XTF: each
case boots Tandem on QEMU with two VMs, an ATTACKER (guests/hostile, its
bootarg attack=CASE choosing what it does) beside a VICTIM that measures
its own deadlines (Tandem's RTOS on core 0, guests/hostile/victim.dtso),
and asserts:

  (a) Tandem stays up: no PANIC, and the victim's status lines keep coming
      through Tandem's console after the attack;
  (b) the attacker gets the architectural result (it checks what it saw and
      prints "hostile: RESULT CASE ok ...") or Tandem stops it with a
      message naming it and the cause ("tandem: vm hostile: stopped: ...");
  (c) the victim misses no deadline (misses=0 in every status line, 1000
      control periods a second) and is never stopped.

Everything runs under -icount shift=0,sleep=off: the victim's deadlines and
every bound below are in virtual time, so the verdicts do not depend on the
host's speed; the wall-clock timeout only guards against a hung QEMU.
One case is one test. The case table is tests/hostile/README.md; each
boot's console goes to build/tests/logs/hostile-CASE.log. Usage:

    tests/hostile/run.py [--result FILE] [-k SUBSTRING] [-j N] [-v] [--list]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests/integration"))
import harness as it  # noqa: E402  the integration tests' boot and check machinery
tandem_qemu = it.tandem_qemu

BUILD = it.BUILD
ATTACKER_IMAGE = os.path.join(BUILD, "guests/hostile/hostile.bin")
ATTACKER_OVERLAY = os.path.join(ROOT, "guests/hostile/hostile.dtso")
VICTIM_OVERLAY = os.path.join(ROOT, "guests/hostile/victim.dtso")
VICTIM = r"^\[rtos\] "
ATTACKER = r"^\[hostile\] hostile: "
STATUS = re.compile(VICTIM + it.RTOS_STATUS)
WALL_TIMEOUT = 60          # seconds: only a hung QEMU reaches it
STATUS_AFTER = 2           # victim status lines wanted after the attack's outcome
GIVE_UP_AT = 12            # victim's t=Ns: the attack never came to an outcome

PENDING_PMU = "PMU/debug isolation (MDCR_EL2, `profiling;`)"
PENDING_TIDCP = "HCR_EL2.TIDCP"
PENDING_RESTART = "restart-limit within restart-window-ms"
PENDING_CONSOLE = "per-VM console bound"
PENDING_S1PTW = "S1PTW-aware instruction-abort message"
PENDING_FETCH = "single fetch of virtqueue descriptors"
# QEMU 7.2 ignores HCR_EL2.TIDCP: the Cortex-A57's implementation-defined
# registers it models stay readable from EL1 whatever Tandem sets (checked
# with TIDCP set). QEMU implements the trap from 8.2 on (commit 27920d3d).
TIDCP_QEMU = ((8, 2), "QEMU %s does not implement HCR_EL2.TIDCP (8.2 does)")


def qemu_version():
    out = subprocess.run(["qemu-system-aarch64", "--version"], stdout=subprocess.PIPE, text=True).stdout
    m = re.search(r"version (\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


class Case:
    """attack: the attacker's attack=; ok: whether its own "RESULT ok" is an
    accepted outcome; stop: the regex of the cause Tandem must give when it
    stops the attacker (None: it must not); pending: the fix (issue 12) the case guards
    this case waits for, if any; extra: more checks on the Output;
    give_up: a line after which the case has failed (no need to go on);
    qemu: (version, why) when the case needs at least that QEMU."""

    def __init__(self, attack, what, ok=True, stop=None, pending=None, cpu=None, extra=(),
                 give_up=None, qemu=None, image=False, args=""):
        self.name, self.what, self.ok, self.stop = attack, what, ok, stop
        self.pending, self.cpu, self.extra, self.give_up = pending, cpu, list(extra), give_up
        self.qemu = qemu
        # image: the attacker boots with guests/hostile/image.dtso (a ramdisk,
        # no virtio channel: its boot images shared copy-on-write).
        self.image, self.args = image, args


def stop_cause(cause):
    return r"^tandem: vm hostile: stopped: " + cause


NO_SYNDROME = r"stage-2 translation fault: (read|write) at IPA 0x%x \(VA 0x[0-9a-f]+\), which is not its memory, by an " \
              r"access with no syndrome \(load/store pair, writeback or SIMD\); instruction 0x[0-9a-f]{8} " \
              r"at PC 0x[0-9a-f]+$"
GICD, GICR0, UART = 0x08000000, 0x080a0000, 0x09000000
NOT_MEMORY = r"stage-2 translation fault: \d-byte (read|write) at IPA 0x%x \(VA 0x[0-9a-f]+\), which is not its memory; " \
             r"instruction 0x[0-9a-f]{8} at PC 0x[0-9a-f]+$"
IFETCH = r"stage-2 translation fault: instruction fetch at IPA 0x%x \(VA 0x[0-9a-f]+\), which is not its memory$"
WALK = r"stage-2 translation fault while walking its own page tables at IPA page 0x[0-9a-f]*000 \(outside its " \
       r"memory\), for a (read|write) of VA 0x[0-9a-f]+; instruction 0x[0-9a-f]{8} at PC 0x[0-9a-f]+$"
WALK_IFETCH = r"stage-2 translation fault while walking its own page tables at IPA page 0x[0-9a-f]*000 " \
              r"\(outside its memory\), to fetch an instruction at VA 0x[0-9a-f]+$"
CHANNEL = r"channel 'link': transmit queue: "
WDOG_EXPIRED = r"watchdog expired \(WS1, expiry 1\): not refreshed for two periods of %d ms$"


def no_syndrome(addr):
    return NO_SYNDROME % addr


# ---------------------------------------------------------------- extra checks
IMAGE_OVERLAY = os.path.join(ROOT, "guests/hostile/image.dtso")
IMAGE_MODULE = 0x7c000000   # image.dtso's kernel (and 0x7d000000 its ramdisk)
IMAGE_LINE = re.compile(ATTACKER + r"image: boot (\d+) text 0x([0-9a-f]+) bytes fnv1a ([0-9a-f]+) "
                        r"ramdisk 0x([0-9a-f]+) bytes fnv1a ([0-9a-f]+) canary (\w+)")


def fnv1a(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return h


def image_pristine(out):
    """Both boots saw the files as loaded: the text and ramdisk checksums
    the guest printed equal the files' own, and Tandem shared the pages
    (it copied some on write) rather than copying the images."""
    with open(ATTACKER_IMAGE, "rb") as f:
        data = f.read()
    boots = [m for m in (IMAGE_LINE.match(line) for line in out.lines) if m]
    if [int(m.group(1)) for m in boots] != [1, 2]:
        raise it.CheckFailed("wanted image lines from boots 1 and 2, got %s" % [m.group(0) for m in boots])
    for m in boots:
        text_len, ramdisk_len = int(m.group(2), 16), int(m.group(4), 16)
        if ramdisk_len != len(data):
            raise it.CheckFailed("ramdisk of 0x%x bytes, the file has 0x%x" % (ramdisk_len, len(data)))
        if int(m.group(3), 16) != fnv1a(data[:text_len]) or int(m.group(5), 16) != fnv1a(data):
            raise it.CheckFailed("boot %s saw an image or ramdisk unlike the file: %s" % (m.group(1), m.group(0)))
        if m.group(6) != "pristine":
            raise it.CheckFailed("boot %s saw its data array written" % m.group(1))
    if out.find(r"^tandem: vm hostile: .*copied at each start") >= 0:
        raise it.CheckFailed("Tandem copied the images instead of sharing them: " +
                             out.lines[out.find(r"^tandem: vm hostile: .*copied at each start")])
    copied = out.find(r"^tandem: vm hostile: first entered at counter \d+ \(\d+ Hz\); [1-9]\d* shared pages")
    if copied < 0:
        raise it.CheckFailed("no page of the first boot was copied on write (Tandem's report missing)")


def console_dropped(out):
    it.expect(out, r"^tandem: vm hostile: console: dropped \d+ bytes")


def victim_lines_whole(out):
    """Every status second from t=1 on, in order: none of the victim's lines
    was dropped or garbled by the flood."""
    ts = [int(m.group(1)) for m in (STATUS.match(line) for line in out.lines) if m]
    if ts != list(range(1, len(ts) + 1)):
        raise it.CheckFailed("victim status seconds %s: not 1..%d in order" % (ts, len(ts)))
    bad = [line for line in out.lines if line.startswith("[rtos]") and "FLOOD" in line]
    if bad:
        raise it.CheckFailed("attacker bytes inside a victim line: %s" % bad[0])


def victim_undelayed(out):
    """The flood must not cost the victim time either (issue 12: "never
    another VM's lines or time"): its worst release latency stays under the
    50 us the integration tests allow beside a loaded Linux."""
    worst = max(lat for _t, _p, lat, *_ in (tuple(int(g) for g in m.groups()) for m in
                                             (STATUS.match(line) for line in out.lines) if m))
    if worst > 50000:
        raise it.CheckFailed("victim's worst release latency %d cycles (%d us) during the flood" %
                             (worst, worst // 1000))


def escapes_taken_out(out):
    """No escape byte reaches the operator's terminal; the text around the
    sequences arrives whole, with no '?' where they were."""
    esc = [line for line in out.lines if "\x1b" in line]
    if esc:
        raise it.CheckFailed("an escape byte reached the console: %r" % esc[0])
    it.expect(out, r"^\[hostile\] RED-TEXT-END$")


def restarts_bounded(out):
    n = len([line for line in out.lines if re.match(r"^tandem: vm hostile: restarting", line)])
    if n > 3:
        raise it.CheckFailed("the attacker restarted %d times (restart-limit is 3)" % n)


# ---------------------------------------------------------------- the cases
CASES = [
    # emulated MMIO without a valid syndrome
    Case("mmio-ldp-gicd", "LDP w, w from the GICv3 distributor", stop=no_syndrome(GICD)),
    Case("mmio-stp-gicr", "STP wzr, wzr to its redistributor (STATUSR, WAKER)", stop=no_syndrome(GICR0 + 0x10)),
    Case("mmio-ldr-postindex-uart", "post-indexed LDR (writeback) from the vpl011's PeriphID0",
         stop=no_syndrome(UART + 0xfe0)),
    Case("mmio-str-preindex-gicd", "pre-indexed STR (writeback) to GICD_ICENABLER1",
         stop=no_syndrome(GICD + 0x184)),
    Case("mmio-ldxr-uart", "LDXR (exclusive) from the vpl011", stop=no_syndrome(UART + 0xfe0)),
    Case("mmio-ldaxp-gicd", "LDAXP (exclusive pair) from the distributor", stop=no_syndrome(GICD)),
    Case("mmio-ldar-stlr-uart", "LDAR/STLR (acquire/release: they have a syndrome) on the vpl011"),
    Case("mmio-dc-zva-gicd", "DC ZVA on the distributor's priorities, mapped Normal",
         stop=no_syndrome(GICD + 0x440)),
    Case("mmio-ldr-q-gicd", "LDR q0 (SIMD) from the distributor", stop=no_syndrome(GICD)),
    Case("mmio-str-d-uart", "STR d0 (SIMD) to the vpl011's IMSC", stop=no_syndrome(UART + 0x38)),
    Case("mmio-ld1-gicr", "LD1 {v.4s} (SIMD structure load) from its redistributor", stop=no_syndrome(GICR0)),
    Case("mmio-ldadd-gicd", "LDADD (LSE atomic) to GICD_ICENABLER1 (-cpu max)",
         stop=no_syndrome(GICD + 0x184), cpu="max"),
    Case("mmio-swp-uart", "SWP (LSE atomic) on the vpl011's IMSC (-cpu max)", stop=no_syndrome(UART + 0x38),
         cpu="max"),
    Case("mmio-cas-gicr", "CAS (LSE atomic) on GICR_WAKER (-cpu max)", stop=no_syndrome(GICR0 + 0x14),
         cpu="max"),
    # bad widths, misalignment, holes of every emulated region
    Case("width-gicd", "8/16/64-bit accesses to 32-bit distributor registers: read 0, writes ignored"),
    Case("width-gicr", "bad widths on the redistributor's RD and SGI frames"),
    Case("width-uart", "bad widths on the vpl011 (a 64-bit DR write sends nothing)"),
    Case("width-virtio", "bad widths on the virtio-mmio channel end"),
    Case("misaligned-gicd", "misaligned 32/64-bit accesses to the distributor through a Normal mapping"),
    Case("bounds-gicd", "offsets without a register across the distributor's 64 KiB"),
    Case("bounds-gicr", "offsets without a register in the RD and SGI frames; the other vCPU's frame"),
    Case("bounds-uart", "offsets without a register across the vpl011's 4 KiB"),
    Case("bounds-virtio", "offsets without a register in the virtio-mmio device"),
    Case("s2-past-gicd", "read just past the distributor's 64 KiB", ok=False,
         stop=NOT_MEMORY % (GICD + 0x10000)),
    # its watchdog (el2/vwdog.c, el2/gwdt.c)
    Case("wdog-garbage", "watchdog: bad sizes, misaligned, read-only registers, WOR all ones, holes"),
    Case("wdog-hang", "watchdog enabled (10 ms), then a spin with interrupts masked: no exit", ok=False,
         stop=WDOG_EXPIRED % 10),
    Case("wdog-ws1-by-writes", "watchdog: WCV in the past twice (WS0, then WS1) by writes alone",
         ok=False, stop=WDOG_EXPIRED % 1000),
    # the virtual GIC
    Case("gic-intid-range", "all-ones to every register of INTIDs beyond the GIC's (and 1020-1023)"),
    Case("gic-ppi-not-own", "enable and pend PPIs that are Tandem's on the physical GIC (25, 26) and 23, 29"),
    Case("gic-irouter-garbage", "an SPI routed to Aff 0xff.ff.ff.ff, to vCPU 7, IRM, then back"),
    Case("gic-sgi-nonexistent", "ICC_SGI1R/ASGI1R/SGI0R to vCPUs that do not exist"),
    Case("gic-sgi-storm-self", "50000 SGIs to itself"),
    Case("gic-sgi-storm-cross", "20000 SGIs from vCPU 0 to vCPU 1"),
    Case("gic-icc-garbage", "EOIs/DIRs of what was never acknowledged, AP1R garbage, SRE 0"),
    Case("gic-dist-ctlr-garbage", "GICD_CTLR = ~0, writes to TYPER/IIDR/PIDR2, then an SPI"),
    # PSCI and SMCCC
    Case("psci-cpu-on-bad-target", "CPU_ON (32/64) of MPIDRs that are no vCPU of it"),
    Case("psci-cpu-on-already-on", "CPU_ON of itself and, 20 times, of a running vCPU"),
    Case("psci-cpu-on-bad-entry", "CPU_ON with entry points outside its RAM"),
    Case("psci-cpu-on-misaligned", "CPU_ON with misaligned entry points"),
    Case("psci-cpu-on-garbage-entry", "CPU_ON at zeros in its RAM: the vCPU faults to VBAR 0", ok=False,
         stop=IFETCH % 0x200),
    Case("psci-cpu-suspend-garbage", "CPU_SUSPEND (32/64) with garbage power states and entry points"),
    Case("psci-cpu-suspend-power-down", "CPU_SUSPEND standby returns; power-down resumes at the entry point"),
    Case("smccc-unknown-ids", "40 unimplemented function IDs by HVC and by SMC"),
    Case("smccc-yielding", "yielding calls; an ID with garbage in x0's upper half"),
    Case("smccc-nonzero-immediate", "HVC/SMC #imm != 0 (PSCI_VERSION, SYSTEM_OFF, SYSTEM_RESET)"),
    Case("psci-misc-garbage", "PSCI_FEATURES, AFFINITY_INFO, MIGRATE, ARCH_FEATURES garbage"),
    Case("hypercall-garbage", "Tandem's hypercalls with garbage arguments, by HVC and SMC"),
    # system registers
    Case("sysreg-set-way", "DC ISW/CSW/CISW over every set and way, and nonsense"),
    Case("sysreg-pmu", "PMU: counts cycles around a busy loop, PMCR etc. must read 0",
         pending=PENDING_PMU),
    Case("sysreg-debug", "debug: breakpoint/watchpoint/MDSCR/OS lock registers must read 0",
         pending=PENDING_PMU),
    Case("sysreg-hidden-features", "ID registers hide SME, MTE, EL2, AMU; SMSTART anyway (-cpu max)",
         stop=r"unexpected exit: exception class 0x1d, SME access", cpu="max"),
    Case("sysreg-impdef", "implementation-defined registers: UNDEFINED (ESR class 0)", pending=PENDING_TIDCP,
         qemu=TIDCP_QEMU),
    Case("sysreg-ptimer-extremes", "emulated CNTP: CVAL ~0, TVAL -2^31/-10^6/2^31-1, CTL ~0, CVAL 0"),
    # stage 2 and stage 1
    Case("s2-past-ram-end", "8-byte read just past its RAM", ok=False, stop=NOT_MEMORY % 0x44000000),
    Case("s2-below-ram", "8-byte write just below its RAM", ok=False, stop=NOT_MEMORY % 0x3ffffff8),
    Case("s2-ipa-beyond-size", "read at IPA 2^39, beyond Tandem's 39-bit IPA space", ok=False,
         stop=r"stage-2 [a-z -]+fault(: \d-byte read)? at IPA 0x8000000010\b"),
    Case("s2-ipa-top", "read at IPA 0xffffffff00, the top of a 40-bit space", ok=False,
         stop=r"stage-2 [a-z -]+fault(: \d-byte read)? at IPA 0xffffffff00\b"),
    Case("s2-exec-gicd", "branch to the distributor (mapped executable)", ok=False, stop=IFETCH % GICD),
    Case("s2-exec-uart", "branch to the vpl011 (mapped executable)", ok=False, stop=IFETCH % UART),
    Case("s2-exec-past-ram", "branch just past its RAM", ok=False, stop=IFETCH % 0x44000000),
    Case("s1-walk-outside-ram", "load through a stage-1 table at an IPA outside its RAM", ok=False, stop=WALK),
    Case("s1-walk-outside-ram-ifetch", "instruction fetch through a stage-1 table outside its RAM", ok=False,
         stop=WALK_IFETCH, pending=PENDING_S1PTW),
    Case("s1-walk-into-gicd", "load through a stage-1 table placed in the distributor", ok=False, stop=WALK),
    Case("s1-ttbr1-outside-ram", "TTBR1 enabled with its table outside its RAM", ok=False, stop=WALK),
    # storms
    Case("storm-udf", "20000 UDFs taken at its own EL1"),
    Case("storm-hvc", "50000 unknown hypercalls"),
    Case("storm-smc", "50000 SMC PSCI_VERSION"),
    Case("storm-mmio", "50000 emulated GICD_TYPER reads"),
    Case("storm-impdef", "200 ms of CPUACTLR_EL1 reads, each UNDEFINED", pending=PENDING_TIDCP,
         qemu=TIDCP_QEMU),
    Case("storm-level-irq", "a level interrupt (its physical timer, CVAL 0) taken 20000 times"),
    Case("console-flood", "200 ms of console output without pause", pending=PENDING_CONSOLE,
         extra=[console_dropped, victim_lines_whole, victim_undelayed]),
    Case("console-escapes", "terminal escape sequences (clear, title, colours, DCS) and cursor-position "
         "questions on its console", extra=[escapes_taken_out, victim_lines_whole]),
    Case("reset-storm", "PSCI SYSTEM_RESET at every boot", ok=False, stop=r"restart storm: ",
         pending=PENDING_RESTART, extra=[restarts_bounded],
         give_up=r"^tandem: vm hostile: restarting from a clean image \(reset 30\)$"),
    # its own boot image (shared copy-on-write with the boot module)
    Case("image-overwrite", "writes over its entry code, data and whole ramdisk, SYSTEM_RESET: both "
         "boots see the files as loaded", image=True, extra=[image_pristine]),
    Case("image-alias", "writes at its payload module's physical address as an IPA", ok=False,
         image=True, args="module=0x%x" % IMAGE_MODULE, stop=NOT_MEMORY % IMAGE_MODULE),
    # the channel
    Case("chan-queue-outside-ram", "transmit queue's descriptor table outside its RAM", ok=False,
         stop=CHANNEL + r"descriptor table outside RAM or misaligned \(0x50000000\)$"),
    Case("chan-buffer-outside-ram", "a buffer straddling the end of its RAM", ok=False,
         stop=CHANNEL + r"buffer outside the guest's RAM \(0x43fffff8\)$"),
    Case("chan-desc-loop", "a descriptor chain that loops", ok=False, stop=CHANNEL + r"descriptor chain loops"),
    Case("chan-avail-runahead", "avail index 1000 ahead of the queue", ok=False,
         stop=CHANNEL + r"driver's avail index runs ahead of the queue \(0x3e8\)$"),
    Case("chan-head-beyond", "a chain head beyond the queue", ok=False,
         stop=CHANNEL + r"chain head beyond the queue \(0x12c\)$"),
    Case("chan-chain-too-large", "an 8 KiB chain (the staging buffer is 4 KiB)", ok=False,
         stop=CHANNEL + r"a buffer chain larger than 4 KiB$"),
    Case("chan-writable-tx", "a device-writable buffer in the transmit queue", ok=False,
         stop=CHANNEL + r"writable buffer in a transmit chain \(0x0\)$"),
    Case("chan-race", "two vCPUs: descriptor lengths rewritten (16 <-> 4096) while Tandem copies",
         stop=r"channel 'link': ", pending=PENDING_FETCH),
]


# ---------------------------------------------------------------- running
def victim_overlay(tmp, profiling):
    out = os.path.join(tmp, "victim.dtbo")
    with open(VICTIM_OVERLAY) as f:
        text = f.read()
    if not profiling:
        text = re.sub(r"^\s*profiling;\n", "", text, flags=re.M)
    subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", out, "-"], input=text.encode(), check=True)
    return out


class Progress:
    """The done() predicate of a boot, fed one line at a time: stops QEMU
    once the case is decided (the outcome, then STATUS_AFTER victim status
    lines), at a panic, at a refusal, or when the victim's clock says the
    attack never came to an outcome."""

    def __init__(self, case):
        self.case, self.seen, self.outcome_at, self.after, self.panic_at = case, 0, None, 0, None
        self.outcome_rx = re.compile(r"(?:%sRESULT %s )|(?:^tandem: vm hostile: stopped: )" %
                                     (ATTACKER, re.escape(case.name)))
        self.give_up_rx = re.compile(case.give_up) if case.give_up else None

    def __call__(self, lines):
        for i in range(self.seen, len(lines)):
            line = lines[i]
            if self.panic_at is None and re.search(r"PANIC", line):
                self.panic_at = i
            if line.startswith("tandem: halted") or line.startswith("tandem: VM refused"):
                return True
            if self.give_up_rx and self.outcome_at is None and self.give_up_rx.search(line):
                return True
            if self.outcome_at is None and self.outcome_rx.search(line):
                self.outcome_at = i
            m = STATUS.match(line)
            if m:
                if self.outcome_at is not None:
                    self.after += 1
                if int(m.group(1)) >= GIVE_UP_AT:
                    return True
        self.seen = len(lines)
        if self.panic_at is not None and len(lines) - self.panic_at > 12:
            return True
        return self.outcome_at is not None and self.after >= STATUS_AFTER


def boot(case, tmp, profiling):
    attacker = tandem_qemu.overlay_with_bootargs(IMAGE_OVERLAY if case.image else ATTACKER_OVERLAY,
                                                 ("attack=%s %s" % (case.name, case.args)).strip(),
                                                 os.path.join(tmp, "hostile-%s.dtbo" % case.name))
    vm = (attacker, ATTACKER_IMAGE, ATTACKER_IMAGE) if case.image else (attacker, ATTACKER_IMAGE)
    cmd = tandem_qemu.qemu_command([(victim_overlay(tmp, profiling), it.RTOS_IMAGE), vm],
                                   gic=3, smp=3, icount=True)
    if case.cpu:
        cmd[cmd.index("-cpu") + 1] = case.cpu
    return it.rtos_run("hostile-" + case.name, cmd, Progress(case), timeout=WALL_TIMEOUT)


def verdict(case, out):
    """Raises CheckFailed if the case failed; returns "skip: ..." if the
    attacker could not run it here, else a note on the victim."""
    it.expect_absent(out, r"PANIC")
    refused = out.find(r"^tandem: VM refused")
    if refused >= 0:
        raise it.CheckFailed(out.lines[refused])
    res = out.find(ATTACKER + r"RESULT %s " % re.escape(case.name))
    stop = out.find(r"^tandem: vm hostile: stopped: ")
    # (b) the attacker's outcome
    if res >= 0 and re.search(r"RESULT \S+ skip ", out.lines[res]):
        return "skip: " + out.lines[res].split(" skip ", 1)[1]
    if res >= 0 and re.search(r"RESULT \S+ FAIL ", out.lines[res]):
        raise it.CheckFailed(out.lines[res])
    if stop >= 0:
        if not case.stop or not re.search(stop_cause(case.stop), out.lines[stop]):
            raise it.CheckFailed("attacker stopped for the wrong cause: " + out.lines[stop])
    elif res >= 0:
        if not case.ok:
            raise it.CheckFailed("the attack completed, Tandem should have stopped the attacker: " +
                                 out.lines[res])
    else:
        gave_up = out.find(case.give_up) if case.give_up else -1
        if gave_up >= 0:
            raise it.CheckFailed("not stopped by line %d: %s" % (gave_up + 1, out.lines[gave_up]))
        raise it.CheckFailed("no outcome: neither a RESULT line from the attacker nor a stop by Tandem%s" %
                             (" (QEMU timed out)" if out.timed_out else ""))
    decided = min(i for i in (res, stop) if i >= 0)
    # (a) and (c): the victim keeps running, on time
    it.expect_absent(out, r"^tandem: vm rtos: stopped")
    st = [(i, tuple(int(g) for g in m.groups())) for i, m in
          ((i, STATUS.match(line)) for i, line in enumerate(out.lines)) if m]
    after = [s for i, s in st if i > decided]
    if len(after) < STATUS_AFTER:
        raise it.CheckFailed("%d victim status lines after the attack's outcome (line %d), want %d" %
                             (len(after), decided + 1, STATUS_AFTER))
    missed = [(t, misses) for t, _p, _lat, misses, *_ in (s for _i, s in st) if misses]
    if missed:
        raise it.CheckFailed("victim deadline misses (t, total): %s" % missed)
    # The control task keeps up with the clock (its status line itself may
    # come late: the status task has the lowest priority of the victim's).
    late = [(t, p) for t, p, *_ in (s for _i, s in st) if p < 1000 * t - 1]
    if late:
        raise it.CheckFailed("victim control periods behind the clock (t, periods): %s" % late)
    for check in case.extra:
        check(out)
    return "victim worst latency %d cycles" % max(lat for _t, _p, lat, *_ in (s for _i, s in st))


def run_case(case, profiling, verbose, qemu):
    if case.qemu and qemu < case.qemu[0]:
        return "SKIP", "SKIP %s: %s" % (case.name, case.qemu[1] % ("%d.%d" % qemu))
    tmp = tempfile.mkdtemp(prefix="tandem-hostile-")
    t0 = time.time()
    try:
        out = boot(case, tmp, profiling)
        note = verdict(case, out)
        status = "SKIP" if note.startswith("skip: ") else "PASS"
        detail = note[len("skip: "):] if status == "SKIP" else note
    except it.CheckFailed as e:
        out, status, detail = locals().get("out"), "FAIL", str(e)
    except Exception as e:   # a broken case fails, it does not stop the run
        out, status, detail = locals().get("out"), "FAIL", "%s: %s" % (type(e).__name__, e)
    line = "%s %s" % (status, case.name)
    if detail:
        line += ": " + detail
    if status == "FAIL":
        line += " (log: %s)" % os.path.relpath(os.path.join(it.LOGS, "hostile-%s.log" % case.name), ROOT)
        if case.pending:
            line += " [guards: %s]" % case.pending
    line += " (%.1fs)" % (time.time() - t0)
    if status == "FAIL" and verbose and out is not None:
        line += "\n" + "\n".join("    | " + l for l in out.lines[-40:])
    return status, line


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--result", help="write 'passed failed' here (skipped cases count as neither)")
    ap.add_argument("-k", default="", help="only cases whose name contains this")
    ap.add_argument("-j", type=int, default=1, help="boots at once (default 1)")
    ap.add_argument("-v", action="store_true", help="print the end of failing runs' output")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--victim-without-profiling", action="store_true",
                    help="drop `profiling;` from the victim's overlay (for a Tandem that does not "
                         "know the property yet)")
    a = ap.parse_args()
    cases = [c for c in CASES if a.k in c.name]
    if a.list:
        for c in cases:
            print("%-28s %s%s" % (c.name, c.what, " [guards: %s]" % c.pending if c.pending else ""))
        return 0
    for f in (ATTACKER_IMAGE, it.RTOS_IMAGE):
        if not os.path.exists(f):
            print("hostile: %s is missing (make guests)" % os.path.relpath(f, ROOT))
            return 2
    t0 = time.time()
    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    lock = threading.Lock()
    qemu = qemu_version()

    def one(case):
        status, line = run_case(case, not a.victim_without_profiling, a.v, qemu)
        with lock:
            counts[status] += 1
            print(line, flush=True)

    with ThreadPoolExecutor(max_workers=max(1, a.j)) as pool:
        list(pool.map(one, cases))
    print("hostile tests: %d passed, %d failed, %d skipped (%.0fs)" %
          (counts["PASS"], counts["FAIL"], counts["SKIP"], time.time() - t0))
    if a.result:
        os.makedirs(os.path.dirname(a.result), exist_ok=True)
        with open(a.result, "w") as f:
            f.write("%d %d\n" % (counts["PASS"], counts["FAIL"]))   # a skipped case is neither
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
