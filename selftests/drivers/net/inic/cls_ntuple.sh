#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The classifier through ethtool ntuple (ethtool -N/-n) on port 0: rules
# of several flow types steer real traffic from the peer (the rule's hit
# counter, the target ring's counter, and nothing on the other rings),
# drop, VF steering, RSS contexts (ethtool -X context new, context N),
# bad input refused with a logged reason, automatic
# placement, 10,000 rules inserted and deleted, a full device table, rules
# kept across ethtool -G, ntuple off flushing, and a clean module unload
# with rules installed.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
BULK="$dir/cls_ntuple_bulk.py"
N=100		# frames per traffic check
NOISE=10	# frames other rings may see meanwhile (ND, ARP, ...)

. "$dir/cls_lib.sh"

# steer_check LOC RING KIND DST PORT: N frames of KIND; rule LOC counts
# exactly N, ring RING at least N, every other ring at most NOISE.
steer_check() {
	local loc=$1 ring=$2 kind=$3 dst=$4 port=$5 h0 h1 q
	local -a r0 r1
	h0=$(stat cls_rule${loc}_packets)
	read -ra r0 <<<"$(rings_rx)"
	peer_send "$kind" "$dst" "$port" $N || fail "sending $kind from the peer" || return
	# the rule counts a frame once it is delivered (checked exactly below)
	poll 10 stat_at_least "cls_rule${loc}_packets" $((h0 + N))
	h1=$(stat cls_rule${loc}_packets)
	read -ra r1 <<<"$(rings_rx)"
	echo "$kind to $port: rule $loc +$((h1 - h0)); rings$(rings_delta)"
	[ $((h1 - h0)) -eq $N ] || fail "rule $loc counted $((h1 - h0)) frames, not $N" || return
	rings_check "$ring" $N
}

# refused K|- WHAT ARGS...: ethtool -N IF ARGS must fail; with K the
# driver must log the reason (without, ethtool or the ethtool core may
# refuse it before the driver sees it)
refused() {
	local need=$1 what=$2 k0 out
	shift 2
	k0=$(dmesg | wc -l)
	# ethtool 6.1 exits 0 when the kernel refuses a rule with a location:
	# its message tells
	if out=$(ethtool -N "$IF" "$@" 2>&1) && [[ $out != *Cannot* ]]; then
		fail "$what accepted: ethtool -N $IF $*"
		return 1
	fi
	local why
	why=$(dmesg | tail -n +$((k0 + 1)) | grep -m1 'ntuple rule refused' | sed 's/.*ntuple rule refused: //')
	echo "$what: refused ($(head -1 <<<"$out")); kernel: ${why:-<none>}"
	[ -n "$why" ] || [ "$need" != K ] || fail "$what: no reason logged"
}

# ntuple_add ARGS...: ethtool -N IF ARGS must succeed (its exit status
# alone does not say so), printing what ethtool and the kernel said if not
ntuple_add() {
	local k0 out
	k0=$(dmesg | wc -l)
	out=$(ethtool -N "$IF" "$@" 2>&1)
	if [ $? -ne 0 ] || [[ $out == *Cannot* ]]; then
		echo "ethtool -N $IF $*: $out"
		dmesg | tail -n +$((k0 + 1)) | grep 'ntuple rule refused'
		return 1
	fi
	[ -z "$out" ] || echo "$out"
}

have_ports() {
	[ -n "$(inic_ports)" ]
}

flush_rules() {
	local l
	for l in $(ethtool -n "$IF" 2>/dev/null | awk '/^Filter:/ { print $2 }'); do
		ethtool -N "$IF" delete "$l"
	done
}

test_setup() {
	[ -n "$IF" ] || fail "NETIF not set" || return
	ethtool -k "$IF" | grep -q '^ntuple-filters: on' ||
		fail "ntuple-filters not on by default: $(ethtool -k "$IF" | grep ntuple)" || return
	[ "$(channels)" -ge 4 ] || skip "needs 4 channels, has $(channels)" || return
	local out
	out=$(python3 "$BULK" "$IF" count) || fail "GRXCLSRLCNT" || return
	echo "$out"
	[[ $out == "rules 0 size 16384 special 1" ]] || fail "unexpected rule count/size: $out" || return
	ethtool -S "$IF" | grep -q '^ *cls_lookups:' || fail "no cls_lookups in ethtool -S"
}

