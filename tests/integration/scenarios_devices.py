"""Device pass-through: the Linux VM gets the PL031 and two virtio-mmio slots
(disk, network), their interrupts forwarded hardware-linked; a VM reading a
device it was not given is stopped; an overlay asking for a device another VM
has is refused.
"""
import os
import re
import subprocess
import tempfile
import time

from harness import (BUILD, CheckFailed, RTOS_IMAGE, TESTGUEST, boot, expect, expect_absent, host_check,
                     linux, overlay, refusals_at_boot, rtos_overlay, scenario)


def disk_image(path):
    """An ext2 image holding one file of known content; returns its sha256."""
    import hashlib
    src = path + ".d"
    os.makedirs(src, exist_ok=True)
    data = b"".join(hashlib.sha256(b"tandem %d" % i).digest() for i in range(8192))   # 256 KiB
    with open(os.path.join(src, "payload.bin"), "wb") as f:
        f.write(data)
    if os.path.exists(path):
        os.remove(path)
    mke2fs = next((p for p in ("/sbin/mke2fs", "/usr/sbin/mke2fs") if os.path.exists(p)), "mke2fs")
    subprocess.run([mke2fs, "-q", "-F", "-t", "ext2", "-d", src, path, "4M"], check=True,
                   stdout=subprocess.DEVNULL,
                   env=dict(os.environ, E2FSPROGS_FAKE_TIME="1", MKE2FS_DEVICE_SECTSIZE="512"))
    return hashlib.sha256(data).hexdigest()


# QEMU's first virtio-mmio device sits at 0xa003e00 (SPI 47), the second at
# 0xa003c00 (SPI 46): the disk, then the network card on a user-mode network
# that cannot reach beyond this machine (restrict=on).
def passthrough_devices(disk):
    return ["-drive", "file=%s,if=none,format=raw,id=disk0,readonly=on" % disk,
            "-device", "virtio-blk-device,drive=disk0",
            "-netdev", "user,id=net0,restrict=on", "-device", "virtio-net-device,netdev=net0"]


def device_passthrough(gic):
    """The Linux VM's overlay passes through the PL031 and two virtio-mmio
    slots (disk, network); the RTOS VM (guests/rtos/rtos.dtso), reading the
    PL031, is stopped; an overlay that asks for the PL031 again is refused."""
    disk = os.path.join(BUILD, "tests", "passthrough-disk.img")
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    want = disk_image(disk)
    out = boot("device-passthrough-gicv%d" % gic, [linux("linux-devices"), (rtos_overlay("probe=0x9010000"), RTOS_IMAGE),
                                                   (overlay("steal-rtc"), TESTGUEST)],
               gic=gic, timeout=240, extra=passthrough_devices(disk), until=r"^tandem: vm linux: stopped")

    def host_check_agrees():
        vms = [linux("linux-devices"), (rtos_overlay(""), RTOS_IMAGE), (overlay("steal-rtc"), TESTGUEST)]
        status, causes, _ = host_check(vms, [], [v[0] for v in vms], tempfile.mkdtemp(prefix="tandem-pt-"),
                                       gic=gic, extra=passthrough_devices(disk))
        if status != 1 or causes != refusals_at_boot(out) or len(causes) != 1:
            raise CheckFailed("tandem-check (exit %d) refused %s; Tandem at boot %s"
                              % (status, causes, refusals_at_boot(out)))

    def host_check_prints_the_tree():
        vms = [linux("linux-devices")]
        status, _, text = host_check(vms, [], [vms[0][0]], tempfile.mkdtemp(prefix="tandem-pt-"),
                                     quiet=False, gic=gic, extra=passthrough_devices(disk))
        tree = text[text.find("/dts-v1/;"):]
        for node in ("pl031@9010000 {", "virtio_mmio@a003e00 {", "virtio_mmio@a003c00 {", "memory@48000000 {"):
            if status != 0 or node not in tree:
                raise CheckFailed("tandem-check (exit %d) printed no %s:\n%s" % (status, node, text))
        if "virtio_mmio@a003a00" in tree or "pl061@9030000" in tree:
            raise CheckFailed("the guest tree has devices the VM was not given")

    def validated():
        expect(out, r"^tandem: VM refused: overlay module@0x[0-9a-f]+: /chosen/thief: /pl031@9010000 is "
                    r"in page 0x9010000, which VM 'linux' already has \(/pl031@9010000\)")
        expect(out, r"^tandem: vm linux: passed through /pl031@9010000 \(0x9010000, 4096 bytes, interrupts 34\)$")
        expect(out, r"^tandem: vm linux: passed through /virtio_mmio@a003e00 \(0xa003e00, 512 bytes, "
                    r"interrupts 79\)$")

    def rtc():
        i = expect(out, r"^\[linux\] tandem-linux: rtc0 rtc-pl031 9010000\.pl031 since_epoch \d+$")
        t = int(out.lines[i].split()[-1])
        if abs(t - time.time()) > 24 * 3600:
            raise CheckFailed("the RTC says %d, the host %d" % (t, time.time()))

    def disk_file():
        expect(out, r"^\[linux\] tandem-linux: disk vda file payload.bin sha256 %s$" % want)

    def network():
        expect(out, r"^\[linux\] tandem-linux: net eth0 lease 10\.0\.2\.\d+$")

    def hw_linked():
        # Every disk and network interrupt came back: each was forwarded
        # hardware-linked, and only the guest's deactivation let the next one
        # in (a forward that is not would leave the device silent after one).
        expect_absent(out, r"TANDEM-LINUX-TEST-FAIL")
        expect(out, r"^\[linux\] TANDEM-LINUX-TESTS-DONE$")
        i = expect(out, r"^tandem: vm linux: device interrupts forwarded: 34=\d+ 79=(\d+) 78=(\d+)$")
        m = re.search(r"79=(\d+) 78=(\d+)$", out.lines[i])
        if int(m.group(1)) < 5 or int(m.group(2)) < 2:
            raise CheckFailed("too few device interrupts: " + out.lines[i])

    def probe_stopped():
        expect(out, r"^\[rtos\] rtos: probe: reading 0x9010000$",
               r"^tandem: vm rtos: stopped: stage-2 translation fault: 4-byte read at IPA 0x9010000 \(VA 0x[0-9a-f]+\), "
               r"which is not its memory")
        expect_absent(out, r"rtos: probe: read 0x")
        expect(out, r"^tandem: vm rtos: stopped", r"^\[linux\] TANDEM-LINUX-TESTS-DONE$")

    def powers_off():
        expect(out, r"^tandem: vm linux: stopped: powered off")
        expect_absent(out, r"PANIC")
    return [("an overlay asking for a device another VM has is refused", validated),
            ("tandem-check on the host refuses the same VM with the same message", host_check_agrees),
            ("tandem-check prints the Linux VM's tree with exactly its devices", host_check_prints_the_tree),
            ("Linux reads the passed-through PL031", rtc),
            ("Linux mounts the passed-through virtio disk and checks its file", disk_file),
            ("Linux gets a DHCP lease through the passed-through virtio-net", network),
            ("the devices' interrupts reach Linux, hardware-linked", hw_linked),
            ("the RTOS VM reading the PL031 is stopped; Linux goes on", probe_stopped),
            ("Linux powers off", powers_off)]


@scenario
def device_passthrough_gicv3():
    return device_passthrough(3)


@scenario
def device_passthrough_gicv2():
    return device_passthrough(2)
