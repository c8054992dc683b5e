#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# AF_XDP on an inic port with our own tool (inic_xsk.c, built by `make
# tools` with the BPF programs): an XSK bound in copy mode to queue 1 of
# port 0, fed by a native XDP program that redirects one UDP port into an
# XSKMAP (bpf/xdp_xsk.bpf.c), receives every datagram the peer sends there
# (an ntuple rule steers them to queue 1) byte-exact, while the stack keeps
# the port's other traffic; then transmits frames from its TX ring that
# the peer captures byte-exact. The same in zero-copy mode (XDP_ZEROCOPY:
# RX into the socket's UMEM, TX from it, counted in rxN_xdp_xsk_tx), with
# the socket bound before the program is attached and after, and with
# descriptors the driver must refuse; rmmod with a zero-copy socket bound.
# Binds
# to a queue the port does not have are refused; the port works after
# each.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

XSK=$dir/inic_xsk
OBJ=$dir/bpf/xdp_xsk.bpf.o
UDP=$dir/xdp_udp.py
MEMF=/sys/kernel/debug/inic/memory
QUEUE=1		# the queue the socket binds (not 0: the steering matters)
RX_PORT=7790	# peer -> socket
TX_PORT=7792	# socket -> peer
LOC=60		# the ntuple rule's location
N=200		# datagrams received
M=200		# frames transmitted
SIZE=600	# UDP payload bytes
EINVAL=22

cleanup() {
	ethtool -N "$NETIF" delete "$LOC" 2>/dev/null
	ip link set dev "$NETIF" xdpdrv off 2>/dev/null
	return 0
}

# xdp_stat DEV NAME: the ethtool -S counter NAME of DEV
xdp_stat() {
	ethtool -S "$1" | awk -v n="$2:" '$1 == n { print $2; f = 1 } END { exit !f }'
}

xdp_mode() {
	ip -j -d link show dev "$1" | jq -r '.[0].xdp.mode // "none"'
}

ledger() { awk 'NR > 1 { printf "%s %s %s; ", $1, $2, $3 }' "$MEMF"; }

prereq() {
	[ -x "$XSK" ] && [ -r "$OBJ" ] ||
		skip "no $XSK or $OBJ: run make tools" || return
	[ "$(ethtool -l "$NETIF" | awk '/^Combined:/ { v = $2 } END { print v }')" -gt "$QUEUE" ] ||
		skip "$NETIF has no queue $QUEUE" || return
	[ "$(xdp_mode "$NETIF")" = none ] || fail "$NETIF already has an XDP program"
}

