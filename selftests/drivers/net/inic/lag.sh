#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Link aggregation over the inic ports: a bond over ports 0 and 1, the
# peer's two NICs bridged in netns peer (lag_lib.sh, the LAG topology of
# Documentation/test-vm.rst). What holds for Linux bonding over inic in
# software and must still hold with the driver's offload to the device's
# LAG engine: active-backup passes traffic both ways (IPv4, IPv6); a
# 1,000 pps sequenced UDP flow from the bond fails over and back on cable
# pulls (inic-wire) with bounded loss, and back to the bond's primary on
# restore; a TCP stream survives repeated pulls; balance-xor (layer3+4) uses both cables; slaves leave and join
# while traffic flows and the driver's memory ledger reads as before;
# rmmod with the bond up and traffic flowing leaves a clean kernel log;
# a VF of port 0 reaches the peer with the bond made before or after the
# VF, and its flow is back after every pull. With the driver's offload
# (lag_offload=1, the default) also: the group is in the device (inictl
# lag show), a member's carrier follows the group, a pull is a device
# failover (counted, a lag-failover event, a kernel log line) costing at
# most 1 datagram of the PF's and of a VF's flow, a pinned VF stays on its
# port, a rule on a tc block shared by both members keeps dropping its
# flow across a failover, balance-rr stays in software with its reason,
# and lag_offload=0
# leaves the bond to software bonding. Ends with the standard
# topology restored (the driver reloaded: runs late, see run_tests.sh).
#
# LAG_PULLS (default 4) pulls in the failover and TCP cases; LAG_MIIMON
# (default 100) the bond's miimon; LAG_MAX_LOST (default 1000: 1 s of the
# flow) the loss one pull may cost software bonding; LAG_TCP_PULLS
# (default 3) pulls under the TCP stream, LAG_TCP_MBPS (default 10) its
# pace.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"
. "$dir/lag_lib.sh"

PULLS=${LAG_PULLS:-4}
MIIMON=${LAG_MIIMON:-100}
# The driver offloads the bond to the device (lag_offload, on by default):
# then a pull may cost at most 1 datagram (the issue's goal), a VF's flow
# must go on too, and the offload-only cases run; with lag_offload=0
# everything is software bonding and a pull may cost up to 1 s of flow.
case $(lag_param) in Y|1) OFFLOAD=1 ;; *) OFFLOAD=0 ;; esac
if [ $OFFLOAD = 1 ]; then
	MAX_LOST=${LAG_MAX_LOST:-1}
else
	MAX_LOST=${LAG_MAX_LOST:-1000}
fi
TCP_MBPS=${LAG_TCP_MBPS:-10}
TCP_PULLS=${LAG_TCP_PULLS:-3}
MEMF=/sys/kernel/debug/inic/memory
ledger() { awk 'NR > 1 { printf "%s %s %s; ", $1, $2, $3 }' "$MEMF"; }
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

trap 'lag_down >/dev/null 2>&1' EXIT
LEDGER0=$(ledger 2>/dev/null)
STATE=/tmp/lag.state	# test functions run in subshells: what must last
rm -f $STATE

ab_up() { lag_up active-backup miimon "$MIIMON"; }

bond_active_is() { [ "$(bond_active)" = "$1" ]; }

# pull_flow FROM PULLS MUST_RESUME [PRIMARY]: the flow from FROM (pf|vf),
# PULLS pulls; every pull's flow back after the restore, at most MAX_LOST
# lost, no duplicate; with MUST_RESUME=1 the flow must also continue with
# the cable out; with PRIMARY (a port netdev) the bond must be back on it
# after each restore (failback)
pull_flow() {
	local from=$1 n=$2 must=$3 primary=${4:-} i bad=0 line lost sent dup
	lag_flow_start "$from" || return
	for ((i = 1; i <= n; i++)); do
		lag_pull || bad=1
		echo "pull $i: ${LAG_PULL_LOG[$((i - 1))]:-}"
		if [ "$must" = 1 ] && [ "$LAG_RESUMED" != 1 ]; then
			fail "pull $i: the flow did not continue over the other cable within $LAG_RESUME_S s"
			bad=1
		fi
		if [ -n "$primary" ] && ! poll 5 bond_active_is "$primary"; then
			fail "pull $i: $LAG_BOND did not fail back to its primary $primary (active: $(bond_active))"
			bad=1
		fi
	done
	lag_flow_analyze >"$LAG_DIR/analysis" || return
	while read -r line; do
		echo "$line"
		[[ $line == *'"pull": "total"'* ]] && continue
		lost=$(jq -r .lost <<<"$line") sent=$(jq -r .sent <<<"$line") dup=$(jq -r .dup <<<"$line")
		[ "$sent" -gt 0 ] || { fail "no datagram sent during a pull"; bad=1; }
		[ "$dup" = 0 ] || { fail "$dup datagrams arrived twice"; bad=1; }
		if [ "$must" = 1 ] && [ "$lost" -gt "$MAX_LOST" ]; then
			fail "a pull lost $lost datagrams (> $MAX_LOST)"
			bad=1
		fi
	done <"$LAG_DIR/analysis"
	return $bad
}

