#!/usr/bin/env bash
# Builds Tandem's Linux guest payloads from Debian's arm64 (and armhf) packages
# (downloaded and verified by guests/linux/fetch.sh) into $BUILD/guests/linux/.
# Six variants, one per run:
#
# build.sh (the guest: Debian's arm64 kernel and a busybox initramfs)
#
#   Image                 the package's /boot/vmlinuz-* byte for byte (an
#                         uncompressed arm64 Image; never patched or rebuilt)
#   Image.sha256          its SHA256 ("sha256sum -c Image.sha256" in that directory)
#   Image.source          where it came from: package, version, the .deb's SHA256,
#                         the member path and the package's own md5sum of it,
#                         and the Image header fields a loader needs
#   initramfs.cpio.gz     newc cpio, gzip: busybox-static, the kernel's virtio
#                         modules with their dependencies, /init (guests/linux/init),
#                         and /bin/tandem-counter (guests/linux/counter.c, built
#                         by linux.mk and passed in COUNTER_BIN) for the benchmark,
#                         /bin/tandem-chan (guests/linux/chan.c, CHAN_BIN): the
#                         channel benchmark
#   initramfs.list        what the archive holds (cpio -tv)
#   sources.txt           the packages used (fetch.sh's table, with versions and SHA256s)
#
# build.sh --load (the same kernel, with load and latency programs)
#
#   initramfs-load.cpio.gz   initramfs.cpio.gz's contents plus /usr/bin/stress-ng and
#                            /usr/bin/cyclictest from Debian's stress-ng and rt-tests,
#                            the dynamic loader and only the shared libraries they
#                            need (their NEEDED entries, transitively); for Image
#   initramfs-load.list, sources-load.txt   as above
#
# build.sh --micro (the same kernel, with the micro-benchmarks' programs, issue 17)
#
#   initramfs-micro.cpio.gz  initramfs.cpio.gz's contents plus /usr/bin/perf (Debian's
#                            linux-perf: perf bench), /usr/bin/hackbench (rt-tests)
#                            and /usr/bin/stress-ng, with their loader and libraries
#                            as for --load; /init's tandem.test=micro runs them
#   initramfs-micro.list, sources-micro.txt   as above
#
# build.sh --rt (Debian's PREEMPT_RT kernel)
#
#   Image-rt, Image-rt.sha256, Image-rt.source   as Image*, from
#                            linux-image-6.1.0-N-rt-arm64-unsigned
#   initramfs-rt.cpio.gz     as initramfs-load.cpio.gz, with the rt kernel's own
#                            virtio modules (modules only load into the kernel
#                            release they were built for)
#   initramfs-rt.list, sources-rt.txt   as above
#
# build.sh --armhf (the ARMv7-A port's guest; run with BUILD=build/arm32)
#
#   zImage, zImage.sha256, zImage.source   as Image*, from Debian's armhf
#                            linux-image-6.1.0-N-armmp-lpae: the package's
#                            /boot/vmlinuz-* byte for byte, a self-decompressing
#                            zImage (magic 0x016f2818 at 0x24)
#   initramfs.cpio.gz        as the guest's, with busybox-static:armhf, the armhf
#                            kernel's own modules and the same /init; the
#                            counter and channel programs when COUNTER_BIN and
#                            CHAN_BIN are given (linux-arm32.mk builds them)
#   initramfs.list, sources.txt   as above
#
# build.sh --armhf --load (the ARMv7-A port's loaded guest; BUILD=build/arm32)
#
#   initramfs-load.cpio.gz   the armhf initramfs.cpio.gz's contents plus armhf
#                            stress-ng and cyclictest (stress-ng:armhf,
#                            rt-tests:armhf), /lib/ld-linux-armhf.so.3 and the
#                            libraries they need; for the armhf zImage
#   initramfs-load.list, sources-load.txt   as above
#
# The output is reproducible: the same packages give byte-identical files
# (fixed mtimes, owners 0:0, renumbered inodes, sorted entries, gzip -n).
# Nothing needs root: /dev/console, which the kernel opens for /init before
# anything is mounted, is written as a hand-made newc header.
#
# Usage: guests/linux/build.sh [--no-fetch] [--load | --micro | --rt | --armhf | --armhf --load]
#   --no-fetch              do not run tools/install-deps.sh (fetch.sh --no-deps)
#   BUILD                   build directory (default: build)
#   TANDEM_CACHE            download cache, as for fetch.sh
#   LINUX_GUEST_MODULES     modules to include (default below); their
#                           dependencies are added from each module's modinfo
#   LINUX_LOAD_PROGRAMS     programs of --load and --rt (and --armhf --load), PACKAGE:PATH words
#                           (default "stress-ng:usr/bin/stress-ng rt-tests:usr/bin/cyclictest")
#   LINUX_MICRO_PROGRAMS    programs of --micro (default: fetch.sh's)
#   SOURCE_DATE_EPOCH       mtime of every archive entry (default: the mtime of
#                           the kernel image in the package)
set -euo pipefail
umask 022   # the archive records modes: make them independent of the caller

