#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device reset recovery (ethtool --reset DEV all): the driver resets the
# device and programs everything it holds again. After the reset the port
# has its link and passes traffic, ethtool ntuple rules, an RSS context
# and tc flower rules steer, count and drop as before, their counters do
# not go backwards, and the memory ledger reads the same. A partial reset
# request and a reset while VFs are enabled are refused and change
# nothing.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
N=100		# frames per traffic check
NOISE=10	# frames other rings may see meanwhile (ND, ARP, ...)
MEMF=/sys/kernel/debug/inic/memory
SYSDEV=/sys/class/net/$IF/device

. "$dir/cls_lib.sh"

ledger() { awk 'NR > 1 { printf "%s %s %s; ", $1, $2, $3 }' "$MEMF"; }

# tc_pkts PREF: the hardware packet counter tc shows for the filter
tc_pkts() {
	tc -s -j filter show dev "$IF" ingress |
		jq "[.[] | select(.pref == $1 and .options != null) |
		     .options.actions[]?.stats | (.hw_packets // .packets // 0)] | max // 0"
}

# steered LOC RING KIND PORT: N frames; rule LOC counts exactly N more,
# ring RING gets them, the others at most NOISE
steered() {
	local loc=$1 ring=$2 kind=$3 port=$4 h0 h1
	local -a r0 r1
	h0=$(stat "cls_rule${loc}_packets")
	read -ra r0 <<<"$(rings_rx)"
	peer_send "$kind" "$LOCAL_V4" "$port" $N || fail "sending from the peer" || return
	poll 10 stat_at_least "cls_rule${loc}_packets" $((h0 + N))
	h1=$(stat "cls_rule${loc}_packets")
	read -ra r1 <<<"$(rings_rx)"
	echo "rule $loc: $h0 -> $h1; rings$(rings_delta)"
	[ $((h1 - h0)) -eq $N ] || fail "rule $loc counted $((h1 - h0)), not $N" || return
	rings_check "$ring" $N
}

# ctx_spread LOC: N flows of the context's rule land on rings 2 and 3 only
ctx_spread() {
	local h0
	local -a r0 r1
	h0=$(stat "cls_rule${1}_packets")
	read -ra r0 <<<"$(rings_rx)"
	peer_send udp4m "$LOCAL_V4" 5502 $N || fail "send" || return
	poll 10 stat_at_least "cls_rule${1}_packets" $((h0 + N)) ||
		fail "rule $1 counted $(($(stat "cls_rule${1}_packets") - h0))" || return
	read -ra r1 <<<"$(rings_rx)"
	echo "context rule $1: rings$(rings_delta)"
	[ $((r1[2] - r0[2] + r1[3] - r0[3])) -ge $N ] || fail "rings 2 and 3 got too few" || return
	[ $((r1[0] - r0[0] + r1[1] - r0[1])) -le $NOISE ] || fail "rings 0 and 1 got the context's flows"
}

# tc_dropped: N frames to the tc drop rule are counted by it, not received
tc_dropped() {
	local t0 t1 p0 p1
	t0=$(tc_pkts 10) p0=$(dev_stat "$IF" rx_packets)
	peer_send udp4 "$LOCAL_V4" 5503 $N || fail "send" || return
	poll 10 test_tc_at_least 10 $((t0 + N)) || fail "tc rule counted $(($(tc_pkts 10) - t0))" || return
	t1=$(tc_pkts 10) p1=$(dev_stat "$IF" rx_packets)
	echo "tc drop rule: $t0 -> $t1, netdev rx +$((p1 - p0))"
	[ $((p1 - p0)) -le $NOISE ] || fail "the host received $((p1 - p0)) frames of a dropped flow"
}

test_tc_at_least() {
	[ "$(tc_pkts "$1")" -ge "$2" ]
}

# test functions run in subshells: what cleanup needs is kept in a file
STATE=/tmp/reset.state
rm -f $STATE

test_setup() {
	local CTX RXU
	[ -n "$IF" ] || fail "NETIF not set" || return
	[ "$(channels)" -ge 4 ] || fail "needs 4 channels, has $(channels)" || return
	ntuple_ok() { ethtool -N "$IF" "$@" 2>&1 | grep -v Added; return "${PIPESTATUS[0]}"; }
	ntuple_ok flow-type udp4 dst-port 5501 action 3 loc 80 || fail "ntuple rule" || return
	CTX=$(ethtool -X "$IF" weight 0 0 1 1 context new 2>&1 |
		sed -n 's/^New RSS context is \([0-9]*\)$/\1/p')
	[ -n "$CTX" ] || fail "no RSS context" || return
	echo "CTX=$CTX" >>$STATE
	ntuple_ok flow-type udp4 dst-port 5502 context "$CTX" action 0 loc 81 || fail "context rule" || return
	tc qdisc del dev "$IF" ingress 2>/dev/null
	tc qdisc add dev "$IF" ingress || fail "ingress qdisc" || return
	tc filter add dev "$IF" ingress protocol ip prio 10 flower skip_sw ip_proto udp \
		dst_port 5503 action drop || fail "tc flower rule" || return
	RXU=$(ethtool -c "$IF" | awk '/^rx-usecs:/ { print $2 }')
	echo "RXU=$RXU" >>$STATE
	ethtool -C "$IF" rx-usecs 30 || fail "ethtool -C" || return
	steered 80 3 udp4 5501 || return
	ctx_spread 81 || return
	tc_dropped
}

test_reset_recovers() {
	local k0 h0 l0 l1 out t
	k0=$(dmesg | wc -l)
	h0=$(stat cls_rule80_packets)
	l0=$(ledger)
	t=$(now_ms)
	out=$(ethtool --reset "$IF" all 2>&1) || fail "ethtool --reset $IF all: $out" || return
	echo "ethtool --reset all: $(tr '\n' ' ' <<<"$out")($(($(now_ms) - t)) ms)"
	dmesg | tail -n +$((k0 + 1)) | grep -E 'device reset|classifier' | sed 's/^/  /'
	dmesg | tail -n +$((k0 + 1)) | grep -q 'classifier: 3 rules programmed again after the reset, 0 lost' ||
		fail "the driver did not report its 3 rules programmed again" || return
	poll 10 carrier "$IF" || fail "no carrier after the reset" || return
	ping -c 3 -i 0.2 -W 2 "$REMOTE_V4" >/dev/null || fail "no ping after the reset" || return
	[ "$(stat cls_rule80_packets)" -ge "$h0" ] ||
		fail "rule 80's counter went back: $h0 -> $(stat cls_rule80_packets)" || return
	ethtool -n "$IF" | grep -q 'Total 2 rules' || fail "ethtool -n: $(ethtool -n "$IF" | head -3)" || return
	ethtool -c "$IF" | grep -q '^rx-usecs: *30$' || fail "rx-usecs not kept" || return
	steered 80 3 udp4 5501 || return
	ctx_spread 81 || return
	tc_dropped || return
	l1=$(ledger)
	[ "$l0" = "$l1" ] || fail "memory ledger changed: $l0 -> $l1"
}

test_partial_refused() {
	local h0 out
	h0=$(stat cls_rule80_packets)
	if out=$(ethtool --reset "$IF" dedicated 2>&1); then
		fail "a dedicated-only reset was accepted: $out"
		return 1
	fi
	echo "ethtool --reset dedicated: refused ($(head -1 <<<"$out"))"
	steered 80 3 udp4 5501
}

test_refused_with_vfs() {
	local out rc=0
	[ -e "$SYSDEV/sriov_numvfs" ] || fail "no SR-IOV" || return
	echo 1 >"$SYSDEV/sriov_numvfs" || fail "enable a VF" || return
	if out=$(ethtool --reset "$IF" all 2>&1); then
		fail "reset accepted with a VF enabled: $out"
		rc=1
	else
		echo "with a VF: refused ($(head -1 <<<"$out")); kernel: $(dmesg | grep 'reset refused' | tail -1 | sed 's/.*reset refused: //')"
	fi
	echo 0 >"$SYSDEV/sriov_numvfs"
	[ $rc = 0 ] || return 1
	steered 80 3 udp4 5501
}

cleanup() {
	local CTX= RXU=
	# shellcheck source=/dev/null
	[ ! -e $STATE ] || . $STATE
	tc qdisc del dev "$IF" ingress 2>/dev/null
	ethtool -N "$IF" delete 80 2>/dev/null
	ethtool -N "$IF" delete 81 2>/dev/null
	[ -z "$CTX" ] || ethtool -X "$IF" context "$CTX" delete 2>/dev/null
	[ -z "$RXU" ] || ethtool -C "$IF" rx-usecs "$RXU" 2>/dev/null
	rm -f $STATE
	# nothing left for the tests after this one
	ethtool -n "$IF" | grep -q 'Total 0 rules' || fail "rules left: $(ethtool -n "$IF" | head -3)" || return
	[ -z "$CTX" ] || ! ethtool -x "$IF" context "$CTX" >/dev/null 2>&1 ||
		fail "RSS context $CTX left" || return
	[ -z "$RXU" ] || ethtool -c "$IF" | grep -q "^rx-usecs: *$RXU$" || fail "rx-usecs not restored to $RXU"
}

ktap_plan 5
run_test setup test_setup
run_test reset_recovers test_reset_recovers
run_test partial_reset_refused test_partial_refused
run_test reset_refused_with_vfs test_refused_with_vfs
run_test cleanup_leaves_nothing cleanup
ktap_finish
