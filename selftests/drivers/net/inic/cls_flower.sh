#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The classifier through tc flower on port 0's ingress block: rules with
# skip_sw steer real traffic from the peer to a ring (skbedit
# queue_mapping), drop it, let it pass, police it, mirror it to port 1 or
# a VF and redirect it there; `tc -s filter show` reports the device's
# counters; bad input is refused with an extack naming the reason (and
# kept in software without skip_sw); skip_hw stays out of the device;
# 10,000 rules go in and out with tc -b; deleting the qdisc and rmmod
# leave nothing behind. ABI 1.9: a rule redirects into a VNIC of the port
# (its counters and a socket on it in another netns get the frames, the
# port none) and mirrors to one (tcpdump -i on it sees the copies, the
# port still gets its frames); a VNIC of port 1 is refused with an
# extack; deleting a VNIC a rule points at is clean, and its frames are
# then dropped and counted (cls_dest_drops), never given to a new VNIC.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
N=100		# frames per traffic check
NOISE=10	# frames other rings may see meanwhile (ND, ARP, ...)

. "$dir/cls_lib.sh"

# peer_udp DST PORT COUNT [SIZE]: COUNT datagrams of SIZE payload bytes
# (default 32) from the peer namespace, as fast as it can send them
peer_udp() {
	ip netns exec "$NS" python3 - "$@" <<'EOF'
import socket, sys
dst, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = int(sys.argv[4]) if len(sys.argv) > 4 else 32
fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
s = socket.socket(fam, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto((b"inic-flower %d " % i).ljust(size, b"."), (dst, port))
EOF
}

# tc_rule PREF: "packets drops in_hw" of the filter with that preference
# (the hardware counters tc shows; in_hw 1 or 0)
tc_rule() {
	tc -s -j filter show dev "$IF" ingress | python3 -c '
import json, sys
pref = int(sys.argv[1])
pk = dr = hw = 0
found = False
for f in json.load(sys.stdin):
    o = f.get("options")
    if f.get("pref") != pref or not o:
        continue
    found = True
    hw = 1 if o.get("in_hw") else 0
    for a in o.get("actions", []):
        st = a.get("stats", {})
        pk = max(pk, st.get("hw_packets", st.get("packets", 0)))
        dr = max(dr, st.get("drops", 0))
print(pk, dr, hw) if found else print("none")
' "$1"
}

# tc_pkts PREF: the filter's packets
tc_pkts() {
	local p d h
	read -r p d h <<<"$(tc_rule "$1")"
	echo "${p:-0}"
}

# dev_rules: rules the device holds (both tables), from debugfs
dev_rules() {
	awk 'NR == 1 { split($2, e, "/"); split($4, m, "/"); print e[1] + m[1] }' \
		/sys/kernel/debug/inic/*/cls
}

# pkts_at_least PREF COUNT: the filter counted at least COUNT
pkts_at_least() {
	[ "$(tc_pkts "$1")" -ge "$2" ]
}

# flower_add ARGS...: tc filter add dev IF ingress ARGS must succeed
flower_add() {
	local out
	out=$(tc filter add dev "$IF" ingress "$@" 2>&1) || {
		echo "tc filter add dev $IF ingress $*: $out"
		return 1
	}
	[ -z "$out" ] || echo "$out"
}

# refused WORD WHAT ARGS...: tc filter add ... ARGS must fail with an
# error that contains WORD, and leave no rule behind
refused() {
	local word=$1 what=$2 out n0
	shift 2
	n0=$(dev_rules)
	if out=$(tc filter add dev "$IF" ingress "$@" 2>&1); then
		fail "$what accepted: tc filter add dev $IF ingress $*"
		tc filter del dev "$IF" ingress 2>/dev/null
		return 1
	fi
	echo "$what: $(head -1 <<<"$out")"
	[[ $out == *"$word"* ]] || fail "$what: the error does not say '$word'"
	[ "$(dev_rules)" -eq "$n0" ] || fail "$what: the device holds $(dev_rules) rules, not $n0"
}

flush() {
	tc filter del dev "$IF" ingress 2>/dev/null
	poll 5 eval '[ "$(dev_rules)" -eq 0 ]' || fail "rules left in the device: $(dev_rules)"
}

# steer PREF RING PORT: N datagrams to PORT; the filter counts N, ring
# RING gets them, the other rings at most NOISE
steer() {
	local pref=$1 ring=$2 port=$3 dst=${4:-$LOCAL_V4} h0
	local -a r0 r1
	h0=$(tc_pkts "$pref")
	read -ra r0 <<<"$(rings_rx)"
	peer_udp "$dst" "$port" $N || fail "sending from the peer" || return
	poll 10 pkts_at_least "$pref" $((h0 + N)) ||
		fail "filter $pref counted $(($(tc_pkts "$pref") - h0)) of $N" || return
	read -ra r1 <<<"$(rings_rx)"
	echo "udp to $port: filter $pref +$(($(tc_pkts "$pref") - h0));" \
		"rings$(rings_delta)"
	rings_check "$ring" $N
}

test_setup() {
	[ -n "$IF" ] || fail "NETIF not set" || return
	ethtool -k "$IF" | grep -q '^hw-tc-offload: on' ||
		fail "hw-tc-offload not on by default: $(ethtool -k "$IF" | grep hw-tc)" || return
	[ "$(channels)" -ge 4 ] || skip "needs 4 channels, has $(channels)" || return
	tc qdisc del dev "$IF" ingress 2>/dev/null
	tc qdisc add dev "$IF" ingress || fail "ingress qdisc" || return
	[ "$(dev_rules)" -eq 0 ] || fail "the device holds $(dev_rules) rules at the start"
}

test_queue_mapping() {
	flower_add protocol ip prio 10 flower skip_sw ip_proto udp dst_port 5301 \
		action skbedit queue_mapping 3 skip_sw || return
	flower_add protocol ipv6 prio 11 flower skip_sw dst_ip "$LOCAL_V6" \
		ip_proto udp dst_port 6301 action skbedit queue_mapping 1 skip_sw || return
	flower_add protocol ip prio 12 flower skip_sw src_ip "$REMOTE_V4/24" \
		dst_ip "$LOCAL_V4" ip_proto udp dst_port 5302 \
		action skbedit queue_mapping 2 skip_sw || return
	tc filter show dev "$IF" ingress | sed 's/^/  /'
	read -r _ _ hw <<<"$(tc_rule 10)"
	[ "$hw" = 1 ] || fail "filter 10 is not in_hw" || return
	[ "$(dev_rules)" -eq 3 ] || fail "the device holds $(dev_rules) rules, not 3" || return
	steer 10 3 5301 || return
	steer 11 1 6301 "$LOCAL_V6" || return
	steer 12 2 5302 || return
	tc -s filter show dev "$IF" ingress prio 10 | sed 's/^/  /'
	flush
}

test_drop_and_pass() {
	local r0 r1 h0 h1
	# prio 1 lets UDP to 5311 pass; prio 2 drops all other UDP
	flower_add protocol ip prio 1 flower skip_sw ip_proto udp dst_port 5311 \
		action pass || return
	flower_add protocol ip prio 2 flower skip_sw ip_proto udp action drop || return
	r0=$(dev_stat "$IF" rx_packets) h0=$(tc_pkts 2)
	peer_udp "$LOCAL_V4" 5312 $N || fail "send" || return
	poll 10 pkts_at_least 2 $((h0 + N)) || fail "drop filter counted $(($(tc_pkts 2) - h0))" || return
	r1=$(dev_stat "$IF" rx_packets)
	echo "drop: filter +$(($(tc_pkts 2) - h0)), netdev rx +$((r1 - r0))"
	[ $((r1 - r0)) -le $NOISE ] || fail "the host received $((r1 - r0)) frames of a dropped flow" || return
	h0=$(tc_pkts 1) h1=$(tc_pkts 2) r0=$(dev_stat "$IF" rx_packets)
	peer_udp "$LOCAL_V4" 5311 $N || fail "send" || return
	poll 10 pkts_at_least 1 $((h0 + N)) || fail "pass filter counted $(($(tc_pkts 1) - h0))" || return
	poll 5 rx_at_least "$IF" $((r0 + N)) ||
		fail "the host received $(($(dev_stat "$IF" rx_packets) - r0)) of $N passed frames" || return
	echo "pass: filter +$(($(tc_pkts 1) - h0)), drop filter +$(($(tc_pkts 2) - h1))," \
		"netdev rx +$(($(dev_stat "$IF" rx_packets) - r0))"
	[ "$(tc_pkts 2)" -eq "$h1" ] || fail "the lower-priority drop filter counted passed frames"
	flush
}

test_police() {
	local sent=200 h0 p d hw r0 r1
	# 100 kbit/s with a 3000-byte burst: 200 datagrams of 1000 bytes
	# sent at full speed get a handful through
	flower_add protocol ip prio 20 flower skip_sw ip_proto udp dst_port 5320 \
		action police rate 100kbit burst 3000 conform-exceed drop/pipe \
		action skbedit queue_mapping 2 skip_sw || return
	read -ra r0 <<<"$(rings_rx)"
	h0=$(tc_pkts 20)
	peer_udp "$LOCAL_V4" 5320 $sent 1000 || fail "send" || return
	poll 10 pkts_at_least 20 $((h0 + sent)) || fail "police filter counted $(($(tc_pkts 20) - h0)) of $sent" || return
	read -r p d hw <<<"$(tc_rule 20)"
	read -ra r1 <<<"$(rings_rx)"
	echo "police 100kbit: $sent sent, filter $p, dropped $d, ring 2 +$((r1[2] - r0[2]))"
	tc -s filter show dev "$IF" ingress prio 20 | sed 's/^/  /'
	[ "$d" -ge $((sent / 2)) ] || fail "the policer dropped $d of $sent" || return
	[ $((r1[2] - r0[2])) -ge 1 ] || fail "nothing conformed" || return
	[ $((r1[2] - r0[2])) -le $((sent - d + NOISE)) ] ||
		fail "ring 2 received $((r1[2] - r0[2])), more than the $((sent - d)) that conformed"
	flush
}

test_mirror_redirect_port() {
	local p0 p1 r0 r1 h0 x
	need_port 1 || return
	[ -n "${REMOTE1_IF:-}" ] || skip "no peer on port 1" || return
	ip link set "${NETIF1:-}" up 2>/dev/null
	poll 10 carrier "$NETIF1" || fail "port 1 has no carrier" || return
	# the copies keep port 0's MAC: port 1's peer takes them in promisc
	ip -n "$NS" link set "$REMOTE1_IF" promisc on || fail "peer promisc" || return
	# mirror: the host gets them and port 1's peer gets a copy
	flower_add protocol ip prio 30 flower skip_sw ip_proto udp dst_port 5330 \
		action mirred egress mirror dev "$NETIF1" \
		action skbedit queue_mapping 1 skip_sw || return
	read -r p0 x <<<"$(peer_stats "$REMOTE1_IF")"
	r0=$(dev_stat "$IF" rx_packets) h0=$(tc_pkts 30)
	peer_udp "$LOCAL_V4" 5330 $N || fail "send" || return
	poll 10 pkts_at_least 30 $((h0 + N)) || fail "mirror filter counted $(($(tc_pkts 30) - h0))" || return
	poll 5 eval '[ $(($(peer_stats "$REMOTE1_IF" | cut -d" " -f1) - p0)) -ge $N ]' ||
		fail "port 1's peer received $(($(peer_stats "$REMOTE1_IF" | cut -d" " -f1) - p0)) copies of $N" || return
	r1=$(dev_stat "$IF" rx_packets)
	echo "mirror to $NETIF1: host rx +$((r1 - r0)), port 1 peer rx +$(($(peer_stats "$REMOTE1_IF" | cut -d" " -f1) - p0))"
	[ $((r1 - r0)) -ge $N ] || fail "the host received $((r1 - r0)) of $N mirrored frames" || return
	flush
	# redirect: only port 1's peer gets them
	flower_add protocol ip prio 31 flower skip_sw ip_proto udp dst_port 5331 \
		action mirred egress redirect dev "$NETIF1" || return
	read -r p0 x <<<"$(peer_stats "$REMOTE1_IF")"
	r0=$(dev_stat "$IF" rx_packets) h0=$(tc_pkts 31)
	peer_udp "$LOCAL_V4" 5331 $N || fail "send" || return
	poll 10 pkts_at_least 31 $((h0 + N)) || fail "redirect filter counted $(($(tc_pkts 31) - h0))" || return
	poll 5 eval '[ $(($(peer_stats "$REMOTE1_IF" | cut -d" " -f1) - p0)) -ge $N ]' ||
		fail "port 1's peer received $(($(peer_stats "$REMOTE1_IF" | cut -d" " -f1) - p0)) of $N" || return
	r1=$(dev_stat "$IF" rx_packets)
	echo "redirect to $NETIF1: host rx +$((r1 - r0)), port 1 peer rx +$(($(peer_stats "$REMOTE1_IF" | cut -d" " -f1) - p0))"
	[ $((r1 - r0)) -le $NOISE ] || fail "the host received $((r1 - r0)) redirected frames"
	ip -n "$NS" link set "$REMOTE1_IF" promisc off
	flush
}

test_vf_mirror_redirect() {
	local sysdev=/sys/class/net/$IF/device vdev v0 r0 h0
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
	flower_add protocol ip prio 40 flower skip_sw ip_proto udp dst_port 5340 \
		action mirred egress redirect dev "$vdev" || { echo 0 >"$sysdev/sriov_numvfs"; return 1; }
	flower_add protocol ip prio 41 flower skip_sw ip_proto udp dst_port 5341 \
		action mirred egress mirror dev "$vdev" action pass ||
		{ echo 0 >"$sysdev/sriov_numvfs"; return 1; }
	v0=$(dev_stat "$vdev" rx_packets) r0=$(dev_stat "$IF" rx_packets) h0=$(tc_pkts 40)
	peer_udp "$LOCAL_V4" 5340 $N
	poll 10 pkts_at_least 40 $((h0 + N)) || fail "redirect filter counted $(($(tc_pkts 40) - h0))"
	poll 5 rx_at_least "$vdev" $((v0 + N)) ||
		fail "the VF received $(($(dev_stat "$vdev" rx_packets) - v0)) of $N"
	echo "redirect to VF 0 ($vdev): VF rx +$(($(dev_stat "$vdev" rx_packets) - v0)), PF rx +$(($(dev_stat "$IF" rx_packets) - r0))"
	[ $(($(dev_stat "$IF" rx_packets) - r0)) -le $NOISE ] || fail "the PF received redirected frames"
	v0=$(dev_stat "$vdev" rx_packets) r0=$(dev_stat "$IF" rx_packets) h0=$(tc_pkts 41)
	peer_udp "$LOCAL_V4" 5341 $N
	poll 10 pkts_at_least 41 $((h0 + N)) || fail "mirror filter counted $(($(tc_pkts 41) - h0))"
	poll 5 rx_at_least "$vdev" $((v0 + N)) ||
		fail "the VF received $(($(dev_stat "$vdev" rx_packets) - v0)) copies of $N"
	poll 5 rx_at_least "$IF" $((r0 + N)) ||
		fail "the PF received $(($(dev_stat "$IF" rx_packets) - r0)) of $N"
	echo "mirror to VF 0: VF rx +$(($(dev_stat "$vdev" rx_packets) - v0)), PF rx +$(($(dev_stat "$IF" rx_packets) - r0))"
	flush
	echo 0 >"$sysdev/sriov_numvfs"
}

test_bad_input() {
	local out
	refused "chain 0" "chain 1" protocol ip prio 50 chain 1 flower skip_sw \
		ip_proto udp action drop
	refused "RX ring" "ring beyond the channels" protocol ip prio 50 flower skip_sw \
		ip_proto udp dst_port 1 action skbedit queue_mapping 9 skip_sw
	refused "TTL" "ip_ttl" protocol ip prio 50 flower skip_sw ip_proto udp ip_ttl 5 \
		action drop
	refused "match key" "a tunnel key" protocol ip prio 50 flower skip_sw enc_key_id 5 \
		action drop
	refused "not an inic" "mirred to lo" protocol ip prio 50 flower skip_sw \
		ip_proto udp dst_port 1 action mirred egress mirror dev lo action drop
	refused "packet rates" "police in packets" protocol ip prio 50 flower skip_sw \
		ip_proto udp action police pkts_rate 100 pkts_burst 10 conform-exceed drop/pipe action drop
	refused "action" "an action the device lacks" protocol ip prio 50 flower skip_sw \
		ip_proto udp action vlan push id 5
	# without skip_sw the same rule is kept in software
	flower_add protocol ip prio 51 flower ip_proto udp ip_ttl 5 action drop || return
	read -r _ _ hw <<<"$(tc_rule 51)"
	[ "$hw" = 0 ] || fail "a rule the device cannot do is in_hw" || return
	# skip_hw never reaches the device
	flower_add protocol ip prio 52 flower skip_hw ip_proto udp dst_port 5352 action drop || return
	[ "$(dev_rules)" -eq 0 ] || fail "the device holds $(dev_rules) rules for software-only filters"
	out=$(tc filter show dev "$IF" ingress | grep -c not_in_hw)
	echo "software-only filters: $out"
	[ "$out" -eq 2 ] || fail "$out filters not_in_hw, not 2"
	flush
}

test_offload_off_refused() {
	flower_add protocol ip prio 60 flower skip_sw ip_proto udp dst_port 5360 action drop || return
	if ethtool -K "$IF" hw-tc-offload off 2>/dev/null; then
		fail "hw-tc-offload off accepted with a rule in the device"
	fi
	ethtool -k "$IF" | grep -q '^hw-tc-offload: on' || fail "hw-tc-offload went off"
	flush
	# the refused request stays wanted (as for every driver): want it
	# on again, then off
	ethtool -K "$IF" hw-tc-offload on
	ethtool -K "$IF" hw-tc-offload off || fail "hw-tc-offload off without rules" || return
	ethtool -k "$IF" | grep -q '^hw-tc-offload: off' || fail "hw-tc-offload still on without rules" || return
	refused "offload" "skip_sw with hw-tc-offload off" protocol ip prio 60 flower skip_sw \
		ip_proto udp dst_port 5360 action drop
	ethtool -K "$IF" hw-tc-offload on
}

test_bulk_10000() {
	local f=/tmp/flower.batch t0 t1 t2 i
	for ((i = 0; i < 10000; i++)); do
		echo "filter add dev $IF ingress protocol ip prio 70 handle $((i + 1)) flower skip_sw ip_proto udp dst_port $((20000 + i)) action drop"
	done >"$f"
	t0=$(now_ms)
	tc -b "$f" || fail "tc -b add" || return
	t1=$(now_ms)
	echo "10000 rules added in $((t1 - t0)) ms ($((10000 * 1000 / (t1 - t0 + 1))) rules/s), device holds $(dev_rules)"
	[ "$(dev_rules)" -eq 10000 ] || fail "the device holds $(dev_rules)" || return
	steer_drop() {
		local h0
		h0=$(tc_pkts 70)
		peer_udp "$LOCAL_V4" 29999 $N
		poll 10 pkts_at_least 70 $((h0 + N))
	}
	steer_drop || fail "the last of 10000 rules did not count its frames"
	sed 's/^filter add/filter del/; s/ flower .*/ flower/' "$f" >"$f.del"
	tc -b "$f.del" || fail "tc -b del" || return
	t2=$(now_ms)
	echo "10000 rules deleted in $((t2 - t1)) ms, device holds $(dev_rules)"
	[ "$(dev_rules)" -eq 0 ] || fail "the device holds $(dev_rules) after deleting them"
	rm -f "$f" "$f.del"
}

test_qdisc_del_and_unload() {
	local out
	flower_add protocol ip prio 80 flower skip_sw ip_proto udp dst_port 5380 action drop || return
	flower_add protocol ip prio 81 flower skip_sw ip_proto tcp dst_port 80 \
		action skbedit queue_mapping 1 skip_sw || return
	tc qdisc del dev "$IF" ingress || fail "qdisc del" || return
	poll 5 eval '[ "$(dev_rules)" -eq 0 ]' || fail "qdisc gone, the device still holds $(dev_rules)" || return
	tc qdisc add dev "$IF" ingress || fail "ingress qdisc" || return
	flower_add protocol ip prio 82 flower skip_sw ip_proto udp dst_port 5382 action drop || return
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic with a tc rule: $out" || return
	# module exit WARNs on anything the ledger still counts (kernel log check)
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 have_ports || fail "no ports after modprobe" || return
	inic-vm-net setup-local >/dev/null 2>&1 || fail "setup-local" || return
	refresh_env
	IF=$NETIF
	[ "$(dev_rules)" -eq 0 ] || fail "rules after reload: $(dev_rules)"
	echo "qdisc del removed 2 rules; rmmod with a tc rule, modprobe: $IF back, no rules"
}

have_ports() {
	[ -n "$(inic_ports)" ]
}

# vnic_stat NAME FIELD: a counter of `inictl -j vnic show` for VNIC NAME
vnic_stat() {
	inictl -j vnic show dev "$IF" name "$1" | jq -r ".[0][\"$2\"] // 0"
}

vnic_at_least() {
	[ "$(vnic_stat "$1" "$2")" -ge "$3" ]
}

# rings_sum: the port's RX ring packets, all rings
rings_sum() {
	local s=0 v
	for v in $(rings_rx); do s=$((s + v)); done
	echo $s
}

vnic_targets_cleanup() {
	local n
	[ -n "${CAP_PID:-}" ] && kill "$CAP_PID" 2>/dev/null
	CAP_PID=
	tc filter del dev "$IF" ingress 2>/dev/null
	for n in cfvn0 cfvm0 cfvx0 cfvn1; do
		inictl vnic del dev "$IF" name $n 2>/dev/null
		[ -n "${IF1:-}" ] && inictl vnic del dev "$IF1" name $n 2>/dev/null
	done
	ip netns del cfns 2>/dev/null
	rm -f /tmp/cf-cap /tmp/cf-cap.err /tmp/cf-sock
	return 0
}

test_vnic_targets() {
	local h0 s0 s1 v0 d0 d1 out
	IF1=$(inic_ports | sed -n 2p)
	inictl -j dev show | jq -e '.[0]' >/dev/null || fail "inictl dev show" || return
	vnic_targets_cleanup
	inictl vnic add dev "$IF" name cfvn0 rings 2 || fail "vnic add cfvn0" || return
	inictl vnic add dev "$IF" name cfvm0 || fail "vnic add cfvm0" || return

	# redirect into cfvn0, named while it is in this netns; then it moves
	flower_add protocol ip prio 90 flower skip_sw ip_proto udp dst_port 7001 \
		action mirred egress redirect dev cfvn0 || return
	ip netns add cfns && ip link set cfvn0 netns cfns || fail "netns" || return
	ip -n cfns addr add 10.79.0.1/24 dev cfvn0
	ip -n cfns link set cfvn0 up
	poll 10 ip netns exec cfns grep -qx 1 /sys/class/net/cfvn0/carrier ||
		fail "cfvn0 has no carrier" || return
	# unicast to the port's own address: to the VNIC, not to the port
	v0=$(vnic_stat cfvn0 rx-packets)
	s0=$(rings_sum)
	h0=$(tc_pkts 90)
	peer_udp "$LOCAL_V4" 7001 $N || fail "sending" || return
	poll 10 pkts_at_least 90 $((h0 + N)) ||
		fail "filter 90 counted $(($(tc_pkts 90) - h0)) of $N" || return
	poll 5 vnic_at_least cfvn0 rx-packets $((v0 + N)) ||
		fail "cfvn0 received $(($(vnic_stat cfvn0 rx-packets) - v0)) of $N" || return
	s1=$(rings_sum)
	echo "redirect to cfvn0 (in netns cfns): filter +$(($(tc_pkts 90) - h0)), cfvn0 rx +$(($(vnic_stat cfvn0 rx-packets) - v0)), $IF rings +$((s1 - s0))"
	[ $((s1 - s0)) -le $NOISE ] || fail "$IF received $((s1 - s0)) frames meant for cfvn0"
	# a socket on cfvn0 gets them: broadcast datagrams (the port would
	# get them too without the rule)
	ip netns exec cfns timeout 30 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7001))