src=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$src/../.." && pwd)
cd "$root"
BUILD=${BUILD:-build}
out=$BUILD/guests/linux
modules=${LINUX_GUEST_MODULES:-virtio_mmio virtio_blk virtio_net virtio_console crc32c_generic ext4}
# The busybox applets /init uses (the interactive shell installs the rest).
applets=(sh mount mkdir uname cat insmod grep awk tr nproc sleep taskset dd sha256sum
	setsid cttyhack poweroff reboot ip udhcpc sed umount stty watchdog)
export LINUX_LOAD_PROGRAMS=${LINUX_LOAD_PROGRAMS:-stress-ng:usr/bin/stress-ng rt-tests:usr/bin/cyclictest}
export LINUX_MICRO_PROGRAMS=${LINUX_MICRO_PROGRAMS:-linux-perf:usr/bin/perf rt-tests:usr/bin/hackbench stress-ng:usr/bin/stress-ng}

log() { echo "build.sh: $*" >&2; }
die() { log "$*"; exit 1; }

usage='build.sh [--no-fetch] [--load | --micro | --rt | --armhf | --armhf --load]'
fetch_opts=() variant=guest armhf=0
for arg in "$@"; do
	case $arg in
	--no-fetch) fetch_opts+=(--no-deps) ;;
	--load) variant=load ;;
	--micro) variant=micro ;;
	--rt) variant=rt ;;
	--armhf) armhf=1 ;;
	*) die "unknown argument '$arg' (usage: $usage)" ;;
	esac
done
if [ "$armhf" = 1 ]; then
	case $variant in
	guest) variant=armhf ;;
	load) variant="armhf-load" ;;
	*) die "--armhf goes with --load only (usage: $usage)" ;;
	esac
fi
# arm64: the SBSA generic watchdog's driver too (CONFIG_ARM_SBSA_WATCHDOG=m),
# for a VM with a 'watchdog' (Tandem's emulated one; docs/configuration.md).
# The armhf kernels have no such driver.
[ "$armhf" = 1 ] || [ -n "${LINUX_GUEST_MODULES:-}" ] || modules="$modules sbsa_gwdt"
# What each variant is made of (fetch.sh sets), the roles of its kernel,
# busybox and load programs in fetch.sh's table, the suffix of its files,
# and whether it has the load programs.
urole=userland programs=$LINUX_LOAD_PROGRAMS
case $variant in
guest) sets=(guest) krole=kernel brole=busybox suffix='' image=Image with_load=0 ;;
load) sets=(guest load) krole=kernel brole=busybox suffix=-load image='' with_load=1 ;;
micro) sets=(guest micro) krole=kernel brole=busybox urole=micro-userland suffix=-micro image='' with_load=1
	programs=$LINUX_MICRO_PROGRAMS ;;
rt) sets=(rt load) krole=rt-kernel brole=busybox suffix=-rt image=Image-rt with_load=1 ;;
armhf) sets=(armhf) krole=armhf-kernel brole=armhf-busybox suffix='' image=zImage with_load=0 ;;
armhf-load) sets=(armhf armhf-load) krole=armhf-kernel brole=armhf-busybox urole=armhf-userland
	suffix=-load image='' with_load=1 ;;