t_ab_setup() {
	ab_up || return
	cat "/proc/net/bonding/$LAG_BOND" | grep -E "^(Bonding Mode|Currently Active|MII Status|Slave Interface)"
}

t_ab_ping() {
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_PEER_V4" >/dev/null || fail "ping $LAG_PEER_V4" || return
	ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_PEER_V6" >/dev/null || fail "ping $LAG_PEER_V6" || return
	ip netns exec "$NS" ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_V4" >/dev/null ||
		fail "peer -> $LAG_V4" || return
	ip netns exec "$NS" ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_V6" >/dev/null ||
		fail "peer -> $LAG_V6" || return
	echo "IPv4 and IPv6 both ways over $LAG_BOND (active $(bond_active))"
}

t_ab_failover() {
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	pull_flow pf "$PULLS" 1
}

# With a primary (port 0), every pull hits it and every restore must
# bring the bond back to it (failback), the flow going on both times.
t_ab_failback() {
	local rc
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	ip link set dev "$LAG_BOND" type bond primary "${LAG_PORTS[0]}" ||
		fail "cannot set primary ${LAG_PORTS[0]}" || return
	poll 5 bond_active_is "${LAG_PORTS[0]}" || fail "primary ${LAG_PORTS[0]} not active" || return
	# The device fails back the instant the primary's cable has link
	# again, before the peer's bridge port forwards (bonding's updelay is
	# not honoured by the offload: driver.rst): a few datagrams of that
	# instant may be lost, so the bound here is 50 ms of the flow.
	MAX_LOST=$([ $OFFLOAD = 1 ] && echo "${LAG_FAILBACK_MAX_LOST:-50}" || echo "$MAX_LOST") \
		pull_flow pf 2 1 "${LAG_PORTS[0]}"
	rc=$?
	echo >"/sys/class/net/$LAG_BOND/bonding/primary"	# no primary
	return $rc
}

# A paced TCP stream (lag_flow.py tcp-send, LAG_TCP_MBPS Mbit/s) over
# the bond through the pulls, the UDP flow alongside (it tells which cable
# carries the traffic): no reset, no stall, and after a clean close the
# receiver counted every byte sent.
t_ab_tcp() {
	local rpid spid i bad=0 rc out
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	ip netns exec "$NS" $LAG_FLOW tcp-recv "$LAG_PEER_V4" "$LAG_TCP_PORT" >/tmp/lag-tcp-recv.log 2>&1 &
	rpid=$!
	poll 10 lag_tcp_listening || fail "TCP receiver not listening" || return
	$LAG_FLOW tcp-send "$LAG_PEER_V4" "$LAG_TCP_PORT" "$TCP_MBPS" >/tmp/lag-tcp-send.log 2>&1 &
	spid=$!
	lag_flow_start pf || { kill $spid $rpid; return 1; }
	for ((i = 1; i <= TCP_PULLS; i++)); do
		kill -0 $spid 2>/dev/null || { fail "the TCP stream ended before pull $i"; bad=1; break; }
		lag_pull || bad=1
		echo "pull $i: ${LAG_PULL_LOG[$((i - 1))]:-}"
	done
	lag_flow_stop
	kill -TERM $spid 2>/dev/null
	wait $spid
	rc=$?
	out=$(cat /tmp/lag-tcp-send.log)
	echo "$out"
	wait $rpid
	[ $rc -eq 0 ] || fail "the TCP stream broke or lost data (rc $rc)" || return
	[[ $out == *" bytes sent, the receiver counted "* ]] || fail "no result from tcp-send" || return
	return $bad
}