port_ok() {	# port_ok WHEN: the stack still reaches the peer
	local out
	out=$(ping -c 3 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" 2>&1) ||
		fail "no ping $1: $(tail -n 2 <<<"$out")"
}

# t_rxtx copy|zero-copy [--attach-first [K]]: receive N steered datagrams,
# transmit M frames (every Kth of them 10 bytes long: the driver refuses
# those, rxQ_xdp_xsk_tx_invalid, and completes them in order),
# both byte-exact; the stack's traffic (ping) passes meanwhile; the
# program goes away with the socket and the memory ledger is back where
# it was. Zero-copy TX goes out from the UMEM (rxQ_xdp_xsk_tx counts it),
# copy-mode TX as skbs (it does not move). The tool binds, then attaches
# the program and detaches it before closing the socket; --attach-first:
# the socket binds to rings already running the program and closes while
# it still runs (zero-copy: the rings restart on and off the UMEM).
t_rxtx() {
	local mode=$1 order=${2:-} short=${3:-0} out=/tmp/afxdp-tool.$$ sn=/tmp/afxdp-sniff.$$ dump=/tmp/afxdp-tx.$$
	local pid spid r0 r1 x0 x1 i0 i1 t0 m0 mtu peer_mac zc='' rc=0 sent=$M
	local shortopt=''
	local -a p0 p1
	prereq || return
	[ "$mode" = zero-copy ] && zc=--zerocopy
	if [ "$short" -gt 0 ]; then
		shortopt="--tx-short $short"
		sent=$((M - M / short))
	fi
	m0=$(ledger)
	ethtool -N "$NETIF" flow-type udp4 dst-port "$RX_PORT" action "$QUEUE" loc "$LOC" ||
		fail "ntuple rule to queue $QUEUE" || return
	peer_mac=$(ip -n "$NS" -j link show dev "$REMOTE_IF" | jq -r '.[0].address')
	r0=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_redirect") || r0=0
	x0=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_xsk_tx") || x0=0
	i0=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_xsk_tx_invalid") || i0=0
	t0=$(dev_stat "$NETIF" tx_packets)
	read -ra p0 <<<"$(peer_stats "$REMOTE_IF")"
	ip netns exec "$NS" python3 "$UDP" sniffcmp "$REMOTE_IF" 60 "$sent" "$TX_PORT" "$dump" >"$sn" &
	spid=$!
	poll 20 grep -q ready "$sn" || fail "peer sniffer not ready" || return
	"$XSK" "$NETIF" "$QUEUE" "$OBJ" $zc $order $shortopt --port "$RX_PORT" --rx "$N" --magic afxdp \
		--size "$SIZE" --tx "$M" --dst-mac "$peer_mac" --src-ip "$LOCAL_V4" \
		--dst-ip "$REMOTE_V4" --tx-port "$TX_PORT" --dump "$dump" --timeout 60 >"$out" 2>&1 &
	pid=$!
	if ! poll 30 grep -q '^ready' "$out"; then
		fail "inic_xsk not ready: $(xargs <"$out")"
		kill "$pid" "$spid"
		return 1
	fi
	[ "$(xdp_mode "$NETIF")" = 1 ] || fail "the program is not attached in native mode ($(xdp_mode "$NETIF"))"
	poll 20 carrier "$NETIF" || fail "no carrier after the attach"
	port_ok "with the socket bound"
	if [ "$mode" = zero-copy ]; then
		# 2 KiB chunks hold a frame of MTU 1774 at most
		mtu=$(cat "/sys/class/net/$NETIF/mtu")
		if ip link set dev "$NETIF" mtu 3000 2>/dev/null; then
			fail "MTU 3000 accepted with a zero-copy socket of 2 KiB chunks"
			ip link set dev "$NETIF" mtu "$mtu"
		fi
	fi
	ip netns exec "$NS" python3 "$UDP" send "$LOCAL_V4" "$RX_PORT" "$N" afxdp "$SIZE"
	wait "$pid" || rc=1
	sed 's/^/inic_xsk: /' "$out"
	[ $rc -eq 0 ] || fail "inic_xsk failed"
	grep -q "bound to $NETIF queue $QUEUE in $mode mode" "$out" || fail "not bound in $mode mode"
	grep -q "^rx $N/$N datagrams byte-exact" "$out" || fail "the socket did not receive all $N datagrams intact"
	grep -q "^tx $M/$M frames completed" "$out" || fail "the socket did not complete all $M frames"
	wait "$spid" || rc=1
	read -ra p1 <<<"$(peer_stats "$REMOTE_IF")"
	echo "peer: $(xargs <"$sn"); $NETIF tx_packets +$(($(dev_stat "$NETIF" tx_packets) - t0)), peer rx_packets +$((p1[0] - p0[0])) rx_dropped +$((p1[3] - p0[3]))"
	[ $rc -eq 0 ] || fail "the peer did not see the $sent frames byte-exact"
	r1=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_redirect")
	echo "rx${QUEUE}_xdp_redirect +$((r1 - r0))"
	[ $((r1 - r0)) -ge "$N" ] || fail "rx${QUEUE}_xdp_redirect moved by $((r1 - r0)) < $N: not through queue $QUEUE's XDP"
	x1=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_xsk_tx")
	i1=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_xsk_tx_invalid")
	echo "rx${QUEUE}_xdp_xsk_tx +$((x1 - x0)), rx${QUEUE}_xdp_xsk_tx_invalid +$((i1 - i0))"
	if [ "$mode" = zero-copy ]; then
		[ $((x1 - x0)) -eq "$sent" ] || fail "zero-copy TX: rx${QUEUE}_xdp_xsk_tx moved by $((x1 - x0)), not $sent"
		[ $((i1 - i0)) -eq $((M - sent)) ] || fail "zero-copy TX: rx${QUEUE}_xdp_xsk_tx_invalid moved by $((i1 - i0)), not $((M - sent))"
	else
		[ $((x1 - x0)) -eq 0 ] || fail "copy-mode TX went through the zero-copy path"
	fi
	[ "$(xdp_mode "$NETIF")" = none ] || fail "the program stayed attached after the tool"
	ethtool -N "$NETIF" delete "$LOC" || fail "delete the ntuple rule"
	port_ok "after the socket closed"
	[ "$(ledger)" = "$m0" ] || fail "memory ledger before: $m0 after: $(ledger)"
	rm -f "$out" "$sn" "$dump"
}

# A queue the port does not have: refused (EINVAL), in both modes.
t_bad_queue() {
	local out q zc
	prereq || return
	q=$(ethtool -l "$NETIF" | awk '/^Combined:/ { v = $2 } END { print v }')
	for zc in "" --zerocopy; do
		out=$("$XSK" "$NETIF" "$q" "$OBJ" $zc --expect-bind-error "$EINVAL" 2>&1) ||
			fail "bind ${zc:-copy} to queue $q: $out"
		echo "$out"
	done
	[ "$(xdp_mode "$NETIF")" = none ] || fail "a program is attached after the refusals"
	port_ok "after the refused binds"
}

# rmmod while a zero-copy socket is bound and fed (its pool on the rings):
# the core unbinds it at unregister, the module goes, the driver comes
# back and the port works.
t_rmmod() {
	local out=/tmp/afxdp-tool.$$ pid msg r0
	prereq || return
	ethtool -N "$NETIF" flow-type udp4 dst-port "$RX_PORT" action "$QUEUE" loc "$LOC" ||
		fail "ntuple rule to queue $QUEUE" || return
	r0=$(xdp_stat "$NETIF" "rx${QUEUE}_xdp_redirect")
	"$XSK" "$NETIF" "$QUEUE" "$OBJ" --zerocopy --port "$RX_PORT" --rx 100000 --size "$SIZE" \
		--timeout 120 >"$out" 2>&1 &
	pid=$!
	if ! poll 30 grep -q '^ready' "$out"; then
		fail "inic_xsk not ready: $(xargs <"$out")"
		kill "$pid"
		return 1
	fi
	poll 20 carrier "$NETIF" || fail "no carrier after the attach"
	ip netns exec "$NS" python3 "$UDP" send "$LOCAL_V4" "$RX_PORT" 20 afxdp "$SIZE"
	# the socket's chunks are in use: frames went into it
	poll 20 moved_by "$r0" 20 xdp_stat "$NETIF" "rx${QUEUE}_xdp_redirect" ||
		fail "the socket did not get the 20 datagrams before rmmod"
	msg=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic with a zero-copy socket bound: $msg"
	kill "$pid"
	wait "$pid"
	sed 's/^/inic_xsk: /' "$out"
	grep -q "(20 frames, 0 bad, 0 duplicates)" "$out" ||
		fail "the socket did not read the 20 datagrams intact"
	[ ! -e /sys/module/inic ] || fail "/sys/module/inic still there" || return
	msg=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $msg" || return
	poll 15 test "$(inic_ports | wc -l)" -eq "${INIC_PORTS:-2}" || fail "ports did not come back" || return
	msg=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $msg" || return
	refresh_env
	port_ok "after the reload"
	rm -f "$out"
}

trap cleanup EXIT
ktap_plan 5
run_test af_xdp_copy_rx_tx t_rxtx copy
run_test af_xdp_zerocopy_rx_tx t_rxtx zero-copy
run_test af_xdp_zerocopy_bind_while_attached t_rxtx zero-copy --attach-first 10
run_test af_xdp_bad_queue t_bad_queue
run_test af_xdp_zerocopy_rmmod_bound t_rmmod	# last: netdevs renamed
ktap_finish
