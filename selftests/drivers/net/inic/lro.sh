#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Large receive and GSO passthrough (ethtool -K rx-gro-hw; ABI 1.5/1.6
# and the device's receive coalescing): files moved byte-exact (sha256 at
# both ends) between the inic port and its peer, both ways, with
# rx-gro-hw on and off here and TSO on and off at both senders (this port
# and the peer), then with the peer's transmit lossy and reordering (tc
# qdisc netem), on either cable. With rx-gro-hw on the device hands the
# peer's bulk over as large receives (rxN_lro_packets and _segs move, at
# least two segments each): the peer's TSO frames whole from a tap with
# the virtio-net header, else the wire's in-order segments merged in the
# device; with it off, none. With the device using the tap cable's
# virtio-net header (run-vm --vnet-hdr on, the default) inic's TSO frames
# cross the cable whole (the peer gets GSO frames); with --vnet-hdr off or
# on a dgram cable the device segments them itself (the peer gets wire
# frames).
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
PIF=${REMOTE_IF:-}
PORT=5399
SIZE_KB=${LRO_FILE_KB:-6144}
src=/tmp/lro-src.bin
dst=/tmp/lro-dst.bin
SLACK=16	# frames outside the transfer (neighbour discovery)
peer_tso_fixed=0
# Does the device use the cable's virtio-net header (GSO passthrough)?
passthrough=0
[ "${INIC_CABLE:-}" = tap ] && [ "${INIC_VNET_HDR:-on}" = on ] && passthrough=1

# lro_sum KIND: sum of rxN_lro_KIND over the port's rings
lro_sum() {
	ethtool -S "$IF" | awk -v w="lro_$1" '
		$1 ~ "^rx[0-9]+_" w ":$" { s += $2 }
		END { print s + 0 }'
}

listening_here() {
	ss -Htln "sport = :$PORT" | grep -q .
}

listening_peer() {
	ip netns exec "$NS" ss -Htln "sport = :$PORT" | grep -q .
}

sha() {
	sha256sum "$1" | cut -d' ' -f1
}

# xfer DIR: move $src to the other end with socat (DIR rx: the peer
# sends, this port receives; tx: this port sends), compare the sha256.
xfer() {
	local want got pid
	want=$(sha "$src")
	rm -f "$dst"
	if [ "$1" = rx ]; then
		socat -u "TCP-LISTEN:$PORT,bind=$LOCAL_V4,reuseaddr" \
			"OPEN:$dst,creat,trunc" &
		pid=$!
		poll 10 listening_here || { kill $pid 2>/dev/null; fail "socat not listening here"; return; }
		timeout 120 ip netns exec "$NS" socat -u "OPEN:$src" \
			"TCP:$LOCAL_V4:$PORT" || { kill $pid 2>/dev/null; fail "peer could not send"; return; }
	else
		ip netns exec "$NS" socat -u \
			"TCP-LISTEN:$PORT,bind=$REMOTE_V4,reuseaddr" \
			"OPEN:$dst,creat,trunc" &
		pid=$!
		poll 10 listening_peer || { kill $pid 2>/dev/null; fail "socat not listening at the peer"; return; }
		timeout 120 socat -u "OPEN:$src" "TCP:$REMOTE_V4:$PORT" ||
			{ kill $pid 2>/dev/null; fail "could not send to the peer"; return; }
	fi
	# The receiver ends at the sender's FIN; bounded wait for it.
	local end=$((SECONDS + 30))
	while kill -0 $pid 2>/dev/null && [ $SECONDS -lt $end ]; do
		sleep 0.05
	done
	kill -0 $pid 2>/dev/null && { kill $pid; fail "receiver still running 30 s after the sender ended"; return; }
	wait $pid || fail "receiver socat failed" || return
	got=$(sha "$dst")
	[ "$got" = "$want" ] || fail "$1: sha256 $got != $want ($(stat -c %s "$dst") of $((SIZE_KB * 1024)) bytes)" || return
	echo "$1: $((SIZE_KB / 1024)) MiB byte-exact (sha256 ${want:0:16}...)"
}

setup() {
	[ -n "$IF" ] && [ -n "$PIF" ] || fail "NETIF/REMOTE_IF not set" || return
	carrier "$IF" || fail "$IF has no carrier" || return
	ethtool -k "$IF" | grep -q '^rx-gro-hw: on' ||
		fail "rx-gro-hw is not on by default on $IF: $(ethtool -k "$IF" | grep rx-gro-hw)" || return
	ip netns exec "$NS" ethtool -K "$PIF" tso on >/dev/null 2>&1
	if ! ip netns exec "$NS" ethtool -k "$PIF" | grep -q '^tcp-segmentation-offload: on'; then
		peer_tso_fixed=1
		echo "peer $PIF: no TSO (cable ${INIC_CABLE:-?}, no virtio-net header): the peer sends wire segments in every case"
	fi
	head -c $((SIZE_KB * 1024)) /dev/urandom >"$src" || fail "cannot write $src"
}

tx_pkts_here() {
	cat "/sys/class/net/$IF/statistics/tx_packets"
}

rx_pkts_peer() {
	ip netns exec "$NS" cat "/sys/class/net/$PIF/statistics/rx_packets"
}

