#!/usr/bin/env bash
# Build qemu-fuzz-x86_64 (QEMU's libFuzzer targets, generic-fuzz among them)
# with clang, ASan and UBSan, from Debian's QEMU 10.0 source with the inic
# device overlaid under hw/net/inic, exactly as scripts/build-qemu.sh does
# for the emulator. Separate source copy and build dir: the fuzz build never
# touches the emulator's cache.
#
# Cache layout ($INIC_FUZZ_CACHE, default $INIC_CACHE/fuzz):
#   qemu/version            QEMU source version (same resolution as build-qemu.sh)
#   qemu/<version>/src      pristine Debian source + our overlay
#   qemu/<version>/build    clang --enable-fuzzing build dir
#   qemu/<version>/stamp    hash of the overlay the binary was built from
# The pristine source is copied from the emulator's cache
# ($INIC_CACHE/qemu/<version>/src, read only) when it is there, else fetched
# with `apt-get source`.
# Prints the path of the built binary on stdout.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
main_cache=${INIC_CACHE:-$HOME/.cache/inic}
cache=${INIC_FUZZ_CACHE:-$main_cache/fuzz}
mkdir -p "$cache/qemu"
CC=${FUZZ_CC:-clang-14}
CXX=${FUZZ_CXX:-clang++-14}

ver_file="$cache/qemu/version"
if [ ! -s "$ver_file" ]; then
	if [ -s "$main_cache/qemu/version" ]; then
		cp "$main_cache/qemu/version" "$ver_file"
	else
		v=$(apt-cache showsrc qemu | awk '/^Version: 1:10\.0\./ {print $2}' |
			sort -V | tail -n 1)
		[ -n "$v" ] || { echo "build-qemu-fuzz: no QEMU 10.0 source package (is trixie deb-src configured?)" >&2; exit 1; }
		echo "$v" > "$ver_file"
	fi
fi
ver=$(cat "$ver_file")
dir="$cache/qemu/${ver//[:~]/_}"
src="$dir/src"
bld="$dir/build"
main_src="$main_cache/qemu/${ver//[:~]/_}/src"

if [ ! -e "$src/.inic-pristine" ]; then
	rm -rf "$src" "$bld" "$dir/stamp"
	mkdir -p "$dir"
	if [ -e "$main_src/.inic-pristine" ]; then
		# The emulator's copy already carries our overlay: take it and
		# let the rsync below refresh the overlay.
		cp -a "$main_src" "$src.tmp"
	else
		rm -rf "$dir/dl"
		mkdir -p "$dir/dl"
		(cd "$dir/dl" && apt-get source -q "qemu=$ver" >&2)
		mv "$dir"/dl/qemu-*/ "$src.tmp"
		rm -rf "$dir/dl"
	fi
	sed -i "s/^if host_os == 'windows' and add_languages('cpp'/if add_languages('cpp'/" \
		"$src.tmp/meson.build"
	grep -q "^if add_languages('cpp'" "$src.tmp/meson.build" ||
		{ echo "build-qemu-fuzz: could not enable C++ in meson.build" >&2; exit 1; }
	touch "$src.tmp/.inic-pristine"
	mv "$src.tmp" "$src"
fi

. "$top/scripts/qemu-overlay.sh"
ovl_hash=$(cd "$top" && cat scripts/build-qemu-fuzz.sh scripts/qemu-overlay.sh include/inic_hw.h \
	$(find qemu-device -maxdepth 1 -type f | sort) | sha256sum | cut -c1-16)
inic_overlay "$top" "$src"

# Only the q35 machine and inic: every other device would be compiled with
# sanitizers and coverage for nothing (three times the build).
devcfg="$src/configs/devices/x86_64-softmmu/inic-fuzz.mak"
printf 'CONFIG_Q35=y\nCONFIG_INIC=y\n' > "$devcfg.tmp"
cmp -s "$devcfg.tmp" "$devcfg" && rm "$devcfg.tmp" || mv "$devcfg.tmp" "$devcfg"

# qtest is the only accelerator the fuzzer uses; KVM support is built
# (x86_64-softmmu needs some accelerator) but never used, and skipping TCG
# halves the build. vptr checks need the C++ UBSan runtime, which the C
# driver that links QEMU does not pull in.
conf=(--python=/usr/bin/python3 --cc="$CC" --cxx="$CXX" --host-cc="$CC"
	--target-list=x86_64-softmmu
	--disable-docs --disable-user --disable-tools
	--without-default-features --disable-tcg --enable-kvm
	--without-default-devices --with-devices-x86_64=inic-fuzz
	--enable-fuzzing --enable-asan --enable-ubsan
	--extra-cxxflags=-fno-sanitize=vptr
	--disable-werror --disable-install-blobs
	--firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu)
conf_hash=$(printf '%s\n' "${conf[@]}" | sha256sum | cut -c1-16)
if [ ! -e "$bld/build.ninja" ] || [ "$(cat "$dir/configured" 2>/dev/null)" != "$conf_hash" ]; then
	mkdir -p "$bld"
	# Reconfiguring an existing build dir keeps what still applies.
	(cd "$bld" && CC="$CC" CXX="$CXX" "$src/configure" "${conf[@]}" >&2)
	echo "$conf_hash" > "$dir/configured"
fi

if [ "$(cat "$dir/stamp" 2>/dev/null)" != "$ovl_hash" ] ||
   [ ! -x "$bld/qemu-fuzz-x86_64" ]; then
	nice ninja -C "$bld" qemu-fuzz-x86_64 >&2
	echo "$ovl_hash" > "$dir/stamp"
fi
echo "$bld/qemu-fuzz-x86_64"
