"""The paravirtual path (Tandem at EL1, no virtualization extensions): an
unmodified guest is refused; paravirtualized test guests run at EL0, each in
its own address space, and each is stopped alone for what it does wrong.
"""
from harness import CheckFailed, PVTEST, TESTGUEST, boot, expect, expect_absent, overlay, scenario


@scenario
def no_virtualization():
    """Entered at EL1 (no EL2): the paravirtual path refuses the unmodified
    test guest at validation, saying why and what would work."""
    out = boot("no-el2", [(overlay("vm-a"), TESTGUEST)], virtualization=False, timeout=30)

    def says_which_path():
        expect(out, r"^tandem: Tandem \d+\.\d+ at EL1: this core has no virtualization extensions, "
                    r"so the paravirtual path: 4 cores, 1024 MiB RAM, GICv3$")

    def refuses_unmodified():
        expect(out, r"^tandem: VM refused: overlay module@0x7ff00000: /chosen/guest-a: an unmodified "
                    r"guest \(no 'paravirtual' in its overlay\) needs the virtualization extensions, "
                    r"which this core lacks \(Tandem takes the paravirtual path\); it runs "
                    r"on a core with them \(EL2 or HYP mode; QEMU: -M virt,virtualization=on\), or "
                    r"port it to the paravirtual ABI and add 'paravirtual' \(docs/paravirt\.md\)$")
        expect_powered_off_el1(out)
    return [("entered at EL1, Tandem takes the paravirtual path and says so", says_which_path),
            ("an unmodified guest is refused at validation with why and what would work",
             refuses_unmodified)]


