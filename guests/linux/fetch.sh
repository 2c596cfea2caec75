#!/usr/bin/env bash
# Downloads the Debian arm64 (and armhf) packages the Linux guest payloads are
# built from into the download cache, each checked against the SHA256 of the
# archive's signed index (apt-cache show), the way tools/install-deps.sh
# fetches its arm64 packages. Nine sets, each asked for by name:
#
#   guest (the default; guests/linux/build.sh)
#     kernel     linux-image-6.1.0-N-arm64-unsigned, N taken at download time
#                from the Depends of the metapackage linux-image-arm64:arm64
#     busybox    busybox-static:arm64
#   rt (build.sh --rt)
#     rt-kernel  linux-image-6.1.0-N-rt-arm64-unsigned (PREEMPT_RT), N from
#                the Depends of linux-image-rt-arm64:arm64
#     busybox    busybox-static:arm64
#   armhf (build.sh --armhf: the ARMv7-A port's guest, issue 15)
#     armhf-kernel   linux-image-6.1.0-N-armmp-lpae:armhf, N from the Depends
#                    of linux-image-armmp-lpae:armhf (armhf images are not
#                    signed: there is no -unsigned twin)
#     armhf-busybox  busybox-static:armhf
#   a9 (guests/a9/build.sh: the Cortex-A9 platform tree, issue 16)
#     a9-kernel  linux-image-6.1.0-N-armmp:armhf (the non-LPAE flavour), N
#                from the Depends of linux-image-armmp:armhf: its
#                vexpress-v2p-ca9.dtb is the vexpress-a9 platform tree
#   firmware (guests/firmware/build.sh)
#     u-boot     u-boot-qemu (Architecture: all; qemu_arm64/u-boot.bin)
#     edk2       qemu-efi-aarch64 (Architecture: all; QEMU_EFI.fd)
#   xen (tests/bench/xen_peer.py: the Xen 4.17 peer, issue 17)
#     xen        xen-hypervisor-4.17-arm64:arm64, Debian's own, unpatched
#                (boot/xen-4.17-arm64)
#   load (build.sh --load and --rt)
#     userland   stress-ng:arm64 and rt-tests:arm64 (cyclictest), then every
#                package that provides a shared library they need: the
#                dynamic section (NEEDED) of each program and of each library
#                found is read with aarch64-linux-gnu-readelf, and a library
#                is looked for in the packages already used, then in the
#                Depends of those packages (dpkg-shlibdeps wrote them from
#                these same NEEDED entries), level by level. Only packages
#                that provide a needed library are listed (a Depends that
#                provides none, python3 of rt-tests say, is downloaded to be
#                looked into, then left out).
#   micro (build.sh --micro: the seed papers' Linux micro-benchmarks, issue 17)
#     micro-userland  the same for linux-perf:arm64 (perf bench), rt-tests:arm64
#                (hackbench) and stress-ng:arm64, and the packages of their
#                libraries (perf's pull in libperl and libpython, which
#                perf bench never starts)
#   armhf-load (build.sh --armhf --load)
#     armhf-userland  the same for armhf: stress-ng:armhf, rt-tests:armhf and
#                the armhf packages of their libraries, read with
#                arm-linux-gnueabihf-readelf
#
# Usage: guests/linux/fetch.sh [--no-deps] [guest] [rt] [load] [micro] [armhf] [armhf-load] [a9] [firmware] [xen]
#   --no-deps      never run tools/install-deps.sh --host-only (by default it
#                  runs when the arm64 (for "armhf" and "armhf-load": armhf)
#                  architecture or a host tool is missing)
#   TANDEM_CACHE   download cache (default: ${XDG_CACHE_HOME:-~/.cache}/tandem);
#                  the .debs go to $TANDEM_CACHE/debs
#   LINUX_LOAD_PROGRAMS  the "load" and "armhf-load" sets' programs, PACKAGE:PATH words
#                  (default "stress-ng:usr/bin/stress-ng rt-tests:usr/bin/cyclictest")
#   LINUX_MICRO_PROGRAMS  the "micro" set's programs, PACKAGE:PATH words (default
#                  "linux-perf:usr/bin/perf rt-tests:usr/bin/hackbench stress-ng:usr/bin/stress-ng")
#
# Prints one tab-separated line per package on stdout, set after set:
#   ROLE PACKAGE VERSION SHA256 PATH
# (ROLE is "kernel", "busybox", "rt-kernel", "userland", "armhf-kernel",
# "armhf-busybox", "armhf-userland", "a9-kernel", "u-boot", "edk2" or "xen"); progress and
# errors go to stderr.
# Idempotent: with a warm cache it makes no network access and takes a fraction
# of a second (it re-hashes the cached .debs; see "memo" below). It runs
# apt-get update (which needs root or sudo) only when apt does not know the
# packages or the mirror no longer has the version apt knows.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
cache=${TANDEM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tandem}
debs=$cache/debs

