"""Tandem itself: the benchmark guest runs its loops (bench mode), and a fault
in Tandem is reported, then Tandem halts.
"""
from harness import TESTGUEST, boot, expect, expect_absent, expect_powered_off, overlay, scenario


@scenario
def bench_mode():
    # Only that the benchmark guest works; figures come from make bench.
    out = boot("bench-mode", [(overlay("bench"), TESTGUEST)], smp=1)

    def reports():
        expect(out, r"^\[bench\] bench: iterations \d+$",
               r"^\[bench\] bench: null_hypercall \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: mmio_read \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: el1_exception \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: psci_version \d+ \(timer: [\d.]+\)$",
               r"^\[bench\] bench: gicd_read \d+ \(timer: [\d.]+\)$",
               # 4000 null hypercalls and 4000 PSCI_VERSION calls, and a few
               r"^tandem: vm bench: traps: .*hvc=800\d ")
        expect_powered_off(out)
    return [("the benchmark guest runs its loops and reports", reports)]


@scenario
def tandem_panic():
    out = boot("panic", [(overlay("vm-a"), TESTGUEST)], append="tandem.test=panic",
               until=r"^tandem: halted$", timeout=30)

    def report():
        expect(out, r"^tandem: self-test: faulting at EL2 on purpose",
               r"^tandem: PANIC on core 0: synchronous exception at EL2: data abort at EL2$",
               r"^tandem:   EC 0x25  ESR 0x9[67][0-9a-f]{6}  FAR 0x0000000000000008$",
               r"^tandem:   ELR 0x00000000402[0-9a-f]{5}  SP 0x[0-9a-f]{16}  SPSR 0x[0-9a-f]{8}$",
               r"^tandem: halted$")
        expect_absent(out, r"^\[guest-a\]")   # it halted before starting any VM
    return [("a fault in Tandem reports EC, ESR, FAR, ELR and core, then halts", report)]
