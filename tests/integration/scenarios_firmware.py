"""Firmware guests: Debian's U-Boot and EDK2 in a VM with emulated CFI flash,
each booting Linux; a flash access Tandem does not emulate; firmware overlays
refused.
"""
import os
import re
import struct
import subprocess
import tempfile

from harness import (BUILD, CheckFailed, TANDEM_CHECK, boot, expect, expect_absent, expect_powered_off,
                     host_check, overlay, refusals_at_boot, scenario, tandem_qemu)


# Debian's U-Boot and EDK2 in a VM with the firmware layout ('flash': the
# payload in read-only emulated CFI flash at 0x0, the device tree at the
# base of RAM), each booting Debian's kernel from a passed-through virtio
# disk (guests/firmware/build.sh: an MBR disk with a FAT ESP) to /init.
# Tandem runs at 0x50000000 (tandem-high.bin) so that the VM's RAM is 1:1 at
# 0x40000000, where firmware for QEMU's virt wants it.
FIRMWARE = os.path.join(BUILD, "guests/firmware")
TANDEM_HIGH = os.path.join(FIRMWARE, "tandem-high.bin")
UBOOT = os.path.join(FIRMWARE, "u-boot.bin")
EDK2 = os.path.join(FIRMWARE, "QEMU_EFI.fd")


def firmware_disk():
    return ["-drive", "file=%s,if=none,format=raw,id=disk0,readonly=on" % os.path.join(FIRMWARE, "esp.img"),
            "-device", "virtio-blk-device,drive=disk0"]


def firmware_overlay(name):
    return os.path.join(BUILD, "guests/firmware", name + ".dtbo")


@scenario
def firmware_uboot():
    """U-Boot: a key stops its autoboot; at its prompt a command is answered;
    it probes the flash by CFI, cannot erase its read-only code bank, saves
    its environment in the variables' bank; then its distro boot finds
    boot.scr on the disk and starts Linux through bootefi (the EFI stub)."""
    with open(UBOOT, "rb") as f:
        first = struct.unpack("<I", f.read(4))[0]
    typing = [(r"^\[u-boot\] Net:", b" "),
              (r"^\[u-boot\] Hit any key to stop autoboot", b"setexpr x 20 + 22;echo T-$x\r"),
              # one line: md and erase poll the console for Ctrl-C, eating what is typed meanwhile
              (r"^\[u-boot\] T-42$", b"protect off 0 3ffff;erase 0 3ffff;md.l 0 1;saveenv\r"),
              (r"^\[u-boot\] OK$", b"boot\r")]
    out = boot("firmware-uboot", [(firmware_overlay("u-boot"), UBOOT)], smp=1, tandem=TANDEM_HIGH,
               extra=firmware_disk(), typing=typing, until=r"TANDEM-LINUX-INIT-REACHED", timeout=400)

    def entered_from_flash():
        expect(out, r"^tandem: vm u-boot: firmware in flash at IPA 0x0-0x3ffffff \(948 KiB, read-only\), "
                    r"variables in volatile flash$",
               r"^tandem: vm u-boot: 1 vCPU\(s\) on core\(s\) 0, RAM IPA 0x40000000-0x4fffffff at PA 0x40000000 "
               r"\(1:1\), entry 0x0, device tree at 0x40000000$",
               r"^\[u-boot\] U-Boot 2023\.01", r"^\[u-boot\] DRAM:  256 MiB$")

    def prompt_answers():
        expect(out, r"^\[u-boot\] => setexpr x 20 \+ 22;echo T-\$x$", r"^\[u-boot\] T-42$")

    def flash_probed_and_read_only():
        # CFI finds both banks (U-Boot counts one chip of each pair, as on
        # QEMU's own flash). U-Boot reports a chip's error bits only when its
        # ready bit is clear, so the refused erase shows as its contents.
        expect(out, r"^\[u-boot\] Flash: 32\.5 MiB$")
        expect(out, r"^\[u-boot\] T-42$", r"^\[u-boot\] Erased 2 sectors$",
               r"^\[u-boot\] 00000000: %08x " % first)

    def environment_saved():
        expect(out, r"^\[u-boot\] 00000000: ", r"^\[u-boot\] Saving Environment to Flash\.\.\.",
               r"^\[u-boot\] Writing to Flash\.\.\. done$", r"^\[u-boot\] OK$")

    def linux_through_bootefi():
        expect(out, r"^\[u-boot\] Found U-Boot script /boot\.scr$", r"^\[u-boot\] TANDEM-UBOOT-SCRIPT$",
               r"^\[u-boot\] EFI stub: Booting Linux Kernel\.\.\.$", r"^\[u-boot\] TANDEM-LINUX-INIT-REACHED$")
        expect_absent(out, r"PANIC|tandem: vm u-boot: stopped")

    return [("entered at the flash base, device tree and 1:1 RAM at 0x40000000", entered_from_flash),
            ("its prompt answers a typed command", prompt_answers),
            ("CFI probe finds the flash; an erase of the code bank leaves it unchanged",
             flash_probed_and_read_only),
            ("saveenv erases and programs the variables' bank", environment_saved),
            ("distro boot: boot.scr, bootefi, Linux's /init", linux_through_bootefi)]