log() { echo "fetch.sh: $*" >&2; }
die() { log "$*"; exit 1; }

no_deps=0
sets=()
for arg in "$@"; do
	case $arg in
	--no-deps) no_deps=1 ;;
	guest | rt | load | micro | armhf | armhf-load | a9 | firmware | xen) sets+=("$arg") ;;
	*) die "unknown argument '$arg' (usage: fetch.sh [--no-deps] [guest] [rt] [load] [micro] [armhf] [armhf-load] [a9] [firmware] [xen])" ;;
	esac
done
[ "${#sets[@]}" -gt 0 ] || sets=(guest)
load_programs=${LINUX_LOAD_PROGRAMS:-stress-ng:usr/bin/stress-ng rt-tests:usr/bin/cyclictest}
micro_programs=${LINUX_MICRO_PROGRAMS:-linux-perf:usr/bin/perf rt-tests:usr/bin/hackbench stress-ng:usr/bin/stress-ng}

# Host tools (cpio, qemu, ...) and the arm64 foreign architecture, with an
# apt-get update when it has to add it: tools/install-deps.sh does both. It is
# only run when something is missing, as it can be slow to decide that nothing
# is (and no pipes into "grep -q" here: under pipefail the writer's SIGPIPE
# would count as a failure).
deps_missing() {
	local arches t
	arches=$(dpkg --print-foreign-architectures)
	grep -qx arm64 <<<"$arches" || return 0
	[[ " ${sets[*]} " != *" armhf"* && " ${sets[*]} " != *" a9 "* ]] || grep -qx armhf <<<"$arches" || return 0
	for t in apt-get apt-cache dpkg-deb sha256sum cpio gzip file qemu-system-aarch64 \
		qemu-system-arm aarch64-linux-gnu-readelf arm-linux-gnueabihf-readelf; do
		command -v "$t" >/dev/null || return 0
	done
	return 1
}
if [ "$no_deps" = 0 ] && deps_missing; then
	"$here/tools/install-deps.sh" --host-only >&2
fi

# Same policy as tools/install-deps.sh: a mirror in the middle of a sync (seen
# with the armhf security index) makes one index fail while the rest are fine,
# so retry a few times and then carry on with what we have.
updated=0
apt_update() {
	[ "$updated" = 1 ] && return 0
	updated=1
	local i sudo_cmd=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || die "need root or sudo for apt-get update"
		sudo_cmd=(sudo)
	fi
	log "apt-get update"
	for i in 1 2 3; do
		if "${sudo_cmd[@]}" apt-get update -q >/tmp/tandem-apt-update.log 2>&1; then
			return 0
		fi
		sleep $((i * 5))
	done
	log "apt-get update reported errors (continuing):"
	grep -E '^(E|W):' /tmp/tandem-apt-update.log >&2 || true
}

# show SPEC -> the archive's stanza for one version of a package (the
# candidate, or exactly VERSION for NAME:ARCH=VERSION).
show() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | awk 'NF == 0 {done = 1} !done {print}'
}
field() { awk -v f="$1:" '$1 == f {print $2; exit}'; }

