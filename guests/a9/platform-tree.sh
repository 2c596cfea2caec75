#!/usr/bin/env bash
# The Cortex-A9 platform tree: Debian's vexpress-v2p-ca9.dtb, from the
# linux-image-6.1.0-N-armmp:armhf package that guests/linux/fetch.sh a9
# downloads and checks against the archive's SHA256.
#
# Usage: guests/a9/platform-tree.sh OUT.dtb
# Writes OUT.dtb and OUT.dtb.sha256, which records the package (name,
# version, SHA256) and the tree's SHA256 (`sha256sum -c --ignore-missing
# OUT.dtb.sha256` in OUT's folder checks the tree). Idempotent: with a warm
# cache and an unchanged package it rewrites nothing (under a second).
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 OUT.dtb" >&2; exit 2; }
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
name=$(basename "$out")
dtb_in_deb=vexpress-v2p-ca9.dtb

line=$("$here/guests/linux/fetch.sh" a9)
IFS=$'\t' read -r role pkg version deb_sha deb <<<"$line"
[ "$role" = a9-kernel ] && [ -f "$deb" ] || {
	echo "platform-tree.sh: unexpected output of fetch.sh a9: $line" >&2
	exit 1
}

# Already extracted from this very package, and unchanged since?
if [ -f "$out" ] && [ -f "$out.sha256" ] && grep -q "^$deb_sha  $(basename "$deb")\$" "$out.sha256" &&
	(cd "$(dirname "$out")" && sha256sum --quiet --status -c --ignore-missing "$name.sha256"); then
	# Newer than the scripts, so that make does not ask again.
	for dep in "$0" "$here/guests/linux/fetch.sh"; do
		[ "$out" -nt "$dep" ] || touch "$out"
	done
	exit 0
fi

mkdir -p "$(dirname "$out")"
tmp=$(mktemp "$out.XXXXXX")
trap 'rm -f "$tmp" "$tmp.sha256"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -O --wildcards "*/$dtb_in_deb" >"$tmp"
# A flattened device tree starts with the magic 0xd00dfeed.
[ "$(head -c 4 "$tmp" | od -An -tx1 | tr -d ' \n')" = d00dfeed ] || {
	echo "platform-tree.sh: no $dtb_in_deb in $deb" >&2
	exit 1
}
{
	echo "# $name: $dtb_in_deb of $pkg $version (armhf), checked by guests/linux/fetch.sh"
	echo "$deb_sha  $(basename "$deb")"
	echo "$(sha256sum <"$tmp" | cut -d' ' -f1)  $name"
} >"$tmp.sha256"
chmod 644 "$tmp" "$tmp.sha256"
mv "$tmp" "$out"
mv "$tmp.sha256" "$out.sha256"
echo "platform-tree.sh: $out from $pkg $version" >&2