@scenario
def firmware_edk2():
    """EDK2: it finds its variable store in the flash (formatting it through
    erase and program commands), reaches its shell, runs startup.nsh from
    the disk's ESP, answers a typed command, and starts Linux through the
    EFI stub (linux.nsh: fs0:\\Image initrd=\\initrd ...)."""
    typing = [(r"^\[edk2\] TANDEM-EDK2-STARTUP$", b"ls fs0:\\\r"),
              (r"^\[edk2\] .*\d+\s+Image\s*$", b"fs0:\\linux.nsh\r")]
    out = boot("firmware-edk2", [(firmware_overlay("edk2"), EDK2)], smp=1, tandem=TANDEM_HIGH,
               extra=firmware_disk(), typing=typing, until=r"TANDEM-LINUX-INIT-REACHED", timeout=600)

    def entered_from_flash():
        expect(out, r"^tandem: vm edk2: firmware in flash at IPA 0x0-0x1fffff \(2048 KiB, read-only\), "
                    r"variables in volatile flash$",
               r"^\[edk2\] UEFI firmware")

    def shell_answers():
        # the shell echoes typed characters one by one, between cursor moves
        expect(out, r"^\[edk2\] .*UEFI Interactive Shell", r"^\[edk2\] .*Shell> .*echo TANDEM-EDK2-STARTUP",
               r"^\[edk2\] TANDEM-EDK2-STARTUP$", r"^\[edk2\] .*Shell> .*l.*s.* .*f.*s.*0.*:",
               r"^\[edk2\] .*[\d,]+\s+Image\s*$")
        expect(out, r"^\[edk2\] TANDEM-EDK2-STARTUP$", r"^\[edk2\] .*\d+\s+.*startup\.nsh")

    def linux_through_efi_stub():
        expect(out, r"^\[edk2\] .*Shell> .*fs0:\\Image initrd=\\initrd console=ttyAMA0",
               r"^\[edk2\] EFI stub: Booting Linux Kernel\.\.\.$",
               r"^\[edk2\] EFI stub: Loaded initrd from command line option$",
               r"^\[edk2\] TANDEM-LINUX-INIT-REACHED$")
        expect_absent(out, r"PANIC|tandem: vm edk2: stopped|ASSERT")

    return [("entered at the flash base", entered_from_flash),
            ("its shell runs startup.nsh and answers a typed command", shell_answers),
            ("Linux's EFI stub, started from the shell, reaches /init", linux_through_efi_stub)]


