#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Native XDP on the inic ports with real BPF programs: bpf/*.bpf.c, built
# with clang by `make tools`, loaded by iproute2 and bpftool (libbpf).
# Drop by UDP port, XDP_TX reflector on the XDP TX rings (with the stack
# on the same channel), the shared-ring fallback when the ring pool is
# empty, redirect port 0 -> port 1,
# XDP_ABORTED and its tracepoint, the RX hash and VLAN metadata kfuncs, the
# MTU limit, multi-buffer XDP (xdp.frags) with jumbo frames, attach/detach
# 100 times under a flood, rmmod with a program attached. Traffic comes from the peer (netns peer) or the host's flood.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

OBJ=$dir/bpf/xdp_inic.bpf.o
FRAGS=$dir/bpf/xdp_frags.bpf.o
META=$dir/bpf/xdp_meta.bpf.o
UDP=$dir/xdp_udp.py
BPFFS=/tmp/inic-xdp-bpffs	# a bpffs of our own for pinned programs
PIN=$BPFFS/prog	# bpffs names have no dots
MEMF=/sys/kernel/debug/inic/memory
N=50
CYCLES=${XDP_CYCLES:-100}
# XDP_RSS_TYPE_L4_IPV4_UDP (include/net/xdp.h): L3_IPV4 | L4 | L4_UDP
RSS_L4_IPV4_UDP=$((1 | 8 | 32))

