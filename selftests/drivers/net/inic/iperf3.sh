#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 10 s of iperf3 TCP from the host side over port 0 to the peer (iperf3 -s in
# netns peer). Passes when iperf3 reports no error, data moved, and the
# counters agree: the inic netdev sent at least the wire packets the
# bytes the peer's iperf3 received imply, its bytes at least those and at
# most what iperf3 sent plus the protocol headers of those packets, the
# peer received those bytes (and,
# on a dgram cable, those packets; on a tap cable its virtio-net gets the
# segments merged into GSO frames of up to 64 KB), the reverse path
# (ACKs) was counted on both ends, and the peer saw no receive errors or
# drops.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

DURATION=${IPERF3_DURATION:-10}
MTU_MAX=1500		# no TSO: one wire packet carries at most an MTU
HDR_MAX=$((14 + 20 + 60))	# Ethernet + IPv4 + the largest TCP header
GSO_MAX=65536		# the largest frame a tap hands its QEMU peer
SLACK=16		# frames outside the measured flow (ND, ARP, FIN)
json=/tmp/iperf3-client.json
spid=/tmp/iperf3-server.pid

RESULT=/tmp/iperf3-result
stop_server() {
	[ -s $spid ] && kill "$(cat $spid)" 2>/dev/null
	rm -f $spid
}

listening() {
	ip netns exec "$NS" ss -Htln "sport = :5201" | grep -q .
}

run_iperf3() {
	local ifc=${NETIF:-} pifc=${REMOTE_IF:-}
	[ -n "$ifc" ] && [ -n "$pifc" ] || fail "NETIF/REMOTE_IF not set" || return
	carrier "$ifc" || fail "$ifc has no carrier" || return
	rm -f $spid $json
	ip netns exec "$NS" iperf3 -s -1 -D -B "$REMOTE_V4" -I $spid \
		--logfile /tmp/iperf3-server.log || fail "cannot start iperf3 -s in netns $NS" || return
	poll 10 listening || { stop_server; fail "iperf3 -s not listening after 10 s"; return; }

	# Frames the port's address filter drops (e.g. the peer's IPv6
	# multicast the port never joined) are counted in rx_missed_errors,
	# not rx_packets: every frame the peer sent is in one or the other.
	local ltx0 lrx0 ltxb0 lerr0 prx0 prxb0 pdrop0 ptx0
	ltx0=$(dev_stat "$ifc" tx_packets)
	lrx0=$(( $(dev_stat "$ifc" rx_packets) + $(dev_stat "$ifc" rx_missed_errors) ))
	ltxb0=$(dev_stat "$ifc" tx_bytes) lerr0=$(dev_stat "$ifc" tx_errors)
	read -r prx0 prxb0 _ pdrop0 ptx0 _ < <(peer_stats "$pifc")

	timeout 60 iperf3 -c "$REMOTE_V4" -t "$DURATION" -J --connect-timeout 5000 >$json
	local rc=$?
	stop_server
	# The last frames of the connection (FIN, final ACKs) may still be on
	# the wire when iperf3 returns: wait (bounded) until every frame the
	# peer counted as sent has arrived here, then read the counters.
	arrived() {
		local ptx lrx
		read -r _ _ _ _ ptx _ < <(peer_stats "$pifc")
		lrx=$(( $(dev_stat "$ifc" rx_packets) + $(dev_stat "$ifc" rx_missed_errors) ))
		[ $((lrx - lrx0)) -ge $((ptx - ptx0)) ]
	}
	poll 3 arrived

	# The peer first: what it counted as sent had left before we look here.
	local ltx1 lrx1 ltxb1 lerr1 prx1 prxb1 perr1 pdrop1 ptx1
	read -r prx1 prxb1 perr1 pdrop1 ptx1 _ < <(peer_stats "$pifc")
	ltx1=$(dev_stat "$ifc" tx_packets)
	lrx1=$(( $(dev_stat "$ifc" rx_packets) + $(dev_stat "$ifc" rx_missed_errors) ))
	ltxb1=$(dev_stat "$ifc" tx_bytes) lerr1=$(dev_stat "$ifc" tx_errors)

	local err sent recv bps retr
	err=$(jq -r '.error // empty' $json 2>/dev/null)
	[ $rc -eq 0 ] && [ -z "$err" ] || { fail "iperf3 failed (rc $rc): ${err:-$(head -c 300 $json)}"; return; }
	read -r sent recv bps retr < <(jq -r '.end | "\(.sum_sent.bytes) \(.sum_received.bytes) \(.sum_received.bits_per_second) \(.sum_sent.retransmits)"' $json)
	echo "iperf3: $(awk -v b="$bps" 'BEGIN { printf "%.3f", b / 1e9 }') Gbit/s over $ifc" \
		"($sent bytes sent, $recv received, $retr retransmits, ${DURATION} s)"
	[ "$sent" -gt 0 ] && [ "$recv" -gt 0 ] || fail "no data moved" || return

	# What surely crossed the wire is what the peer's iperf3 received:
	# bytes iperf3 wrote but the peer had not received when the test
	# ended may still sit in the socket (a loaded host's slow link: 0.7 MB
	# measured), so the lower bounds count the received bytes, the upper
	# ones the sent.
	local want=$((recv / MTU_MAX))
	local dltx=$((ltx1 - ltx0)) dlrx=$((lrx1 - lrx0)) dprx=$((prx1 - prx0)) dptx=$((ptx1 - ptx0))
	echo "counters: $ifc tx_packets +$dltx rx_packets+rx_missed +$dlrx tx_bytes +$((ltxb1 - ltxb0)) tx_errors +$((lerr1 - lerr0))"
	echo "counters: peer $pifc rx_packets +$dprx rx_bytes +$((prxb1 - prxb0)) tx_packets +$dptx" \
		"rx_errors $perr1 rx_dropped $pdrop1"
	echo "implied: >= $want data packets each way of the data path (by $recv bytes received)"
	printf '%s\n' "$dltx $dlrx $dprx $dptx $want $((ltxb1 - ltxb0)) $((prxb1 - prxb0)) $sent $recv" \
		"$perr1 $pdrop1 $((pdrop1 - pdrop0)) $((lerr1 - lerr0))" >$RESULT
}

