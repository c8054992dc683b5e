#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The multi-queue data path of port 0: ethtool -L (and its refusals), the
# per-ring counter invariant (sum of the rings' counters + base == the
# netdev's totals) under iperf3 -P 4 and across a channel shrink, RSS
# spreading flows over rings, ethtool -K offload combinations, -G and -C
# round trips, jumbo frames at MTU 9000, and the receive filters
# (unicast, promisc, multicast hash, allmulti).
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
spid=/tmp/datapath-iperf3.pid

# stat NAME: one ethtool -S counter of port 0
stat() {
	ethtool -S "$IF" | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }'
}

# ring_sum KIND: sum of rxN_KIND / txN_KIND over active rings + base_KIND
# (KIND e.g. rx_packets)
ring_sum() {
	local dirn=${1%%_*} what=${1#*_}
	ethtool -S "$IF" | awk -v d="$dirn" -v w="$what" '
		$1 ~ "^" d "[0-9]+_" w ":$" || $1 == "base_" d "_" w ":" { s += $2 }
		END { print s + 0 }'
}

max_channels() {
	ethtool -l "$IF" | awk '/^Combined:/ { print $2; exit }'
}

cur_channels() {
	ethtool -l "$IF" | awk '/^Combined:/ { v = $2 } END { print v }'
}

listening() {
	ip netns exec "$NS" ss -Htln "sport = :5201" | grep -q .
}

# iperf3_run ARGS...: one iperf3 client run against a fresh server in peer
iperf3_run() {
	rm -f $spid
	ip netns exec "$NS" iperf3 -s -1 -D -B "$REMOTE_V4" -I $spid \
		--logfile /tmp/datapath-iperf3-server.log || return 1
	poll 10 listening || { kill "$(cat $spid 2>/dev/null)" 2>/dev/null; return 1; }
	timeout 60 iperf3 -c "$REMOTE_V4" --connect-timeout 5000 "$@" >/tmp/datapath-iperf3.log 2>&1
	local rc=$?
	[ -s $spid ] && kill "$(cat $spid)" 2>/dev/null
	rm -f $spid
	[ $rc -eq 0 ] || { tail -5 /tmp/datapath-iperf3.log; return 1; }
}

# counters_agree: ring sums + base == netdev totals (retried: background
# frames may arrive between the two readings)
counters_agree() {
	local i k rs ds
	for i in 1 2 3 4 5; do
		local ok=1 line=""
		for k in rx_packets rx_bytes tx_packets tx_bytes; do
			rs=$(ring_sum $k)
			ds=$(dev_stat "$IF" $k)
			line="$line $k rings+base=$rs netdev=$ds;"
			[ "$rs" = "$ds" ] || ok=0
		done
		[ $ok = 1 ] && { echo "agree:$line"; return 0; }
		sleep 0.2
	done
	echo "disagree:$line"
	return 1
}

test_channels() {
	[ -n "$IF" ] || fail "NETIF not set" || return
	local max out n
	max=$(max_channels)
	echo "max combined $max, current $(cur_channels)"
	[ "$max" -ge 2 ] || skip "only one ring per port (QUEUES=$INIC_QUEUES)" || return
	ethtool -L "$IF" combined 2 || fail "ethtool -L combined 2" || return
	[ "$(cur_channels)" = 2 ] || fail "combined is $(cur_channels), not 2" || return
	n=$(ls -d /sys/class/net/"$IF"/queues/rx-* | wc -l)
	[ "$n" = 2 ] || fail "$n rx queues in sysfs" || return
	ethtool -x "$IF" | grep -q "with 2 RX ring" || fail "RSS table not re-spread over 2" || return
	out=$(ethtool -L "$IF" combined $((max + 1)) 2>&1) && { fail "combined $((max + 1)) accepted"; return; }
	echo "combined $((max + 1)): $out" | head -1
	[[ $out == *"exceeds maximum"* ]] || fail "no extack message for $((max + 1))" || return
	out=$(ethtool -L "$IF" combined 0 2>&1) && { fail "combined 0 accepted"; return; }
	echo "combined 0: $out" | head -1
	[[ $out == *"no RX or TX channel"* ]] || fail "no extack message for 0" || return
	[ "$(cur_channels)" = 2 ] || fail "a refused change changed something" || return
	ethtool -L "$IF" combined "$max" || fail "back to $max" || return
	[ "$(cur_channels)" = "$max" ] || fail "combined not back to $max" || return
	poll 10 carrier "$IF" || fail "no carrier after -L" || return
	ping -c 1 -W 5 "$REMOTE_V4" >/dev/null || fail "no ping after -L" || return
	echo "ok: -L 2 and back to $max, bad counts refused with extack"
}

test_counter_sum() {
	local max b0 b1 r0 r1 t0 t1
	max=$(max_channels)
	counters_agree || fail "before traffic" || return
	iperf3_run -P 4 -t 4 || fail "iperf3 -P 4" || return
	counters_agree || fail "after iperf3 -P 4" || return
	[ "$max" -ge 2 ] || return 0
	b0=$(stat base_rx_packets) r0=$(stat rx0_packets) t0=$(dev_stat "$IF" rx_packets)
	ethtool -L "$IF" combined 1 || fail "ethtool -L combined 1" || return
	b1=$(stat base_rx_packets) r1=$(stat rx0_packets) t1=$(dev_stat "$IF" rx_packets)
	echo "shrink to 1: base_rx_packets $b0 -> $b1, rx0_packets $r0 -> $r1, rx_packets $t0 -> $t1"
	[ "$b1" -gt "$b0" ] || fail "removed rings' packets not in the base" || return
	[ "$r1" -ge "$r0" ] || fail "rx0_packets went backwards" || return
	[ "$t1" -ge "$t0" ] || fail "rx_packets went backwards" || return
	counters_agree || fail "after shrinking to 1" || return
	poll 10 carrier "$IF"
	iperf3_run -P 4 -t 2 || fail "iperf3 -P 4 on one channel" || return
	counters_agree || fail "after traffic on one channel" || return
	ethtool -L "$IF" combined "$max" || fail "back to $max" || return
	[ "$(stat base_rx_packets)" -ge "$b1" ] || fail "base went backwards on grow" || return
	counters_agree || fail "after growing back" || return
}

# rss_expect: the rings the device's Toeplitz hash (key and table as
# ethtool -x shows them) gives the ACKs of the flows in the iperf3 log
# (peer:5201 -> local:port), one "ring" per line, sorted and unique.
rss_expect() {
	ethtool -x "$IF" | python3 -c '
import re, socket, sys
x = sys.stdin.read()
key = bytes.fromhex(re.search(r"RSS hash key:\s*\n\s*(\S+)", x).group(1).replace(":", ""))
reta = {}
for m in re.finditer(r"^[ \t]*(\d+):((?:[ \t]+\d+)+)[ \t]*$", x, re.M):
    for i, r in enumerate(m.group(2).split()):
        reta[int(m.group(1)) + i] = int(r)
def toeplitz(data):
    kbits = int.from_bytes(key, "big")
    klen = len(key) * 8
    h = 0
    for i in range(len(data) * 8):
        if data[i // 8] & (0x80 >> (i % 8)):
            h ^= (kbits >> (klen - 32 - i)) & 0xffffffff
    return h
src, dst = socket.inet_aton(sys.argv[1]), socket.inet_aton(sys.argv[2])
ports = set(int(p) for p in re.findall(r"local \S+ port (\d+) connected", open(sys.argv[3]).read()))
rings = set()
for p in ports:
    h = toeplitz(src + dst + (5201).to_bytes(2, "big") + p.to_bytes(2, "big"))
    rings.add(reta[h & 127])
print("\n".join(str(r) for r in sorted(rings)))
' "$REMOTE_V4" "$LOCAL_V4" /tmp/datapath-iperf3.log
}

# 8 iperf3 flows: their ACKs must land on the rings the Toeplitz hash of
# their 4-tuples selects, over at least 2 rings. The flows differ only in a
# few low bits of the client port and Toeplitz is linear in its input, so
# for a few percent of (random) keys all 8 share a ring: that is not a
# device fault, the test then tries again with a new random key. A device
# that hashes addresses only fails every attempt.
test_rss_spread() {
	local max q before after moved used key0 key try exp total thr
	max=$(cur_channels)
	[ "$max" -ge 2 ] || skip "one channel" || return
	key0=$(ethtool -x "$IF" | awk '/RSS hash key:/ { getline; print $1 }')
	declare -A before
	for try in 1 2 3; do
		for ((q = 0; q < max; q++)); do before[$q]=$(stat rx${q}_packets); done
		iperf3_run -P 8 -t 3 || { ethtool -X "$IF" hkey "$key0"; fail "iperf3 -P 8"; return; }
		exp=$(rss_expect | xargs)
		moved=0 used="" total=0
		declare -A delta
		for ((q = 0; q < max; q++)); do
			after=$(stat rx${q}_packets)
			delta[$q]=$((after - ${before[$q]}))
			total=$((total + ${delta[$q]}))
			echo "rx$q: +${delta[$q]}"
		done
		# A ring counts with 50 frames and 5 % of them (the control
		# connection and stray frames stay below).
		thr=$((total / 20 > 50 ? total / 20 : 50))
		for ((q = 0; q < max; q++)); do
			if [ "${delta[$q]}" -ge "$thr" ]; then
				moved=$((moved + 1))
				used="$used $q"
			fi
		done
		echo "try $try: client ports $(sed -nE 's/.*local \S+ port ([0-9]+) connected.*/\1/p' /tmp/datapath-iperf3.log | xargs); the hash selects ring(s) $exp; ACKs landed on ring(s)$used"
		for q in $used; do
			[[ " $exp " == *" $q "* ]] || { ethtool -X "$IF" hkey "$key0"; fail "ring $q got ACKs its hash does not select"; return; }
		done
		if [ "$(wc -w <<<"$exp")" -ge 2 ]; then
			ethtool -X "$IF" hkey "$key0"
			[ $moved -ge 2 ] || fail "8 flows landed on $moved ring(s), the hash selects $exp" || return
			echo "ok: 8 flows spread over $moved of $max rings"
			return 0
		fi
		key=$(od -An -tx1 -N40 /dev/urandom | xargs | tr ' ' :)
		echo "this key maps all 8 flows to one ring; again with key $key"
		ethtool -X "$IF" hkey "$key" || fail "ethtool -X hkey" || return
	done
	ethtool -X "$IF" hkey "$key0"
	fail "3 keys in a row mapped all flows to one ring"
}

# ethtool -X: table and key round trip, a user table survives -L (and
# blocks shrinking below it), "default" restores the spread
test_rss_config() {
	local max key out
	max=$(cur_channels)
	[ "$max" -ge 3 ] || skip "fewer than 3 channels" || return
	key=$(printf '%02x:' $(seq 1 40))
	key=${key%:}
	ethtool -X "$IF" equal 2 hkey "$key" || fail "ethtool -X equal 2 hkey" || return
	out=$(ethtool -x "$IF")
	grep -qix "$key" <<<"$out" || fail "key not read back" || return
	awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) if ($i > 1) bad = 1 } END { exit bad }' \
		<<<"$out" || fail "table not equal 2" || return
	out=$(ethtool -L "$IF" combined 1 2>&1) && { fail "-L 1 accepted with a table on 2 rings"; return; }
	echo "-L 1 with the table on 2: $(head -1 <<<"$out")"
	ethtool -L "$IF" combined $((max - 1)) || fail "-L $((max - 1))" || return
	ethtool -x "$IF" | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) if ($i > 1) bad = 1 } END { exit bad }' ||
		fail "user table re-spread by -L" || return
	out=$(ethtool -X "$IF" hfunc xor 2>&1) && { fail "hfunc xor accepted"; return; }
	ethtool -X "$IF" default || fail "ethtool -X default" || return
	ethtool -L "$IF" combined "$max" || fail "-L back to $max" || return
	ethtool -x "$IF" | grep -q "with $max RX ring" || fail "default table not over $max" || return
	ethtool -x "$IF" | awk -v m=$((max - 1)) '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) if ($i == m) f = 1 } END { exit !f }' ||
		fail "default table does not use ring $((max - 1))" || return
	ethtool -K "$IF" rxhash off && ethtool -K "$IF" rxhash on || fail "rxhash toggle" || return
	echo "ok: -X table and key, user table kept across -L, xor refused, default re-spread"
}