test_udp4_tcp4() {
	ntuple_add flow-type udp4 dst-port 5001 action 3 loc 10 || fail "udp4 rule" || return
	ntuple_add flow-type tcp4 dst-ip "$LOCAL_V4" dst-port 5002 action 2 loc 11 || fail "tcp4 rule" || return
	ethtool -n "$IF" rule 10 | sed 's/^/  /'
	ethtool -n "$IF" | grep -q 'Total 2 rules' || fail "ethtool -n: $(ethtool -n "$IF" | head -3)" || return
	steer_check 10 3 udp4 "$LOCAL_V4" 5001 || return
	steer_check 11 2 tcp4 "$LOCAL_V4" 5002 || return
	ethtool -N "$IF" delete 10 && ethtool -N "$IF" delete 11 || fail "delete" || return
	ethtool -n "$IF" | grep -q 'Total 0 rules' || fail "rules left: $(ethtool -n "$IF")"
}

test_ip6_udp6_tcp6() {
	ntuple_add flow-type udp6 dst-ip "$LOCAL_V6" dst-port 6001 action 1 loc 20 || fail "udp6 rule" || return
	ntuple_add flow-type tcp6 src-ip "$REMOTE_V6" m ::ffff dst-port 6002 action 3 loc 21 ||
		fail "tcp6 rule" || return
	ntuple_add flow-type ip6 src-ip "$REMOTE_V6" l4proto 17 action 2 loc 22 || fail "ip6 rule" || return
	steer_check 20 1 udp6 "$LOCAL_V6" 6001 || return
	steer_check 21 3 tcp6 "$LOCAL_V6" 6002 || return
	# the ip6 rule: other UDP from the peer (loc 20 wins for 6001)
	steer_check 22 2 udp6 "$LOCAL_V6" 6003 || return
	flush_rules
}

test_ip4_ether() {
	local mac
	mac=$(cat "/sys/class/net/$IF/address")
	ntuple_add flow-type ip4 src-ip "$REMOTE_V4" m 0.0.0.255 l4proto 17 action 1 loc 30 ||
		fail "ip4 rule" || return
	ntuple_add flow-type ether proto 0x88b5 action 3 loc 31 || fail "ether rule" || return
	steer_check 30 1 udp4 "$LOCAL_V4" 7001 || return
	steer_check 31 3 ether "$mac" 0x88b5 || return
	flush_rules
}

test_priority_by_location() {
	# both match UDP to 7100: the lower location wins
	ntuple_add flow-type udp4 action 1 loc 41 || fail "udp4 catch-all" || return
	ntuple_add flow-type udp4 dst-port 7100 action 2 loc 40 || fail "udp4 7100" || return
	steer_check 40 2 udp4 "$LOCAL_V4" 7100 || return
	ethtool -N "$IF" delete 40
	steer_check 41 1 udp4 "$LOCAL_V4" 7100 || return
	flush_rules
}

test_drop() {
	local d0 d1 r0 r1 h0 h1
	ntuple_add flow-type udp4 dst-port 5003 action -1 loc 50 || fail "drop rule" || return
	d0=$(stat cls_drops) h0=$(stat cls_rule50_packets) r0=$(dev_stat "$IF" rx_packets)
	peer_send udp4 "$LOCAL_V4" 5003 $N || fail "send" || return
	poll 10 stat_at_least cls_rule50_packets $((h0 + N))
	d1=$(stat cls_drops) h1=$(stat cls_rule50_packets) r1=$(dev_stat "$IF" rx_packets)
	echo "drop: rule +$((h1 - h0)), cls_drops +$((d1 - d0)), netdev rx +$((r1 - r0))"
	[ $((h1 - h0)) -eq $N ] || fail "rule counted $((h1 - h0))" || return
	[ $((d1 - d0)) -ge $N ] || fail "cls_drops +$((d1 - d0))" || return
	[ $((r1 - r0)) -le $NOISE ] || fail "the host received $((r1 - r0)) frames of a dropped flow" || return
	flush_rules
}