# Slaves leave and join while the peer pings the bond every 5 ms; the
# bond keeps passing traffic; after the bond is gone the driver's memory
# ledger reads as before the test.
t_enslave() {
	local ppid out tx rx i p
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	ip netns exec "$NS" ping -q -i 0.005 -W 1 "$LAG_V4" >/tmp/lag-ping.log 2>&1 &
	ppid=$!
	for i in 1 2 3; do
		for p in "${LAG_PORTS[@]:0:2}"; do
			ip link set dev "$p" nomaster || fail "release $p (cycle $i)"
			ping -c 1 -W 2 -w 10 "$LAG_PEER_V4" >/dev/null ||
				fail "no ping with $p released (cycle $i)"
			ip link set dev "$p" down
			ip link set dev "$p" master "$LAG_BOND" || fail "enslave $p again (cycle $i)"
			poll 10 bond_slave_up "$p" || fail "$p not up in $LAG_BOND (cycle $i)"
		done
	done
	ping -c 2 -W 2 -w 10 "$LAG_PEER_V4" >/dev/null || fail "no ping after the cycles"
	kill -INT $ppid
	wait $ppid
	out=$(sed -nE 's/^([0-9]+) packets transmitted, ([0-9]+) received.*/\1 \2/p' /tmp/lag-ping.log)
	read -r tx rx <<<"$out"
	echo "3 release/enslave cycles of each port; peer's 5 ms ping meanwhile: ${tx:-?} sent, ${rx:-?} answered"
	[ "${rx:-0}" -gt 0 ] || fail "the peer's ping got no answer"
	lag_down || fail "cannot restore the standard topology"
	[ -n "$LEDGER0" ] || fail "no ledger ($MEMF)" || return
	local l
	l=$(ledger)
	echo "ledger before: $LEDGER0"
	[ "$l" = "$LEDGER0" ] || fail "ledger after the bond went: $l" || return
}

# vf_reach: VF 0 and the peer ping each other, the bond still works; the
# VF's flow is back after a pull of the cable that carries it (software
# bonding does not move a VF: its flow stops while port 0 is out; the
# offload moves it)
vf_reach() {
	ip netns exec "$LAG_VFNS" ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_PEER_V4" >/dev/null ||
		fail "VF -> $LAG_PEER_V4" || return
	ip netns exec "$NS" ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_VF_V4" >/dev/null ||
		fail "peer -> VF $LAG_VF_V4" || return
	ping -c 2 -i 0.2 -W 2 -w 15 "$LAG_PEER_V4" >/dev/null || fail "PF (bond) ping with the VF" || return
	# the offload moves a following VF with the group: it must go on
	pull_flow vf 1 $OFFLOAD
}

t_vf_before_bond() {
	lag_names || return
	lag_peer_bridge_up || return
	lag_vf_up || return
	lag_bond_up active-backup miimon "$MIIMON" || return
	echo "bond made with the VF enabled"
	vf_reach
}

t_vf_after_bond() {
	lag_vf_down
	ip link del "$LAG_BOND" 2>/dev/null
	ab_up || return
	lag_vf_up || return
	echo "VF enabled with the bond up"
	vf_reach
}

# balance-xor layer3+4: 64 UDP flows (one source port each) spread over
# both cables; each peer NIC gets at least an eighth of them
t_xor() {
	local a0 a1 b0 b1 n=640
	lag_vf_down
	ip link del "$LAG_BOND" 2>/dev/null
	lag_bond_up balance-xor xmit_hash_policy layer3+4 miimon "$MIIMON" || return
	ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_PEER_V4" >/dev/null || fail "balance-xor: ping $LAG_PEER_V4" || return
	ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_PEER_V6" >/dev/null || fail "balance-xor: ping $LAG_PEER_V6" || return
	read -r a0 a1 < <(lag_peer_rx)
	python3 - "$LAG_PEER_V4" $n <<'EOF' || fail "cannot send" || return
import socket, sys, time
dst, n = sys.argv[1], int(sys.argv[2])
socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(64)]
for i in range(n):
    socks[i % 64].sendto(b"lag-xor %d" % i, (dst, 9))
    time.sleep(0.001)
EOF
	lag_xor_done() { read -r b0 b1 < <(lag_peer_rx); [ $((b0 - a0 + b1 - a1)) -ge $n ]; }
	poll 5 lag_xor_done
	read -r b0 b1 < <(lag_peer_rx)
	echo "balance-xor layer3+4, 64 flows x $((n / 64)): peer NICs received +$((b0 - a0)) / +$((b1 - a1))"
	[ $((b0 - a0 + b1 - a1)) -ge $n ] || fail "the peer got $((b0 - a0 + b1 - a1)) < $n" || return
	[ $((b0 - a0)) -ge $((n / 8)) ] && [ $((b1 - a1)) -ge $((n / 8)) ] ||
		fail "flows not spread over both cables" || return
	[ $OFFLOAD = 1 ] || return 0
	lag_ctl | jq -e '.[0] | .offloaded == 1 and .mode == "hash" and .hash == "l34"' >/dev/null ||
		fail "balance-xor layer3+4 not offloaded as hash l34: $(lag_ctl)"
}