test_offloads() {
	local tso csum rxc vlan e0 e1 t0 t1
	local -a combos=("on on on on" "off on on off" "off off off on" "on on off off")
	for c in "${combos[@]}"; do
		read -r tso csum rxc vlan <<<"$c"
		ethtool -K "$IF" tx "$csum" rx "$rxc" rxvlan "$vlan" txvlan "$vlan" >/dev/null 2>&1
		ethtool -K "$IF" tso "$tso" >/dev/null 2>&1
		echo "tso $(ethtool -k "$IF" | awk '/^tcp-segmentation-offload:/ { print $2 }')" \
			"tx-csum $csum rx-csum $rxc vlan $vlan"
		e0=$(ring_sum rx_csum_err) t0=$(dev_stat "$IF" tx_errors)
		iperf3_run -t 2 || fail "iperf3 with tso $tso csum $csum rx $rxc vlan $vlan" || return
		iperf3_run -t 2 -R || fail "iperf3 -R with tso $tso csum $csum rx $rxc vlan $vlan" || return
		e1=$(ring_sum rx_csum_err) t1=$(dev_stat "$IF" tx_errors)
		[ "$e1" = "$e0" ] || fail "checksum errors $e0 -> $e1" || return
		[ "$t1" = "$t0" ] || fail "tx_errors $t0 -> $t1" || return
	done
	ethtool -K "$IF" tx on rx on tso on rxvlan on txvlan on >/dev/null 2>&1
	echo "ok: traffic with every combination, no checksum or TX errors"
}

