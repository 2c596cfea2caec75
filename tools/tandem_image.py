#!/usr/bin/env python3
"""Builds what a board's U-Boot loads to boot Tandem (docs/boards.md, `make image`).

    tools/tandem_image.py --out build/image --vm linux.dtbo=Image,initrd.gz --vm rtos.dtbo=rtos.bin

Writes into --out:
  tandem.itb   a FIT image (mkimage): Tandem, each VM's overlay and payloads,
               each with its load address and a SHA-256 (U-Boot checks it)
  boot.cmd     the U-Boot script's source, boot.scr the script (mkimage -T script):
               it loads tandem.itb from the partition it was found on, copies
               each part to its load address (imxtract), adds a
               /chosen/module@ADDR node per boot module (compatible
               "multiboot,module", reg) to a copy of U-Boot's device tree
               and starts Tandem at EL2 with booti
  overlays/    the overlays as the image holds them (see below)
  disk.img     an MBR disk with one FAT partition holding tandem.itb and
               boot.scr, built without root (mkfs.vfat --offset, mcopy):
               U-Boot's distro boot finds boot.scr on it (QEMU's virtio disk
               in `make test`; dd it to an SD card whose board firmware
               loads U-Boot from elsewhere)
  layout.txt   where everything goes

Load addresses. Tandem goes to --tandem-addr (2 MiB aligned; it claims 8
MiB from there). The boot modules (payloads, ramdisks, then the overlays)
go one after the other from --load-base, each payload 2 MiB aligned, and
must end below --load-top: the window must be RAM that U-Boot does not use
while it runs (U-Boot relocates itself, its heap and stack to the top of
RAM: on QEMU's virt machine with 1 GiB, 0x7ddb2000-0x7fffffff, which
`bdinfo` shows as lmb's reserved region) and outside Tandem's 8 MiB.
An overlay names its payload by address (`kernel`, `ramdisk`), so the
image's copy of each overlay has those two properties set to where this
image loads the payload; nothing else in it changes. The device tree copy
goes after the modules; the FIT is loaded at --fit-addr, which must not
overlap any of them (it is dead once its parts are copied).

--platform DTB runs tools/tandem-check on the image's overlays and payloads
against that platform tree (a board's plain tree: tandem-check adds the
boot modules as the script does) with Tandem at --tandem-addr, and fails
if it refuses a VM.
"""
import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tandem_qemu  # noqa: E402  (the overlay reader)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SZ_2M = 2 << 20
TANDEM_RESERVED = 8 << 20          # el2/arm64/layout.h: TANDEM_RESERVED_SIZE
OVERLAY_STRIDE = 0x10000
DTB_ROOM = 0x100000                 # the device tree copy: QEMU's is 1 MiB with its padding


def align(x, a):
    return (x + a - 1) // a * a


def die(msg):
    sys.exit("tandem_image: " + msg)


def overlay_node(path):
    """(node path, props) of the overlay's tandem,vm node."""
    with open(path, "rb") as f:
        blob = f.read()
    for node, props in tandem_qemu.fdt_nodes(blob):
        if b"tandem,vm" in props.get("compatible", b"").split(b"\0"):
            return node, props
    die("%s has no node with compatible \"tandem,vm\"" % path)


class Module:
    def __init__(self, name, kind, path, addr):
        self.name, self.kind, self.path, self.addr = name, kind, path, addr
        self.size = os.path.getsize(path)