@scenario
def paravirtual_vms():
    """The paravirtual path: two paravirtualized test guests at EL0 on cores
    0 and 1, each in its own address space; one reads Tandem's image, the
    other later the first one's address, a third tries a privileged
    instruction: each is stopped alone; the unmodified test guest is
    refused."""
    out = boot("paravirtual-vms", [(overlay("pv-a"), PVTEST), (overlay("pv-b"), PVTEST),
                                   (overlay("pv-privileged"), PVTEST), (overlay("pv-map"), PVTEST),
                                   (overlay("pv-badstack"), PVTEST), (overlay("pv-flood"), PVTEST),
                                   (overlay("vm-a"), TESTGUEST)],
               virtualization=False, smp=6, timeout=60, icount=True)

    def placed():
        expect(out, r"^tandem: vm pv-a: paravirtualized, at EL0 on core 0, RAM VA 0x10000000-0x10ffffff "
                    r"at PA 0x[0-9a-f]+, ASID 1$",
               r"^tandem: vm pv-b: paravirtualized, at EL0 on core 1, RAM VA 0x20000000-0x20ffffff")
        expect(out, r"^tandem: VM refused: overlay module@0x[0-9a-f]+: /chosen/guest-a: an unmodified guest")

    def they_run():
        expect(out, r"^\[pv-a\] pvtest: up, Tandem \d+\.\d+, args \"beats=5 probe=0x40200000\"$",
               r"^\[pv-a\] pvtest: heartbeat 5: memory intact$")
        expect(out, r"^\[pv-b\] pvtest: heartbeat 1: memory intact$")

    def isolated():
        expect(out, r"^\[pv-a\] pvtest: reading 0x40200000, which is not my memory$",
               r"^tandem: vm pv-a: stopped: read at VA 0x40200000, which is not its memory")
        expect(out, r"^tandem: vm pv-a: stopped", r"^\[pv-b\] pvtest: heartbeat 12: memory intact$",
               r"^\[pv-b\] pvtest: reading 0x10000000, which is not my memory$",
               r"^tandem: vm pv-b: stopped: read at VA 0x10000000, which is not its memory")
        expect_absent(out, r"pvtest: read 0x")

    def privileged():
        expect(out, r"^\[pv-c\] pvtest: garbage console writes -> -2 -2 -2$",
               r"^\[pv-c\] pvtest: garbage calls -> read -2 setup -2 enable -2 eoi -2 iret -2 "
               r"map -2 -2 -2$",
               r"^\[pv-c\] pvtest: reading CurrentEL, which EL0 may not$",
               r"^tandem: vm pv-c: stopped: exception class 0x00 .* which a paravirtualized guest "
               r"cannot take$")
        expect_absent(out, r"pvtest: CurrentEL")

    def mapped():
        expect(out, r"^\[pv-d\] pvtest: first page mapped read-only at 0x38800000 -> 0$",
               r"^\[pv-d\] pvtest: it reads 0x[0-9a-f]+ there, 0x[0-9a-f]+ at 0x38000000: the same$",
               r"^\[pv-d\] pvtest: writing to the read-only page$",
               r"^tandem: vm pv-d: stopped: write at VA 0x38800004, which it mapped read-only "
               r"\(PC 0x38[0-9a-f]+\)$")
        expect_absent(out, r"pvtest: wrote it")

    def bad_stack():
        expect(out, r"^\[pv-e\] pvtest: taking an interrupt with SP at 0x100, outside my RAM$",
               r"^tandem: vm pv-e: stopped: an interrupt is due but its stack pointer 0x100 leaves no "
               r"room for the frame in its RAM \(PC 0x3c[0-9a-f]+\)$")
        expect_absent(out, r"pvtest: upcall entered")

    def flood_bounded():
        expect_flood_bounded(out, "8192")

    def frame_stays_unprivileged():
        expect(out, r"^\[pv-f\] pvtest: resuming a frame that asks for EL1h with DAIF masked "
                    r"\(SPSR 0x3c5\)$",
               r"^\[pv-f\] pvtest: resumed, x0 -2; reading CurrentEL, which EL0 may not$",
               r"^tandem: vm pv-f: stopped: exception class 0x00 .* which a paravirtualized guest "
               r"cannot take$")
        expect_absent(out, r"pvtest: IRET refused the frame")
        expect_absent(out, r"pvtest: CurrentEL 0x")

    def powers_off():
        if out.timed_out:
            raise CheckFailed("QEMU did not exit")
        expect(out, r"^tandem: no VM is running any more; powering off$")
        expect_absent(out, r"PANIC")
    return [("paravirtualized VMs placed at EL0 in their own address spaces; the unmodified one refused",
             placed),
            ("both run and print through the console hypercall", they_run),
            ("a bad access stops only the VM that made it", isolated),
            ("hypercall arguments outside the VM are refused; a privileged instruction stops it",
             privileged),
            ("a VM maps its own page read-only elsewhere in its window; writing it there stops it",
             mapped),
            ("an interrupt due with the stack pointer outside the VM's RAM stops only it", bad_stack),
            ("a VM printing without pause loses its own lines over its console budget, with a note",
             flood_bounded),
            ("an IRET frame asking for EL1 with interrupts masked, x0 -2, resumes at EL0 with x0 -2",
             frame_stays_unprivileged),
            ("Tandem powers off when none is left", powers_off)]


def expect_flood_bounded(out, budget=r"\d+"):
    """pv-f's flood=3000 (guests/pvtest): its console budget drops some of
    the 3000 lines, with a note, and no flood byte lands in another line."""
    expect(out, r"^\[pv-f\] pvtest: FLOOD 00000 ",
           r"^tandem: vm pv-f: console: dropped \d+ bytes \(over its budget of %s bytes/s\)$" % budget)
    expect(out, r"^\[pv-f\] pvtest: flooded 3000 lines$")
    shown = len([line for line in out.lines if line.startswith("[pv-f] pvtest: FLOOD ")])
    if not 0 < shown < 3000:
        raise CheckFailed("%d of the flood's 3000 lines shown: the budget did not bound it" % shown)
    garbled = [line for line in out.lines if "FLOOD" in line and not line.startswith("[pv-f] ")]
    if garbled:
        raise CheckFailed("flood bytes in another line: %s" % garbled[0])


def expect_powered_off_el1(out):
    if out.timed_out:
        raise CheckFailed("QEMU did not exit: Tandem did not power off")
    expect(out, r"^tandem: no VM to run \(\d+ boot modules, 1 VM overlays, none started\); powering off$")
