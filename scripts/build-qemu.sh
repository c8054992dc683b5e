#!/usr/bin/env bash
# Build qemu-system-x86_64 from Debian's QEMU 10.0 source with the inic device
# (qemu-device/) overlaid under hw/net/inic. Nothing of QEMU is committed: the
# source comes from `apt-get source qemu/trixie` into the cache.
#
# Cache layout ($INIC_CACHE, default ~/.cache/inic):
#   qemu/<version>/src     pristine Debian source + our overlay (synced)
#   qemu/<version>/build   meson/ninja build dir (incremental rebuilds)
#   qemu/<version>/stamp   hash of the overlay that the binary was built from
# Prints the path of the built binary on stdout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${INIC_CACHE:-$HOME/.cache/inic}
mkdir -p "$cache/qemu"

# Resolve the source version once; keep using what the cache has.
ver_file="$cache/qemu/version"
if [ ! -s "$ver_file" ]; then
	v=$(apt-cache showsrc qemu | awk '/^Version: 1:10\.0\./ {print $2}' |
		sort -V | tail -n 1)
	[ -n "$v" ] || { echo "build-qemu: no QEMU 10.0 source package (is trixie deb-src configured?)" >&2; exit 1; }
	echo "$v" > "$ver_file"
fi
ver=$(cat "$ver_file")
dir="$cache/qemu/${ver//[:~]/_}"
src="$dir/src"
bld="$dir/build"

if [ ! -e "$src/.inic-pristine" ]; then
	rm -rf "$dir"
	mkdir -p "$dir/dl"
	(cd "$dir/dl" && apt-get source -q "qemu=$ver" >&2)
	mv "$dir"/dl/qemu-*/ "$src"
	rm -rf "$dir/dl"
	# C++ on Linux too (upstream enables it only on Windows).
	sed -i "s/^if host_os == 'windows' and add_languages('cpp'/if add_languages('cpp'/" \
		"$src/meson.build"
	grep -q "^if add_languages('cpp'" "$src/meson.build" ||
		{ echo "build-qemu: could not enable C++ in meson.build" >&2; exit 1; }
	touch "$src/.inic-pristine"
fi

# Overlay: device sources and the shared hardware ABI header.
. "$top/scripts/qemu-overlay.sh"
ovl_hash=$(cd "$top" && cat scripts/build-qemu.sh scripts/qemu-overlay.sh include/inic_hw.h \
	$(find qemu-device -type f -not -path "qemu-device/tests/unit/*" | sort) 2>/dev/null | sha256sum | cut -c1-16)
if [ -e "$top/qemu-device/meson.build" ]; then
	inic_overlay "$top" "$src"
	# qtests live with the device; link them into QEMU's qtest tree.
	if [ -d "$top/qemu-device/tests" ]; then
		for f in "$top"/qemu-device/tests/*.[ch]; do
			[ -f "$f" ] || continue
			# cp only when changed: keeps ninja from rebuilding needlessly
			cmp -s "$f" "$src/tests/qtest/$(basename "$f")" ||
				cp "$f" "$src/tests/qtest/$(basename "$f")"
		done
		if [ -e "$top/qemu-device/tests/inic-test.c" ] &&
		   ! grep -q "inic-test" "$src/tests/qtest/meson.build"; then
			sed -i "s/^qtests_x86_64 = qtests_i386/qtests_x86_64 = ['inic-test'] + qtests_i386/" \
				"$src/tests/qtest/meson.build"
		fi
	fi
fi

if [ ! -e "$bld/build.ninja" ]; then
	mkdir -p "$bld"
	(cd "$bld" && "$src/configure" --python=/usr/bin/python3 \
		--target-list=x86_64-softmmu \
		--disable-docs --disable-user --without-default-features \
		--enable-slirp --enable-tcg --enable-virtfs --enable-attr \
		--disable-werror --disable-install-blobs \
		--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu \
		>&2)
fi

if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$ovl_hash" ] ||
   [ ! -x "$bld/qemu-system-x86_64" ]; then
	ninja -C "$bld" qemu-system-x86_64 >&2
	echo "$ovl_hash" > "$dir/stamp"
fi
echo "$bld/qemu-system-x86_64"
