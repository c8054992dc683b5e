#!/usr/bin/env bash
# Fetch Debian's 6.12 kernel image (extracted, not installed) and install the
# matching headers. Prints the kernel release (e.g. 6.12.95+deb12-amd64).
# The version is resolved once and remembered in the cache, so image and
# headers always match and reruns do no network work.
set -euo pipefail

cache=${INIC_CACHE:-$HOME/.cache/inic}
mkdir -p "$cache/kernel"
rel_file="$cache/kernel/release"

if [ -s "$rel_file" ]; then
	kver=$(cat "$rel_file")
	if [ -e "$cache/kernel/$kver/boot/vmlinuz-$kver" ] &&
	   [ -e "/usr/src/linux-headers-$kver/Makefile" ]; then
		echo "$kver"
		exit 0
	fi
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

# linux-image-amd64 (backports) depends on exactly one linux-image-<rel>.
img=$(apt-cache depends -t bookworm-backports linux-image-amd64 2>/dev/null |
	awk '/Depends: linux-image-6\.12/ {print $2; exit}')
[ -n "$img" ] || { echo "fetch-kernel: cannot resolve linux-image-amd64 in bookworm-backports" >&2; exit 1; }
kver=${img#linux-image-}
kver=${kver%-unsigned}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download -q "$img" >&2)
rm -rf "$cache/kernel/$kver"
mkdir -p "$cache/kernel/$kver"
dpkg-deb -x "$tmp"/linux-image-*.deb "$cache/kernel/$kver"
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "linux-headers-$kver" >&2
echo "$kver" > "$rel_file"
echo "$kver"
