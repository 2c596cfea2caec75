#!/usr/bin/env bash
# Installs everything Tandem needs to build, test and benchmark on Debian 12:
# host packages through apt, and arm64 packages (which cannot be co-installed
# with their host twins) downloaded into a cache, checked against the archive's
# SHA256 and unpacked into a build-local sysroot.
#
# Usage: tools/install-deps.sh [--host-only]
#   TANDEM_CACHE   download cache (default: ${XDG_CACHE_HOME:-~/.cache}/tandem)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${TANDEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tandem}
sysroot=${TANDEM_SYSROOT:-$here/build/sysroot-arm64}
sysroot32=${TANDEM_SYSROOT32:-$here/build/sysroot-arm32}

host_packages=(
	make gcc libc6-dev pkg-config python3 cpio xz-utils gzip file git
	qemu-system-arm gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf
	device-tree-compiler libfdt-dev check gdb-multiarch e2fsprogs
	mtools dosfstools u-boot-tools
	clang libclang-rt-14-dev
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || { echo "install-deps: need root or sudo" >&2; exit 1; }
	sudo_cmd=(sudo)
fi

apt_update() {
	# A mirror in the middle of a sync makes one index fail while the rest are
	# fine: retry a few times, then carry on with what we have.
	local i
	for i in 1 2 3; do
		if "${sudo_cmd[@]}" apt-get update -q >/tmp/tandem-apt-update.log 2>&1; then
			return 0
		fi
		sleep $((i * 5))
	done
	echo "install-deps: apt-get update reported errors (continuing):" >&2
	grep -E '^(E|W):' /tmp/tandem-apt-update.log >&2 || true
}

missing=()
for p in "${host_packages[@]}"; do
	# grep reads a variable, not a pipe: with pipefail, grep -q closing a pipe
	# early makes the writer fail and the test wrongly false.
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	grep -q "install ok installed" <<<"$status" || missing+=("$p")
done
# Both guest architectures' packages are fetched from the archive: arm64 and
# armhf must be known to apt.
need_arm64_arch=0
foreign=$(dpkg --print-foreign-architectures)
for a in arm64 armhf; do
	if ! grep -qx "$a" <<<"$foreign"; then
		"${sudo_cmd[@]}" dpkg --add-architecture "$a"
		need_arm64_arch=1
	fi
done
updated=0
if [ "${#missing[@]}" -gt 0 ] || [ "$need_arm64_arch" = 1 ]; then
	apt_update
	updated=1
fi
if [ "${#missing[@]}" -gt 0 ]; then
	echo "install-deps: installing ${missing[*]}"
	"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/tandem-apt-install.log 2>&1 || {
		tail -20 /tmp/tandem-apt-install.log >&2
		exit 1
	}
fi

[ "${1:-}" = "--host-only" ] && exit 0

# fetch_deb NAME:ARCH -> prints the path of the verified .deb in the cache.
# The package's SHA256 comes from the archive's signed index (apt-cache show);
# a cached file that no longer matches is downloaded again.
fetch_deb() {
	local spec=$1 info version sha file
	info=$(apt-cache show --no-all-versions "$spec" 2>/dev/null) || {
		if [ "$updated" = 0 ]; then apt_update; updated=1; fi
		info=$(apt-cache show --no-all-versions "$spec")
	}
	version=$(awk '/^Version:/{print $2; exit}' <<<"$info")
	sha=$(awk '/^SHA256:/{print $2; exit}' <<<"$info")
	file=$(awk '/^Filename:/{print $2; exit}' <<<"$info")
	local deb=$cache/debs/$(basename "$file")
	mkdir -p "$cache/debs"
	if [ ! -f "$deb" ] || ! echo "$sha  $deb" | sha256sum -c --status; then
		(cd "$cache/debs" && apt-get download -q "$spec=$version" >/dev/null 2>&1) || {
			echo "install-deps: cannot download $spec=$version" >&2
			return 1
		}
	fi
	echo "$sha  $deb" | sha256sum -c --status || {
		echo "install-deps: $deb does not match the archive's SHA256 $sha" >&2
		return 1
	}
	echo "$deb"
}

# libfdt for the freestanding arm64 images (Tandem and the guests link it).
if [ ! -f "$sysroot/usr/lib/aarch64-linux-gnu/libfdt.a" ]; then
	deb=$(fetch_deb libfdt-dev:arm64)
	mkdir -p "$sysroot"
	dpkg-deb -x "$deb" "$sysroot"
fi
# ... and for the ARMv7 images (el2/arm32/arch.mk).
if [ ! -f "$sysroot32/usr/lib/arm-linux-gnueabihf/libfdt.a" ]; then
	deb=$(fetch_deb libfdt-dev:armhf)
	mkdir -p "$sysroot32"
	dpkg-deb -x "$deb" "$sysroot32"
fi
