"""tools/tandem-check --arch a9 on Debian's vexpress-v2p-ca9.dtb (make a9:
build/a9/, with its package's SHA256), as a bootloader passes it: plus a
/chosen/module@ node for the payload. The tree's devices sit behind nested
buses with 'ranges': the rules that keep a paravirtualized VM's RAM off the
platform's RAM and devices must see them at their CPU addresses. No QEMU:
the checks run on the host in well under a second.
"""
import hashlib
import os
import shutil
import subprocess
import tempfile

from harness import BUILD, TANDEM_CHECK, CheckFailed, scenario

A9_DTB = os.path.join(BUILD, "a9", "vexpress-v2p-ca9.dtb")
MODULE = 0x62000000   # the payload, in RAM above Tandem (0x60010000 + 8 MiB, and more)


def a9_platform(tmp):
    """Debian's tree with the payload's /chosen/module@ node (fdtput)."""
    dtb = os.path.join(tmp, "platform.dtb")
    shutil.copy(A9_DTB, dtb)
    node = "/chosen/module@%x" % MODULE
    for args in (["-c", dtb, node],
                 ["-t", "s", dtb, node, "compatible", "multiboot,kernel", "multiboot,module"],
                 ["-t", "x", dtb, node, "reg", "%x" % MODULE, "1000"]):
        subprocess.run(["fdtput"] + args, check=True)
    return dtb


def a9_overlay(tmp, name, memory_base=None, paravirtual=True):
    """A one-vCPU VM on core 0 with 16 MiB of RAM at memory_base."""
    src = ("/dts-v1/;\n/plugin/;\n&{/chosen} {\n\t%s {\n\t\tcompatible = \"tandem,vm\";\n"
           "%s\t\tcpus = <1>;\n\t\tcpu-affinity = <0>;\n\t\tmemory = <0x0 0x4000>;\n%s"
           "\t\tkernel = <0x0 0x%x>;\n\t};\n};\n" %
           (name, "\t\tparavirtual;\n" if paravirtual else "",
            "\t\tmemory-base = <0x0 0x%x>;\n" % memory_base if memory_base is not None else "", MODULE))
    out = os.path.join(tmp, name + ".dtbo")
    subprocess.run(["dtc", "-q", "-@", "-I", "dts", "-O", "dtb", "-o", out, "-"], check=True,
                   input=src.encode())
    return out