# The kernel ABI N moves when Debian updates: resolve it from the metapackage.
# resolve_kernel FLAVOUR [ARCH] (arm64 or rt-arm64; armmp-lpae armhf) prints
# "linux-image-6.1.0-N-FLAVOUR-unsigned:arm64=VERSION" (armhf: no -unsigned).
resolve_kernel() {
	local flavour=$1 arch=${2:-arm64} info dep unsigned=-unsigned
	[ "$arch" = arm64 ] || unsigned=
	info=$(show "linux-image-$flavour:$arch") || return 1
	[ -n "$info" ] || return 1
	dep=$(awk '/^Depends:/' <<<"$info" | grep -oE "linux-image-[0-9][^ ,|]*-$flavour \\(= [^)]*\\)") || return 1
	dep=${dep%%$'\n'*}
	[ -n "$dep" ] || return 1
	# "linux-image-6.1.0-50-arm64 (= 6.1.176-1)": the signed image; the
	# unsigned package of the same name and version holds the same files.
	sed -E "s/^([^ ]+) \\(= ([^)]*)\\)\$/\\1$unsigned:$arch=\\2/" <<<"$dep"
}

# fetch_deb SPEC -> "PACKAGE VERSION SHA256 PATH" of the verified .deb in the
# cache. A cached file that does not match the index is downloaded again; a
# download that still does not match is an error.
fetch_deb() {
	local info
	info=$(show "$1") || true
	[ -n "$info" ] || { log "apt-cache knows no $1"; return 1; }
	fetch_stanza "$info"
}