@scenario
def firmware_flash_hostile():
    """A store to the flash that Tandem does not emulate: U-Boot's mw writes
    with a post-indexed store (no syndrome), here a CFI query command. The
    VM is stopped, alone, with a message naming its flash and the kind of
    access; Tandem goes on (and powers off, no VM being left). (The command
    decoder's broken sequences, odd sizes and reads in query mode are the
    unit tests' and fuzz_cfi's; U-Boot's and EDK2's drivers use plain
    stores, which the other firmware scenarios exercise.)"""
    typing = [(r"^\[u-boot\] Net:", b" "),
              (r"^\[u-boot\] Hit any key to stop autoboot", b"mw.l 0 00980098\r")]
    out = boot("firmware-flash-hostile", [(firmware_overlay("u-boot"), UBOOT)], smp=1, tandem=TANDEM_HIGH,
               typing=typing, until=r"^tandem: no VM is running any more", timeout=300)

    def stopped_with_cause():
        expect(out, r"^\[u-boot\] => mw\.l 0 00980098$",
               r"^tandem: vm u-boot: stopped: stage-2 permission fault at IPA 0x0 in its flash \(read-array mode\) "
               r"by an access Tandem does not emulate there \(no syndrome: load/store pair, writeback or SIMD\); "
               r"flash takes plain loads and stores$")
        expect_absent(out, r"PANIC")

    return [("a store without syndrome to the flash stops only that VM, naming the cause", stopped_with_cause),
            ("Tandem powers off when no VM is left", lambda: expect_powered_off(out))]


@scenario
def firmware_bad_overlays():
    """Firmware overlays with a flash too small for the payload and a flash
    bank over the GIC: refused at boot, and by tandem-check with the same
    messages."""
    tmp = tempfile.mkdtemp(prefix="tandem-fw-")
    vms = [(overlay("firmware-bad"), UBOOT), (overlay("firmware-over-gic"), UBOOT)]
    out = boot("firmware-bad-overlays", vms, smp=2, until=r"VM refused: .*fw-gic", timeout=60)

    def refused_at_boot():
        expect(out, r"^tandem: VM refused: overlay module@0x[0-9a-f]+: /chosen/fw-small: the firmware at 0x78000000 "
                    r"is 949 KiB, more than its 'flash' of 256 KiB; make 'flash' at least 0x100000 bytes "
                    r"\(a multiple of 256 KiB\)$",
               r"^tandem: VM refused: overlay module@0x[0-9a-f]+: /chosen/fw-gic: 'flash-variables' "
               r"0x8000000-0x803ffff covers the GIC distributor at 0x8000000; move it")

    def host_check_agrees():
        status, causes, text = host_check(vms, [], [overlay("firmware-bad") + "=" + UBOOT,
                                                    overlay("firmware-over-gic") + "=" + UBOOT], tmp, smp=2)
        if status != 1 or causes != refusals_at_boot(out) or len(causes) != 2:
            raise CheckFailed("tandem-check (exit %d) refused %s; Tandem at boot %s"
                              % (status, causes, refusals_at_boot(out)))

    def host_check_prints_firmware_vm():
        dtb = os.path.join(tmp, "firmware.dtb")
        cmd = tandem_qemu.qemu_command([(firmware_overlay("edk2"), EDK2)], tandem=TANDEM_HIGH, smp=1,
                                       extra=firmware_disk())
        cmd[cmd.index("-M") + 1] += ",dumpdtb=" + dtb
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = subprocess.run([TANDEM_CHECK, "--tandem", "0x50000000", dtb, firmware_overlay("edk2") + "=" + EDK2],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for want in (r"VM edk2 accepted", r"VM edk2: firmware: payload in read-only flash at IPA 0x0-0x1fffff",
                     r"flash@0 \{", r'compatible = "cfi-flash";',
                     r"reg = <0x00 0x00 0x00 0x200000 0x00 0x4000000 0x00 0xc0000>;", r"bank-width = <0x04>;"):
            if r.returncode != 0 or not re.search(want, r.stdout):
                raise CheckFailed("tandem-check (exit %d) printed no /%s/:\n%s" % (r.returncode, want, r.stdout))

    return [("both refused at boot, naming the file, node and fix", refused_at_boot),
            ("tandem-check refuses the same VMs with the same messages", host_check_agrees),
            ("tandem-check accepts EDK2's VM and prints its tree with the flash", host_check_prints_firmware_vm)]