def check(*args):
    r = subprocess.run([TANDEM_CHECK] + list(args), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return r.returncode, r.stdout


@scenario
def a9_tandem_check():
    tmp = tempfile.mkdtemp(prefix="tandem-a9-")
    plat = a9_platform(tmp)
    results = {}
    vms = {"a9-native": (None, False), "a9-in-ram": (0x60000000, True), "a9-on-uart": (0x10000000, True),
           "a9-on-iofpga": (0x10010000, True), "a9-on-flash": (0x40000000, True),
           "a9-on-mpcore": (0x1e000000, True), "a9-ok": (0x20000000, True)}
    for name, (base, pv) in vms.items():
        results[name] = check("--arch", "a9", "--quiet", plat, a9_overlay(tmp, name, base, pv))

    def refused(name, text):
        def run():
            status, out = results[name]
            want = "VM refused: %s.dtbo: /chosen/%s: %s" % (os.path.join(tmp, name), name, text)
            if status != 1 or want not in out.splitlines():
                raise CheckFailed("tandem-check exited %d, expected the line\n%s\n:\n%s" % (status, want, out))
        return run

    def tree_is_debians():
        with open(A9_DTB + ".sha256") as f:
            recorded = [line.split() for line in f if not line.startswith("#")]
        with open(A9_DTB, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if [digest, "vexpress-v2p-ca9.dtb"] not in recorded or \
                not any(n.startswith("linux-image-") and n.endswith("_armhf.deb") for _, n in recorded):
            raise CheckFailed("%s (sha256 %s) is not what %s.sha256 records: %s" %
                              (A9_DTB, digest, A9_DTB, recorded))

    def accepted_clear_of_everything():
        status, out = results["a9-ok"]
        if status != 0 or "VM a9-ok accepted: 1 vCPU(s), RAM IPA 0x20000000-0x20ffffff" not in out:
            raise CheckFailed("tandem-check exited %d:\n%s" % (status, out))

    def hardware_path_refused():
        status, out = check(plat, a9_overlay(tmp, "a9-ok", 0x20000000))
        if status != 1 or "a Cortex-A9 MPCore (GICv1) has no virtualization extensions" not in out \
                or "give --arch a9" not in out:
            raise CheckFailed("tandem-check without --arch a9 exited %d:\n%s" % (status, out))

    def paravirtual_flag_same_answer():
        """--paravirtual alone on the A9's tree: the same refusal as --arch a9."""
        name = "a9-native"
        status, out = check("--paravirtual", "--quiet", plat, a9_overlay(tmp, name, None, False))
        _, with_arch = results[name]
        want = [line for line in with_arch.splitlines() if line.startswith("VM refused: ")]
        got = [line for line in out.splitlines() if line.startswith("VM refused: ")]
        if status != 1 or not want or got != want:
            raise CheckFailed("tandem-check --paravirtual exited %d with %s, --arch a9 gave %s" %
                              (status, got, want))

    return [
        ("the platform tree is Debian's, as recorded with its package's SHA256", tree_is_debians),
        ("tandem-check --paravirtual on the A9's tree refuses the unmodified guest as --arch a9 does",
         paravirtual_flag_same_answer),
        ("without --arch a9 the tree is refused for the hardware-assisted path, saying why",
         hardware_path_refused),
        ("an unmodified guest is refused as on the arm64 paravirtual path", refused(
            "a9-native", "an unmodified guest (no 'paravirtual' in its overlay) needs the virtualization "
            "extensions, which this core lacks (Tandem takes the paravirtual path); it runs on "
            "a core with them (EL2 or HYP mode; QEMU: -M virt,virtualization=on), or port it to the "
            "paravirtual ABI and add 'paravirtual' (docs/paravirt.md)")),
        ("RAM over vexpress's RAM refused, suggesting a free address", refused(
            "a9-in-ram", "memory-base 0x60000000 puts the VM's RAM over the platform's RAM at 0x60000000, "
            "which Tandem maps in every address space on the paravirtual path; pick an address outside "
            "it, e.g. 0x20000000")),
        ("RAM over the console UART behind two buses' ranges refused", refused(
            "a9-on-uart", "memory-base 0x10000000 puts the VM's RAM over a device Tandem maps (the console "
            "UART at 0x10009000); pick an address clear of it, e.g. 0x20000000")),
        ("RAM over the MPCore's private peripherals refused", refused(
            "a9-on-mpcore", "memory-base 0x1e000000 puts the VM's RAM over a device Tandem maps (the GIC "
            "distributor at 0x1e001000); pick an address clear of it, e.g. 0x20000000")),
        ("RAM over a motherboard device (translated 0x11000 -> 0x10011000) refused", refused(
            "a9-on-iofpga", "RAM 0x10010000-0x1100ffff (memory-base) covers the platform's "
            "/bus@40000000/motherboard-bus@40000000/iofpga@7,00000000/timer@11000 at "
            "0x10011000-0x10011fff; move memory-base clear of the platform's RAM and devices, "
            "e.g. 0x20000000")),
        ("RAM over the NOR flash (translated <0 0> -> 0x40000000) refused", refused(
            "a9-on-flash", "RAM 0x40000000-0x40ffffff (memory-base) covers the platform's "
            "/bus@40000000/motherboard-bus@40000000/flash@0,00000000 at 0x40000000-0x43ffffff; move "
            "memory-base clear of the platform's RAM and devices, e.g. 0x20000000")),
        ("RAM at 0x20000000, clear of RAM and devices, accepted", accepted_clear_of_everything),
    ]
