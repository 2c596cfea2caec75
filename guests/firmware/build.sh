#!/usr/bin/env bash
# Firmware guests (docs/configuration.md, "Firmware guests"): Debian's U-Boot
# (u-boot-qemu: qemu_arm64/u-boot.bin) and EDK2 (qemu-efi-aarch64:
# QEMU_EFI.fd), fetched and checked by guests/linux/fetch.sh firmware, and
# the disk they boot Debian's kernel from, as an EBBR board boots a
# distribution: an MBR disk with one FAT partition (an EFI system partition)
# holding the Image (whose EFI stub makes it a PE program), the busybox
# initramfs, a U-Boot script (boot.scr, mkimage) and EFI shell scripts
# (startup.nsh, linux.nsh). Also tandem-high.bin: Tandem with its Image header asking
# for 256 MiB above the base of RAM, so that QEMU's -kernel puts it at
# 0x50000000 and a firmware VM gets the platform's low RAM 1:1 (its virtio
# disk masters memory; firmware wants RAM and its tree at 0x40000000).
#
# Usage: BUILD=build guests/firmware/build.sh   (after guests/linux/build.sh)
# Writes $BUILD/guests/firmware/{u-boot.bin,QEMU_EFI.fd,esp.img,tandem-high.bin}.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$here/build}
out=$build/guests/firmware
linux=$build/guests/linux
log() { echo "firmware/build.sh: $*" >&2; }

for t in mkimage mcopy mkfs.vfat; do
	command -v "$t" >/dev/null || "$here/tools/install-deps.sh" --host-only >&2
done
mkdir -p "$out"
lines=$("$here/guests/linux/fetch.sh" firmware)
inputs=$( { echo "$lines"; sha256sum "$linux/Image" "$linux/initramfs.cpio.gz" "$build/tandem.bin" "$0"; } | sha256sum)
if [ -f "$out/.inputs" ] && [ "$(cat "$out/.inputs")" = "$inputs" ] &&
	[ -f "$out/esp.img" ] && [ -f "$out/tandem-high.bin" ]; then
	exit 0
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tandem-fw.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
while IFS=$'\t' read -r role pkg version _sha deb; do
	dpkg-deb -x "$deb" "$scratch/$role"
	case $role in
	u-boot) cp "$scratch/$role/usr/lib/u-boot/qemu_arm64/u-boot.bin" "$out/u-boot.bin" ;;
	edk2) cp "$scratch/$role/usr/share/qemu-efi-aarch64/QEMU_EFI.fd" "$out/QEMU_EFI.fd" ;;
	esac
	echo "$role $pkg $version" >>"$scratch/sources"
done <<<"$lines"
cp "$scratch/sources" "$out/sources"

# The U-Boot script: what distro boot runs from the partition (bootefi: the
# kernel's EFI stub, as EBBR prescribes; the initrd through its command line).
cat >"$scratch/boot.cmd" <<'CMD'
echo TANDEM-UBOOT-SCRIPT
load virtio 0:1 ${kernel_addr_r} Image
setenv bootargs "console=ttyAMA0 rdinit=/init initrd=initrd"
bootefi ${kernel_addr_r} ${fdtcontroladdr}
CMD
mkimage -A arm64 -T script -C none -n tandem -d "$scratch/boot.cmd" "$scratch/boot.scr" >/dev/null
# EDK2's shell runs startup.nsh from the first file system it maps (the
# counter first, for the benchmark), then waits at its prompt; linux.nsh starts the kernel's EFI stub (typed, or
# called from startup.nsh on a board that should boot on its own).
printf 'fs0:\\cntvct.efi\r\necho TANDEM-EDK2-COUNTER %%lasterror%%\r\necho TANDEM-EDK2-STARTUP\r\n' \
	>"$scratch/startup.nsh"
printf 'fs0:\\Image initrd=\\initrd console=ttyAMA0 rdinit=/init\r\n' >"$scratch/linux.nsh"

# cntvct.efi: the smallest EFI application, for the benchmark
# (tests/bench/firmware_bench.py): it returns the virtual counter
# (mrs x0, cntvct_el0; ret), which EDK2's shell then shows as %lasterror%.
# A PE32+ image for AArch64 with one code section, written field by field.
python3 - "$scratch/cntvct.efi" <<'PY'
import struct, sys
dos = b"MZ" + b"\0" * 0x3a + struct.pack("<I", 0x40)
coff = struct.pack("<HHIIIHH", 0xaa64, 1, 0, 0, 0, 0xf0, 0x0206)
opt = struct.pack("<HBBIIIII", 0x20b, 0, 0, 0x200, 0, 0, 0x1000, 0x1000)
opt += struct.pack("<QIIHHHHHHIIIIHHQQQQII", 0, 0x1000, 0x200, 0, 0, 0, 0, 0, 0, 0,
                   0x2000, 0x200, 0, 10, 0, 0, 0, 0, 0, 0, 16)
opt += b"\0" * (16 * 8)
sect = struct.pack("<8sIIIIIIHHI", b".text", 8, 0x1000, 0x200, 0x200, 0, 0, 0, 0, 0x60000020)
head = (dos + b"PE\0\0" + coff + opt + sect).ljust(0x200, b"\0")
code = struct.pack("<II", 0xd53be040, 0xd65f03c0).ljust(0x200, b"\0")
open(sys.argv[1], "wb").write(head + code)
PY

# 80 MiB disk, partition 1 from 1 MiB: FAT32 (mkfs.vfat at an offset, mtools
# at the same offset). The MBR is written by hand: no partitioning tool is
# needed for one entry.
img=$scratch/esp.img
truncate -s 80M "$img"
python3 - "$img" <<'PY'
import struct, sys
sectors = 80 * 1024 * 1024 // 512
entry = struct.pack('<B3sB3sII', 0, b'\xfe\xff\xff', 0x0c, b'\xfe\xff\xff', 2048, sectors - 2048)
with open(sys.argv[1], 'r+b') as f:
    f.seek(446)
    f.write(entry + b'\0' * 48 + b'\x55\xaa')
PY
mkfs.vfat -F 32 --offset 2048 -n TANDEM-ESP "$img" $((79 * 1024)) >/dev/null
mcopy -i "$img@@1M" "$linux/Image" ::Image
mcopy -i "$img@@1M" "$linux/initramfs.cpio.gz" ::initrd
mcopy -i "$img@@1M" "$scratch/boot.scr" "$scratch/startup.nsh" "$scratch/linux.nsh" "$scratch/cntvct.efi" ::
mv -f "$img" "$out/esp.img"

# Tandem at 0x50000000: the same image, text_offset 0x10000000 in its header
# (offset 8). QEMU loads an Image at the base of RAM + text_offset.
cp "$build/tandem.bin" "$out/tandem-high.bin"
printf '\x00\x00\x00\x10\x00\x00\x00\x00' | dd of="$out/tandem-high.bin" bs=1 seek=8 conv=notrunc status=none
echo "$inputs" >"$out/.inputs"
log "$out: u-boot.bin, QEMU_EFI.fd, esp.img, tandem-high.bin ($(tr '\n' ';' <"$out/sources"))"
