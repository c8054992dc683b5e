#!/usr/bin/env bash
# Prove the README's two commands on a fresh Debian 12 root, as a new user
# would type them: debootstrap a minimal bookworm root (minbase, plus `make`,
# which a user needs to type `make`), clone this checkout's HEAD into it,
# enter it (chroot with /proc, /sys, /dev and a fresh /tmp) and run
#     make check
#     make run CMD='ethtool -i $NETIF'
# exactly as written. The root has its own empty ~/.cache/inic, so every
# apt package, the QEMU source and the kernel come from nothing.
# Not part of `make check` (a cold run takes 20-30 minutes).
#
# usage: scripts/fresh-check.sh [--keep] [--shell] [DIR]
#   DIR     where the root goes (default /var/tmp/inic-fresh); wiped first
#   --keep  leave the root in place afterwards (default: delete it)
#   --shell open a shell in the root instead of running the commands
# The debootstrap'ed base is cached as a tarball in ~/.cache/inic/fresh
# (keyed by this script's hash) so reruns skip the download.
# Exit status: 0 when both commands succeeded.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
keep=0 shell=0 dir=/var/tmp/inic-fresh
while [ $# -gt 0 ]; do
	case $1 in
	--keep) keep=1 ;;
	--shell) shell=1 ;;
	-h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "fresh-check: unknown option $1" >&2; exit 2 ;;
	*) dir=$1 ;;
	esac
	shift
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-check: run as root (debootstrap, chroot)" >&2; exit 2; }
case $dir in /|"") echo "fresh-check: refusing DIR '$dir'" >&2; exit 2 ;; esac
command -v debootstrap >/dev/null ||
	{ echo "fresh-check: debootstrap is missing: run 'make setup' first" >&2; exit 2; }

cache=${INIC_CACHE:-$HOME/.cache/inic}/fresh
mkdir -p "$cache"
base="$cache/bookworm-minbase-$(sha256sum "$0" | cut -c1-12).tar"
mirror=http://deb.debian.org/debian

cleanup() {
	local m
	# Unmount everything below the root, deepest first.
	for m in $(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' \
			/proc/self/mounts | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
	[ "$keep" -eq 1 ] || rm -rf --one-file-system "$dir"
}

t0=$SECONDS
if [ ! -s "$base" ]; then
	echo "fresh-check: debootstrap bookworm (minbase + make) into $cache"
	rm -f "$base.tmp"
	debootstrap --variant=minbase --include=make --make-tarball="$base.tmp" \
		bookworm "$cache/work" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
		{ tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
	mv "$base.tmp" "$base"
	rm -rf "$cache/work"
fi

cleanup
trap cleanup EXIT
mkdir -p "$dir"
debootstrap --variant=minbase --include=make --unpack-tarball="$base" \
	bookworm "$dir" "$mirror" >"$cache/unpack.log" 2>&1 ||
	{ tail -n 20 "$cache/unpack.log" >&2; exit 1; }
echo "fresh-check: root ready in $((SECONDS - t0)) s: $dir"

# No daemons start inside; the host's resolver answers.
printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
chmod +x "$dir/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$dir/etc/resolv.conf"
# A clean clone of what is committed, as CI gets it.
git clone -q "$top" "$dir/root/inic"

mount -t proc proc "$dir/proc"
mount -t sysfs sysfs "$dir/sys"
mount --rbind /dev "$dir/dev"
mount --make-rslave "$dir/dev"
mount -t tmpfs tmpfs "$dir/tmp"
mount -t tmpfs tmpfs "$dir/run"
mkdir -p "$dir/run/netns"

enter() {
	chroot "$dir" /usr/bin/env -i HOME=/root TERM="${TERM:-dumb}" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		LANG=C.UTF-8 /bin/bash -c "cd /root/inic && $1"
}

if [ "$shell" -eq 1 ]; then
	enter 'exec bash -i'
	exit $?
fi

rc=0
s=$SECONDS
echo "fresh-check: make check"
if enter 'make check' >"$cache/check.log" 2>&1; then crc=0; else crc=$?; rc=1; fi
grep -A20 '^=== summary' "$cache/check.log" || tail -n 30 "$cache/check.log"
echo "fresh-check: make check: exit $crc in $((SECONDS - s)) s (log: $cache/check.log)"

s=$SECONDS
echo "fresh-check: make run CMD='ethtool -i \$NETIF'"
if enter "make run CMD='ethtool -i \$NETIF'" >"$cache/run.log" 2>&1; then rrc=0; else rrc=$?; rc=1; fi
tail -n 12 "$cache/run.log"
echo "fresh-check: make run: exit $rrc in $((SECONDS - s)) s (log: $cache/run.log)"

echo "fresh-check: $([ $rc -eq 0 ] && echo PASS || echo FAIL) in $((SECONDS - t0)) s"
exit $rc
