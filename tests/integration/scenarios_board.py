"""A board's boot path (docs/boards.md): QEMU's virt machine, as make run's
(4 cores, 1 GiB, GICv3, virtualization=on), with Debian's U-Boot as its
firmware at EL2 (-bios) instead of QEMU's -kernel and guest-loader; make
image's disk (build/image/disk.img) on a virtio disk. U-Boot's distro boot
finds boot.scr on it, which loads tandem.itb, places Tandem and each boot
module, adds the /chosen/module@ nodes and starts Tandem with booti. And
tandem-check on the same machine's plain tree (no boot modules), with and
without the payloads on its command line.
"""
import os
import re
import shutil
import subprocess
import tempfile

from harness import (BUILD, RTOS_STATUS, TANDEM_CHECK, CheckFailed, expect, expect_absent, rtos_run, scenario,
                     tandem_qemu)

IMAGE = os.path.join(BUILD, "image")
# Debian's u-boot-qemu (qemu_arm64/u-boot.bin), fetched and checked against
# the archive's SHA256 by guests/linux/fetch.sh (guests/firmware/build.sh).
UBOOT = os.path.join(BUILD, "guests/firmware/u-boot.bin")
LINUX_INIT = r"^\[linux\] TANDEM-LINUX-INIT-REACHED$"
RTOS_FIRST = r"^\[rtos\] " + RTOS_STATUS


def image_vms():
    """(name, vCPUs) of each VM the image holds, from its overlays."""
    vms = []
    d = os.path.join(IMAGE, "overlays")
    for f in sorted(os.listdir(d)):
        name, props = tandem_qemu.overlay_vm(os.path.join(d, f))
        vms.append((name, tandem_qemu.cells(props.get("cpus", b"\0\0\0\1"))))
    return vms


def board_command(disk=os.path.join(IMAGE, "disk.img")):
    """make run's machine with U-Boot as its firmware and the image's disk."""
    cmd = tandem_qemu.qemu_command([], gic=3, smp=4, mem="1G", tandem=UBOOT,
                                   extra=["-drive", "file=%s,if=none,format=raw,id=disk0,readonly=on" % disk,
                                          "-device", "virtio-blk-device,drive=disk0"])
    cmd[cmd.index("-kernel")] = "-bios"
    return cmd


@scenario
def board_uboot_boot():
    """U-Boot boots make image's disk with nothing typed: Tandem at EL2,
    make run's VMs created from the boot modules the script placed, Linux to
    its /init, the RTOS to its first status line."""
    vms = image_vms()
    with open(os.path.join(IMAGE, "layout.txt")) as f:
        layout = f.read()
    tandem_at = int(re.search(r"^Tandem\s+0x([0-9a-f]+)-", layout, re.M).group(1), 16)
    parts = re.findall(r"^(\S+)\s+0x([0-9a-f]+)-0x([0-9a-f]+)\s", layout, re.M)
    modules = [(n, int(a, 16), int(b, 16) - int(a, 16) + 1) for n, a, b in parts
               if n not in ("Tandem", "device", "tandem.itb")]

    seen = {"linux": False, "rtos": False, "read": 0}

    def done(lines):
        """Linux's /init and the RTOS's first status line both seen (or a failure)."""
        for ln in lines[seen["read"]:]:
            seen["linux"] = seen["linux"] or bool(re.search(LINUX_INIT, ln))
            seen["rtos"] = seen["rtos"] or bool(re.search(RTOS_FIRST, ln))
            if re.search(r"SCRIPT FAILED|Tandem not started|cannot boot|PANIC|VM refused|tandem: vm \S+: stopped",
                         ln):
                return True
        seen["read"] = len(lines)
        return seen["linux"] and seen["rtos"]

    # Under a second to U-Boot's prompt, a few to Tandem, about a minute to
    # Linux's /init on an idle host; generous for a shared one.
    out = rtos_run("board-uboot", board_command(), done, timeout=900)

    def distro_boot_runs_script():
        expect(out, r"^Hit any key to stop autoboot", r"^Scanning virtio 0:1\.\.\.$",
               r"^Found U-Boot script /boot\.scr$", r"^tandem: boot script: loading /tandem\.itb$")
        expect(out, r"^## Copying 'tandem' subimage from FIT image", r"^sha256\+\s+Loading part 0 \.\.\. OK$")
        for name, _addr, _size in modules:
            expect(out, r"^## Copying '%s' subimage from FIT image" % re.escape(name),
                        r"^sha256\+\s+Loading part 0 \.\.\. OK$")
        expect(out, r"^tandem: boot script: starting Tandem at 0x%x$" % tandem_at,
               r"Using Device Tree in place at", r"^Starting kernel \.\.\.$")
        expect_absent(out, r"SCRIPT FAILED|Tandem not started|booti returned|Bad Data Hash")

    def tandem_at_el2():
        expect(out, r"^Starting kernel \.\.\.$",
               r"^tandem: Tandem \d+\.\d+ hypervisor at EL2: 4 cores, 1024 MiB RAM, GICv3, firmware PSCI",
               r"^tandem: reserved 0x%x-0x%x \(8 MiB\) for itself" % (tandem_at, tandem_at + (8 << 20) - 1))

    def every_vm_created():
        if len(vms) < 2:
            raise CheckFailed("the image holds %d VM(s)" % len(vms))
        for name, cpus in vms:
            expect(out, r"^tandem: vm %s: %d vCPU\(s\) on core\(s\) " % (re.escape(name), cpus))
        expect_absent(out, r"VM refused|is not a VM overlay|tandem: vm \S+: (refused|stopped)")

    def linux_reaches_init():
        expect(out, r"^tandem: vm linux: ", r"^\[linux\] .*Booting Linux on physical CPU", LINUX_INIT)

    def rtos_status():
        expect(out, r"^\[rtos\] rtos: Tandem RTOS", RTOS_FIRST)

    return [("U-Boot's distro boot finds boot.scr on the virtio disk; every part copied, SHA-256 checked",
             distro_boot_runs_script),
            ("Tandem starts at EL2 where the script put it", tandem_at_el2),
            ("every VM of make run is created from the script's boot modules", every_vm_created),
            ("Linux reaches /init", linux_reaches_init),
            ("the RTOS prints its first status line", rtos_status)]