# fetch_stanza STANZA: fetch_deb for a package whose stanza is known.
fetch_stanza() {
	local info=$1 pkg version sha file deb tmp spec
	pkg=$(field Package <<<"$info")
	version=$(field Version <<<"$info")
	sha=$(field SHA256 <<<"$info")
	file=$(field Filename <<<"$info")
	[ -n "$sha" ] && [ -n "$file" ] || { log "no SHA256/Filename for $pkg"; return 1; }
	deb=$debs/$(basename "$file")
	mkdir -p "$debs"
	if [ -f "$deb" ] && echo "$sha  $deb" | sha256sum -c --status; then
		echo "$pkg $version $sha $deb"
		return 0
	fi
	if [ -f "$deb" ]; then
		log "$deb does not match the archive's SHA256 $sha: downloading it again"
		rm -f "$deb"
	fi
	# An "Architecture: all" package (firmware) has no :arm64 (:armhf) name.
	spec=$pkg:$(field Architecture <<<"$info")
	[ "${spec#*:}" = all ] && spec=$pkg
	log "downloading $spec=$version ($(field Size <<<"$info") bytes)"
	# Download into a scratch directory and move into place only once it has
	# been verified, so an interrupted run never leaves a partial file behind.
	tmp=$(mktemp -d "$debs/.fetch.XXXXXX")
	if ! (cd "$tmp" && apt-get download -q "$spec=$version") >"$tmp/log" 2>&1; then
		grep -E '^(E|W|Err):' "$tmp/log" | grep -v unsandboxed >&2 || true
		rm -rf "$tmp"
		log "cannot download $spec=$version"
		return 1
	fi
	local debs_got=("$tmp"/*.deb) got
	got=${debs_got[0]}
	if [ ! -f "$got" ] || ! echo "$sha  $got" | sha256sum -c --status; then
		rm -rf "$tmp"
		log "FATAL: $pkg $version downloaded but does not match the archive's SHA256 $sha"
		return 2
	fi
	mv -f "$got" "$deb"
	rm -rf "$tmp"
	echo "$pkg $version $sha $deb"
}

# fetch_many NAME... -> fetch_deb's line for each $load_arch package apt
# knows, with one apt-cache call for all of them (it costs 1.5 s per call
# here). Names apt does not know as $load_arch packages (virtual ones, or
# "Architecture: all" packages, which hold no library) are skipped.
fetch_many() {
	local specs=() n stanzas info rc
	for n in "$@"; do specs+=("$n:$load_arch"); done
	stanzas=$(apt-cache show --no-all-versions "${specs[@]}" 2>/dev/null | awk -v want="$load_arch" '
		NF == 0 { if (s != "" && arch == want) printf "%s\x1e", s; s = ""; arch = ""; next }
		/^Architecture: / { arch = $2 }
		{ s = s $0 "\n" }
		END { if (s != "" && arch == want) printf "%s\x1e", s }') || true
	while IFS= read -r -d $'\x1e' info; do
		rc=0
		fetch_stanza "$info" || rc=$?
		[ "$rc" = 0 ] || return "$rc"
	done <<<"$stanzas"
}

# --- the "load" set: programs and the packages of their shared libraries ----
# (arm64; load_arch armhf for the "armhf-load" set: see fetch_set)
load_arch=arm64 load_role=userland load_elf='ELF 64-bit.*ARM aarch64'
readelf_=aarch64-linux-gnu-readelf
# needed FILE -> the NEEDED sonames of an ELF file, one a line
needed() {
	"$readelf_" -dW "$1" 2>/dev/null | sed -n 's/^.*(NEEDED).*\[\(.*\)\]$/\1/p'
}
# Where Debian's arm64 glibc looks for libraries without an ld.so.cache
# (its built-in system directories), then the plain ones.
libdirs=(lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu lib usr/lib)
# glibc dlopen()s libgcc_s for pthread_cancel and backtrace(): no NEEDED names
# it, but a program that cancels a thread aborts without it.
dlopened=(libgcc_s.so.1)

# depends_of DEB -> the first alternative of each Depends and Pre-Depends,
# names only, one a line.
depends_of() {
	dpkg-deb -f "$1" Pre-Depends Depends | sed -E 's/^[A-Za-z-]+: //' | tr ',' '\n' |
		sed -E 's/\|.*//; s/\(.*\)//; s/:[a-z0-9]+//; s/[[:space:]]//g' | awk 'NF && !seen[$0]++'
}

fetch_load() {
	local scratch line deb so d f p prov found spec
	local -A line_of=() tried=() owner=() unpacked=()
	local used=() queue=() cands=() unresolved=()
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/tandem-load.XXXXXX")
	# fetch_set runs in a subshell of its own: this goes with it.
	# shellcheck disable=SC2064 # expand now: the variable is local
	trap "rm -rf '$scratch'" EXIT
	unpack() { # PKG: its files under $scratch/PKG (once)
		[ -n "${unpacked[$1]:-}" ] && return 0
		read -r _ _ _ deb <<<"${line_of[$1]}"
		mkdir -p "$scratch/$1"
		dpkg-deb -x "$deb" "$scratch/$1"
		unpacked[$1]=1
	}
	# add LINES: record the packages fetch_many fetched
	add() {
		local l
		while read -r l; do
			[ -n "$l" ] || continue
			line_of[${l%% *}]=$l
		done <<<"$1"
	}
	# provider SONAME PKG...: the first package with SONAME in its lib
	# directories; sets $prov to it and $found to the file.
	provider() {
		local so=$1 p d
		shift
		for p in "$@"; do
			[ -n "${line_of[$p]:-}" ] || continue
			unpack "$p"
			for d in "${libdirs[@]}"; do
				if [ -f "$scratch/$p/$d/$so" ]; then
					prov=$p found=$scratch/$p/$d/$so
					return 0
				fi
			done
		done
		return 1
	}

	local roots=() r
	for spec in $load_programs; do
		r=${spec%%:*}
		[[ " ${roots[*]} " == *" $r "* ]] || roots+=("$r")
	done
	line=$(fetch_many "${roots[@]}") || return $?
	add "$line"
	for spec in $load_programs; do
		p=${spec%%:*} f=${spec#*:}
		[ -n "${line_of[$p]:-}" ] || { log "apt knows no $load_arch package $p"; return 1; }
		unpack "$p"
		[ -f "$scratch/$p/$f" ] || die "$p has no $f"
		[[ $(file -b "$scratch/$p/$f") =~ $load_elf ]] || die "$p's $f is not an $load_arch ELF program"
		while read -r so; do queue+=("$so"); done < <(needed "$scratch/$p/$f")
	done
	used=("${roots[@]}")
	for p in "${used[@]}"; do tried[$p]=1; done
	queue+=("${dlopened[@]}")

	while :; do
		# Resolve what the packages in use provide; what they provide needs
		# more (its own NEEDED).
		while [ "${#queue[@]}" -gt 0 ]; do
			so=${queue[0]}
			queue=("${queue[@]:1}")
			[ -n "${owner[$so]:-}" ] && continue
			if provider "$so" "${used[@]}"; then
				owner[$so]=$prov
				while read -r d; do queue+=("$d"); done < <(needed "$found")
			else
				unresolved+=("$so")
			fi
		done
		[ "${#unresolved[@]}" -gt 0 ] || break
		# Look one level further: the Depends of every package in use that
		# have not been looked into yet.
		cands=()
		for p in "${used[@]}"; do
			read -r _ _ _ deb <<<"${line_of[$p]}"
			while read -r d; do
				[ -n "${tried[$d]:-}" ] && continue
				tried[$d]=1
				cands+=("$d")
			done < <(depends_of "$deb")
		done
		[ "${#cands[@]}" -gt 0 ] || die "no package provides ${unresolved[*]} (looked in: ${!line_of[*]})"
		line=$(fetch_many "${cands[@]}") || return $?
		add "$line"
		queue=("${unresolved[@]}")
		unresolved=()
		for so in "${queue[@]}"; do
			if provider "$so" "${cands[@]}"; then
				[[ " ${used[*]} " == *" $prov "* ]] || used+=("$prov")
			fi
		done
		# (the loop above only chose packages; the queue is resolved again
		# against all of them, which also follows their NEEDED)
	done
	for p in "${used[@]}"; do
		printf '%s\t%s\n' "$load_role" "$(tr ' ' '\t' <<<"${line_of[$p]}")"
	done
}

# One set in one pass, so that a stale index (a package the mirror no longer
# has) can be fixed by one apt-get update and a second pass.
fetch_set() {
	local kspec kernel busybox
	case $1 in
	guest | rt)
		local flavour=arm64 role=kernel
		[ "$1" = rt ] && flavour=rt-arm64 role=rt-kernel
		kspec=$(resolve_kernel $flavour) ||
			{ log "cannot resolve the kernel from linux-image-$flavour:arm64"; return 1; }
		kernel=$(fetch_deb "$kspec") || return $?
		busybox=$(fetch_deb busybox-static:arm64) || return $?
		printf '%s\t%s\n' "$role" "${kernel// /$'\t'}"
		printf 'busybox\t%s\n' "${busybox// /$'\t'}"
		;;
	load) fetch_load ;;
	micro)
		# The same resolution for the micro-benchmarks' programs.
		load_programs=$micro_programs load_role=micro-userland
		fetch_load
		;;
	armhf-load)
		# The same resolution with armhf's packages, readelf and the lib
		# directories of Debian's armhf glibc.
		load_arch=armhf load_role=armhf-userland
		load_elf='ELF 32-bit LSB.*ARM, EABI5'
		readelf_=arm-linux-gnueabihf-readelf
		libdirs=(lib/arm-linux-gnueabihf usr/lib/arm-linux-gnueabihf lib usr/lib)
		fetch_load
		;;
	armhf)
		kspec=$(resolve_kernel armmp-lpae armhf) ||
			{ log "cannot resolve the kernel from linux-image-armmp-lpae:armhf"; return 1; }
		kernel=$(fetch_deb "$kspec") || return $?
		busybox=$(fetch_deb busybox-static:armhf) || return $?
		printf 'armhf-kernel\t%s\n' "${kernel// /$'\t'}"
		printf 'armhf-busybox\t%s\n' "${busybox// /$'\t'}"
		;;
	a9)
		kspec=$(resolve_kernel armmp armhf) ||
			{ log "cannot resolve the kernel from linux-image-armmp:armhf"; return 1; }
		kernel=$(fetch_deb "$kspec") || return $?
		printf 'a9-kernel\t%s\n' "${kernel// /$'\t'}"
		;;
	firmware)
		local uboot edk2
		uboot=$(fetch_deb u-boot-qemu) || return $?
		edk2=$(fetch_deb qemu-efi-aarch64) || return $?
		printf 'u-boot\t%s\n' "${uboot// /$'\t'}"
		printf 'edk2\t%s\n' "${edk2// /$'\t'}"
		;;
	xen)
		local xen
		xen=$(fetch_deb xen-hypervisor-4.17-arm64:arm64) || return $?
		printf 'xen\t%s\n' "${xen// /$'\t'}"
		;;
	esac
}

