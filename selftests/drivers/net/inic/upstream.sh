#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own NIC-agnostic selftests, unchanged, against inic port 0:
# tools/testing/selftests/drivers/net/{ping,queues,stats}.py of
# linux-source-6.12, run from the extracted tree with the VM contract's
# environment (NETIF, LOCAL_V4/V6, REMOTE_V4/V6, REMOTE_TYPE=netns,
# REMOTE_ARGS=peer). Each upstream test case becomes one KTAP result here,
# named <test>.<case> (e.g. stats.pkt_byte_sum); the upstream output is kept
# as `# ` diagnostics. Upstream SKIP and XFAIL ("not supported by the
# device") both count as SKIP: they exercised nothing. A test program that
# dies, times out or exits non-zero without a failed case adds one failed
# result (<test>.exit).
#
# Usage:
#   upstream.sh [TEST.py...]   in the guest (default: ping.py queues.py stats.py;
#                              stats.py last: it takes the link down)
#   upstream.sh --prepare      on the host: extract the kernel tree if missing
#   upstream.sh --tree         print the tree it would use
#
# Where the tree comes from: $INIC_LINUX_SRC, else
# ${INIC_CACHE:-~/.cache/inic}/linux-source-6.12 (in the guest: the host's
# cache, which run-vm names in /run/inic-vm/config as INICVM_CACHE), the
# tree scripts/tier-kunit.sh and scripts/gen-netlink.sh extract. If it is
# missing in the guest (read-only root), the few directories the tests need
# are extracted from /usr/src/linux-source-6.12.tar.xz into /tmp (slow under
# TCG: run `upstream.sh --prepare` on the host first).
#
# How the upstream lib finds ynl: net/lib/py/ynl.py, run in tree (no
# kselftest-list.txt), imports tools/net/ynl/lib (pure python, needs
# PyYAML; jsonschema is skipped: specs load with schema='') and reads the
# specs from Documentation/netlink/specs. No `make -C tools/net/ynl` needed.
#
# Env: UPSTREAM_TIMEOUT (s per test program, default 240).

set -u
dir=$(dirname "$(readlink -f "$0")")
TARBALL=/usr/src/linux-source-6.12.tar.xz
TOPDIR=linux-source-6.12
TESTDIR=tools/testing/selftests/drivers/net
DEFAULT_TESTS=(ping.py queues.py stats.py)
# What the three tests import: the test dir with its lib, the net lib, ynl, specs.
NEEDED=("$TESTDIR/lib" "$TESTDIR/ping.py" "$TESTDIR/stats.py" "$TESTDIR/queues.py"
	tools/testing/selftests/net/lib/py tools/net/ynl/lib Documentation/netlink)

cache_dir() {
	local c=${INIC_CACHE:-}
	if [ -z "$c" ] && [ -r /run/inic-vm/config ]; then
		c=$(. /run/inic-vm/config && echo "${INICVM_CACHE:-}")
	fi
	echo "${c:-$HOME/.cache/inic}"
}

tree_ok() {
	[ -f "$1/$TESTDIR/ping.py" ] && [ -f "$1/tools/net/ynl/lib/ynl.py" ] &&
		[ -f "$1/Documentation/netlink/specs/netdev.yaml" ]
}

find_tree() {
	local t
	for t in ${INIC_LINUX_SRC:-} "$(cache_dir)/$TOPDIR" "/tmp/inic-upstream/$TOPDIR"; do
		tree_ok "$t" && { echo "$t"; return 0; }
	done
	return 1
}

# prepare: the full tree in the cache (host side; scripts/linux-source.sh).
prepare() {
	local tree
	tree=$("$dir/../../../../scripts/linux-source.sh") || return 1
	tree_ok "$tree" && echo "$tree"
}

# extract_tmp: only what the tests need, into /tmp (guest fallback).
extract_tmp() {
	local d=/tmp/inic-upstream
	[ -r "$TARBALL" ] || return 1
	mkdir -p "$d" || return 1
	tar -C "$d" -xJf "$TARBALL" "${NEEDED[@]/#/$TOPDIR/}" >&2 || return 1
	tree_ok "$d/$TOPDIR" && echo "$d/$TOPDIR"
}

case ${1:-} in
--prepare) prepare; exit ;;
--tree) find_tree; exit ;;
-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac

. "$dir/lib.sh"
set +u		# the upstream env file and python need nothing from -u
TIMEOUT=${UPSTREAM_TIMEOUT:-240}
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=("${DEFAULT_TESTS[@]}")

echo "TAP version 13"
N=0 FAILED=0
result() {	# result OK(0|1) NAME [DIRECTIVE]
	N=$((N + 1))
	if [ "$1" = 1 ]; then
		echo "ok $N $2${3:+ # $3}"
	else
		echo "not ok $N $2${3:+ # $3}"
		FAILED=$((FAILED + 1))
	fi
}

if ! tree=$(find_tree); then
	diag "kernel tree not found (INIC_LINUX_SRC, $(cache_dir)/$TOPDIR);" \
		"extracting the selftests from $TARBALL into /tmp (slow; run" \
		"'upstream.sh --prepare' on the host to avoid it)"
	s=$SECONDS
	if ! tree=$(extract_tmp); then
		result 0 "upstream.setup" "no kernel tree and cannot extract $TARBALL"
		echo "1..$N"
		exit 1
	fi
	diag "extracted in $((SECONDS - s)) s"
fi
diag "kernel tree: $tree"
[ -n "${NETIF:-}" ] || diag "warning: NETIF not set (not in the test VM?)"
diag "NETIF=${NETIF:-} LOCAL_V4=${LOCAL_V4:-} LOCAL_V6=${LOCAL_V6:-} REMOTE_V4=${REMOTE_V4:-}" \
	"REMOTE_V6=${REMOTE_V6:-} REMOTE_TYPE=${REMOTE_TYPE:-} REMOTE_ARGS=${REMOTE_ARGS:-}"

# The tree is read-only in the guest: keep bytecode in /tmp (shared by the
# three programs, so ynl is compiled once).
export PYTHONPYCACHEPREFIX=/tmp/inic-upstream-pycache
export PYTHONUNBUFFERED=1

out=/tmp/upstream.$$.out
for t in "${tests[@]}"; do
	name=${t%.py}
	diag "---- $TESTDIR/$t"
	if [ ! -f "$tree/$TESTDIR/$t" ]; then
		result 0 "$name" "no such test in $tree/$TESTDIR"
		continue
	fi
	refresh_env
	s=$SECONDS
	(cd "$tree/$TESTDIR" && exec timeout -k 10 "$TIMEOUT" /usr/bin/python3 "./$t") \
		>"$out" 2>&1 </dev/null
	rc=$?
	sed 's/^/# /' "$out"
	diag "$t: exit $rc after $((SECONDS - s)) s"
	# One result per upstream case: `ok N <name>.<case> [# SKIP|XFAIL ...]`.
	cases=0 bad=0
	while IFS= read -r l; do
		if [[ $l =~ ^(not\ )?ok\ [0-9]+\ ([^#]*[^#\ ])(\ +#\ *(.*))?$ ]]; then
			cname=${BASH_REMATCH[2]} dir_=${BASH_REMATCH[4]}
			cases=$((cases + 1))
			if [ -n "${BASH_REMATCH[1]}" ]; then
				result 0 "$cname" "$dir_"
				bad=$((bad + 1))
			elif [[ $dir_ =~ ^SKIP\ *(.*)$ ]]; then
				result 1 "$cname" "SKIP ${BASH_REMATCH[1]}"
			elif [[ $dir_ =~ ^XFAIL\ *(.*)$ ]]; then
				result 1 "$cname" "SKIP (upstream XFAIL) ${BASH_REMATCH[1]}"
			else
				result 1 "$cname" "$dir_"
			fi
		fi
	done <"$out"
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		result 0 "$name.exit" "timeout after $TIMEOUT s ($cases cases reported)"
	elif [ $cases -eq 0 ]; then
		result 0 "$name.exit" "exit $rc, no KTAP result"
	elif [ $rc -ne 0 ] && [ $rc -ne 4 ] && [ $bad -eq 0 ]; then
		result 0 "$name.exit" "exit $rc with no failed case"
	fi
done
rm -f "$out"

# stats.py takes the link down and queues.py may reopen it: IPv6 addresses
# go with it. Give the next test programs the contract's topology back.
if ! err=$(inic-vm-net setup-local 2>&1); then
	diag "inic-vm-net setup-local after the upstream tests: $err"
fi
echo "1..$N"
[ $FAILED -eq 0 ]