test_ring_coalesce() {
	local out
	ethtool -G "$IF" rx 512 tx 128 || fail "ethtool -G rx 512 tx 128" || return
	out=$(ethtool -g "$IF" | sed -n '/Current/,$p')
	grep -q "^RX:[[:space:]]*512" <<<"$out" && grep -q "^TX:[[:space:]]*128" <<<"$out" ||
		fail "-g does not show 512/128: $out" || return
	out=$(ethtool -G "$IF" rx 100 2>&1) && { fail "rx 100 accepted"; return; }
	echo "rx 100: $(head -1 <<<"$out")"
	[[ $out == *"power of two"* ]] || fail "no extack for rx 100" || return
	poll 10 carrier "$IF"
	ping -c 2 -W 5 "$REMOTE_V4" >/dev/null || fail "no ping with 512/128 rings" || return
	ethtool -G "$IF" rx 256 tx 256 || fail "restore ring sizes" || return

	ethtool -C "$IF" rx-usecs 30 rx-frames 8 tx-usecs 40 tx-frames 4 ||
		fail "ethtool -C" || return
	out=$(ethtool -c "$IF")
	grep -q "^rx-usecs: 30" <<<"$out" && grep -q "^rx-frames: 8" <<<"$out" &&
		grep -q "^tx-usecs: 40" <<<"$out" && grep -q "^tx-frames: 4" <<<"$out" ||
		fail "-c does not show the values" || return
	out=$(ethtool -C "$IF" rx-usecs 70000 2>&1) && { fail "rx-usecs 70000 accepted"; return; }
	echo "rx-usecs 70000: $(head -1 <<<"$out")"
	[[ $out == *"maximum"* ]] || fail "no extack for rx-usecs 70000" || return
	poll 10 carrier "$IF"
	ping -c 2 -W 5 "$REMOTE_V4" >/dev/null || fail "no ping with moderation" || return
	ethtool -C "$IF" rx-usecs 0 rx-frames 0 tx-usecs 0 tx-frames 0
	echo "ok: -G and -C round trip, bad values refused"
}

