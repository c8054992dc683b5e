#!/usr/bin/env bash
# Install everything the build and the tests need on a Debian 12 host.
# Idempotent: a stamp keyed by this script's content skips the work on reruns.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache=${INIC_CACHE:-$HOME/.cache/inic}
mkdir -p "$cache"
stamp="$cache/setup-$(sha256sum "$0" | cut -c1-16).done"
[ -e "$stamp" ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

src=/etc/apt/sources.list.d/inic.sources
if [ ! -e "$src" ]; then
	$SUDO tee "$src" >/dev/null <<'SRC'
Types: deb deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
# Another apt run (a parallel build, unattended-upgrades) holds the lock for
# a while at most: wait for it instead of failing.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q

# Build tools for QEMU, the module, KUnit (UML) and the tests.
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
	build-essential dpkg-dev bc flex bison libelf-dev libssl-dev \
	pkg-config ninja-build libglib2.0-dev libpixman-1-dev libslirp-dev \
	libfdt-dev libattr1-dev libcap-ng-dev zlib1g-dev \
	libgtest-dev libmnl-dev cpio xz-utils kmod busybox-static \
	seabios ipxe-qemu qemu-system-data \
	iproute2 iputils-ping ethtool tcpdump iperf3 socat jq python3 python3-yaml \
	python3-jsonschema python3-docutils python3-matplotlib procps psmisc util-linux \
	rsync python3-venv debootstrap man-db git clang-14 libclang-rt-14-dev llvm-14 gdb \
	clang libbpf-dev curl hping3 python3-scapy
# linux-perf provides /usr/bin/perf (bench.sh BENCH_HOST_PERF); dpkg -S
# names it after two "diversion by linux-perf" lines of its own wrapper.
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends -t bookworm-backports \
	meson python3-pycotap linux-source-6.12 pahole bpftool linux-perf

touch "$stamp"