test_bad_input() {
	refused K "ring beyond the channels" flow-type udp4 dst-port 1 action 4
	refused K "ring far beyond" flow-type udp4 dst-port 1 action 200
	refused K "VF that does not exist" flow-type udp4 dst-port 1 vf 9 queue 0
	refused K "unsupported flow type" flow-type sctp4 dst-port 1 action 1
	refused K "user-def data" flow-type udp4 dst-port 1 user-def 0x5 action 1
	refused K "ip4 l4data" flow-type ip4 l4data 0x1234 action 1
	refused - "location beyond the table" flow-type udp4 dst-port 1 action 1 loc 20000
	refused K "vlan-etype" flow-type udp4 dst-port 1 vlan-etype 0x88a8 action 1
	refused K "rss context that does not exist" flow-type udp4 dst-port 1 context 1 action 0
	ethtool -n "$IF" | grep -q 'Total 0 rules' || fail "a refused rule was kept: $(ethtool -n "$IF")"
}

test_vf_steering() {
	local sysdev=/sys/class/net/$IF/device vdev r0 r1 h0 h1
	[ -e "$sysdev/sriov_totalvfs" ] || skip "no SR-IOV" || return
	echo 1 >"$sysdev/sriov_numvfs" || fail "enable 1 VF" || return
	if ! poll 20 test -d "$sysdev/virtfn0/net"; then
		echo 0 >"$sysdev/sriov_numvfs"
		fail "no VF netdev"
		return
	fi
	vdev=$(ls "$sysdev/virtfn0/net" | head -n 1)
	ip link set "$vdev" up
	poll 10 carrier "$vdev"
	refused K "VF 1 of 1" flow-type udp4 dst-port 5004 vf 1 queue 0
	refused K "a VF's queue" flow-type udp4 dst-port 5004 vf 0 queue 1
	ntuple_add flow-type udp4 dst-port 5004 vf 0 queue 0 loc 60 || fail "VF 0 rule" || return
	h0=$(stat cls_rule60_packets) r0=$(dev_stat "$vdev" rx_packets)
	peer_send udp4 "$LOCAL_V4" 5004 $N
	poll 10 stat_at_least cls_rule60_packets $((h0 + N))
	poll 10 rx_at_least "$vdev" $((r0 + N))
	h1=$(stat cls_rule60_packets) r1=$(dev_stat "$vdev" rx_packets)
	echo "VF 0 ($vdev): rule +$((h1 - h0)), VF rx +$((r1 - r0))"
	[ $((h1 - h0)) -eq $N ] || fail "rule counted $((h1 - h0))"
	[ $((r1 - r0)) -ge $N ] || fail "the VF received $((r1 - r0)) frames"
	echo 0 >"$sysdev/sriov_numvfs"
	# the rule outlives the VF; its frames are dropped by the device
	ethtool -n "$IF" | grep -q 'Total 1 rules' || fail "VF rule gone with the VF"
	flush_rules
}

# ctx_new ARGS...: ethtool -X IF ARGS context new; prints the context id
ctx_new() {
	ethtool -X "$IF" "$@" context new 2>&1 | sed -n 's/^New RSS context is \([0-9]*\)$/\1/p'
}