esac
arch=arm64
[ "$armhf" = 1 ] && arch=armhf

table=$("$src/fetch.sh" "${fetch_opts[@]}" "${sets[@]}")
IFS=$'\t' read -r _ kpkg kversion ksha kdeb < <(grep "^$krole"$'\t' <<<"$table")
IFS=$'\t' read -r _ bpkg bversion bsha bdeb < <(grep "^$brole"$'\t' <<<"$table")
[ -f "${kdeb:-}" ] && [ -f "${bdeb:-}" ] || die "fetch.sh gave no $krole or $brole .deb"
userland=$(grep "^$urole"$'\t' <<<"$table" || true)
[ "$with_load" = 0 ] || [ -n "$userland" ] || die "fetch.sh gave no userland packages"

# Skip the work when nothing that goes into the output has changed.
inputs=$( {
	echo "$ksha $bsha $modules ${SOURCE_DATE_EPOCH:-}"
	cat "$src/build.sh" "$src/init"
	[ -n "${COUNTER_BIN:-}" ] && cat "$COUNTER_BIN"
	[ -n "${CHAN_BIN:-}" ] && cat "$CHAN_BIN"
	[ "$with_load" = 0 ] || echo "$programs $userland"
} | sha256sum | cut -d' ' -f1)
initramfs=initramfs$suffix.cpio.gz
outputs=("$initramfs" "initramfs$suffix.list" "sources$suffix.txt")
[ -z "$image" ] || outputs+=("$image" "$image.sha256" "$image.source")
stamp=$out/.inputs$suffix
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$inputs" ]; then
	uptodate=1
	for f in "${outputs[@]}"; do [ -f "$out/$f" ] || uptodate=0; done
	if [ "$uptodate" = 1 ] && { [ -z "$image" ] || (cd "$out" && sha256sum -c --status "$image.sha256"); }; then
		log "$out/$initramfs${image:+ and $image} up to date ($kpkg $kversion)"
		exit 0
	fi
fi

mkdir -p "$out"
rm -f "$stamp"
work=$out/.work$suffix
rm -rf "$work"
mkdir -p "$work/kernel" "$work/busybox" "$work/root"

