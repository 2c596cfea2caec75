#!/usr/bin/env bash
# Downloads the Debian arm64 packages the Linux guest is built from into the
# download cache, each checked against the SHA256 of the archive's signed index
# (apt-cache show), the way tools/install-deps.sh fetches its arm64 packages:
#
#   kernel   linux-image-6.1.0-N-arm64-unsigned, N taken at download time from
#            the Depends of the metapackage linux-image-arm64:arm64
#   busybox  busybox-static:arm64
#
# Usage: guests/linux/fetch.sh [--no-deps]
#   --no-deps      never run tools/install-deps.sh --host-only (by default it
#                  runs when the arm64 architecture or a host tool is missing)
#   TANDEM_CACHE   download cache (default: ${XDG_CACHE_HOME:-~/.cache}/tandem);
#                  the .debs go to $TANDEM_CACHE/debs
#
# Prints one tab-separated line per package on stdout:
#   ROLE PACKAGE VERSION SHA256 PATH
# (ROLE is "kernel" or "busybox"); progress and errors go to stderr.
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

# Host tools (cpio, qemu, ...) and the arm64 foreign architecture, with an
# apt-get update when it has to add it: tools/install-deps.sh does both. It is
# only run when something is missing, as it can be slow to decide that nothing
# is (and no pipes into "grep -q" here: under pipefail the writer's SIGPIPE
# would count as a failure).
deps_missing() {
	local arches t
	arches=$(dpkg --print-foreign-architectures)
	grep -qx arm64 <<<"$arches" || return 0
	for t in apt-get apt-cache dpkg-deb sha256sum cpio gzip file qemu-system-aarch64; do
		command -v "$t" >/dev/null || return 0
	done
	return 1
}
if [ "${1:-}" != "--no-deps" ] && deps_missing; then
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
# Prints "linux-image-6.1.0-N-arm64-unsigned:arm64=VERSION".
resolve_kernel() {
	local info dep
	info=$(show linux-image-arm64:arm64) || return 1
	[ -n "$info" ] || return 1
	dep=$(awk '/^Depends:/' <<<"$info" | grep -oE 'linux-image-[0-9][^ ,|]*-arm64 \(= [^)]*\)') || return 1
	dep=${dep%%$'\n'*}
	[ -n "$dep" ] || return 1
	# "linux-image-6.1.0-50-arm64 (= 6.1.176-1)": the signed image; the
	# unsigned package of the same name and version holds the same files.
	sed -E 's/^([^ ]+) \(= ([^)]*)\)$/\1-unsigned:arm64=\2/' <<<"$dep"
}

# fetch_deb SPEC -> "PACKAGE VERSION SHA256 PATH" of the verified .deb in the
# cache. A cached file that does not match the index is downloaded again; a
# download that still does not match is an error.
fetch_deb() {
	local spec=$1 info pkg version sha file deb tmp
	info=$(show "$spec") || true
	[ -n "$info" ] || { log "apt-cache knows no $spec"; return 1; }
	pkg=$(field Package <<<"$info")
	version=$(field Version <<<"$info")
	sha=$(field SHA256 <<<"$info")
	file=$(field Filename <<<"$info")
	[ -n "$sha" ] && [ -n "$file" ] || { log "no SHA256/Filename for $spec"; return 1; }
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
	log "downloading $pkg:arm64=$version ($(field Size <<<"$info") bytes)"
	# Download into a scratch directory and move into place only once it has
	# been verified, so an interrupted run never leaves a partial file behind.
	tmp=$(mktemp -d "$debs/.fetch.XXXXXX")
	if ! (cd "$tmp" && apt-get download -q "$pkg:arm64=$version") >"$tmp/log" 2>&1; then
		grep -E '^(E|W|Err):' "$tmp/log" | grep -v unsandboxed >&2 || true
		rm -rf "$tmp"
		log "cannot download $pkg:arm64=$version"
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

# Everything in one pass, so that a stale index (a package the mirror no longer
# has) can be fixed by one apt-get update and a second pass.
fetch_all() {
	local kspec kernel busybox
	kspec=$(resolve_kernel) || { log "cannot resolve the kernel from linux-image-arm64:arm64"; return 1; }
	kernel=$(fetch_deb "$kspec") || return $?
	busybox=$(fetch_deb busybox-static:arm64) || return $?
	printf 'kernel\t%s\n' "${kernel// /$'\t'}"
	printf 'busybox\t%s\n' "${busybox// /$'\t'}"
}

# apt-cache takes a second and a half per call here (Docker-style images turn
# its binary cache off), so remember what it answered together with a
# fingerprint of the index files and apt's configuration: while neither
# changes, the answer cannot change, and a warm run only re-hashes the .debs.
memo=$debs/.linux-guest.resolved
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
if [ -f "$memo" ] && [ "$(head -1 "$memo")" = "# $fp" ]; then
	ok=1
	while IFS=$'\t' read -r _ _ _ sha deb; do
		echo "$sha  $deb" | sha256sum -c --status 2>/dev/null || { ok=0; break; }
	done < <(tail -n +2 "$memo")
	if [ "$ok" = 1 ]; then
		tail -n +2 "$memo"
		exit 0
	fi
fi

rc=0
out=$(fetch_all) || rc=$?
if [ "$rc" = 1 ]; then
	apt_update
	rc=0
	out=$(fetch_all) || rc=$?
fi
[ "$rc" = 0 ] || die "failed (a .deb that does not match the archive's SHA256 is never used)"
mkdir -p "$debs"
{ echo "# $(fingerprint)"; printf '%s\n' "$out"; } >"$memo.tmp" && mv -f "$memo.tmp" "$memo"
printf '%s\n' "$out"