test_rss_context() {
	local ctx c2 q h0 out
	local -a r0 r1 extra=()
	ctx=$(ctx_new weight 0 0 1 1)
	[ -n "$ctx" ] || fail "ethtool -X $IF weight 0 0 1 1 context new: no context" || return
	echo "context $ctx: $(ethtool -x "$IF" context "$ctx" | sed -n '/^ *0:/p' | xargs)"
	# weight 0 0 1 1: half the table ring 2, half ring 3
	out=$(ethtool -x "$IF" context "$ctx" | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) n[$i]++ }
		END { for (q in n) printf "%s:%d ", q, n[q] }')
	echo "context $ctx entries per ring: $out"
	[[ $out == *"2:64 "* && $out == *"3:64 "* ]] && [ "$(wc -w <<<"$out")" -eq 2 ] ||
		fail "context table: $(ethtool -x "$IF" context "$ctx" | head -5)" || return
	# the ethtool core refuses a queue offset for a driver that does not
	# add one (the driver would too)
	refused - "a queue offset within a context" flow-type udp4 dst-port 5401 context "$ctx" action 1
	ntuple_add flow-type udp4 dst-port 5401 context "$ctx" action 0 loc 70 || fail "context rule" || return
	ethtool -n "$IF" rule 70 | grep -q "RSS Context ID: $ctx" ||
		fail "rule 70 read back: $(ethtool -n "$IF" rule 70)" || return
	h0=$(stat cls_rule70_packets)
	read -ra r0 <<<"$(rings_rx)"
	peer_send udp4m "$LOCAL_V4" 5401 $N || fail "send" || return
	poll 10 stat_at_least cls_rule70_packets $((h0 + N)) || fail "rule 70 counted $(($(stat cls_rule70_packets) - h0))" || return
	read -ra r1 <<<"$(rings_rx)"
	echo "context $ctx, $N flows: rings$(rings_delta)"
	[ $((r1[2] - r0[2] + r1[3] - r0[3])) -ge $N ] || fail "rings 2 and 3 got $((r1[2] - r0[2] + r1[3] - r0[3])) of $N" || return
	[ $((r1[2] - r0[2])) -gt 0 ] && [ $((r1[3] - r0[3])) -gt 0 ] || fail "the context did not spread over rings 2 and 3" || return
	[ $((r1[0] - r0[0] + r1[1] - r0[1])) -le $NOISE ] || fail "rings 0 and 1 got flows of the context" || return
	# the context's table changes: everything to ring 1
	ethtool -X "$IF" context "$ctx" weight 0 1 0 0 || fail "modify context" || return
	read -ra r0 <<<"$(rings_rx)"
	h0=$(stat cls_rule70_packets)
	peer_send udp4m "$LOCAL_V4" 5401 $N
	poll 10 stat_at_least cls_rule70_packets $((h0 + N)) || fail "rule 70 counted $(($(stat cls_rule70_packets) - h0))" || return
	read -ra r1 <<<"$(rings_rx)"
	echo "context $ctx now all to ring 1: rings$(rings_delta)"
	[ $((r1[1] - r0[1])) -ge $N ] || fail "ring 1 got $((r1[1] - r0[1])) of $N" || return
	# a context a rule uses is not deleted; without the rule it is
	if out=$(ethtool -X "$IF" context "$ctx" delete 2>&1); then
		fail "context deleted under its rule"
		return 1
	fi
	echo "delete under a rule: refused ($out)"
	ethtool -N "$IF" delete 70
	ethtool -X "$IF" context "$ctx" delete || fail "delete context $ctx" || return
	# the device has 8: the 9th is refused
	for ((q = 0; q < 8; q++)); do
		c2=$(ctx_new equal 2)
		[ -n "$c2" ] || break
		extra+=("$c2")
	done
	echo "contexts created: ${#extra[@]}"
	[ ${#extra[@]} -eq 8 ] || fail "${#extra[@]} contexts created, not 8"
	out=$(ethtool -X "$IF" equal 2 context new 2>&1) && fail "a 9th context: $out"
	echo "9th context: refused ($(tail -1 <<<"$out"))"
	for c2 in "${extra[@]}"; do ethtool -X "$IF" context "$c2" delete; done
}

test_auto_placement() {
	local out l1 l2
	out=$(ethtool -N "$IF" flow-type udp4 dst-port 5101 action 1 2>&1) || fail "RX_CLS_LOC_ANY: $out" || return
	l1=$(sed -n 's/.*rule with ID \([0-9]*\).*/\1/p' <<<"$out")
	out=$(ethtool -N "$IF" flow-type udp4 dst-port 5102 action 1 2>&1) || fail "RX_CLS_LOC_ANY: $out" || return
	l2=$(sed -n 's/.*rule with ID \([0-9]*\).*/\1/p' <<<"$out")
	echo "automatic locations: $l1 $l2"
	[ -n "$l1" ] && [ -n "$l2" ] && [ "$l1" != "$l2" ] || fail "locations '$l1' '$l2'" || return
	ethtool -n "$IF" rule "$l1" | grep -q 'Dest port: 5101' || fail "rule $l1 read back: $(ethtool -n "$IF" rule "$l1")"
	flush_rules
}

test_bulk_and_full_table() {
	local out t0 t1
	t0=$(now_ms)
	out=$(python3 "$BULK" "$IF" insert 20000 10000 any 1) || fail "10000 rules: $out" || return
	t1=$(now_ms)
	echo "$out in $((t1 - t0)) ms"
	python3 "$BULK" "$IF" count | grep -q '^rules 10000 ' || fail "count: $(python3 "$BULK" "$IF" count)" || return
	echo "debugfs cls: $(head -2 /sys/kernel/debug/inic/*/cls 2>/dev/null | xargs)"
	# a rule among them still steers (ring 1)
	steer_check 200 1 udp4 "$LOCAL_V4" 20200 || return
	out=$(python3 "$BULK" "$IF" delete 0 10000) || fail "delete: $out" || return
	echo "$out in $(($(now_ms) - t1)) ms"
	[ "$out" = "deleted 10000 missing 0" ] || fail "$out" || return
	python3 "$BULK" "$IF" count | grep -q '^rules 0 ' || fail "rules left" || return
	# a mask per rule: 16 fill the exact table's masks, 1024 the masked
	# table, and the next is refused (ENOSPC), logged, nothing kept
	out=$(python3 "$BULK" "$IF" insert 40000 1100 any 2 masks)
	echo "$(xargs <<<"$out"); kernel: $(dmesg | grep 'ntuple rule refused' | tail -1 | sed 's/.*refused: //')"
	[[ $out == *"inserted 1040"*"refused at 1040: errno ENOSPC"* ]] || fail "a full device table: $out" || return
	echo "debugfs cls: $(head -2 /sys/kernel/debug/inic/*/cls 2>/dev/null | xargs)"
	out=$(python3 "$BULK" "$IF" delete 0 1040)
	[ "$out" = "deleted 1040 missing 0" ] || fail "$out" || return
	# and again, 1500 at fixed locations, then ethtool -G with them in place
	out=$(python3 "$BULK" "$IF" insert 30000 1500 100 2) || fail "1500 rules: $out" || return
	ethtool -G "$IF" rx 512 || fail "ethtool -G rx 512" || return
	poll 10 carrier "$IF"
	steer_check 150 2 udp4 "$LOCAL_V4" 30050 || return
	ethtool -G "$IF" rx 256
	poll 10 carrier "$IF"
	out=$(python3 "$BULK" "$IF" delete 100 1500)
	[ "$out" = "deleted 1500 missing 0" ] || fail "$out"
}

test_ntuple_off_flushes() {
	ntuple_add flow-type udp4 dst-port 5201 action 1 loc 1 || fail "rule" || return
	ethtool -K "$IF" ntuple off || fail "ntuple off" || return
	refused K "ntuple off" flow-type udp4 dst-port 5201 action 1 loc 1
	ethtool -K "$IF" ntuple on || fail "ntuple on" || return
	ethtool -n "$IF" | grep -q 'Total 0 rules' || fail "rules kept across ntuple off: $(ethtool -n "$IF")"
}

test_unload_with_rules() {
	local out
	python3 "$BULK" "$IF" insert 40000 1000 any 1 >/dev/null || fail "1000 rules" || return
	ntuple_add flow-type tcp4 dst-port 80 action -1 loc 4000 || fail "drop rule" || return
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic with rules: $out" || return
	# module exit WARNs on anything the ledger still counts (kernel log check)
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 have_ports || fail "no ports after modprobe" || return
	inic-vm-net setup-local >/dev/null 2>&1 || fail "setup-local" || return
	refresh_env
	IF=$NETIF
	ethtool -n "$IF" | grep -q 'Total 0 rules' || fail "rules after reload: $(ethtool -n "$IF")" || return
	echo "rmmod with 1001 rules, modprobe: $IF back, no rules"
}

ktap_plan 13
run_test setup test_setup
run_test udp4_tcp4_steering test_udp4_tcp4
run_test ip6_udp6_tcp6_steering test_ip6_udp6_tcp6
run_test ip4_ether_steering test_ip4_ether
run_test priority_by_location test_priority_by_location
run_test drop test_drop
run_test bad_input_refused test_bad_input
run_test vf_steering test_vf_steering
run_test rss_context test_rss_context
run_test auto_placement test_auto_placement
run_test bulk_10000_and_full_table test_bulk_and_full_table
run_test ntuple_off_flushes test_ntuple_off_flushes
run_test unload_with_rules test_unload_with_rules
ktap_finish
