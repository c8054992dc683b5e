#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VNICs (ABI 1.8, inictl vnic): VNIC netdevs with their own rings, MAC and
# counters. Two VNICs in two network namespaces talk through the NIC's
# switch (the device's VNIC and switch counters prove it, the wire peer
# sees nothing); a VNIC talks to the peer on the wire, before and after a
# link flap and ethtool -L on its port, and to a VF; maxbw is enforced
# (iperf3 within 10%); a mirror VNIC gets both directions of another
# VNIC's, the port's own or a VF's traffic (tcpdump -i on the mirror sees
# the echo requests and the replies), the source's traffic untouched; as
# many VNICs as the pool gives (32 with run-vm's default) each receive a
# flow of their own, all at once, and the PF none of it; native XDP on a
# VNIC (drop by port, XDP_TX, detach); bad input is refused with a
# message; add/del 100 times under traffic; rmmod with VNICs present
# (reloads the driver: run_tests.sh runs this last). The same VNIC through
# devlink subfunction ports (port add, function hw_addr/state, rate).
DIR=$(dirname "$(readlink -f "$0")")
. "$DIR/lib.sh"

PF=$NETIF
PEER_MAC=$(ip -n "$NS" -j link show dev "$REMOTE_IF" 2>/dev/null | jq -r ".[0].address")
MAC_A=02:5e:00:00:00:0a
MAC_B=02:5e:00:00:00:0b
BDF=$(basename "$(readlink -f "/sys/class/net/$PF/device")")
SF_PORT="pci/$BDF/$((0x10000 + 7))"	# devlink port of subfunction 7

# vn FIELD NAME: one field of `inictl -j vnic show` for VNIC NAME
vn() {
	inictl -j vnic show dev "$PF" name "$2" | jq -r ".[0][\"$1\"]"
}

# swctl FIELD: an embedded switch counter of the device
swctl() {
	inictl -j dev show | jq -r ".[] | select(.\"$1\" != null) | .[\"$1\"]" | head -n 1
}

vnic_cleanup() {
	local n
	devlink port del "$SF_PORT" 2>/dev/null
	for n in $(inictl -j vnic show 2>/dev/null | jq -r '.[] | select(.["mirror-kind"] != null) | .name'); do
		inictl vnic del dev "$PF" name "$n"
	done
	for n in $(inictl -j vnic show 2>/dev/null | jq -r '.[].name'); do
		inictl vnic del dev "$PF" name "$n"
	done
	for n in $(ip netns list | awk '$1 ~ /^vnns/ { print $1 }'); do
		ip netns del "$n"
	done
	# The VF vf_up made (back in this namespace once its netns went).
	if [ "$(cat "/sys/class/net/$PF/device/sriov_numvfs" 2>/dev/null || echo 0)" != 0 ]; then
		echo 0 >"/sys/class/net/$PF/device/sriov_numvfs"
	fi
	ip -n "$NS" neigh del 192.0.2.79 dev "$REMOTE_IF" 2>/dev/null
	ip -n "$NS" neigh del 192.0.2.76 dev "$REMOTE_IF" 2>/dev/null
	return 0
}

# two_up: vna (MAC_A) in netns vnnsa as 10.77.0.1, vnb (MAC_B) in vnnsb as
# 10.77.0.2, both on port 0, neighbours static (no broadcast needed)
two_up() {
	inictl vnic add dev "$PF" name vna mac $MAC_A || fail "vnic add vna" || return
	inictl vnic add dev "$PF" name vnb mac $MAC_B rings 2 || fail "vnic add vnb" || return
	ip netns add vnnsa && ip netns add vnnsb || return
	ip link set vna netns vnnsa && ip link set vnb netns vnnsb || fail "netns" || return
	ip -n vnnsa addr add 10.77.0.1/24 dev vna
	ip -n vnnsb addr add 10.77.0.2/24 dev vnb
	ip -n vnnsa link set vna up && ip -n vnnsb link set vnb up || fail "up" || return
	ip -n vnnsa neigh replace 10.77.0.2 lladdr $MAC_B dev vna
	ip -n vnnsb neigh replace 10.77.0.1 lladdr $MAC_A dev vnb
	poll 10 ip netns exec vnnsa grep -qx 1 /sys/class/net/vna/carrier ||
		fail "vna has no carrier"
}

