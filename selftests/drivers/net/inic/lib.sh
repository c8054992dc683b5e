# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Shared helpers for the inic selftests (bash, run inside the test VM).
# KTAP output: `ktap_plan N`, then one `run_test NAME FUNC [ARGS]` per
# result; `ktap_finish` exits 0 when nothing failed. A test function's
# output becomes `# ` diagnostics; it returns 0 (pass), 4 (skip, message on
# the last output line) or anything else (fail). Any `fail` call (a
# `FAIL: ` line) fails the test too, even when the function goes on.

set -u

KSFT_SKIP=4
NS=${REMOTE_ARGS:-peer}
# refresh_env: re-read the netdev names and addresses the VM set up (they
# change when the driver is reloaded).
refresh_env() {
	[ -r /run/inic-vm/env ] && . /run/inic-vm/env
	return 0
}
refresh_env

# ynl_cli: the kernel tree's YNL CLI (tools/net/ynl/cli.py; YNL_CLI
# overrides), or nothing
ynl_cli() {
	local c
	for c in "${YNL_CLI:-}" "${INIC_CACHE:-}/linux-source-6.12/tools/net/ynl/cli.py" \
		 "$HOME/.cache/inic/linux-source-6.12/tools/net/ynl/cli.py" \
		 /root/.cache/inic/linux-source-6.12/tools/net/ynl/cli.py; do
		[ -n "$c" ] && [ -f "$c" ] && { echo "$c"; return 0; }
	done
	return 1
}

KTAP_N=0
KTAP_FAILED=0

ktap_plan() {
	echo "TAP version 13"
	echo "1..$1"
}

diag() {
	echo "# $*"
}

run_test() {
	local name=$1 rc out
	shift
	out=/tmp/ktap.$$.$RANDOM
	("$@") >"$out" 2>&1 </dev/null
	rc=$?
	sed 's/^/# /' "$out"
	KTAP_N=$((KTAP_N + 1))
	# A FAIL line fails the test whatever the function returned: a check
	# that said FAIL and carried on must not end up reported as ok.
	if [ "$rc" -ne 0 ] && [ "$rc" -ne "$KSFT_SKIP" ]; then
		:
	elif grep -q '^FAIL: ' "$out"; then
		rc=1
	fi
	case $rc in
	0) echo "ok $KTAP_N $name" ;;
	"$KSFT_SKIP") echo "ok $KTAP_N $name # SKIP $(tail -n 1 "$out")" ;;
	*) echo "not ok $KTAP_N $name"; KTAP_FAILED=$((KTAP_FAILED + 1)) ;;
	esac
	rm -f "$out"
}

ktap_finish() {
	[ "$KTAP_FAILED" -eq 0 ] && exit 0
	exit 1
}

fail() {
	echo "FAIL: $*"
	return 1
}

skip() {
	echo "$*"
	return $KSFT_SKIP
}

# now_ms: wall clock in milliseconds
now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# poll TIMEOUT_S CMD...: run CMD every 10 ms until it succeeds (0) or the
# deadline passes (1).
poll() {
	local end=$(($(now_ms) + ${1%.*} * 1000))
	shift
	until "$@"; do
		[ "$(now_ms)" -lt "$end" ] || return 1
		sleep 0.01
	done
}

# moved_by BASE N CMD...: CMD prints a counter that is at least BASE + N
# (for poll: `poll 5 moved_by "$before" 20 dev_stat "$IF" rx_packets`)
moved_by() {
	local base=$1 n=$2 v
	shift 2
	v=$("$@") || return 1
	[ -n "$v" ] && [ $((v - base)) -ge "$n" ]
}

# carrier DEV [0|1]: DEV's carrier is (by default) on
carrier() {
	local c
	read -r c 2>/dev/null <"/sys/class/net/$1/carrier" || c=0
	[ "$c" = "${2:-1}" ]
}

# peer_carrier DEV [0|1]: the peer DEV (in netns peer) has carrier (or not)
peer_carrier() {
	local l
	l=$(ip -n "$NS" -o link show dev "$1" 2>/dev/null) || return 1
	if [ "${2:-1}" = 1 ]; then
		[[ $l == *LOWER_UP* ]]
	else
		[[ $l != *LOWER_UP* ]]
	fi
}

# dev_stat DEV COUNTER: /sys/class/net/DEV/statistics/COUNTER
dev_stat() {
	local v
	read -r v <"/sys/class/net/$1/statistics/$2" && echo "$v"
}

# peer_stats DEV: "rx_packets rx_bytes rx_errors rx_dropped tx_packets tx_bytes"
peer_stats() {
	ip -n "$NS" -s -j link show dev "$1" |
		jq -r '.[0].stats64 | "\(.rx.packets) \(.rx.bytes) \(.rx.errors) \(.rx.dropped) \(.tx.packets) \(.tx.bytes)"'
}

# inic_ports: the inic port netdevs in port order
inic_ports() {
	inic-vm-net ports
}

need_port() {	# need_port N: skip unless the device has port N
	[ "${INIC_PORTS:-2}" -gt "$1" ] || skip "the device has no port $1 (PORTS=${INIC_PORTS:-2})"
}