# --- the kernel image ---------------------------------------------------------
log "unpacking $(basename "$kdeb")"
dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$work/kernel" --wildcards './boot/vmlinuz-*' './lib/modules/*'
images=("$work"/kernel/boot/vmlinuz-*)
[ "${#images[@]}" = 1 ] && [ -f "${images[0]}" ] || die "expected one /boot/vmlinuz-* in $kpkg, found: ${images[*]}"
vmlinuz=${images[0]}
kver=${vmlinuz##*/vmlinuz-}
member=boot/vmlinuz-$kver
[ -d "$work/kernel/lib/modules/$kver" ] || die "$kpkg has no lib/modules/$kver"

if [ "$arch" = arm64 ]; then
	# arm64 Image header (Documentation/arch/arm64/booting.rst): magic "ARM\x64"
	# at 0x38; text_offset, image_size and flags are little-endian u64 at 8, 16, 24.
	magic=$(od -An -tx1 -j 0x38 -N 4 "$vmlinuz" | tr -d ' \n')
	[ "$magic" = 41524d64 ] || die "$member is not an uncompressed arm64 Image (magic at 0x38: $magic)"
	le64() { od -An -tu8 -j "$1" -N 8 --endian=little "$vmlinuz" | tr -d ' '; }
	header="# arm64 Image header: load at a 2 MiB-aligned address + text_offset; image_size
# bytes from there must be free (bss included).
text_offset=$(le64 8)
image_size=$(le64 16)
flags=$(le64 24)"
else
	# zImage header (arch/arm/boot/compressed/head.S): little-endian u32s at
	# 0x24 magic 0x016f2818, 0x28 start and 0x2c end (start 0: position
	# independent; end - start is the file), 0x30 0x04030201 (little-endian).
	le32() { od -An -tu4 -j "$1" -N 4 --endian=little "$vmlinuz" | tr -d ' '; }
	[ "$(le32 0x24)" = $((0x016f2818)) ] && [ "$(le32 0x30)" = $((0x04030201)) ] ||
		die "$member is not a little-endian ARM zImage (no magic at 0x24)"
	[ $(($(le32 0x2c) - $(le32 0x28))) = "$(stat -c %s "$vmlinuz")" ] ||
		die "$member: the zImage header's end - start is not the file's size"
	header="# zImage header: position independent (start 0); it decompresses the kernel to
# RAM base (the load address & 0xf8000000) + 0x8000: load it in the first
# 128 MiB of RAM, and keep the initrd and DTB clear of the decompressed kernel.
zimage_start=$(le32 0x28)
zimage_end=$(le32 0x2c)"
fi

# The package's own checksum of the file (DEBIAN/md5sums) ties the extracted
# bytes to the package, in addition to the .deb's SHA256 from the archive.
pkg_md5=$(dpkg-deb --ctrl-tarfile "$kdeb" | tar -xO ./md5sums | awk -v m="$member" '$2 == m {print $1}')
[ -n "$pkg_md5" ] || die "no md5sum for $member in $kpkg"
[ "$(md5sum <"$vmlinuz" | cut -d' ' -f1)" = "$pkg_md5" ] || die "$member does not match the package's md5sums"

if [ -n "$image" ]; then
	cp "$vmlinuz" "$out/$image.tmp"
	cmp -s "$vmlinuz" "$out/$image.tmp" || die "copy of $member differs"
	mv -f "$out/$image.tmp" "$out/$image"
	image_sha=$(sha256sum <"$out/$image" | cut -d' ' -f1)
	echo "$image_sha  $image" >"$out/$image.sha256"
	cat >"$out/$image.source" <<EOF
# $image is this member of this package, byte for byte.
package=$kpkg
version=$kversion
architecture=$arch
deb=$(basename "$kdeb")
deb_sha256=$ksha
member=./$member
member_md5=$pkg_md5
kernel_release=$kver
image_sha256=$image_sha
image_bytes=$(stat -c %s "$out/$image")
$header
EOF
fi

# --- the initramfs ------------------------------------------------------------
epoch=${SOURCE_DATE_EPOCH:-$(stat -c %Y "$vmlinuz")}
r=$work/root
mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,tmp,root,lib/modules/"$kver"}

log "unpacking $(basename "$bdeb")"
dpkg-deb --fsys-tarfile "$bdeb" | tar -x -C "$work/busybox" ./bin/busybox
install -m 0755 "$work/busybox/bin/busybox" "$r/bin/busybox"
if [ -n "${CHAN_BIN:-}" ]; then
	install -m 0755 "$CHAN_BIN" "$r/bin/tandem-chan"
fi
if [ -n "${COUNTER_BIN:-}" ]; then
	install -m 0755 "$COUNTER_BIN" "$r/bin/tandem-counter"
fi
busybox_type='ARM aarch64.*statically linked'
[ "$arch" = arm64 ] || busybox_type='32-bit LSB executable, ARM, EABI5.*statically linked'
[[ $(file -b "$r/bin/busybox") =~ $busybox_type ]] ||
	die "busybox from $bpkg is not a static $arch executable"
# Applet names are stored NUL-separated in the binary: check /init's are there.
names=$(tr '\0' '\n' <"$r/bin/busybox")
for a in "${applets[@]}"; do
	grep -qxF "$a" <<<"$names" || die "busybox from $bpkg has no applet $a"
	ln -s busybox "$r/bin/$a"
done
install -m 0755 "$src/init" "$r/init"