t_show() {
	local mac first out
	inictl vnic add dev "$PF" name vn0 || fail "vnic add without a MAC" || return
	inictl vnic add dev "$PF" name vn1 mac $MAC_A rings 2 maxbw 1gbit ||
		fail "vnic add vn1" || return
	mac=$(cat /sys/class/net/vn0/address)
	echo "vn0: generated MAC $mac"
	[ "$(vn mac vn0)" = "$mac" ] || fail "inictl shows MAC $(vn mac vn0), netdev $mac"
	[ "$(vn mac vn1)" = $MAC_A ] || fail "vn1's MAC not $MAC_A"
	[ "$(vn rings vn1)" = 2 ] || fail "vn1 rings $(vn rings vn1)"
	[ "$(vn max-tx-rate vn1)" = 1000 ] || fail "maxbw 1gbit is $(vn max-tx-rate vn1) Mbit/s"
	first=$(vn first-ring vn1)
	# The ports own the first PORTS * QUEUES rings: VNICs live beyond.
	[ "$first" -ge $((${INIC_PORTS:-2} * ${INIC_QUEUES:-4})) ] ||
		fail "vn1's rings start at $first, inside the ports' rings"
	out=$(ethtool -l vn1) || fail "ethtool -l"
	[ "$(awk '/^Combined/ { print $2 }' <<<"$out" | tail -n 1)" = 2 ] ||
		fail "ethtool -l vn1: $out"
	ethtool -g vn1 | grep -q '^RX:' || fail "ethtool -g vn1"
	[ "$(ethtool -i vn1 | awk '/^driver/ { print $2 }')" = inic ] || fail "ethtool -i vn1"
	ethtool -S vn1 | grep -q 'vnic_rx_packets' || fail "ethtool -S vn1 has no VNIC counters"
	ethtool -S vn1 | grep -q 'rx1_packets' || fail "ethtool -S vn1 has no ring 1"
	inictl vnic show dev "$PF"
	# port show lists them under their port, stats show has their rings.
	inictl port show dev "$PF" | tee /tmp/vnic-port
	[ "$(inictl -j port show dev "$PF" | jq -c '[.[0].vnic[].name] | sort')" = '["vn0","vn1"]' ] ||
		fail "port show JSON: $(inictl -j port show dev "$PF" | jq -c '.[0].vnic')"
	grep -Eq "^ +vnic [0-9]+ +vn1 +[0-9]+ +(up|down) +- +$MAC_A +- +2 \($first-$((first + 1))\)$" /tmp/vnic-port ||
		fail "port show has no row for vn1 under $PF"
	rm -f /tmp/vnic-port
	[ "$(inictl -j stats show dev "$PF" | jq -c "[.[] | select(.vnic == \"vn1\") | .ring]")" = "[$first,$((first + 1))]" ] ||
		fail "stats show: vn1's rings $(inictl -j stats show dev "$PF" | jq -c '[.[] | select(.vnic == "vn1")]')"
	inictl stats show dev "$PF" | grep -Eq "^vn1 +1 +$((first + 1)) " || fail "stats show table has no vn1 ring"
	inictl -j stats show dev "$PF" ring "$first" | jq -e 'length == 1 and .[0].vnic == "vn1"' >/dev/null ||
		fail "stats show ring $first (vn1's)"
	# `inictl vnic set` reaches the device
	inictl vnic set dev "$PF" name vn1 maxbw 0 || fail "vnic set maxbw 0"
	[ "$(vn max-tx-rate vn1)" = 0 ] || fail "maxbw 0 not set"
	inictl vnic del dev "$PF" name vn0 || fail "vnic del vn0"
	inictl vnic del dev "$PF" name vn1 || fail "vnic del vn1"
	[ ! -e /sys/class/net/vn0 ] && [ ! -e /sys/class/net/vn1 ] || fail "netdevs left"
	[ "$(inictl -j vnic show | jq length)" = 0 ] || fail "VNICs left"
}

t_switch() {
	local ta rb sw0 sw1 prx0 prx1 out
	two_up || return
	ta=$(vn tx-packets vna)
	rb=$(vn rx-packets vnb)
	sw0=$(swctl sw-local-pkts)
	prx0=$(peer_stats "$REMOTE_IF" | cut -d' ' -f1)
	out=$(ip netns exec vnnsa ping -c 20 -i 0.05 -W 2 10.77.0.2) || fail "ping vna -> vnb: $out"
	# A transfer: 2 MB over TCP from vnb to vna.
	ip netns exec vnnsa socat -u TCP-LISTEN:7000,reuseaddr OPEN:/tmp/vnic-rx,creat,trunc &
	local lpid=$!
	poll 10 ip netns exec vnnsa ss -Hltn 'sport = :7000' | grep -q . 2>/dev/null
	head -c 2000000 /dev/urandom >/tmp/vnic-tx
	ip netns exec vnnsb timeout 60 socat -u OPEN:/tmp/vnic-tx TCP:10.77.0.1:7000 || fail "socat"
	wait $lpid
	cmp -s /tmp/vnic-tx /tmp/vnic-rx || fail "the transfer arrived damaged"
	rm -f /tmp/vnic-tx /tmp/vnic-rx
	sw1=$(swctl sw-local-pkts)
	prx1=$(peer_stats "$REMOTE_IF" | cut -d' ' -f1)
	echo "vna tx $ta -> $(vn tx-packets vna), vnb rx $rb -> $(vn rx-packets vnb), switch local $sw0 -> $sw1, peer rx $prx0 -> $prx1"
	[ $(($(vn tx-packets vna) - ta)) -ge 20 ] || fail "vna's counters did not see its frames"
	[ $(($(vn rx-packets vnb) - rb)) -ge 20 ] || fail "vnb's counters did not see the frames"
	[ $((sw1 - sw0)) -ge 40 ] || fail "the switch did not carry the frames locally"
	[ $((prx1 - prx0)) -lt 20 ] || fail "the frames went out on the wire"
	# qstats per ring: the netdev family sums vnb's rings
	ip netns exec vnnsa ethtool -S vna | grep -q 'rx0_packets: [1-9]' || fail "vna ring 0 counters"
	# inictl stats show: vnb's rings (in another netns: shown by name,
	# vnic-ifindex 0) counted what it received
	local srx
	srx=$(inictl -j stats show dev "$PF" | jq '[.[] | select(.vnic == "vnb") | .["rx-packets"]] | add')
	echo "inictl stats show: vnb's rings received $srx"
	[ "${srx:-0}" -ge 20 ] || fail "stats show: vnb's rings counted $srx"
	inictl -j stats show dev "$PF" | jq -e '[.[] | select(.vnic == "vnb")] | length == 2 and all(.["vnic-ifindex"] == 0)' \
		>/dev/null || fail "stats show: vnb's 2 rings, in another netns"
	vnic_cleanup
}

t_wire() {
	local out
	inictl vnic add dev "$PF" name vnw || fail "vnic add" || return
	ip netns add vnnsw
	ip link set vnw netns vnnsw
	ip -n vnnsw addr add 192.0.2.77/24 dev vnw
	ip -n vnnsw link set vnw up
	poll 10 ip netns exec vnnsw grep -qx 1 /sys/class/net/vnw/carrier || fail "no carrier"
	out=$(ip netns exec vnnsw ping -c 5 -i 0.1 -W 3 "$REMOTE_V4") || fail "ping the peer: $out"
	[ "$(vn rx-packets vnw)" -ge 5 ] || fail "vnw received $(vn rx-packets vnw)"
	# The carrier follows the port's cable.
	inic-wire 0 down >/dev/null || fail "cable 0 down"
	poll 10 ip netns exec vnnsw grep -qx 0 /sys/class/net/vnw/carrier || fail "carrier stayed up"
	inic-wire 0 up >/dev/null || fail "cable 0 up"
	poll 10 ip netns exec vnnsw grep -qx 1 /sys/class/net/vnw/carrier || fail "carrier stayed down"
	poll 10 carrier "$PF"
	# Traffic passes after the flap.
	out=$(ip netns exec vnnsw ping -c 5 -i 0.1 -W 3 "$REMOTE_V4") || fail "ping after the link flap: $out"
	# ethtool -L on the port (its rings are not the VNIC's): the VNIC
	# keeps its carrier and its traffic.
	local ch
	ch=$(ethtool -l "$PF" | awk '/^Combined/ { print $2 }' | tail -n 1)
	ethtool -L "$PF" combined 1 || fail "ethtool -L $PF combined 1"
	poll 10 carrier "$PF" || fail "$PF has no carrier after ethtool -L"
	ip netns exec vnnsw grep -qx 1 /sys/class/net/vnw/carrier || fail "vnw lost its carrier with ethtool -L on $PF"
	out=$(ip netns exec vnnsw ping -c 5 -i 0.1 -W 3 "$REMOTE_V4") || fail "ping after ethtool -L $PF combined 1: $out"
	ethtool -L "$PF" combined "$ch" || fail "ethtool -L $PF combined $ch"
	poll 10 carrier "$PF"
	out=$(ip netns exec vnnsw ping -c 5 -i 0.1 -W 3 "$REMOTE_V4") || fail "ping after ethtool -L $PF combined $ch: $out"
	[ "$(vn rx-packets vnw)" -ge 16 ] || fail "vnw received $(vn rx-packets vnw) of 20 replies"
	vnic_cleanup
}

# vx_stat NAME: the ethtool -S counter NAME of vnx (in netns vnnsx)
vx_stat() {
	ip netns exec vnnsx ethtool -S vnx | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# vx_tx_sum: frames vnx's TX rings sent (txN_packets)
vx_tx_sum() {
	ip netns exec vnnsx ethtool -S vnx | awk '$1 ~ /^tx[0-9]+_packets:$/ { s += $2 } END { print s + 0 }'
}

vx_xdp_mode() {
	ip -n vnnsx -j -d link show dev vnx | jq -r '.[0].xdp.mode // "none"'
}

# Native XDP on a VNIC (the ports' XDP code on the VNIC's own rings): the
# test program drops the peer's datagrams to UDP 7777 (xdp_drop, the
# socket gets none), reflects those to 7778 out of the VNIC's own TX ring
# (XDP_TX), lets ping pass; detach restores plain traffic; a VNIC deleted
# with a program attached goes cleanly.
t_xdp() {
	local out d0 t0 tx0 mac pid n=50 obj=$DIR/bpf/xdp_inic.bpf.o udp=$DIR/xdp_udp.py
	[ -r "$obj" ] || fail "no $obj: run make tools" || return
	inictl vnic add dev "$PF" name vnx || fail "vnic add" || return
	ip netns add vnnsx
	ip link set vnx netns vnnsx
	ip -n vnnsx addr add 192.0.2.76/24 dev vnx
	ip -n vnnsx link set vnx up
	mac=$(ip netns exec vnnsx cat /sys/class/net/vnx/address)
	ip -n "$NS" neigh replace 192.0.2.76 lladdr "$mac" dev "$REMOTE_IF"
	poll 10 ip netns exec vnnsx grep -qx 1 /sys/class/net/vnx/carrier || fail "no carrier" || return
	out=$(ip -n vnnsx link set dev vnx xdpdrv obj "$obj" sec xdp 2>&1) ||
		fail "attach to vnx: $out" || return
	[ "$(vx_xdp_mode)" = 1 ] || fail "vnx: XDP not native ($(vx_xdp_mode))" || return
	ip netns exec vnnsx ethtool -S vnx | grep -q '^ *rx0_xdp_drop:' || fail "no rx0_xdp_drop on vnx"
	out=$(ip netns exec vnnsx ping -c 3 -i 0.2 -W 3 "$REMOTE_V4") || fail "ping with XDP on vnx: $out"
	# Drop by port: counted, the socket behind gets nothing.
	d0=$(vx_stat xdp_drop) || fail "no xdp_drop on vnx" || return
	out=/tmp/vnic-xdp.$$
	ip netns exec vnnsx python3 "$udp" recv 30 "$n" 7777 7000 >"$out" &
	pid=$!
	poll 20 grep -q ready "$out" || fail "receiver not ready" || return
	ip netns exec "$NS" python3 "$udp" send 192.0.2.76 7777 "$n" dropme
	poll 20 moved_by "$d0" "$n" vx_stat xdp_drop ||
		fail "vnx xdp_drop moved by $(($(vx_stat xdp_drop) - d0)) < $n"
	ip netns exec "$NS" python3 "$udp" send 192.0.2.76 7000 "$n" passme
	wait "$pid" || fail "port 7000 on vnx did not get $n datagrams: $(xargs <"$out")"
	grep -qx "7777 0" "$out" || fail "datagrams to the dropped port reached the socket on vnx"
	# XDP_TX out of the VNIC's own TX rings.
	t0=$(vx_stat xdp_tx) tx0=$(vx_tx_sum)
	ip netns exec "$NS" python3 "$udp" echo 192.0.2.76 7778 "$n" ||
		fail "the XDP_TX reflector on vnx did not return every datagram"
	echo "vnx: xdp_drop +$(($(vx_stat xdp_drop) - d0)), xdp_tx +$(($(vx_stat xdp_tx) - t0)); $(xargs <"$out")"
	moved_by "$t0" "$n" vx_stat xdp_tx || fail "vnx xdp_tx moved by $(($(vx_stat xdp_tx) - t0)) < $n"
	poll 10 moved_by "$tx0" "$n" vx_tx_sum ||
		fail "vnx's TX rings did not send the reflected frames"
	rm -f "$out"
	# Detach: plain traffic again; then a VNIC deleted with a program on.
	ip -n vnnsx link set dev vnx xdpdrv off || fail "detach from vnx"
	[ "$(vx_xdp_mode)" = none ] || fail "a program is still on vnx"
	out=$(ip netns exec vnnsx ping -c 3 -i 0.2 -W 3 "$REMOTE_V4") || fail "ping after the detach: $out"
	out=$(ip -n vnnsx link set dev vnx xdpdrv obj "$obj" sec xdp 2>&1) ||
		fail "attach to vnx again: $out" || return
	inictl vnic del dev "$PF" name vnx || fail "vnic del with XDP attached"
	[ ! -e /sys/class/net/vnx ] || fail "vnx left"
	vnic_cleanup
}

vn_iperf() {
	ip netns exec vnnsw iperf3 -c "$REMOTE_V4" -t "$1" -J 2>/dev/null |
		jq -r '.end.sum_received.bits_per_second / 1000000 | floor'
}

t_maxbw() {
	local free rate got exp lo hi
	inictl vnic add dev "$PF" name vnw || fail "vnic add" || return
	ip netns add vnnsw
	ip link set vnw netns vnnsw
	ip -n vnnsw addr add 192.0.2.77/24 dev vnw
	ip -n vnnsw link set vnw up
	poll 10 ip netns exec vnnsw grep -qx 1 /sys/class/net/vnw/carrier || fail "no carrier"
	# A TCG guest on a shared host can fall below the limit for reasons
	# of its own: then measure the unlimited rate again and try a lower
	# limit (3 attempts); above the limit is never excused.
	local try
	for try in 1 2 3; do
		inictl vnic set dev "$PF" name vnw maxbw 0 || fail "maxbw 0"
		ip netns exec "$NS" iperf3 -s -1 -D -I /tmp/vnic-iperf.pid || fail "iperf3 -s"
		free=$(vn_iperf 4)
		poll 5 test ! -e /tmp/vnic-iperf.pid
		echo "unlimited: $free Mbit/s"
		[ -n "$free" ] && [ "$free" -gt 0 ] || fail "no unlimited throughput" || return
		rate=100
		while [ $((rate * 3)) -gt "$free" ] && [ "$rate" -gt 5 ]; do rate=$((rate / 2)); done
		inictl vnic set dev "$PF" name vnw maxbw "${rate}mbit" || fail "maxbw $rate"
		ip netns exec "$NS" iperf3 -s -1 -D -I /tmp/vnic-iperf.pid || fail "iperf3 -s"
		got=$(vn_iperf 5)
		poll 5 test ! -e /tmp/vnic-iperf.pid
		# The shaper counts wire bytes; iperf3 reports TCP payload (1448
		# of 1514 bytes of a full frame). Within 10% of that.
		exp=$((rate * 1448 / 1514))
		lo=$((exp * 90 / 100))
		hi=$((exp * 110 / 100))
		echo "maxbw $rate Mbit/s: measured $got Mbit/s of TCP payload (expected $exp, want $lo..$hi); shaped $(vn shaped vnw) times"
		[ -n "$got" ] || fail "no measurement" || return
		[ "$got" -le "$hi" ] || fail "above the limit" || return
		[ "$got" -ge "$lo" ] && break
	done
	[ "$got" -ge "$lo" ] || fail "rate not within 10% in 3 attempts"
	[ "$(vn shaped vnw)" -gt 0 ] || fail "the shaper never made vnw wait"
	vnic_cleanup
}

# capture_start IF A B: tcpdump on IF (-nn -e, ICMP only) until 10 frames
# or 30 s, its output in /tmp/vnic-cap; returns once tcpdump listens
capture_start() {
	CAP_A=$2 CAP_B=$3
	rm -f /tmp/vnic-cap /tmp/vnic-cap.err
	timeout 30 tcpdump -i "$1" -nn -e -l -c 10 icmp >/tmp/vnic-cap 2>/tmp/vnic-cap.err &
	CAP_PID=$!
	poll 10 grep -q "listening on" /tmp/vnic-cap.err ||
		fail "tcpdump did not start: $(cat /tmp/vnic-cap.err)"
}

# capture_check: tcpdump saw both directions, 5 echo requests from A to B
# and 5 replies from B to A at least; shows its first lines
capture_check() {
	local req rep
	wait "$CAP_PID"
	head -n 4 /tmp/vnic-cap
	req=$(grep -c "^[0-9:.]* $CAP_A > $CAP_B, .*: ICMP echo request" /tmp/vnic-cap)
	rep=$(grep -c "^[0-9:.]* $CAP_B > $CAP_A, .*: ICMP echo reply" /tmp/vnic-cap)
	echo "tcpdump: $req echo requests $CAP_A > $CAP_B, $rep replies $CAP_B > $CAP_A"
	[ "$req" -ge 5 ] && [ "$rep" -ge 5 ] ||
		fail "tcpdump on the mirror VNIC did not see both directions: $(cat /tmp/vnic-cap.err)"
	rm -f /tmp/vnic-cap /tmp/vnic-cap.err
}

t_mirror() {
	local out
	two_up || return
	inictl vnic add dev "$PF" name dbg0 mirror vna || fail "vnic add mirror" || return
	[ "$(vn mirror dbg0)" = vna ] || fail "dbg0 mirrors $(vn mirror dbg0)"
	[ "$(vn mirror-kind dbg0)" = vnic ] || fail "dbg0's mirror kind $(vn mirror-kind dbg0)"
	ip link set dbg0 up
	# Both directions of vna's ICMP must be copied.
	capture_start dbg0 $MAC_A $MAC_B
	out=$(ip netns exec vnnsa ping -c 10 -i 0.1 -W 2 10.77.0.2) || fail "ping under mirror: $out"
	capture_check
	[ "$(vn rx-packets dbg0)" -ge 20 ] || fail "dbg0 counted $(vn rx-packets dbg0) copies"
	# A mirrored VNIC cannot go before its mirror.
	out=$(inictl vnic del dev "$PF" name vna 2>&1) && fail "deleted a mirrored VNIC"
	echo "$out"
	[[ $out == *mirror* ]] || fail "no reason given: $out"
	vnic_cleanup
}

# A mirror VNIC of the port itself: both directions of the PF's own
# traffic with the peer, while the PF's traffic and counters are untouched.
t_mirror_port() {
	local out pfmac tx0 rx0 tx1 rx1 p2
	pfmac=$(cat "/sys/class/net/$PF/address")
	inictl vnic add dev "$PF" name dbg0 mirror "$PF" || fail "vnic add mirror $PF" || return
	inictl vnic show dev "$PF" name dbg0
	[ "$(vn mirror-kind dbg0)" = port ] || fail "dbg0's mirror kind $(vn mirror-kind dbg0)"
	[ "$(vn mirror dbg0)" = "$PF" ] || fail "dbg0 mirrors $(vn mirror dbg0)"
	inictl vnic show dev "$PF" name dbg0 | grep -q "mirror of port $PF " ||
		fail "vnic show does not say what dbg0 copies"
	ip link set dbg0 up
	ip neigh replace "$REMOTE_V4" lladdr "$PEER_MAC" dev "$PF"
	tx0=$(dev_stat "$PF" tx_packets)
	rx0=$(dev_stat "$PF" rx_packets)
	capture_start dbg0 "$pfmac" "$PEER_MAC"
	out=$(ping -c 20 -i 0.05 -W 2 -I "$PF" "$REMOTE_V4") || fail "the port's ping under mirror: $out"
	capture_check
	tx1=$(dev_stat "$PF" tx_packets)
	rx1=$(dev_stat "$PF" rx_packets)
	echo "$PF tx $tx0 -> $tx1, rx $rx0 -> $rx1; dbg0 copies $(vn rx-packets dbg0), mirror drops $(vn mirror-drops dbg0)"
	[[ $out == *" 0% packet loss"* ]] || fail "the port lost frames under mirror: $out"
	[ $((tx1 - tx0)) -ge 20 ] && [ $((rx1 - rx0)) -ge 20 ] ||
		fail "the port's own counters missed its frames"
	[ "$(vn rx-packets dbg0)" -ge 40 ] || fail "dbg0 counted $(vn rx-packets dbg0) copies"
	# Another port's netdev is not a source for a VNIC of this one.
	p2=$(inic_ports | sed -n 2p)
	if [ -n "$p2" ]; then
		expect_refusal "another port" inictl vnic add dev "$PF" name dbg1 mirror "$p2"
	fi
	expect_refusal "to mirror" inictl vnic add dev "$PF" name dbg1 mirror nosuch
	ip neigh del "$REMOTE_V4" dev "$PF" 2>/dev/null
	vnic_cleanup
}

# vf_up: one VF of port 0 in netns vnnsvf as 192.0.2.79 (VF_IF, VF_MAC),
# its neighbour the peer and the peer's neighbour it, static
vf_up() {
	local sysdev=/sys/class/net/$PF/device dev
	[ -e "$sysdev/sriov_totalvfs" ] || fail "no SR-IOV on $PF" || return
	echo 1 >"$sysdev/sriov_numvfs" || fail "cannot enable a VF" || return
	poll 30 test -d "$sysdev/virtfn0/net" || fail "the VF has no netdev" || return
	dev=$(ls "$sysdev/virtfn0/net" | head -n 1)
	ip netns add vnnsvf || return
	ip link set "$dev" netns vnnsvf || fail "VF netns" || return
	VF_IF=$dev
	VF_MAC=$(ip netns exec vnnsvf cat "/sys/class/net/$dev/address")
	ip -n vnnsvf addr add 192.0.2.79/24 dev "$dev"
	ip -n vnnsvf link set "$dev" up
	ip -n vnnsvf neigh replace "$REMOTE_V4" lladdr "$PEER_MAC" dev "$dev"
	ip -n "$NS" neigh replace 192.0.2.79 lladdr "$VF_MAC" dev "$REMOTE_IF"
	poll 20 ip netns exec vnnsvf grep -qx 1 "/sys/class/net/$dev/carrier" ||
		fail "the VF has no carrier"
}

# vf_rx_packets: VF 0's packets received, as the PF counts them
vf_rx_packets() {
	ip -s -j link show dev "$PF" | jq -r '.[0].vfinfo_list[0].stats.rx | (.packets // .rx_packets // 0)'
}

# A VNIC and a VF of its port talk through the NIC's switch: the switch's
# local counter and both endpoints' counters move, the wire sees nothing.
t_vf() {
	local out sw0 sw1 p0 p1 r0 r1 vmac
	vf_up || return
	inictl vnic add dev "$PF" name vnv mac $MAC_A || fail "vnic add" || return
	ip netns add vnnsv
	ip link set vnv netns vnnsv || fail "netns" || return
	ip -n vnnsv addr add 192.0.2.80/24 dev vnv
	ip -n vnnsv link set vnv up
	ip -n vnnsv neigh replace 192.0.2.79 lladdr "$VF_MAC" dev vnv
	ip -n vnnsvf neigh replace 192.0.2.80 lladdr $MAC_A dev "$VF_IF"
	poll 10 ip netns exec vnnsv grep -qx 1 /sys/class/net/vnv/carrier || fail "vnv has no carrier"
	sw0=$(swctl sw-local-pkts)
	p0=$(peer_stats "$REMOTE_IF" | cut -d' ' -f1)
	r0=$(vf_rx_packets)
	out=$(ip netns exec vnnsv ping -c 20 -i 0.05 -W 2 192.0.2.79) || fail "ping VNIC -> VF: $out"
	out=$(ip netns exec vnnsvf ping -c 5 -i 0.05 -W 2 192.0.2.80) || fail "ping VF -> VNIC: $out"
	sw1=$(swctl sw-local-pkts)
	p1=$(peer_stats "$REMOTE_IF" | cut -d' ' -f1)
	r1=$(vf_rx_packets)
	echo "switch local $sw0 -> $sw1, VF rx $r0 -> $r1, vnv rx $(vn rx-packets vnv) tx $(vn tx-packets vnv), peer rx $p0 -> $p1"
	[ $((sw1 - sw0)) -ge 40 ] || fail "the switch carried $((sw1 - sw0)) frames locally (want 40)"
	[ $((r1 - r0)) -ge 20 ] || fail "the VF's counters moved by $((r1 - r0))"
	[ "$(vn rx-packets vnv)" -ge 20 ] && [ "$(vn tx-packets vnv)" -ge 20 ] ||
		fail "vnv's counters missed the frames"
	[ $((p1 - p0)) -lt 20 ] || fail "the frames went out on the wire"
	vnic_cleanup
}

# A mirror VNIC of a VF: both directions of the VF's traffic with the
# peer, the VF's own traffic and counters untouched; unknown VFs refused.
t_mirror_vf() {
	local out r0 r1 p2
	vf_up || return
	inictl vnic add dev "$PF" name dbg0 mirror vf 0 || fail "vnic add mirror vf 0" || return
	inictl vnic show dev "$PF" name dbg0
	[ "$(vn mirror-kind dbg0)" = vf ] || fail "dbg0's mirror kind $(vn mirror-kind dbg0)"
	[ "$(vn mirror-vf dbg0)" = 0 ] || fail "dbg0 mirrors VF $(vn mirror-vf dbg0)"
	ip link set dbg0 up
	r0=$(vf_rx_packets)
	capture_start dbg0 "$VF_MAC" "$PEER_MAC"
	out=$(ip netns exec vnnsvf ping -c 20 -i 0.05 -W 2 "$REMOTE_V4") ||
		fail "the VF's ping under mirror: $out"
	capture_check
	r1=$(vf_rx_packets)
	echo "VF 0 rx $r0 -> $r1; dbg0 copies $(vn rx-packets dbg0), mirror drops $(vn mirror-drops dbg0)"
	[[ $out == *" 0% packet loss"* ]] || fail "the VF lost frames under mirror: $out"
	[ $((r1 - r0)) -ge 20 ] || fail "the VF's counters missed its frames"
	[ "$(vn rx-packets dbg0)" -ge 40 ] || fail "dbg0 counted $(vn rx-packets dbg0) copies"
	expect_refusal "no VF 5 to mirror" inictl vnic add dev "$PF" name dbg1 mirror vf 5
	p2=$(inic_ports | sed -n 2p)
	if [ -n "$p2" ]; then
		expect_refusal "VFs are port 0's" inictl vnic add dev "$p2" name dbg1 mirror vf 0
	fi
	expect_refusal "bad mirror vf" inictl vnic add dev "$PF" name dbg1 mirror vf 99
	vnic_cleanup
}

# expect_refusal WORDS CMD...: CMD fails with one line containing WORDS
expect_refusal() {
	local want=$1 out
	shift
	if out=$("$@" 2>&1); then
		fail "accepted: $*"
		return
	fi
	echo "refused: $* -> $out"
	[ "$(wc -l <<<"$out")" -le 2 ] || fail "more than one line: $out"
	[[ $out == *"$want"* ]] || fail "message lacks \"$want\": $out"
}

t_bad_input() {
	local n pfmac
	pfmac=$(cat "/sys/class/net/$PF/address")
	inictl vnic add dev "$PF" name vnx mac $MAC_A || fail "vnic add" || return
	expect_refusal "name exists" inictl vnic add dev "$PF" name vnx
	expect_refusal "name exists" inictl vnic add dev "$PF" name "$PF"
	expect_refusal "MAC is in use" inictl vnic add dev "$PF" name vny mac $MAC_A
	expect_refusal "MAC is in use" inictl vnic add dev "$PF" name vny mac "$pfmac"
	expect_refusal "bad name" inictl vnic add dev "$PF" name "a:b"
	expect_refusal "bad rings" inictl vnic add dev "$PF" name vny rings 17
	expect_refusal "bad maxbw" inictl vnic add dev "$PF" name vny maxbw lots
	expect_refusal "to mirror" inictl vnic add dev "$PF" name vny mirror nosuch
	expect_refusal "no VNIC with this name" inictl vnic del dev "$PF" name nosuch
	expect_refusal "no network device" inictl vnic add dev nosuchdev name vny
	# Exhaust the pool with 16-ring VNICs: the last one is refused.
	n=0
	while inictl vnic add dev "$PF" name "big$n" rings 16 2>/tmp/vnic-err; do
		n=$((n + 1))
		[ $n -lt 20 ] || break
	done
	echo "$n VNICs of 16 rings; then: $(cat /tmp/vnic-err)"
	grep -q "ring pairs left" /tmp/vnic-err || fail "no 'no rings left' message"
	[ $n -ge 1 ] || fail "not even one 16-ring VNIC"
	rm -f /tmp/vnic-err
	vnic_cleanup
	[ "$(inictl -j vnic show | jq length)" = 0 ] || fail "VNICs left"
}

t_scale() {
	local n i mac ip fails=0 max prx0 prx1 out
	# As many one-ring VNICs on port 0 as the pool gives, 32 at most.
	max=32
	for i in $(seq 0 $((max - 1))); do
		mac=$(printf '02:5f:00:00:00:%02x' "$i")
		if ! out=$(inictl vnic add dev "$PF" name "vs$i" mac "$mac" 2>&1); then
			echo "VNIC $i refused: $out"
			[[ $out == *"ring pairs left"* ]] || fail "VNIC $i: $out"
			break
		fi
		ip netns add "vnns$i"
		ip link set "vs$i" netns "vnns$i"
		ip -n "vnns$i" addr add "192.0.2.$((100 + i))/24" dev "vs$i"
		ip -n "vnns$i" link set "vs$i" up
		ip -n "vnns$i" neigh replace "$REMOTE_V4" lladdr "$PEER_MAC" dev "vs$i"
		ip -n "$NS" neigh replace "192.0.2.$((100 + i))" lladdr "$mac" dev "$REMOTE_IF"
	done
	n=$(inictl -j vnic show | jq length)
	echo "$n VNICs on port 0"
	[ "$n" -ge 32 ] || fail "only $n VNICs (want 32 with run-vm's 64 VNIC rings)"
	# Every VNIC receives its flow at once: all the pings run together.
	prx0=$(dev_stat "$PF" rx_packets)
	local pids=() p
	for i in $(seq 0 $((n - 1))); do
		ip netns exec "vnns$i" ping -q -c 10 -i 0.1 -W 5 "$REMOTE_V4" >"/tmp/vnic-scale$i" 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || fails=$((fails + 1))
	done
	prx1=$(dev_stat "$PF" rx_packets)
	for i in $(seq 0 $((n - 1))); do
		[ "$(vn rx-packets "vs$i")" -ge 10 ] ||
			fail "vs$i received $(vn rx-packets "vs$i"): $(tail -n 2 "/tmp/vnic-scale$i")"
		rm -f "/tmp/vnic-scale$i"
	done
	echo "$n VNICs pinging at once: $fails failed; PF rx $prx0 -> $prx1"
	[ "$fails" = 0 ] || fail "$fails VNICs could not reach the peer"
	# Every reply was unicast to a VNIC: the PF port got none of them.
	[ $((prx1 - prx0)) -lt $((n * 3 / 2)) ] || fail "the PF received the VNICs' frames"
	for i in $(seq 0 $((n - 1))); do
		ip -n "$NS" neigh del "192.0.2.$((100 + i))" dev "$REMOTE_IF" 2>/dev/null
	done
	vnic_cleanup
}

# sf_adev NETDEV: the auxiliary device (inic.sf.N) that NETDEV's device
# link resolves to, after checking /sys/bus/auxiliary lists the same one
sf_adev() {
	local dev name
	dev=$(readlink -f "/sys/class/net/$1/device") || return 1
	name=$(basename "$dev")
	[[ $name =~ ^inic\.sf\.[0-9]+$ ]] || return 1
	[ "$(readlink -f "/sys/bus/auxiliary/devices/$name")" = "$dev" ] || return 1
	echo "$name"
}

# The same VNIC through devlink's subfunction ports: add, hw_addr, state
# active makes an auxiliary device inic.sf.N and its driver the netdev
# (eth2sf7), rate tx_max reaches the device, the VNIC carries traffic,
# inactive and del remove both.
t_devlink() {
	local sfdev out adev
	devlink port add "pci/$BDF" flavour pcisf pfnum 0 sfnum 7 ||
		fail "devlink port add" || return
	devlink port show "$SF_PORT" | grep -q "flavour pcisf.*sfnum 7" ||
		fail "devlink port show: $(devlink port show "$SF_PORT")"
	devlink port function set "$SF_PORT" hw_addr 02:5e:00:00:00:77 ||
		fail "hw_addr"
	devlink port function set "$SF_PORT" state active || fail "state active" || return
	devlink port show "$SF_PORT"
	sfdev=$(inictl -j vnic show dev "$PF" | jq -r '.[] | select(.mac == "02:5e:00:00:00:77") | .name')
	echo "the SF's VNIC: $sfdev"
	[ -n "$sfdev" ] && [ -e "/sys/class/net/$sfdev" ] || fail "no VNIC netdev" || return
	adev=$(sf_adev "$sfdev") ||
		fail "$sfdev's device is $(readlink -f "/sys/class/net/$sfdev/device"), not an inic.sf.N on the auxiliary bus"
	echo "$sfdev's device: $adev ($(basename "$(readlink -f "/sys/bus/auxiliary/devices/$adev/driver")") driver)"
	devlink port show "$SF_PORT" | grep -q "state active opstate attached" ||
		fail "function not active"
	devlink port show "$SF_PORT" | grep -q "netdev $sfdev" || fail "port not linked to $sfdev"
	devlink port function rate set "$SF_PORT" tx_max 100mbit || fail "rate tx_max"
	[ "$(vn max-tx-rate "$sfdev")" = 100 ] || fail "tx_max 100mbit is $(vn max-tx-rate "$sfdev") Mbit/s"
	ip netns add vnnsw
	ip link set "$sfdev" netns vnnsw
	ip -n vnnsw addr add 192.0.2.78/24 dev "$sfdev"
	ip -n vnnsw link set "$sfdev" up
	out=$(ip netns exec vnnsw ping -c 5 -i 0.1 -W 3 "$REMOTE_V4") || fail "ping through the SF: $out"
	[ "$(vn rx-packets "$sfdev")" -ge 5 ] || fail "the SF's VNIC counted $(vn rx-packets "$sfdev")"
	expect_refusal "devlink" inictl vnic del dev "$PF" name "$sfdev"
	expect_refusal "active" devlink port function set "$SF_PORT" hw_addr 02:5e:00:00:00:78
	expect_refusal "" devlink port add "pci/$BDF" flavour pcisf pfnum 0 sfnum 7
	devlink port function set "$SF_PORT" state inactive || fail "state inactive"
	ip netns exec vnnsw test -e "/sys/class/net/$sfdev" && fail "netdev outlived the function"
	[ -e "/sys/bus/auxiliary/devices/$adev" ] && fail "$adev outlived state inactive"
	devlink port function set "$SF_PORT" state active || fail "active again"
	adev=$(sf_adev "$sfdev") || fail "no auxiliary device for $sfdev after active again"
	devlink port del "$SF_PORT" || fail "devlink port del"
	[ -e "/sys/bus/auxiliary/devices/$adev" ] && fail "$adev outlived port del"
	# A VNIC the driver cannot make: state active fails with its reason,
	# no auxiliary device stays, the function stays inactive.
	inictl vnic add dev "$PF" name "${PF}sf8" || fail "vnic add ${PF}sf8" || return
	devlink port add "pci/$BDF" flavour pcisf pfnum 0 sfnum 8 || fail "port add sfnum 8" || return
	expect_refusal "a netdev with this name exists" \
		devlink port function set "pci/$BDF/$((0x10000 + 8))" state active
	compgen -G "/sys/bus/auxiliary/devices/inic.sf.*" && fail "an auxiliary device outlived the refusal"
	devlink port show "pci/$BDF/$((0x10000 + 8))" | grep -q "state inactive opstate detached" ||
		fail "refused function not inactive: $(devlink port show "pci/$BDF/$((0x10000 + 8))")"
	devlink port del "pci/$BDF/$((0x10000 + 8))" || fail "port del sfnum 8"
	inictl vnic del dev "$PF" name "${PF}sf8" || fail "vnic del ${PF}sf8"
	devlink port show "$SF_PORT" >/dev/null 2>&1 && fail "port outlived del"
	[ "$(inictl -j vnic show | jq length)" = 0 ] || fail "VNICs left"
	vnic_cleanup
}

t_churn() {
	local i fails=0 ppid loss
	# Traffic on the port and on a VNIC that stays while another comes
	# and goes 100 times.
	two_up || return
	ip netns exec vnnsa ping -q -i 0.02 10.77.0.2 >/tmp/vnic-ping 2>&1 &
	ppid=$!
	ping -q -i 0.05 "$REMOTE_V4" >/dev/null 2>&1 &
	local ppid2=$!
	for i in $(seq 1 100); do
		inictl vnic add dev "$PF" name vnc rings $((1 + i % 2)) || { fails=$((fails + 1)); continue; }
		[ $((i % 10)) = 0 ] && ip link set vnc up
		inictl vnic del dev "$PF" name vnc || fails=$((fails + 1))
	done
	# SIGINT: ping prints its statistics
	kill -INT $ppid $ppid2
	wait $ppid $ppid2 2>/dev/null
	cat /tmp/vnic-ping
	echo "100 add/del: $fails failures"
	[ "$fails" = 0 ] || fail "add/del failed $fails times"
	loss=$(grep -o '[0-9.]*% packet loss' /tmp/vnic-ping | cut -d% -f1)
	[ -n "$loss" ] && awk -v l="$loss" 'BEGIN { exit !(l < 5) }' ||
		fail "the VNICs' traffic suffered: ${loss:-no}% loss"
	rm -f /tmp/vnic-ping
	vnic_cleanup
}

t_rmmod() {
	local out
	two_up || return
	inictl vnic add dev "$PF" name dbg0 mirror vna || fail "mirror" || return
	inictl vnic add dev "$PF" name vnr || fail "vnr" || return
	devlink port add "pci/$BDF" flavour pcisf pfnum 0 sfnum 7 &&
		devlink port function set "$SF_PORT" state active || fail "SF port"
	ip netns exec vnnsa ping -q -i 0.02 10.77.0.2 >/dev/null 2>&1 &
	local ppid=$!
	out=$(timeout 60 rmmod inic 2>&1) || fail "rmmod inic with VNICs: $out"
	kill $ppid 2>/dev/null
	wait $ppid 2>/dev/null
	ip netns exec vnnsa test -e /sys/class/net/vna && fail "vna outlived the driver"
	[ ! -e /sys/class/net/vnr ] || fail "vnr outlived the driver"
	compgen -G "/sys/bus/auxiliary/devices/inic.sf.*" && fail "auxiliary devices outlived the driver"
	vnic_cleanup
	out=$(timeout 60 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $out" || return
	refresh_env
	[ "$(inictl -j vnic show | jq length)" = 0 ] || fail "VNICs after reload"
}

ktap_plan 14
vnic_cleanup
run_test vnic_show_ethtool t_show
vnic_cleanup
run_test vnic_switch_two_netns t_switch
vnic_cleanup
run_test vnic_wire_peer_carrier t_wire
vnic_cleanup
run_test vnic_xdp t_xdp
vnic_cleanup
run_test vnic_maxbw t_maxbw
vnic_cleanup
run_test vnic_mirror t_mirror
vnic_cleanup
run_test vnic_mirror_port t_mirror_port
vnic_cleanup
run_test vnic_mirror_vf t_mirror_vf
vnic_cleanup
run_test vnic_vf_through_switch t_vf
vnic_cleanup
run_test vnic_bad_input t_bad_input
vnic_cleanup
run_test vnic_scale_32 t_scale
vnic_cleanup
run_test vnic_devlink_subfunction t_devlink
vnic_cleanup
run_test vnic_add_del_under_traffic t_churn
vnic_cleanup
run_test vnic_rmmod t_rmmod
ktap_finish
