#!/usr/bin/env bash
# Print the path of the extracted linux-source-6.12 tree, extracting
# /usr/src/linux-source-6.12.tar.xz into ${INIC_CACHE:-~/.cache/inic} first
# if it is not there yet. Extraction goes to a temporary directory that is
# renamed into place, so concurrent callers never see a half tree (the
# loser of a race keeps the winner's tree). Used by tier-kunit.sh,
# gen-netlink.sh and the upstream selftests' --prepare.
set -euo pipefail

cache=${INIC_CACHE:-$HOME/.cache/inic}
tarball=/usr/src/linux-source-6.12.tar.xz
tree=$cache/linux-source-6.12

if [ ! -f "$tree/Makefile" ]; then
	[ -r "$tarball" ] || {
		echo "linux-source: $tarball missing (apt-get install -t bookworm-backports linux-source-6.12)" >&2
		exit 1
	}
	mkdir -p "$cache"
	echo "linux-source: extracting $tarball" >&2
	tmp=$(mktemp -d "$cache/.linux-source-6.12.XXXXXX")
	if ! nice tar -C "$tmp" -xJf "$tarball"; then
		rm -rf "$tmp"
		echo "linux-source: cannot extract $tarball" >&2
		exit 1
	fi
	mv -T "$tmp/linux-source-6.12" "$tree" 2>/dev/null || true
	rm -rf "$tmp"
	[ -f "$tree/Makefile" ] || { echo "linux-source: no kernel tree at $tree" >&2; exit 1; }
fi
echo "$tree"