# case GRO TSO: rx-gro-hw GRO here, tso TSO here and at the peer, both
# directions
one_case() {
	local gro=$1 tso=$2 p0 s0 p1 s1 t0 r0 dt dr
	ethtool -K "$IF" rx-gro-hw "$gro" || fail "ethtool -K $IF rx-gro-hw $gro" || return
	ethtool -K "$IF" tso "$tso" >/dev/null || fail "ethtool -K $IF tso $tso" || return
	# A peer on a dgram cable has no TSO at all (its backend takes no
	# virtio-net header): its segments always come as the wire's.
	if [ "$peer_tso_fixed" = 0 ]; then
		ip netns exec "$NS" ethtool -K "$PIF" tso "$tso" ||
			fail "peer: ethtool -K $PIF tso $tso" || return
	fi
	ethtool -k "$IF" | grep -q "^rx-gro-hw: $gro" || fail "rx-gro-hw did not become $gro" || return
	ethtool -k "$IF" | grep -q "^tcp-segmentation-offload: $tso" ||
		fail "tso did not become $tso on $IF" || return
	p0=$(lro_sum packets) s0=$(lro_sum segs)
	xfer rx || return
	t0=$(tx_pkts_here) r0=$(rx_pkts_peer)
	xfer tx || return
	dt=$(($(tx_pkts_here) - t0)) dr=$(($(rx_pkts_peer) - r0))
	p1=$(lro_sum packets) s1=$(lro_sum segs)
	echo "rx-gro-hw $gro, tso $tso (passthrough $passthrough): lro_packets +$((p1 - p0)) lro_segs +$((s1 - s0)); tx: inic sent $dt wire frames, the peer got $dr frames"
	# inic counts wire frames (a TSO frame passed whole as its segments);
	# the peer counts what its tap handed over: one GSO frame per TSO
	# frame that crossed whole, else every wire frame.
	if [ $passthrough = 1 ] && [ "$tso" = on ]; then
		[ $((2 * dr)) -le "$dt" ] ||
			fail "tx: the peer got $dr frames for $dt wire frames: inic's TSO frames did not cross whole" || return
	else
		[ "$dr" -ge $((dt - SLACK)) ] && [ "$dr" -le $((dt + SLACK)) ] ||
			fail "tx: the peer got $dr frames for $dt wire frames, want one each (segmented in the stack or the device)" || return
	fi
	if [ "$gro" = on ]; then
		[ $((p1 - p0)) -gt 0 ] || fail "no large receive with rx-gro-hw on (peer tso $tso)" || return
		# Each large receive carries at least two of the peer's segments.
		[ $((s1 - s0)) -ge $((2 * (p1 - p0))) ] ||
			fail "lro_segs +$((s1 - s0)) < 2 x lro_packets +$((p1 - p0))" || return
	else
		[ $((p1 - p0)) -eq 0 ] || fail "large receives counted with rx-gro-hw off (peer tso $tso)" || return
	fi
}

# lossy GRO: one_case GRO on with the peer's transmit through netem
# (loss, delay, reordering): the merges meet gaps, retransmissions and
# segments out of order, and the files still cross byte-exact.
lossy() {
	local q="delay 1ms reorder 10% 50% loss 1%"
	# shellcheck disable=SC2086 # $q is netem's arguments
	ip netns exec "$NS" tc qdisc replace dev "$PIF" root netem $q ||
		fail "peer: tc qdisc replace dev $PIF root netem $q" || return
	echo "peer $PIF: netem $q"
	one_case "$1" on
	local rc=$?
	ip netns exec "$NS" tc -s qdisc show dev "$PIF" | sed -n 's/^ *Sent/peer netem: sent/p'
	ip netns exec "$NS" tc qdisc del dev "$PIF" root 2>/dev/null
	return $rc
}

# rx-gro-hw is refused without rx checksumming (it is what vouches for it)
no_gro_without_rxcsum() {
	ethtool -K "$IF" rx-gro-hw on rx off >/dev/null 2>&1
	ethtool -k "$IF" | grep -q '^rx-gro-hw: off' ||
		fail "rx-gro-hw stayed on with rx-checksumming off" || return
	ethtool -K "$IF" rx on rx-gro-hw on || fail "cannot turn rx-checksumming and rx-gro-hw back on" || return
	ethtool -k "$IF" | grep -q '^rx-gro-hw: on' || fail "rx-gro-hw not back on" || return
	echo "rx off drops rx-gro-hw; rx on lets it back"
}

cleanup() {
	[ -n "$IF" ] && ethtool -K "$IF" rx on rx-gro-hw on tso on >/dev/null 2>&1
	[ -n "$PIF" ] && ip netns exec "$NS" ethtool -K "$PIF" tso on >/dev/null 2>&1
	[ -n "$PIF" ] && ip netns exec "$NS" tc qdisc del dev "$PIF" root >/dev/null 2>&1
	rm -f "$src" "$dst"
}
trap cleanup EXIT

ktap_plan 8
if setup >/tmp/lro-setup.log 2>&1; then
	sed 's/^/# /' /tmp/lro-setup.log
	run_test lro_gro_on_tso_on one_case on on
	run_test lro_gro_off_tso_on one_case off on
	run_test lro_gro_on_tso_off one_case on off
	run_test lro_gro_off_tso_off one_case off off
	run_test lro_needs_rx_csum no_gro_without_rxcsum
	run_test lro_gro_on_peer_loss lossy on
	run_test lro_gro_off_peer_loss lossy off
	run_test lro_gro_on_again one_case on on
else
	rc=$?
	why=$(tail -n 1 /tmp/lro-setup.log)
	for t in gro_on_tso_on gro_off_tso_on gro_on_tso_off gro_off_tso_off needs_rx_csum gro_on_peer_loss gro_off_peer_loss gro_on_again; do
		if [ $rc -eq "$KSFT_SKIP" ]; then
			run_test "lro_$t" skip "$why"
		else
			run_test "lro_$t" fail "setup: $why"
		fi
	done
	# every case skipped: the program is a SKIP for run_tests.sh too
	[ $rc -eq "$KSFT_SKIP" ] && exit $KSFT_SKIP
fi
ktap_finish
