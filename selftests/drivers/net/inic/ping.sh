#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ping the peer over the inic ports (IPv4 and IPv6), both directions, and
# check the packets really went through the inic netdev's counters.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

COUNT=5

# ping_over SUFFIX FAMILY [from-peer]
ping_over() {
	local sfx=$1 fam=$2 from=${3:-} ifc dst tx0 rx0 tx1 rx1
	local p=${sfx:-0}
	need_port "$p" || return
	eval "ifc=\${NETIF$sfx:-}"
	[ -n "$ifc" ] || fail "no netdev for port $p" || return
	if [ "$from" = peer ]; then
		eval "dst=\${LOCAL${sfx}_$fam}"
	else
		eval "dst=\${REMOTE${sfx}_$fam}"
	fi
	carrier "$ifc" || fail "$ifc has no carrier" || return
	tx0=$(dev_stat "$ifc" tx_packets) rx0=$(dev_stat "$ifc" rx_packets)
	# -c with -w: fails unless all COUNT replies arrive within the deadline
	if [ "$from" = peer ]; then
		ip netns exec "$NS" ping -c $COUNT -i 0.2 -w 15 "$dst" || fail "ping from the peer to $dst" || return
	else
		ping -c $COUNT -i 0.2 -w 15 -I "$ifc" "$dst" || fail "ping $dst over $ifc" || return
	fi
	tx1=$(dev_stat "$ifc" tx_packets) rx1=$(dev_stat "$ifc" rx_packets)
	echo "$ifc: tx_packets +$((tx1 - tx0)), rx_packets +$((rx1 - rx0))"
	[ $((tx1 - tx0)) -ge $COUNT ] || fail "$ifc tx_packets moved by $((tx1 - tx0)) < $COUNT"  || return
	[ $((rx1 - rx0)) -ge $COUNT ] || fail "$ifc rx_packets moved by $((rx1 - rx0)) < $COUNT"  || return
}

ktap_plan 6
run_test ping_v4_port0 ping_over "" V4
run_test ping_v6_port0 ping_over "" V6
run_test ping_v4_port0_from_peer ping_over "" V4 peer
run_test ping_v6_port0_from_peer ping_over "" V6 peer
run_test ping_v4_port1 ping_over 1 V4
run_test ping_v6_port1 ping_over 1 V6
ktap_finish