test_jumbo() {
	ip link set dev "$IF" mtu 9000 || fail "mtu 9000" || return
	ip -n "$NS" link set dev "$REMOTE_IF" mtu 9000
	local rc=0
	ping -c 2 -W 5 -M do -s 8972 "$REMOTE_V4" >/dev/null || { echo "ping out failed"; rc=1; }
	ip netns exec "$NS" ping -c 2 -W 5 -M do -s 8972 "$LOCAL_V4" >/dev/null ||
		{ echo "ping in failed"; rc=1; }
	ip link set dev "$IF" mtu 1500
	ip -n "$NS" link set dev "$REMOTE_IF" mtu 1500
	[ $rc = 0 ] || fail "jumbo ping" || return
	echo "ok: 9000-byte frames both ways"
}

# send_frames DST N: N frames of ethertype 0x88b5 from the peer to DST
send_frames() {
	ip netns exec "$NS" python3 - "$REMOTE_IF" "$1" "$2" <<'EOF'
import socket, sys
ifc, dst, n = sys.argv[1], bytes.fromhex(sys.argv[2].replace(':', '')), int(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifc, 0))
src = bytes.fromhex(open(f'/sys/class/net/{ifc}/address').read().strip().replace(':', ''))
for i in range(n):
    s.send(dst + src + b'\x88\xb5' + bytes([i]) * 46)