# xdp_stat DEV NAME: the ethtool -S counter NAME of DEV
xdp_stat() {
	ethtool -S "$1" | awk -v n="$2:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

# ring_sum DEV RE: the sum of DEV's ethtool -S counters whose name matches
# RE (e.g. 'xdp_tx[0-9]+_packets': every XDP TX ring's)
ring_sum() {
	ethtool -S "$1" | awk -v re="^$2:\$" '$1 ~ re { s += $2 } END { print s + 0 }'
}

# qstats_tx DEV: DEV's device-scope qstats tx-packets (netdev family,
# the kernel tree's YNL CLI), or nothing without the CLI
YNL=$(ynl_cli)
qstats_tx() {
	local ifx
	[ -n "$YNL" ] || return 1
	ifx=$(cat "/sys/class/net/$1/ifindex") || return 1
	python3 "$YNL" --spec "${YNL%/tools/net/ynl/cli.py}/Documentation/netlink/specs/netdev.yaml" \
		--dump qstats-get --output-json |
		jq -r --argjson i "$ifx" '.[] | select(.ifindex == $i) | .["tx-packets"]'
}

# qstats_match DEV WHEN: DEV's device-scope qstats tx-packets equal
# ip -s link's (read before and after them: the stack may send between)
qstats_match() {
	local q l1 l2
	l1=$(cat "/sys/class/net/$1/statistics/tx_packets")
	if ! q=$(qstats_tx "$1") || [ -z "$q" ]; then
		echo "no YNL CLI: qstats not compared ($2)"
		return 0
	fi
	l2=$(cat "/sys/class/net/$1/statistics/tx_packets")
	echo "$2: qstats tx-packets $q, ip -s link $l1..$l2"
	[ "$q" -ge "$l1" ] && [ "$q" -le "$l2" ] ||
		fail "$2: qstats tx-packets $q is not ip -s link's ($l1..$l2)"
}

# channels DEV: the combined channels in use
channels() {
	ethtool -l "$1" | awk '/^Current/ { c = 1 } c && /^Combined:/ { print $2; exit }'
}

# xdp_tx_rings_ok DEV: one XDP TX ring per channel (not the shared rings)
xdp_tx_rings_ok() {
	local n c
	n=$(xdp_stat "$1" xdp_tx_rings) || { fail "$1: no xdp_tx_rings in ethtool -S"; return 1; }
	c=$(channels "$1")
	[ "$n" = "$c" ] || { fail "$1: $n XDP TX rings for $c channels"; return 1; }
}

# xdp_mode DEV: the attach mode ip shows (1 = native, the driver's)
xdp_mode() {
	ip -j -d link show dev "$1" | jq -r '.[0].xdp.mode // "none"'
}

# prog_map DEV: the id of the first map of DEV's XDP program
prog_map() {
	local id
	id=$(ip -j -d link show dev "$1" | jq -r '.[0].xdp.prog.id // empty')
	[ -n "$id" ] && bpftool -j prog show id "$id" | jq -r '.map_ids[0] // empty'
}

detach() {
	ip link set dev "$1" xdpdrv off 2>/dev/null
	ip link set dev "$1" xdp off 2>/dev/null
	return 0
}

# fill_del: the VNICs pool_fill made
fill_del() {
	local n
	for n in $(inictl -j vnic show 2>/dev/null | jq -r '.[].name | select(startswith("xdpfill"))'); do
		inictl vnic del dev "$NETIF" name "$n"
	done
	return 0
}

cleanup() {
	fill_del
	detach "$NETIF"
	[ -n "${NETIF1:-}" ] && detach "$NETIF1"
	rm -f "$PIN" "${PIN}_meta" "${PIN}_b"
	mountpoint -q "$BPFFS" && umount "$BPFFS"
	rmdir "$BPFFS" 2>/dev/null
	return 0
}

attach() {	# attach DEV: the test program, native mode only
	local out
	detach "$1"	# what a failed test before may have left
	out=$(ip link set dev "$1" xdpdrv obj "$OBJ" sec xdp 2>&1) ||
		fail "attach to $1: $out" || return
	[ "$(xdp_mode "$1")" = 1 ] || fail "$1: XDP not attached in native mode ($(xdp_mode "$1"))"
}

peer_send() {	# peer_send DST PORT COUNT MAGIC
	ip netns exec "$NS" python3 "$UDP" send "$@"
}

prereq() {
	[ -r "$OBJ" ] && [ -r "$META" ] && [ -r "$FRAGS" ] ||
		skip "no BPF objects in $dir/bpf: run make tools" || return
	command -v bpftool >/dev/null || skip "no bpftool (scripts/setup-host.sh installs it)" || return
	mkdir -p "$BPFFS"
	mountpoint -q "$BPFFS" || mount -t bpf bpf "$BPFFS" ||
		fail "cannot mount bpffs on $BPFFS"
}

# XDP_DROP by UDP port: the port's frames are dropped (counted), others pass.
t_drop() {
	local d0 d1 p0 rx0 rx1 pid out sum q v
	prereq || return
	attach "$NETIF" || return
	ethtool -S "$NETIF" | grep -q 'rx0_xdp_drop:' || fail "no per-ring rx0_xdp_drop in ethtool -S"
	d0=$(xdp_stat "$NETIF" xdp_drop) p0=$(xdp_stat "$NETIF" xdp_pass)
	rx0=$(dev_stat "$NETIF" rx_packets)
	out=/tmp/xdp-recv.$$
	python3 "$UDP" recv 30 "$N" 7777 7000 >"$out" &
	pid=$!
	poll 20 grep -q ready "$out" || fail "receiver not ready" || return
	peer_send "$LOCAL_V4" 7777 "$N" dropme
	poll 20 moved_by "$d0" "$N" xdp_stat "$NETIF" xdp_drop ||
		fail "xdp_drop moved by $(($(xdp_stat "$NETIF" xdp_drop) - d0)) < $N"
	peer_send "$LOCAL_V4" 7000 "$N" passme
	wait "$pid" || fail "port 7000 did not get $N datagrams: $(xargs <"$out")"
	d1=$(xdp_stat "$NETIF" xdp_drop) rx1=$(dev_stat "$NETIF" rx_packets)
	echo "xdp_drop +$((d1 - d0)), xdp_pass +$(($(xdp_stat "$NETIF" xdp_pass) - p0)), rx_packets +$((rx1 - rx0)); $(xargs <"$out")"
	grep -qx "7777 0" "$out" || fail "datagrams to the dropped port reached the socket"
	[ $((d1 - d0)) -eq "$N" ] || fail "xdp_drop moved by $((d1 - d0)), not $N"
	[ $((rx1 - rx0)) -ge $((2 * N)) ] || fail "rx_packets moved by $((rx1 - rx0)) < $((2 * N))"
	# The per-ring counters add up to the port's total.
	sum=0
	for ((q = 0; ; q++)); do
		v=$(xdp_stat "$NETIF" "rx${q}_xdp_drop") || break
		sum=$((sum + v))
	done
	[ "$sum" -eq "$d1" ] || fail "rxN_xdp_drop sum $sum != xdp_drop $d1"
	rm -f "$out"
	detach "$NETIF"
}

# XDP_TX: the peer's datagrams come back with addresses and ports swapped,
# out of the port's XDP TX rings (their counters move, the stack's TX
# rings' do not); then, on one channel, the stack (ping) sends while a
# flood is reflected on the same channel.
t_tx() {
	local t0 t1 x0 x1 s0 s1 l0 l1 l2 out tx ch
	prereq || return
	attach "$NETIF" || return
	xdp_tx_rings_ok "$NETIF" || return
	ethtool -S "$NETIF" | grep -q '^ *xdp_tx0_packets:' || fail "no xdp_tx0_packets in ethtool -S"
	l0=$(cat "/sys/class/net/$NETIF/statistics/tx_packets")
	t0=$(xdp_stat "$NETIF" xdp_tx)
	x0=$(ring_sum "$NETIF" 'xdp_tx[0-9]+_packets')
	s0=$(ring_sum "$NETIF" 'tx[0-9]+_packets')
	ip netns exec "$NS" python3 "$UDP" echo "$LOCAL_V4" 7778 "$N" ||
		fail "the XDP_TX reflector did not return every datagram"
	t1=$(xdp_stat "$NETIF" xdp_tx)
	# The reflected frames are all back at the peer: their completions
	# may still be on the way to the counters.
	poll 10 moved_by "$x0" "$N" ring_sum "$NETIF" 'xdp_tx[0-9]+_packets' ||
		fail "xdp_txN_packets moved by $(($(ring_sum "$NETIF" 'xdp_tx[0-9]+_packets') - x0)) < $N"
	x1=$(ring_sum "$NETIF" 'xdp_tx[0-9]+_packets')
	s1=$(ring_sum "$NETIF" 'tx[0-9]+_packets')
	echo "xdp_tx +$((t1 - t0)), XDP TX rings +$((x1 - x0)) packets, stack TX rings +$((s1 - s0))"
	# ip -s link and the qstats count the XDP TX rings' frames too
	l1=$(cat "/sys/class/net/$NETIF/statistics/tx_packets")
	[ $((l1 - l0)) -ge "$N" ] ||
		fail "ip -s link tx_packets moved by $((l1 - l0)) < $N: the XDP TX rings' frames are not in it"
	qstats_match "$NETIF" "after XDP_TX"
	# Reflected on channel 1 (RSS all to it), then channel 1 leaves and
	# comes back (ethtool -L): its XDP TX ring's frames move to the base
	# and back to a view from 0; the totals neither drop nor double.
	if [ "$(channels "$NETIF")" -ge 2 ] && ethtool -X "$NETIF" weight 0 1; then
		x0=$(xdp_stat "$NETIF" xdp_tx1_packets)
		ip netns exec "$NS" python3 "$UDP" echo "$LOCAL_V4" 7778 "$N" ||
			fail "the XDP_TX reflector on channel 1 did not return every datagram"
		poll 10 moved_by "$x0" "$N" xdp_stat "$NETIF" xdp_tx1_packets ||
			fail "xdp_tx1_packets moved by $(($(xdp_stat "$NETIF" xdp_tx1_packets) - x0)) < $N"
		ethtool -X "$NETIF" default
		ch=$(channels "$NETIF")
		l1=$(cat "/sys/class/net/$NETIF/statistics/tx_packets")
		ethtool -L "$NETIF" combined 1 || fail "ethtool -L combined 1 with XDP"
		qstats_match "$NETIF" "with channel 1 gone"
		ethtool -L "$NETIF" combined "$ch" || fail "ethtool -L combined $ch with XDP"
		qstats_match "$NETIF" "with channel 1 back"
		l2=$(cat "/sys/class/net/$NETIF/statistics/tx_packets")
		[ "$l2" -ge "$l1" ] || fail "ip -s link tx_packets went back from $l1 to $l2 over ethtool -L"
	else
		fail "cannot steer RSS to channel 1 (ethtool -X weight 0 1)"
	fi
	[ $((t1 - t0)) -ge "$N" ] || fail "xdp_tx moved by $((t1 - t0)) < $N"
	# The stack may have sent an ARP reply or two, not the reflected frames.
	[ $((s1 - s0)) -lt "$N" ] || fail "the stack's TX rings sent $((s1 - s0)) frames: XDP_TX went out on them"
	# One channel: the flood (to a MAC nobody has) is reflected by the
	# NAPI whose channel also carries the stack's ping. Small TX rings
	# (-G with the program attached) that XDP fills: its frames are
	# refused (xdp_tx_errors), the stack's ring is not touched.
	ch=$(channels "$NETIF")
	tx=$(ethtool -g "$NETIF" | awk '/^TX:/ { v = $2 } END { print v }')
	ethtool -L "$NETIF" combined 1 || fail "ethtool -L combined 1 with XDP" || return
	ethtool -G "$NETIF" tx 64 || fail "ethtool -G tx 64 with XDP" || return
	xdp_tx_rings_ok "$NETIF" || return
	x0=$(xdp_stat "$NETIF" xdp_tx0_packets)
	inic-flood --udp4 0 20000 15 "$(cat "/sys/class/net/$NETIF/address")" \
		"$REMOTE_V4" "$LOCAL_V4" 7778 >/dev/null || fail "cannot start the flood" || return
	out=$(ping -c 10 -i 0.1 -w 20 -I "$NETIF" "$REMOTE_V4" 2>&1) ||
		fail "ping while XDP_TX reflects a flood: $(tail -n 2 <<<"$out")"
	echo "flood: sent/lost $(inic-flood 0 stop); xdp_tx +$(($(xdp_stat "$NETIF" xdp_tx) - t1)), xdp_tx_errors $(xdp_stat "$NETIF" xdp_tx_errors), xdp_tx0_packets +$(($(xdp_stat "$NETIF" xdp_tx0_packets) - x0))"
	[ "$(xdp_stat "$NETIF" xdp_tx)" -gt "$t1" ] || fail "the flood was not reflected"
	[ "$(xdp_stat "$NETIF" xdp_tx0_packets)" -gt "$x0" ] || fail "the flood did not go out on XDP TX ring 0"
	out=$(ping -c 3 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" 2>&1) ||
		fail "ping after the reflected flood: $(tail -n 2 <<<"$out")"
	ethtool -G "$NETIF" tx "${tx:-256}"
	ethtool -L "$NETIF" combined "${ch:-1}"
	xdp_tx_rings_ok "$NETIF"
	detach "$NETIF"
	[ "$(xdp_stat "$NETIF" xdp_tx_rings)" = 0 ] || fail "XDP TX rings left after the detach"
}

# No ring pairs left in the pool (VNICs took them all): the attach still
# works, XDP_TX shares the stack's TX rings (their counters move), the
# kernel log says so once; with the VNICs gone, the next attach has its
# XDP TX rings again.
t_fallback() {
	local i n made=0 s0 s1 msg="free ring pairs for XDP TX rings" l0 l1
	prereq || return
	detach "$NETIF"
	# Fill the pool: 16-ring VNICs, then 1-ring ones, until refused.
	for ((i = 0, n = 16; i < 256; i++)); do
		if inictl vnic add dev "$NETIF" name "xdpfill$i" rings $n >/dev/null 2>&1; then
			made=$((made + 1))
			continue
		fi
		[ $n = 1 ] && break
		n=1
	done
	echo "$made VNICs fill the ring pool"
	l0=$(dmesg | grep -c "$msg")
	attach "$NETIF" || return
	l1=$(dmesg | grep -c "$msg")
	dmesg | grep "$msg" | tail -n 1
	[ "$(xdp_stat "$NETIF" xdp_tx_rings)" = 0 ] || fail "$(xdp_stat "$NETIF" xdp_tx_rings) XDP TX rings from an empty pool"
	[ $((l1 - l0)) -eq 1 ] || fail "the kernel log said it $((l1 - l0)) times, not once"
	s0=$(ring_sum "$NETIF" 'tx[0-9]+_packets')
	ip netns exec "$NS" python3 "$UDP" echo "$LOCAL_V4" 7778 "$N" ||
		fail "the XDP_TX reflector on shared rings did not return every datagram"
	s1=$(ring_sum "$NETIF" 'tx[0-9]+_packets')
	echo "shared: stack TX rings +$((s1 - s0)), XDP TX rings $(ring_sum "$NETIF" 'xdp_tx[0-9]+_packets')"
	[ $((s1 - s0)) -ge "$N" ] || fail "the stack's TX rings sent $((s1 - s0)) < $N reflected frames"
	detach "$NETIF"
	fill_del
	attach "$NETIF" || return
	xdp_tx_rings_ok "$NETIF"
	[ "$(dmesg | grep -c "$msg")" -eq "$l1" ] || fail "the kernel log said it again with rings free"
	detach "$NETIF"
}

# XDP_REDIRECT port 0 -> port 1 (devmap, ndo_xdp_xmit): peer 1 sees the
# frames peer 0 sent; port 1 without a program (its TX rings), then with
# one (its XDP TX rings).
t_redirect() {
	redirect_once 0 && redirect_once 1
}

redirect_once() {	# redirect_once WITH_PROG: 1 = a program on port 1 too
	local r0 x0 t0 ifindex out pid map
	need_port 1 || return
	prereq || return
	attach "$NETIF" || return
	if [ "$1" = 1 ]; then
		attach "$NETIF1" || return
		xdp_tx_rings_ok "$NETIF1" || return
	fi
	t0=$(ring_sum "$NETIF1" 'xdp_tx[0-9]+_packets')
	ifindex=$(cat "/sys/class/net/$NETIF1/ifindex")
	map=$(prog_map "$NETIF")
	[ -n "$map" ] || fail "no devmap in the attached program" || return
	bpftool map update id "$map" key 0 0 0 0 value \
		$((ifindex & 255)) $((ifindex >> 8 & 255)) 0 0 ||
		fail "cannot put $NETIF1 in the devmap" || return
	r0=$(xdp_stat "$NETIF" xdp_redirect) x0=$(xdp_stat "$NETIF1" xdp_xmit)
	out=/tmp/xdp-sniff.$$
	ip netns exec "$NS" python3 "$UDP" sniff "$REMOTE1_IF" 30 "$N" redirectme >"$out" &
	pid=$!
	poll 20 grep -q ready "$out" || fail "sniffer not ready" || return
	peer_send "$LOCAL_V4" 7779 "$N" redirectme
	wait "$pid" || fail "peer 1 ($REMOTE1_IF) saw $(tail -n 1 "$out") of $N redirected frames"
	echo "peer 1 saw: $(tail -n 1 "$out"); xdp_redirect +$(($(xdp_stat "$NETIF" xdp_redirect) - r0)), $NETIF1 xdp_xmit +$(($(xdp_stat "$NETIF1" xdp_xmit) - x0))"
	[ "$(tail -n 1 "$out" | cut -d' ' -f2)" = ff:ff:ff:ff:ff:ff ] || fail "not the frame the program wrote"
	moved_by "$r0" "$N" xdp_stat "$NETIF" xdp_redirect || fail "xdp_redirect did not move by $N"
	moved_by "$x0" "$N" xdp_stat "$NETIF1" xdp_xmit || fail "$NETIF1 xdp_xmit did not move by $N"
	if [ "$1" = 1 ]; then
		poll 10 moved_by "$t0" "$N" ring_sum "$NETIF1" 'xdp_tx[0-9]+_packets' ||
			fail "$NETIF1 XDP TX rings sent $(($(ring_sum "$NETIF1" 'xdp_tx[0-9]+_packets') - t0)) < $N"
		detach "$NETIF1"
	fi
	rm -f "$out"
	detach "$NETIF"
}

# XDP_ABORTED: counted, and the xdp:xdp_exception tracepoint fires.
t_aborted() {
	local a0 tr=/sys/kernel/tracing ifindex
	prereq || return
	[ -d "$tr/events" ] || mount -t tracefs nodev "$tr" 2>/dev/null
	attach "$NETIF" || return
	ifindex=$(cat "/sys/class/net/$NETIF/ifindex")
	a0=$(xdp_stat "$NETIF" xdp_aborted)
	if [ -e "$tr/events/xdp/xdp_exception/enable" ]; then
		echo > "$tr/trace"
		echo 1 > "$tr/events/xdp/xdp_exception/enable"
	fi
	peer_send "$LOCAL_V4" 7780 "$N" abortme
	poll 20 moved_by "$a0" "$N" xdp_stat "$NETIF" xdp_aborted ||
		fail "xdp_aborted moved by $(($(xdp_stat "$NETIF" xdp_aborted) - a0)) < $N"
	if [ -e "$tr/events/xdp/xdp_exception/enable" ]; then
		echo 0 > "$tr/events/xdp/xdp_exception/enable"
		grep -q "xdp_exception:.*action=ABORTED ifindex=$ifindex" "$tr/trace" ||
			fail "no xdp_exception ABORTED event for ifindex $ifindex"
		echo "xdp_exception events: $(grep -c "action=ABORTED ifindex=$ifindex" "$tr/trace")"
	else
		fail "no xdp_exception tracepoint in tracefs"
	fi
	detach "$NETIF"
}

meta_field() {	# meta_field NAME: the field of the metadata program's map
	# with BTF, bpftool -j shows the value decoded under "formatted"
	bpftool -j map dump id "$META_MAP" | jq -r ".[0].formatted.value.$1"
}

# The RX hash and VLAN tag kfuncs read the RX descriptor: the hash is the
# one RSS steered the flow with (its ring is indir[hash % size]), the tag
# is the peer's VLAN.
t_meta() {
	local f0 h q size ring p0 out rc=0
	prereq || return
	bpftool prog load "$META" "${PIN}_meta" xdpmeta_dev "$NETIF" ||
		fail "bpftool prog load (device-bound) failed" || return
	ip link set dev "$NETIF" xdpdrv pinned "${PIN}_meta" ||
		fail "attach the metadata program" || return
	META_MAP=$(prog_map "$NETIF")
	[ -n "$META_MAP" ] || fail "no map in the metadata program" || return
	f0=$(meta_field frames)
	ethtool -S "$NETIF" >/tmp/xdp-s0.$$
	peer_send "$LOCAL_V4" 7781 "$N" metame
	poll 20 moved_by "$f0" "$N" meta_field frames || fail "the program saw $(meta_field frames) frames" || return
	echo "frames $(meta_field frames) hashed $(meta_field hashed) hash $(meta_field hash) type $(meta_field hash_type)"
	[ "$(meta_field hashed)" = "$(meta_field frames)" ] || fail "frames without a hash"
	[ "$(meta_field hash_type)" = "$RSS_L4_IPV4_UDP" ] || fail "hash type $(meta_field hash_type), not L4_IPV4_UDP ($RSS_L4_IPV4_UDP)"
	h=$(meta_field hash)
	size=$(ethtool -x "$NETIF" | grep -cE '^ *[0-9]+: ')
	size=$((size * 8))
	ring=$(ethtool -x "$NETIF" | awk -v i=$((h % size)) '$1 ~ /^[0-9]+:$/ { b = $1 + 0; for (k = 2; k <= NF; k++) if (b + k - 2 == i) print $k }')
	p0=$(awk -v n="rx${ring}_xdp_packets:" '$1 == n { print $2 }' /tmp/xdp-s0.$$)
	echo "hash $h: indir[$((h % size))] = ring $ring"
	moved_by "$p0" "$N" xdp_stat "$NETIF" "rx${ring}_xdp_packets" ||
		fail "ring $ring (by the hash) did not receive the flow"
	rm -f /tmp/xdp-s0.$$
	# VLAN 100 over the cable; the device strips the tag (rx-vlan-offload).
	ip -n "$NS" link add link "$REMOTE_IF" name xdpv100 type vlan id 100 &&
	ip -n "$NS" addr add 10.99.0.2/24 dev xdpv100 &&
	ip -n "$NS" link set xdpv100 up &&
	ip link add link "$NETIF" name xdpv100 type vlan id 100 &&
	ip addr add 10.99.0.1/24 dev xdpv100 &&
	ip link set xdpv100 up || fail "cannot make VLAN 100" || rc=1
	if [ $rc -eq 0 ]; then
		f0=$(meta_field tagged)
		peer_send 10.99.0.1 7781 "$N" vlanme
		poll 20 moved_by "$f0" "$N" meta_field tagged || fail "tagged frames: $(meta_field tagged)"
		echo "tagged $(meta_field tagged) proto $(meta_field vlan_proto) tci $(meta_field vlan_tci)"
		[ "$(meta_field vlan_tci)" = 100 ] || fail "VLAN tci $(meta_field vlan_tci), not 100"
		[ "$(meta_field vlan_proto)" = $((0x8100)) ] || fail "VLAN proto $(meta_field vlan_proto)"
	fi
	ip link del xdpv100 2>/dev/null
	ip -n "$NS" link del xdpv100 2>/dev/null
	detach "$NETIF"
	rm -f "${PIN}_meta"
}

# A program without frags support and an MTU over one page exclude each
# other (t_mbuf: with frags support they do not).
t_mtu() {
	local out mtu
	prereq || return
	mtu=$(cat "/sys/class/net/$NETIF/mtu")
	attach "$NETIF" || return
	ip link set dev "$NETIF" mtu 3400 || fail "MTU 3400 refused with XDP"
	ip link set dev "$NETIF" mtu 9000 2>/dev/null && fail "MTU 9000 accepted with XDP attached"
	detach "$NETIF"
	ip link set dev "$NETIF" mtu 9000 || fail "MTU 9000 refused without XDP" || return
	out=$(ip link set dev "$NETIF" xdpdrv obj "$OBJ" sec xdp 2>&1) &&
		fail "XDP attached with MTU 9000"
	echo "refused: $out"
	grep -q "MTU 9000 too large for XDP" <<<"$out" || fail "no extack about the MTU"
	[ "$(xdp_mode "$NETIF")" = none ] || fail "a program is attached after the refusal"
	ip link set dev "$NETIF" mtu "$mtu"
	ping -c 2 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no ping after the MTU changes"
}

# named_map DEV NAME: the id of the map NAME of DEV's XDP program
named_map() {
	local id m
	id=$(ip -j -d link show dev "$1" | jq -r '.[0].xdp.prog.id // empty')
	[ -n "$id" ] || return 1
	for m in $(bpftool -j prog show id "$id" | jq -r '.map_ids[]'); do
		[ "$(bpftool -j map show id "$m" | jq -r .name)" = "$2" ] && echo "$m" && return
	done
	return 1
}

# mb_stat DEV K: entry K of the mb_stats map of DEV's xdp.frags program
mb_stat() {
	bpftool -j map lookup id "$(named_map "$1" mb_stats)" key "$2" 0 0 0 |
		jq -r '.formatted.value // .value'
}

# "END!" as the little-endian number the program reads (xdp_udp.py sized())
MB_TAIL=$((0x21444e45))
MB_SIZE=8000	# UDP payload: three buffers at MTU 9000

# Multi-buffer XDP: a program loaded as xdp.frags attaches at MTU 9000 and
# sees jumbo frames whole (its last bytes read from the last frag); they
# pass to the socket byte-exact, drop and reflect (XDP_TX of every buffer)
# by port, and redirect to port 1 (ndo_xdp_xmit with frags).
t_mbuf() {
	local mtu mtu1 out pid f0 d0 m0 r0 ifindex rc=0
	prereq || return
	mtu=$(cat "/sys/class/net/$NETIF/mtu")
	detach "$NETIF"
	ip link set dev "$NETIF" mtu 9000 &&
	ip -n "$NS" link set dev "$REMOTE_IF" mtu 9000 || fail "MTU 9000" || rc=1
	if [ $rc -eq 0 ]; then
		out=$(ip link set dev "$NETIF" xdpdrv obj "$FRAGS" sec xdp.frags 2>&1) ||
			fail "attach xdp.frags at MTU 9000: $out" || rc=1
	fi
	if [ $rc -eq 0 ]; then
		[ "$(xdp_mode "$NETIF")" = 1 ] || fail "not attached in native mode"
		f0=$(xdp_stat "$NETIF" xdp_frags) m0=$(mb_stat "$NETIF" 0)
		out=/tmp/xdp-mb.$$
		python3 "$UDP" recv 30 "$N" 7000 >"$out" &
		pid=$!
		poll 20 grep -q ready "$out" || fail "receiver not ready"
		peer_send "$LOCAL_V4" 7000 "$N" jumbo "$MB_SIZE"
		wait "$pid" || fail "port 7000 got $(xargs <"$out") of $N jumbo datagrams"
		echo "XDP_PASS: $(xargs <"$out"); xdp_frags +$(($(xdp_stat "$NETIF" xdp_frags) - f0)); program saw $(($(mb_stat "$NETIF" 0) - m0)) multi-buffer frames, last $(mb_stat "$NETIF" 1) bytes ending $(mb_stat "$NETIF" 2)"
		grep -qx "bad 0" "$out" || fail "datagrams with wrong bytes: $(xargs <"$out")"
		moved_by "$f0" "$N" xdp_stat "$NETIF" xdp_frags || fail "xdp_frags did not move by $N"
		[ $(($(mb_stat "$NETIF" 0) - m0)) -ge "$N" ] || fail "the program saw fewer than $N multi-buffer frames"
		[ "$(mb_stat "$NETIF" 1)" = $((MB_SIZE + 42)) ] || fail "frame length $(mb_stat "$NETIF" 1), not $((MB_SIZE + 42))"
		[ "$(mb_stat "$NETIF" 2)" = "$MB_TAIL" ] || fail "last bytes $(mb_stat "$NETIF" 2), not END! ($MB_TAIL)"
		d0=$(xdp_stat "$NETIF" xdp_drop)
		peer_send "$LOCAL_V4" 7777 "$N" dropme "$MB_SIZE"
		poll 20 moved_by "$d0" "$N" xdp_stat "$NETIF" xdp_drop ||
			fail "XDP_DROP of jumbo frames: xdp_drop +$(($(xdp_stat "$NETIF" xdp_drop) - d0))"
		ip netns exec "$NS" python3 "$UDP" echo "$LOCAL_V4" 7778 "$N" "$MB_SIZE" ||
			fail "XDP_TX did not return every jumbo datagram byte-exact"
		rm -f "$out"
	fi
	if [ $rc -eq 0 ] && [ -n "${NETIF1:-}" ]; then
		mtu1=$(cat "/sys/class/net/$NETIF1/mtu")
		ip link set dev "$NETIF1" mtu 9000 &&
		ip -n "$NS" link set dev "$REMOTE1_IF" mtu 9000 || fail "port 1 MTU 9000"
		ifindex=$(cat "/sys/class/net/$NETIF1/ifindex")
		bpftool map update id "$(named_map "$NETIF" tx_port)" key 0 0 0 0 value \
			$((ifindex & 255)) $((ifindex >> 8 & 255)) 0 0 ||
			fail "cannot put $NETIF1 in the devmap"
		r0=$(xdp_stat "$NETIF1" xdp_xmit)
		out=/tmp/xdp-sniff.$$
		ip netns exec "$NS" python3 "$UDP" sniff "$REMOTE1_IF" 30 "$N" redirectme >"$out" &
		pid=$!
		poll 20 grep -q ready "$out" || fail "sniffer not ready"
		peer_send "$LOCAL_V4" 7779 "$N" redirectme "$MB_SIZE"
		wait "$pid" || fail "peer 1 saw $(tail -n 1 "$out") of $N redirected jumbo frames"
		echo "XDP_REDIRECT: peer 1 saw (count, MAC, longest) $(tail -n 1 "$out"); $NETIF1 xdp_xmit +$(($(xdp_stat "$NETIF1" xdp_xmit) - r0))"
		[ "$(tail -n 1 "$out" | cut -d' ' -f3)" = $((MB_SIZE + 42)) ] ||
			fail "redirected frames were not whole"
		rm -f "$out"
		ip link set dev "$NETIF1" mtu "$mtu1"
		ip -n "$NS" link set dev "$REMOTE1_IF" mtu "$mtu1"
	fi
	detach "$NETIF"
	ip link set dev "$NETIF" mtu "$mtu"
	ip -n "$NS" link set dev "$REMOTE_IF" mtu "$mtu"
	ping -c 2 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no ping after the MTU changes"
}

ledger() { awk 'NR > 1 { printf "%s %s %s; ", $1, $2, $3 }' "$MEMF"; }

# Attach/detach CYCLES times (ring restarts) and replace the program
# (pointer swaps) while the host floods port 0: traffic works after, the
# memory ledger is back where it started, the kernel log stays clean.
t_cycles() {
	local i m0 m1 out t0
	prereq || return
	bpftool prog load "$OBJ" "$PIN" type xdp || fail "bpftool prog load" || return
	bpftool prog load "$OBJ" "${PIN}_b" type xdp || fail "bpftool prog load" || return
	m0=$(ledger)
	inic-flood --udp4 0 3000 600 "$(cat "/sys/class/net/$NETIF/address")" \
		"$REMOTE_V4" "$LOCAL_V4" 7777 >/dev/null || fail "cannot start the flood" || return
	t0=$(now_ms)
	for ((i = 1; i <= CYCLES; i++)); do
		out=$(ip link set dev "$NETIF" xdpdrv pinned "$PIN" 2>&1) ||
			{ fail "attach $i: $out"; break; }
		if ((i % 10 == 0)); then
			out=$(ip -force link set dev "$NETIF" xdpdrv pinned "${PIN}_b" 2>&1) ||
				{ fail "replace $i: $out"; break; }
		fi
		out=$(ip link set dev "$NETIF" xdpdrv off 2>&1) ||
			{ fail "detach $i: $out"; break; }
	done
	echo "$((i - 1)) attach/detach cycles in $(($(now_ms) - t0)) ms; flood sent/lost $(inic-flood 0 stop); xdp_drop $(xdp_stat "$NETIF" xdp_drop)"
	[ "$(xdp_mode "$NETIF")" = none ] || fail "a program is still attached"
	ping -c 3 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no ping after the cycles"
	m1=$(ledger)
	[ "$m0" = "$m1" ] || fail "memory ledger before: $m0 after: $m1"
	rm -f "$PIN" "${PIN}_b"
}

# rmmod with a program attached on both ports, then the driver comes back.
t_rmmod() {
	local out ifc
	prereq || return
	attach "$NETIF" || return
	[ -n "${NETIF1:-}" ] && { attach "$NETIF1" || return; }
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic with XDP attached: $out" || return
	[ ! -e /sys/module/inic ] || fail "/sys/module/inic still there" || return
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 test "$(inic_ports | wc -l)" -eq "${INIC_PORTS:-2}" || fail "ports did not come back" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $out" || return
	refresh_env
	for ifc in $(inic_ports); do
		[ "$(xdp_mode "$ifc")" = none ] || fail "$ifc has a program after reload"
	done
	ping -c 2 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no ping after reload"
}

trap cleanup EXIT
ktap_plan 10
run_test xdp_drop_by_port t_drop
run_test xdp_tx_reflector t_tx
run_test xdp_redirect_port0_to_port1 t_redirect
run_test xdp_tx_rings_pool_exhausted t_fallback
run_test xdp_aborted_tracepoint t_aborted
run_test xdp_metadata_hash_vlan t_meta
run_test xdp_mtu_limit t_mtu
run_test xdp_multi_buffer_jumbo t_mbuf
run_test xdp_attach_detach_under_flood t_cycles
run_test xdp_rmmod_attached t_rmmod
ktap_finish