s.settimeout(20)
print("ready", flush=True)
n = 0
try:
    while n < 20:
        s.recv(2048)
        n += 1
except socket.timeout:
    pass
print(n, flush=True)
' >/tmp/cf-sock &
	local sock=$!
	poll 10 grep -q ready /tmp/cf-sock || fail "socket on cfvn0 not ready" || return
	s0=$(rings_sum)
	ip netns exec "$NS" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, sys.argv[1].encode())
for i in range(20):
    s.sendto(b"to cfvn0 %d" % i, ("255.255.255.255", 7001))
' "$REMOTE_IF" || fail "broadcast from the peer" || return
	wait $sock
	out=$(tail -n 1 /tmp/cf-sock)
	s1=$(rings_sum)
	echo "socket on cfvn0 received $out of 20 broadcast datagrams; $IF rings +$((s1 - s0))"
	[ "$out" = 20 ] || fail "the socket on cfvn0 received $out of 20"
	[ $((s1 - s0)) -le $NOISE ] || fail "$IF received $((s1 - s0)) of the broadcasts"

	# mirror to cfvm0: tcpdump on it sees the copies, the port its frames
	flower_add protocol ip prio 91 flower skip_sw ip_proto udp dst_port 7002 \
		action mirred egress mirror dev cfvm0 || return
	ip link set cfvm0 up
	timeout 30 tcpdump -i cfvm0 -nn -l -c 20 udp dst port 7002 >/tmp/cf-cap 2>/tmp/cf-cap.err &
	CAP_PID=$!
	poll 10 grep -q "listening on" /tmp/cf-cap.err ||
		fail "tcpdump did not start: $(cat /tmp/cf-cap.err)" || return
	s0=$(rings_sum)
	h0=$(tc_pkts 91)
	peer_udp "$LOCAL_V4" 7002 20 || fail "sending" || return
	wait "$CAP_PID"
	CAP_PID=
	poll 10 pkts_at_least 91 $((h0 + 20)) || fail "filter 91 counted $(($(tc_pkts 91) - h0)) of 20"
	s1=$(rings_sum)
	# whatever tcpdump decodes the payload as (7000-7009 is AFS rx to it)
	out=$(grep -c "> $LOCAL_V4\.7002: " /tmp/cf-cap)
	echo "mirror to cfvm0: tcpdump saw $out of 20; $IF rings +$((s1 - s0)); cfvm0 mirror-drops $(vnic_stat cfvm0 mirror-drops)"
	head -n 2 /tmp/cf-cap
	[ "$out" -ge 20 ] || fail "tcpdump -i cfvm0 saw $out copies: $(cat /tmp/cf-cap.err)"
	[ $((s1 - s0)) -ge 20 ] || fail "$IF got $((s1 - s0)) of its 20 frames under the mirror"

	# refusals: a VNIC of port 1, a redirect into a mirror VNIC
	if [ -n "$IF1" ]; then
		inictl vnic add dev "$IF1" name cfvx0 || fail "vnic add on $IF1" || return
		refused "another port" "redirect to a VNIC of $IF1" protocol ip prio 92 \
			flower skip_sw ip_proto udp dst_port 7003 action mirred egress redirect dev cfvx0
		refused "another port" "mirror to a VNIC of $IF1" protocol ip prio 92 \
			flower skip_sw ip_proto udp dst_port 7003 action mirred egress mirror dev cfvx0
		inictl vnic del dev "$IF1" name cfvx0
	fi
	inictl vnic add dev "$IF" name cfvx0 mirror "$IF" || fail "vnic add mirror" || return
	refused "mirror VNIC" "redirect into a mirror VNIC" protocol ip prio 92 \
		flower skip_sw ip_proto udp dst_port 7003 action mirred egress redirect dev cfvx0
	inictl vnic del dev "$IF" name cfvx0

	# delete cfvn0 under its rule: allowed, the rule stays in the device,
	# its frames are dropped and counted, a new VNIC does not get them
	out=$(inictl vnic del dev "$IF" name cfvn0 2>&1) || fail "vnic del cfvn0 under a rule: $out" || return
	[ "$(dev_rules)" -eq 2 ] || fail "the device holds $(dev_rules) rules, not 2"
	inictl vnic add dev "$IF" name cfvn1 || fail "vnic add cfvn1" || return
	ip link set cfvn1 up
	d0=$(stat cls_dest_drops)
	s0=$(rings_sum)
	h0=$(tc_pkts 90)
	peer_udp "$LOCAL_V4" 7001 $N || fail "sending" || return
	poll 10 stat_at_least cls_dest_drops $((d0 + N)) ||
		fail "cls_dest_drops +$(($(stat cls_dest_drops) - d0)) of $N after the VNIC went" || return
	d1=$(stat cls_dest_drops)
	s1=$(rings_sum)
	echo "cfvn0 deleted: filter +$(($(tc_pkts 90) - h0)), cls_dest_drops +$((d1 - d0)), $IF rings +$((s1 - s0)), new cfvn1 rx $(vnic_stat cfvn1 rx-packets)"
	[ $((s1 - s0)) -le $NOISE ] || fail "$IF got $((s1 - s0)) frames of the dead VNIC's rule"
	[ "$(vnic_stat cfvn1 rx-packets)" -le $NOISE ] || fail "the new VNIC got the old VNIC's frames"
	inictl vnic del dev "$IF" name cfvm0 || fail "vnic del cfvm0 under a mirror rule"
	flush
	vnic_targets_cleanup
}

ktap_plan 11
run_test setup test_setup
run_test queue_mapping test_queue_mapping
run_test drop_and_pass test_drop_and_pass
run_test police test_police
run_test mirror_redirect_port test_mirror_redirect_port
run_test vf_mirror_redirect test_vf_mirror_redirect
run_test bad_input_refused test_bad_input
run_test offload_off_refused test_offload_off_refused
run_test bulk_10000_tc_b test_bulk_10000
run_test vnic_redirect_mirror test_vnic_targets
run_test qdisc_del_and_unload test_qdisc_del_and_unload
ktap_finish