EOF
}

# filtered DST ACCEPT: 20 frames to DST are accepted (1) or dropped and
# counted in rxN_drop_filter (0)
filtered() {
	local f0 p0 f1 p1
	f0=$(ring_sum rx_drop_filter) p0=$(dev_stat "$IF" rx_packets)
	send_frames "$1" 20 || return 1
	# Wait (bounded) for the 20 to be counted where they should land; the
	# device handles frames in order, so the other counter is final then.
	if [ "$2" = 1 ]; then
		poll 5 moved_by "$p0" 20 dev_stat "$IF" rx_packets
	else
		poll 5 moved_by "$f0" 20 ring_sum rx_drop_filter
	fi
	f1=$(ring_sum rx_drop_filter) p1=$(dev_stat "$IF" rx_packets)
	echo "to $1: rx_packets +$((p1 - p0)), drop_filter +$((f1 - f0))"
	if [ "$2" = 1 ]; then
		[ $((p1 - p0)) -ge 20 ] && [ $((f1 - f0)) -lt 20 ]
	else
		[ $((f1 - f0)) -ge 20 ] && [ $((p1 - p0)) -lt 20 ]
	fi
}

test_rx_filter() {
	local other=02:00:00:00:00:99 mc=01:00:5e:01:02:03 rc=0
	filtered $other 0 || fail "foreign unicast not dropped" || return
	ip link set dev "$IF" promisc on
	filtered $other 1 || rc=1
	ip link set dev "$IF" promisc off
	[ $rc = 0 ] || fail "promisc did not accept it" || return
	filtered $other 0 || fail "dropped again after promisc off" || return
	ip link add link "$IF" name dp-mv0 address 02:00:00:00:00:98 type macvlan mode bridge &&
		ip link set dp-mv0 up
	filtered 02:00:00:00:00:98 1 || rc=1
	ip link del dp-mv0 2>/dev/null
	[ $rc = 0 ] || fail "secondary unicast (macvlan) not accepted" || return
	filtered $mc 0 || fail "unjoined multicast not dropped" || return
	ip link set dev "$IF" allmulticast on
	filtered $mc 1 || rc=1
	ip link set dev "$IF" allmulticast off
	[ $rc = 0 ] || fail "allmulti did not accept it" || return
	ip maddr add $mc dev "$IF"
	filtered $mc 1 || rc=1
	ip maddr del $mc dev "$IF"
	[ $rc = 0 ] || fail "joined multicast (hash filter) not accepted" || return
	filtered 01:00:5e:00:00:01 1 || fail "all-hosts multicast not accepted" || return
	ping -6 -c 1 -W 5 "$REMOTE_V6" >/dev/null || fail "IPv6 (ND multicast) broken" || return
	echo "ok: unicast, promisc, macvlan, multicast hash and allmulti"
}

# start from the defaults whatever ran before
[ -n "$IF" ] && ethtool -X "$IF" default 2>/dev/null
ktap_plan 8
run_test datapath_channels test_channels
run_test datapath_counter_sum test_counter_sum
run_test datapath_rss_spread test_rss_spread
run_test datapath_rss_config test_rss_config
run_test datapath_offloads test_offloads
run_test datapath_ring_coalesce test_ring_coalesce
run_test datapath_jumbo test_jumbo
run_test datapath_rx_filter test_rx_filter
ktap_finish