@scenario
def board_tandem_check():
    """tandem-check on make run's machine's plain tree (no boot modules, as a
    board's firmware hands it over): without the payloads every VM is
    refused for want of its boot module; with them on the command line it
    adds the modules a boot script adds and accepts both, as Tandem does."""
    tmp = tempfile.mkdtemp(prefix="tandem-board-")
    dtb = os.path.join(tmp, "virt.dtb")
    cmd = tandem_qemu.qemu_command([], gic=3, smp=4, mem="1G")
    cmd[cmd.index("-M") + 1] += ",dumpdtb=" + dtb
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    linux_dtbo = os.path.join(BUILD, "guests/linux/linux.dtbo")
    rtos_dtbo = os.path.join(BUILD, "guests/rtos/rtos.dtbo")
    linux_files = "%s,%s" % (os.path.join(BUILD, "guests/linux/Image"),
                             os.path.join(BUILD, "guests/linux/initramfs-load.cpio.gz"))
    rtos_file = os.path.join(BUILD, "guests/rtos/rtos.bin")

    def check(*args):
        r = subprocess.run([TANDEM_CHECK, "--quiet", dtb] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return r.returncode, r.stdout

    def plain_tree_refuses():
        status, text = check(linux_dtbo, rtos_dtbo)
        want = [r"^VM refused: .*/chosen/linux: 'kernel' names a boot module at 0x78000000, but none was loaded",
                r"^VM refused: .*/chosen/rtos: 'kernel' names a boot module at 0x7e000000, but none was loaded",
                r"^0 VM\(s\) accepted, 2 refused$"]
        if status != 1 or not all(re.search(w, text, re.M) for w in want):
            raise CheckFailed("tandem-check exited %d:\n%s" % (status, text))

    def payloads_given_accepted():
        status, text = check(linux_dtbo + "=" + linux_files, rtos_dtbo + "=" + rtos_file)
        want = [r"^note: the platform tree has no boot module at 0x78000000: checked with .*/Image \(\d+ bytes\) "
                r"loaded there, as /chosen/module@78000000",
                r"^note: the platform tree has no boot module at 0x7d000000: .*initramfs-load\.cpio\.gz",
                r"^VM linux accepted: 2 vCPU\(s\)", r"^VM rtos accepted: 1 vCPU\(s\)",
                r"^2 VM\(s\) accepted, 0 refused$"]
        if status != 0 or not all(re.search(w, text, re.M) for w in want):
            raise CheckFailed("tandem-check exited %d:\n%s" % (status, text))

    return [("a plain tree without the payloads: every VM refused, for want of its boot module",
             plain_tree_refuses),
            ("the payloads on the command line: their modules added, both VMs accepted", payloads_given_accepted)]


@scenario
def board_uboot_bad_image():
    """The same disk with one byte of Linux's payload changed in tandem.itb:
    imxtract's SHA-256 check fails, the script names the part and does not
    start Tandem."""
    tmp = tempfile.mkdtemp(prefix="tandem-board-")
    disk, itb = os.path.join(tmp, "disk.img"), os.path.join(tmp, "tandem.itb")
    shutil.copyfile(os.path.join(IMAGE, "disk.img"), disk)
    with open(os.path.join(BUILD, "guests/linux/Image"), "rb") as f:
        head = f.read(64)
    subprocess.run(["mcopy", "-n", "-i", disk + "@@1M", "::tandem.itb", itb], check=True)
    with open(itb, "r+b") as f:
        data = f.read()
        at = data.find(head)
        if at < 0:
            raise CheckFailed("Linux's Image is not in tandem.itb")
        f.seek(at + 0x1000)
        f.write(bytes([data[at + 0x1000] ^ 0xff]))
    subprocess.run(["mcopy", "-o", "-i", disk + "@@1M", itb, "::tandem.itb"], check=True)
    out = rtos_run("board-uboot-bad-image", board_command(disk), lambda lines: any(
        re.search(r"SCRIPT FAILED|^tandem: Tandem ", ln) for ln in lines), timeout=300)

    def refused():
        expect(out, r"^## Copying 'linux-kernel' subimage", r"^Bad hash value for 'hash-1' hash node in "
               r"'linux-kernel' image node$",
               r"^tandem: boot script: cannot copy linux-kernel: Tandem not started$")
        expect_absent(out, r"^tandem: Tandem |Starting kernel")

    return [("a changed byte in a payload: SHA-256 refused, Tandem not started", refused)]