def plan_payloads(vms, load_base):
    """Each VM's payload and ramdisk, in --vm order, from load_base up (2 MiB
    aligned; two VMs naming the same file at the same address share it).
    Returns (modules, [(overlay, vm, node, [(prop, cells, new address)])], next
    free address)."""
    modules, vms_out, at, placed = [], [], load_base, {}
    for overlay, payload, ramdisk in vms:
        node, props = overlay_node(overlay)
        vm = node.rsplit("/", 1)[-1]
        changes = []
        for prop, f in (("kernel", payload), ("ramdisk", ramdisk)):
            if prop not in props:
                if f:
                    die("%s: VM %s has no '%s' property for %s" % (overlay, vm, prop, f))
                continue
            if not f:
                die("%s: VM %s names a %s at 0x%x: give it as OVERLAY=PAYLOAD[,RAMDISK]"
                    % (overlay, vm, prop, tandem_qemu.cells(props[prop])))
            key = (prop, os.path.abspath(f), tandem_qemu.cells(props[prop]))
            if key not in placed:
                at = align(at, SZ_2M)
                placed[key] = at
                modules.append(Module("%s-%s" % (vm, prop), prop, f, at))
                at += modules[-1].size
            changes.append((prop, len(props[prop]) // 4, placed[key]))
        vms_out.append((overlay, vm, node, changes))
    return modules, vms_out, at


def write_overlays(vms, outdir, at):
    """The image's copies of the overlays, their payload addresses set, as
    boot modules from at (64 KiB apart, in --vm order: Tandem creates the
    VMs in the order of their overlays' addresses). Returns (modules, next
    free address)."""
    shutil.rmtree(os.path.join(outdir, "overlays"), ignore_errors=True)   # none of another image's
    os.makedirs(os.path.join(outdir, "overlays"))
    modules = []
    for i, (overlay, vm, node, changes) in enumerate(vms):
        dst = os.path.join(outdir, "overlays", "%d-%s" % (i, os.path.basename(overlay)))
        shutil.copyfile(overlay, dst)
        for prop, ncells, addr in changes:
            if ncells != 2 and addr >> 32:
                die("%s: its '%s' has one cell; 0x%x needs two" % (overlay, prop, addr))
            words = [addr >> 32, addr & 0xffffffff] if ncells == 2 else [addr]
            subprocess.run(["fdtput", "-t", "x", dst, node, prop] + ["%x" % w for w in words], check=True)
        at = align(at, OVERLAY_STRIDE)
        modules.append(Module("%s-overlay" % vm, "overlay", dst, at))
        at += modules[-1].size
    return modules, at


def its_source(tandem, tandem_addr, modules):
    """The FIT's source: Tandem as the kernel (an arm64 Image, which the
    script starts with booti), every boot module a loadable, each with its
    load address."""
    def image(name, desc, path, typ, addr):
        kernel = typ == "kernel"
        return ('\t\t%s {\n\t\t\tdescription = "%s";\n\t\t\tdata = /incbin/("%s");\n'
                '\t\t\ttype = "%s";\n\t\t\tarch = "arm64";\n%s\t\t\tcompression = "none";\n'
                '\t\t\tload = <0x%x>;\n%s\t\t\thash-1 {\n\t\t\t\talgo = "sha256";\n\t\t\t};\n\t\t};\n'
                % (name, desc, os.path.abspath(path), typ, '\t\t\tos = "linux";\n' if kernel else "", addr,
                   "\t\t\tentry = <0x%x>;\n" % addr if kernel else ""))
    # A VM's payload is the VM's firmware as far as U-Boot is concerned.
    kinds = {"kernel": ("firmware", "VM payload"), "ramdisk": ("ramdisk", "VM initial ramdisk"),
             "overlay": ("flat_dt", "VM overlay")}
    parts = [image("tandem", "Tandem hypervisor (arm64 Image, EL2)", tandem, "kernel", tandem_addr)]
    for m in modules:
        typ, what = kinds[m.kind]
        parts.append(image(m.name, "%s: %s" % (what, os.path.basename(m.path)), m.path, typ, m.addr))
    loadables = ", ".join('"%s"' % m.name for m in modules)
    return ('/dts-v1/;\n\n/ {\n\tdescription = "Tandem and its VMs (tools/tandem_image.py)";\n'
            '\t#address-cells = <1>;\n\n\timages {\n%s\t};\n\n\tconfigurations {\n'
            '\t\tdefault = "tandem";\n\t\ttandem {\n\t\t\tdescription = "Tandem with its VMs";\n'
            '\t\t\tkernel = "tandem";\n\t\t\tloadables = %s;\n\t\t};\n\t};\n};\n'
            % ("".join(parts), loadables))


def boot_script(tandem_addr, fit_addr, dtb_addr, modules, bootargs):
    """The U-Boot script's source. Each step runs only while none has failed
    (U-Boot 2023.01's `exit` does not leave a script): the first failure is
    kept in tandem_err, and Tandem is started only without one."""
    compat = {"kernel": '"multiboot,kernel" "multiboot,module"',
              "ramdisk": '"multiboot,ramdisk" "multiboot,module"',
              "overlay": '"multiboot,kernel" "multiboot,module"'}

    def step(cmd, what):
        return 'test -n "${tandem_err}" || %s || setenv tandem_err "%s"' % (cmd, what)

    lines = [
        "# Tandem's U-Boot script (tools/tandem_image.py; docs/boards.md). Distro boot",
        "# runs it from the partition it found it on (devtype, devnum, distro_bootpart,",
        "# prefix); by hand, set those and `load` + `source` it.",
        "setenv tandem_err",
        "echo tandem: boot script: loading ${prefix}tandem.itb",
        step("load ${devtype} ${devnum}:${distro_bootpart} 0x%x ${prefix}tandem.itb" % fit_addr,
             "cannot load ${prefix}tandem.itb"),
        "# Each part to its load address (imxtract checks its SHA-256).",
        step("imxtract 0x%x tandem 0x%x" % (fit_addr, tandem_addr), "cannot copy tandem"),
    ]
    for m in modules:
        lines.append(step("imxtract 0x%x %s 0x%x" % (fit_addr, m.name, m.addr), "cannot copy " + m.name))
    lines += [
        "# A copy of the device tree U-Boot runs on (on QEMU, the machine's), with",
        "# room for the boot modules' nodes; booti passes it in place.",
        step("fdt addr ${fdtcontroladdr}", "no device tree at ${fdtcontroladdr}"),
        step("fdt move ${fdtcontroladdr} 0x%x 0x%x" % (dtb_addr, DTB_ROOM), "cannot copy the device tree"),
        step("fdt resize 0x4000", "cannot resize the device tree"),
        step("fdt set /chosen \\#address-cells <2>", "cannot write /chosen"),
        step("fdt set /chosen \\#size-cells <2>", "cannot write /chosen"),
    ]
    for m in modules:
        node = "/chosen/module@%x" % m.addr
        lines += ["# %s: %s, %d bytes" % (m.name, os.path.basename(m.path), m.size),
                  step("fdt mknode /chosen module@%x" % m.addr, "cannot add " + node),
                  step("fdt set %s compatible %s" % (node, compat[m.kind]), "cannot write " + node),
                  step("fdt set %s reg <0x%x 0x%x 0x%x 0x%x>" % (node, m.addr >> 32, m.addr & 0xffffffff,
                                                              m.size >> 32, m.size & 0xffffffff),
                       "cannot write " + node)]
    lines += [
        "# Tandem's own options (its /chosen/bootargs); the tree used where it is.",
        'setenv bootargs "%s"' % bootargs if bootargs else "setenv bootargs",
        "setenv fdt_high 0xffffffffffffffff",
        'if test -n "${tandem_err}"; then',
        "\techo tandem: boot script: ${tandem_err}: Tandem not started",
        "else",
        "\techo tandem: boot script: starting Tandem at 0x%x" % tandem_addr,
        "\tbooti 0x%x - 0x%x" % (tandem_addr, dtb_addr),
        "\techo tandem: boot script: booti returned",
        "fi",
    ]
    return "\n".join(lines) + "\n"


def disk_image(path, files):
    """An MBR disk, its one FAT32 partition from 1 MiB holding files. No root:
    the MBR written here, mkfs.vfat and mcopy at the partition's offset."""
    size = max(80 << 20, align(sum(os.path.getsize(f) for f in files) + (16 << 20), 1 << 20))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate(size)
        sectors = size // 512
        entry = struct.pack("<B3sB3sII", 0x80, b"\xfe\xff\xff", 0x0c, b"\xfe\xff\xff", 2048, sectors - 2048)
        f.seek(446)
        f.write(entry + b"\0" * 48 + b"\x55\xaa")
    subprocess.run(["mkfs.vfat", "-F", "32", "--offset", "2048", "-n", "TANDEM", tmp,
                    str((size >> 10) - 1024)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["mcopy", "-i", tmp + "@@1M"] + files + ["::"], check=True)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--vm", action="append", default=[], type=tandem_qemu.parse_vm,
                    metavar="OVERLAY=PAYLOAD[,RAMDISK]", help="a VM, as tandem_qemu.py takes it; repeat per VM")
    ap.add_argument("--tandem", default=tandem_qemu.TANDEM, help="Tandem's image (default build/tandem.bin)")
    num = lambda s: int(s, 0)  # noqa: E731
    ap.add_argument("--tandem-addr", type=num, default=0x40200000,
                    help="where Tandem runs, 2 MiB aligned (default 0x40200000, as QEMU's -kernel)")
    ap.add_argument("--load-base", type=num, default=0x70000000,
                    help="first address of the boot modules (default 0x70000000)")
    ap.add_argument("--load-top", type=num, default=0x7c000000,
                    help="the modules and the tree copy end below it (default 0x7c000000: below U-Boot "
                         "on QEMU virt with 1 GiB)")
    ap.add_argument("--fit-addr", type=num, default=0x48000000, help="where the script loads tandem.itb")
    ap.add_argument("--bootargs", default="", help="Tandem's own options (/chosen/bootargs)")
    ap.add_argument("--platform", metavar="DTB", help="check the image with tandem-check against this tree")
    a = ap.parse_args()
    if not a.vm:
        die("no --vm given")
    if a.tandem_addr % SZ_2M:
        die("--tandem-addr 0x%x is not 2 MiB aligned" % a.tandem_addr)
    for t in ("mkimage", "mkfs.vfat", "mcopy", "fdtput"):
        if not shutil.which(t) and not os.path.exists("/sbin/" + t):
            subprocess.run([os.path.join(ROOT, "tools/install-deps.sh"), "--host-only"], check=True,
                           stdout=sys.stderr)
            break

    os.makedirs(a.out, exist_ok=True)
    modules, vms, end = plan_payloads(a.vm, a.load_base)
    overlays, end = write_overlays(vms, a.out, end)
    modules += overlays
    dtb_addr = align(end, SZ_2M)
    if dtb_addr + DTB_ROOM > a.load_top:
        die("no room for the device tree copy below --load-top 0x%x" % a.load_top)
    if a.tandem_addr < dtb_addr + DTB_ROOM and a.load_base < a.tandem_addr + TANDEM_RESERVED:
        die("Tandem's 8 MiB at 0x%x overlaps the boot modules" % a.tandem_addr)

    itb = os.path.join(a.out, "tandem.itb")
    with tempfile.TemporaryDirectory(prefix="tandem-image-") as tmp:
        its = os.path.join(tmp, "tandem.its")
        with open(its, "w") as f:
            f.write(its_source(a.tandem, a.tandem_addr, modules))
        subprocess.run(["mkimage", "-f", its, itb], check=True, stdout=subprocess.DEVNULL)
    fit_size = os.path.getsize(itb)
    for base, size, what in [(a.tandem_addr, TANDEM_RESERVED, "Tandem"),
                             (a.load_base, dtb_addr + DTB_ROOM - a.load_base, "the boot modules and the tree")]:
        if a.fit_addr < base + size and base < a.fit_addr + fit_size:
            die("--fit-addr 0x%x (tandem.itb: %d bytes) overlaps %s at 0x%x" % (a.fit_addr, fit_size, what, base))
    cmd = os.path.join(a.out, "boot.cmd")
    with open(cmd, "w") as f:
        f.write(boot_script(a.tandem_addr, a.fit_addr, dtb_addr, modules, a.bootargs))
    subprocess.run(["mkimage", "-A", "arm64", "-T", "script", "-C", "none", "-n", "Tandem boot script",
                    "-d", cmd, os.path.join(a.out, "boot.scr")], check=True, stdout=subprocess.DEVNULL)
    disk_image(os.path.join(a.out, "disk.img"), [itb, os.path.join(a.out, "boot.scr")])

    rows = [("Tandem", a.tandem_addr, TANDEM_RESERVED, a.tandem + " (8 MiB claimed)")]
    rows += [(m.name, m.addr, m.size, m.path) for m in modules]
    rows += [("device tree", dtb_addr, DTB_ROOM, "U-Boot's, with /chosen/module@ nodes"),
             ("tandem.itb", a.fit_addr, fit_size, "loaded there by boot.scr")]
    layout = ["%-13s 0x%08x-0x%08x  %s" % (name, base, base + size - 1, what) for name, base, size, what in rows]
    with open(os.path.join(a.out, "layout.txt"), "w") as f:
        f.write("\n".join(layout) + "\n")
    print("\n".join("tandem_image: " + line for line in layout))

    if a.platform:
        tool = os.path.join(ROOT, os.environ.get("BUILD", "build"), "tools", "tandem-check")
        check = [tool, "--quiet", "--tandem", "0x%x" % a.tandem_addr, a.platform]
        for m, (_o, payload, ramdisk) in zip(overlays, a.vm):
            check.append(m.path + ("=" + payload if payload else "") + ("," + ramdisk if ramdisk else ""))
        r = subprocess.run(check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in r.stdout.splitlines():
            if not line.startswith("note: the platform tree has no boot module"):
                print("tandem_image: tandem-check: " + line)
        if r.returncode:
            die("tandem-check refuses the image's VMs on %s" % a.platform)
    print("tandem_image: %s: tandem.itb, boot.scr, disk.img" % a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