# Modules: the requested ones plus, recursively, the "depends=" of each
# module's .modinfo (what depmod would write to modules.dep; the package ships
# no modules.dep: its postinst runs depmod). Names in depends= use "_" where
# file names may use "-".
mods=$work/kernel/lib/modules/$kver
declare -A path_of deps_of
while read -r ko; do
	n=${ko##*/}
	n=${n%.ko*}
	path_of[${n//-/_}]=${ko#"$mods"/}
done < <(find "$mods/kernel" -name '*.ko*')
order=()
declare -A state
# This kernel ships plain .ko files (CONFIG_MODULE_COMPRESS_NONE). Should a
# later one compress them, they are stored decompressed: the signature is on
# the uncompressed module, and busybox insmod then needs no decompressor.
unpack_ko() {
	case $1 in
	*.ko) cat "$1" ;;
	*.ko.xz) xz -dc "$1" ;;
	*.ko.zst) zstd -qdc "$1" ;;
	*.ko.gz) gzip -dc "$1" ;;
	*) die "unknown module format: $1" ;;
	esac
}
visit() {
	local n=${1//-/_} d ko
	case ${state[$n]:-} in visited) return 0 ;; active) die "module dependency cycle at $n" ;; esac
	ko=${path_of[$n]:-}
	[ -n "$ko" ] || die "module $n is not in $kpkg (built in? see lib/modules/$kver/modules.builtin)"
	state[$n]=active
	deps_of[$n]=$(unpack_ko "$mods/$ko" | tr '\0' '\n' | awk -F= '$1 == "depends" && !n++ { gsub(",", " ", $2); print $2 }')
	for d in ${deps_of[$n]}; do visit "$d"; done
	state[$n]=visited
	order+=("$n")
}
for m in $modules; do visit "$m"; done
# closure NAME -> NAME's dependencies, transitively, in modules.dep order
# (a module before what it needs: modprobe loads the list from the end).
closure() {
	local d
	for d in ${deps_of[${1//-/_}]}; do
		d=${d//-/_}
		echo "${path_of[$d]%.ko*}.ko"
		closure "$d"
	done
}
: >"$r/lib/modules/$kver/modules.load"
: >"$r/lib/modules/$kver/modules.dep"
for n in "${order[@]}"; do
	ko=${path_of[$n]%.ko*}.ko
	mkdir -p "$(dirname "$r/lib/modules/$kver/$ko")"
	unpack_ko "$mods/${path_of[$n]}" >"$r/lib/modules/$kver/$ko"
	chmod 0644 "$r/lib/modules/$kver/$ko"
	echo "$ko" >>"$r/lib/modules/$kver/modules.load"
	echo "$ko: $(closure "$n" | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')" |
		sed 's/: $/:/' >>"$r/lib/modules/$kver/modules.dep"
done
# modinfo's view of the kernel's built-ins, for modprobe in the shell.
cp "$mods/modules.builtin" "$r/lib/modules/$kver/modules.builtin"

# Programs of the --load and --rt variants, with what the dynamic loader needs
# to run them: the interpreter each names (PT_INTERP), then every NEEDED
# library, transitively, looked up where Debian's glibc looks without an
# ld.so.cache (its built-in multiarch directories). Each library is stored
# under its soname (the file a symlink of that name points to), and nothing
# else of the packages is kept.
libdirs=(lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib)
readelf_=aarch64-linux-gnu-readelf prog_type='ELF 64-bit.*ARM aarch64'
if [ "$arch" = armhf ]; then
	libdirs=(lib/arm-linux-gnueabihf usr/lib/arm-linux-gnueabihf lib usr/lib)
	readelf_=arm-linux-gnueabihf-readelf prog_type='ELF 32-bit LSB.*ARM, EABI5'
fi
dlopened=(libgcc_s.so.1)   # glibc dlopen()s it (pthread_cancel, backtrace)
userland_libs=()
if [ "$with_load" = 1 ]; then
	u=$work/userland
	mkdir -p "$u"
	log "unpacking $(wc -l <<<"$userland") userland packages"
	while IFS=$'\t' read -r _ _ _ _ udeb; do
		dpkg-deb -x "$udeb" "$u"
	done <<<"$userland"
	declare -A have_lib=()
	queue=()
	add_needed() { # ELF file: queue its NEEDED sonames
		local so
		while read -r so; do queue+=("$so"); done < <("$readelf_" -dW "$1" | sed -n 's/^.*(NEEDED).*\[\(.*\)\]$/\1/p')
	}
	for spec in $programs; do
		f=${spec#*:}
		[ -f "$u/$f" ] || die "no $f in the userland packages"
		[[ $(file -b "$u/$f") =~ $prog_type ]] || die "$f is not an $arch ELF program"
		install -D -m 0755 "$u/$f" "$r/$f"
		add_needed "$u/$f"
		interp=$("$readelf_" -lW "$u/$f" | sed -n 's/^.*Requesting program interpreter: \(.*\)\]$/\1/p')
		if [ -n "$interp" ] && [ ! -e "$r$interp" ] && [ ! -L "$r$interp" ]; then
			[ -e "$u$interp" ] || die "the interpreter $interp of $f is in no userland package"
			mkdir -p "$(dirname "$r$interp")"
			# Debian's is a relative symlink into the multiarch directory,
			# where the loader also lands as libc's NEEDED: keep it a symlink.
			cp -P "$u$interp" "$r$interp"
			queue+=("$(basename "$(readlink -f "$u$interp")")")
		fi
	done
	queue+=("${dlopened[@]}")
	while [ "${#queue[@]}" -gt 0 ]; do
		so=${queue[0]}
		queue=("${queue[@]:1}")
		[ -n "${have_lib[$so]:-}" ] && continue
		found=
		for d in "${libdirs[@]}"; do
			if [ -f "$u/$d/$so" ]; then found=$d; break; fi
		done
		[ -n "$found" ] || die "no userland package provides $so"
		install -D -m 0644 "$u/$found/$so" "$r/$found/$so"
		[ "${so#ld-linux}" = "$so" ] || chmod 0755 "$r/$found/$so"
		have_lib[$so]=1
		userland_libs+=("$so")
		add_needed "$u/$found/$so"
	done
	for spec in $programs; do
		f=${spec#*:}
		[ -e "$r/$f" ] || die "$f missing"
	done
	# A dangling interpreter symlink would make every program fail to exec.
	while read -r l; do
		[ -e "$l" ] || die "dangling symlink ${l#"$r"} in the initramfs"
	done < <(find "$r" -type l)
fi

# Deterministic metadata: every entry owned by 0:0 (cpio --owner), the same
# mtime, inodes renumbered, entries sorted (parents before children).
find "$r" -type d -exec chmod 0755 {} +
find "$r" -exec touch -h -d "@$epoch" {} +

# newc header for an entry cpio cannot archive without root (a device node).
newc_entry() { # NAME MODE(octal) NLINK RDEVMAJOR RDEVMINOR INO
	local name=$1 namesize=$((${#1} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$6" $((8#$2)) 0 0 "$3" "$epoch" 0 0 0 "$4" "$5" "$namesize" 0
	printf '%s\0' "$name"
	head -c $(((4 - (110 + namesize) % 4) % 4)) /dev/zero
}
{
	newc_entry dev 040755 2 0 0 $((0x7ffffff0))
	newc_entry dev/console 020600 1 5 1 $((0x7ffffff1))
	(cd "$r" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
		cpio -o -H newc --owner=0:0 --reproducible --quiet)
} >"$work/initramfs.cpio"
gzip -9 -n <"$work/initramfs.cpio" >"$out/$initramfs.tmp"
mv -f "$out/$initramfs.tmp" "$out/$initramfs"
(cd "$work" && cpio -tv --quiet <initramfs.cpio) >"$out/initramfs$suffix.list"
grep -q '^crw------- .* dev/console$' "$out/initramfs$suffix.list" || die "dev/console missing from the archive"

printf '%s\n' "$table" | awk -F'\t' -v OFS='\t' '{ sub(".*/", "", $5); print }' >"$out/sources$suffix.txt"
echo "$inputs" >"$stamp"
[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"

log "$out: ${image:+$image $(stat -c %s "$out/$image") bytes, }$initramfs" \
	"$(stat -c %s "$out/$initramfs") bytes ($kpkg $kversion, $kver; busybox $bversion;" \
	"modules: ${order[*]}${userland_libs[*]:+; programs: $programs; libraries: ${userland_libs[*]}})"