# lag_offload=0 at run time: the next bonding event takes the group out of
# the device (the reason shown), a pull is software bonding's again (the
# flow goes on over the other cable once miimon sees it); back to 1, the
# next event offloads it again
t_param_off() {
	local rc=0
	lag_param_set 0 || fail "lag_offload=0" || return
	ab_up || { lag_param_set 1; return 1; }
	lag_offload_state_off || rc=1
	MAX_LOST=1000 pull_flow pf 1 1 || rc=1
	lag_param_set 1 || fail "lag_offload=1" || return
	ab_up || return
	lag_offload_state_offloaded || rc=1
	return $rc
}

# the device refusing a programming (debugfs lag/fail_next, one-shot):
# the bond stays in software with that reason, logged, and the knob is
# spent; the next bonding event (a bond option set) offloads it again
t_program_fails() {
	local f k0 line
	f=/sys/kernel/debug/inic/$(basename "$(readlink -f "$(lag_sysdev)")")/lag/fail_next
	[ -w "$f" ] || fail "no $f" || return
	lag_down >/dev/null
	k0=$(dmesg | wc -l)
	echo 1 >"$f" || fail "write $f" || return
	ab_up || return
	line=$(dmesg | tail -n +$((k0 + 1)) |
	       grep "lag: $LAG_BOND stays in software: the device refused" | tail -1)
	echo "kernel: ${line#*] }"
	[ -n "$line" ] || fail "no log line for the refused programming" || return
	[ "$(cat "$f")" = N ] || fail "fail_next not spent" || return
	ip link set dev "$LAG_BOND" type bond miimon "$MIIMON" || fail "bond option" || return
	poll 5 lag_offloaded || fail "not offloaded again after the next event: $(lag_ctl)" || return
	lag_offload_state_offloaded
}

t_unsupported() {
	lag_offload_unsupported_mode balance-rr miimon "$MIIMON" || return
	ab_up
}

# rmmod inic with the bond up and the peer pinging it: the ports leave
# the bond, nothing is left behind (module exit checks the ledger; the
# kernel log must stay clean), the driver comes back and so does the LAG
t_rmmod() {
	local ppid k0 out
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	k0=$(dmesg | wc -l)
	ip netns exec "$NS" ping -q -i 0.005 -W 1 "$LAG_V4" >/dev/null 2>&1 &
	ppid=$!
	lag_flow_start pf || { kill $ppid; return 1; }
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic with $LAG_BOND up: $out"
	lag_flow_stop
	kill $ppid; wait $ppid
	[ ! -e /sys/module/inic ] || fail "inic still loaded" || return
	[ -z "$(inic-vm-net ports)" ] || fail "inic netdevs left after rmmod" || return
	out=$(cat "/sys/class/net/$LAG_BOND/bonding/slaves")
	[ -z "$out" ] || fail "$LAG_BOND still has slaves: $out" || return
	echo "rmmod with $LAG_BOND up and traffic: ports gone, $LAG_BOND has no slaves"
	inic-klog-check --since "$k0" || fail "kernel log after rmmod" || return
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 lag_nports 2 || fail "ports not back" || return
	lag_down || fail "standard topology not restored" || return
	ping -c 2 -i 0.2 -W 2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "port 0 ping after reload" || return
	ab_up || return
	echo "driver back, bond over $(xargs <<<"${LAG_PORTS[*]:0:2}") again"
}

# tc_block_pkts BLOCK PREF: the hardware packets tc shows for the filter
tc_block_pkts() {
	tc -s -j filter show block "$1" | jq "[.[] | select(.pref == $2 and .options != null) |
		.options.actions[]?.stats | (.hw_packets // .packets // 0)] | max // 0"
}

udp_noports() { awk '$1 == "Udp:" && $2 ~ /^[0-9]/ { print $3; exit }' /proc/net/snmp; }

# block_drops N: N datagrams from the peer to the bond's UDP 9400 are
# counted by the block's drop rule and none reaches the host's UDP
block_drops() {
	local t0 t1 u0 u1
	t0=$(tc_block_pkts 7 5) u0=$(udp_noports)
	ip netns exec "$NS" python3 - "$LAG_V4" "$1" <<'PY' || fail "cannot send" || return
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[2])):
    s.sendto(b"lag-block %d" % i, (sys.argv[1], 9400))
    time.sleep(0.002)