check_counters() {
	[ -s $RESULT ] || fail "no iperf3 result" || return
	local dltx dlrx dprx dptx want dltxb dprxb sent recv
	{ read -r dltx dlrx dprx dptx want dltxb dprxb sent recv; } <$RESULT
	local slack_b=$((SLACK * (MTU_MAX + 18))) hdrs=$((dltx * HDR_MAX))
	# The inic counts what its wire carries, whatever the cable: a TSO
	# frame passed whole to a tap counts as the segments it becomes.
	[ "$dltx" -ge "$want" ] || fail "inic tx_packets +$dltx < $want implied by $recv bytes received" || return
	[ "$dltxb" -ge "$recv" ] || fail "inic tx_bytes +$dltxb < $recv bytes iperf3 received" || return
	[ "$dltxb" -le $((sent + hdrs + slack_b)) ] ||
		fail "inic tx_bytes +$dltxb > $sent bytes iperf3 sent + headers of $dltx packets ($hdrs)" || return
	# The peer got those bytes: no fewer than iperf3 counted, no more
	# than the inic put on the wire (merging segments only drops headers).
	[ "$dprxb" -ge "$recv" ] || fail "peer rx_bytes +$dprxb < $recv bytes iperf3 received" || return
	[ "$dprxb" -le $((dltxb + slack_b)) ] ||
		fail "peer rx_bytes +$dprxb > inic tx_bytes +$dltxb" || return
	[ "$dptx" -gt 0 ] || fail "peer sent no ACKs" || return
	[ "$dlrx" -ge "$dptx" ] || fail "inic rx_packets +$dlrx < peer tx_packets +$dptx (lost ACKs)" || return
	if [ "${INIC_CABLE:-dgram}" = tap ]; then
		# The peer's tap merges segments into GSO frames of <= 64 KB.
		[ "$dprx" -le $((dltx + SLACK)) ] ||
			fail "peer rx_packets +$dprx > inic tx_packets +$dltx" || return
		[ "$dprx" -ge $((dprxb / GSO_MAX)) ] ||
			fail "peer rx_packets +$dprx < $((dprxb / GSO_MAX)) frames of 64 KB for $dprxb bytes" || return
		echo "ok (tap): tx $dltx >= $want, bytes $dltxb within headers of $sent; peer rx $dprx frames, $dprxb bytes"
	else
		# Frame for frame: what the inic port sent is what the peer got
		# (give or take a few outside the window, e.g. neighbour discovery).
		[ "$dprx" -ge "$want" ] || fail "peer rx_packets +$dprx < $want implied by $recv bytes received" || return
		[ $((dltx - dprx)) -le $SLACK ] && [ $((dprx - dltx)) -le $SLACK ] ||
			fail "inic tx_packets +$dltx vs peer rx_packets +$dprx differ" || return
		echo "ok: tx $dltx ~ peer rx $dprx >= $want, bytes $dltxb within headers of $sent; peer tx $dptx <= rx $dlrx"
	fi
}

check_errors() {
	[ -s $RESULT ] || fail "no iperf3 result" || return
	local perr pdrop dlerr
	{ read -r _; read -r perr pdrop _ dlerr; } <$RESULT
	[ "$perr" -eq 0 ] || fail "peer rx_errors $perr" || return
	[ "$pdrop" -eq 0 ] || fail "peer rx_dropped $pdrop" || return
	[ "$dlerr" -eq 0 ] || fail "inic tx_errors +$dlerr" || return
	echo "peer rx_errors 0, rx_dropped 0; inic tx_errors +0"
}

rm -f $RESULT
ktap_plan 3
run_test iperf3_tcp_${DURATION}s run_iperf3
run_test iperf3_counters_match check_counters
run_test iperf3_no_errors check_errors
ktap_finish