# apt-cache takes a second and a half per call here (Docker-style images turn
# its binary cache off), so remember what it answered together with a
# fingerprint of the index files and apt's configuration: while neither
# changes, the answer cannot change, and a warm run only re-hashes the .debs.
# The "load" set's memo also depends on the programs asked for and on this
# script (which decides which packages a program needs).
fingerprint() {
	local lists
	eval "$(apt-config shell lists Dir::State::Lists/d)"
	{
		dpkg --print-foreign-architectures
		find "${lists:-/var/lib/apt/lists/}" /etc/apt -maxdepth 2 \
			\( -name '*Packages*' -o -name '*Release*' -o -name '*.list' -o -name '*.sources' \
			-o -path '*/preferences*' \) -printf '%p %s %T@\n' 2>/dev/null | sort || true
	} | sha256sum | cut -d' ' -f1
}
fp=$(fingerprint)
load_key=$( { echo "$load_programs"; cat "$0"; } | sha256sum | cut -d' ' -f1)
micro_key=$( { echo "$micro_programs"; cat "$0"; } | sha256sum | cut -d' ' -f1)

for set in "${sets[@]}"; do
	case $set in
	guest) memo=$debs/.linux-guest.resolved key="# $fp" ;;
	rt) memo=$debs/.linux-rt.resolved key="# $fp" ;;
	load) memo=$debs/.linux-load.resolved key="# $fp $load_key" ;;
	micro) memo=$debs/.linux-micro.resolved key="# $fp $micro_key" ;;
	armhf) memo=$debs/.linux-armhf.resolved key="# $fp" ;;
	armhf-load) memo=$debs/.linux-armhf-load.resolved key="# $fp $load_key" ;;
	a9) memo=$debs/.linux-a9.resolved key="# $fp" ;;
	firmware) memo=$debs/.firmware.resolved key="# $fp" ;;
	xen) memo=$debs/.xen.resolved key="# $fp" ;;
	esac
	if [ -f "$memo" ] && [ "$(head -1 "$memo")" = "$key" ]; then
		ok=1
		while IFS=$'\t' read -r _ _ _ sha deb; do
			echo "$sha  $deb" | sha256sum -c --status 2>/dev/null || { ok=0; break; }
		done < <(tail -n +2 "$memo")
		if [ "$ok" = 1 ]; then
			tail -n +2 "$memo"
			continue
		fi
	fi
	rc=0
	out=$(fetch_set "$set") || rc=$?
	if [ "$rc" = 1 ]; then
		apt_update
		rc=0
		out=$(fetch_set "$set") || rc=$?
	fi
	[ "$rc" = 0 ] || die "failed (a .deb that does not match the archive's SHA256 is never used)"
	fp=$(fingerprint)
	case $set in *load) key="# $fp $load_key" ;; micro) key="# $fp $micro_key" ;; *) key="# $fp" ;; esac
	mkdir -p "$debs"
	{ echo "$key"; printf '%s\n' "$out"; } >"$memo.tmp" && mv -f "$memo.tmp" "$memo"
	printf '%s\n' "$out"
done