PY
	poll 10 moved_by "$t0" "$1" tc_block_pkts 7 5
	t1=$(tc_block_pkts 7 5) u1=$(udp_noports)
	echo "block 7 rule: $t0 -> $t1; host UDP NoPorts +$((u1 - u0))"
	inictl rule show | sed 's/^/  /'
	[ $((t1 - t0)) -eq "$1" ] || fail "the block's rule counted $((t1 - t0)), not $1" || return
	[ $((u1 - u0)) -eq 0 ] || fail "$((u1 - u0)) datagrams of the dropped flow reached the host"
}

# The classifier sees the member port a frame arrived on; a rule meant for
# the group goes on every member, e.g. through a shared tc block: the
# driver installs it once per port, and it keeps working when the device
# moves the group to the other cable.
t_shared_block() {
	local act rc=0
	carrier "$LAG_BOND" || fail "$LAG_BOND is not up" || return
	tc qdisc add dev "${LAG_PORTS[0]}" ingress_block 7 ingress &&
		tc qdisc add dev "${LAG_PORTS[1]}" ingress_block 7 ingress ||
		fail "shared ingress block" || return
	tc filter add block 7 protocol ip prio 5 flower skip_sw ip_proto udp dst_port 9400 action drop ||
		{ fail "filter on block 7"; rc=1; }
	[ $rc = 0 ] && { tc filter show block 7 | grep -q "in_hw_count 2" || { fail "not in_hw on both ports: $(tc filter show block 7)"; rc=1; }; }
	[ $rc = 0 ] && { block_drops 100 || rc=1; }
	if [ $rc = 0 ]; then
		act=$(lag_ctl | jq -r '.[0].active')
		inic-wire "$act" down >/dev/null || { fail "inic-wire $act down"; rc=1; }
		poll 5 lag_member_link "$act" down || { fail "port $act still up"; rc=1; }
		echo "port $act pulled: the group on port $(lag_ctl | jq -r '.[0].active')"
		[ $rc = 0 ] && { block_drops 100 || rc=1; }
		inic-wire "$act" up >/dev/null
		poll 5 lag_member_link "$act" up || { fail "port $act not back"; rc=1; }
	fi
	tc qdisc del dev "${LAG_PORTS[0]}" ingress 2>/dev/null
	tc qdisc del dev "${LAG_PORTS[1]}" ingress 2>/dev/null
	return $rc
}

t_restore() {
	lag_down || fail "inic-vm-net setup failed" || return
	ping -c 2 -i 0.2 -W 2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "port 0 ping" || return
	ping -c 2 -i 0.2 -W 2 -w 15 -I "$NETIF1" "$REMOTE1_V4" >/dev/null || fail "port 1 ping" || return
	echo "standard topology back: $NETIF -> $REMOTE_V4, $NETIF1 -> $REMOTE1_V4"
}

# the names stay valid until t_rmmod reloads the driver (test functions
# run in subshells: they cannot set them for the next)
lag_names >/dev/null || { echo "# $(lag_names)"; exit 1; }
echo "# lag_offload=$(lag_param): $([ $OFFLOAD = 1 ] && echo "the device's LAG engine, at most $MAX_LOST lost per pull" || echo "software bonding")"
ktap_plan $((11 + 8 * OFFLOAD))
run_test lag_ab_setup t_ab_setup
[ $OFFLOAD = 0 ] || run_test lag_offload_state lag_offload_state_offloaded
run_test lag_ab_ping t_ab_ping
[ $OFFLOAD = 0 ] || run_test lag_offload_carrier_follows_group lag_offload_carrier_follows
[ $OFFLOAD = 0 ] || run_test lag_offload_failover_event lag_offload_failover_counted
run_test lag_ab_failover_pf t_ab_failover
run_test lag_ab_failback_primary t_ab_failback
run_test lag_ab_tcp_survives_pulls t_ab_tcp
run_test lag_enslave_release_traffic t_enslave
run_test lag_vf_before_bond t_vf_before_bond
run_test lag_vf_after_bond t_vf_after_bond
[ $OFFLOAD = 0 ] || run_test lag_offload_vf_pinned lag_offload_vf_pinned
[ $OFFLOAD = 0 ] || run_test lag_offload_shared_block_follows t_shared_block
run_test lag_xor_l34_spreads t_xor
[ $OFFLOAD = 0 ] || run_test lag_offload_program_refused t_program_fails
[ $OFFLOAD = 0 ] || run_test lag_offload_unsupported_mode t_unsupported
[ $OFFLOAD = 0 ] || run_test lag_offload_param_off t_param_off
run_test lag_rmmod_bond_up t_rmmod
run_test lag_restore t_restore
ktap_finish
