#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Cable pull and restore with inic-wire (QMP set_link on both ends of the
# cable, done by the host runner). Carrier must drop, then return, within
# 1 s each on the inic port (measured from the request, printed), the
# peer must see the same, nothing must get through a pulled cable, ping must
# work again after the restore, and a pull on one port leaves the other up.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

LIMIT_MS=1000
trap 'inic-wire 0 up >/dev/null 2>&1; [ "${INIC_PORTS:-2}" -gt 1 ] && inic-wire 1 up >/dev/null 2>&1' EXIT

# wire_and_wait PORT down|up DEV: pull/restore, print and check the time
# from the request leaving the guest (inic-wire's stamp) to the carrier change.
wire_and_wait() {
	local port=$1 what=$2 ifc=$3 want=1 t0 tw t1 t2 stamp=/tmp/inic-wire.stamp
	[ "$what" = down ] && want=0
	rm -f $stamp
	t0=$(now_ms)
	INIC_WIRE_STAMP=$stamp inic-wire "$port" "$what" || fail "inic-wire $port $what" || return
	t1=$(now_ms)
	poll 5 carrier "$ifc" $want || fail "$ifc carrier still $((1 - want)) 5 s after inic-wire $port $what" || return
	t2=$(now_ms)
	read -r tw <$stamp || fail "inic-wire left no stamp" || return
	tw=${tw/./}
	tw=$((tw / 1000))
	echo "port $port $what: carrier $want on $ifc $((t2 - tw)) ms after the request" \
		"(inic-wire ran $((t1 - t0)) ms, $((t2 - t0)) ms from its start)"
	[ $((t2 - tw)) -le $LIMIT_MS ] || fail "carrier change took $((t2 - tw)) ms > $LIMIT_MS ms" || return
}

peer_sees() {	# peer_sees 0|1
	local t0
	t0=$(now_ms)
	poll 5 peer_carrier "$REMOTE_IF" "$1" || fail "peer $REMOTE_IF carrier not $1 after 5 s" || return
	echo "peer $REMOTE_IF carrier $1 after $(($(now_ms) - t0)) ms"
}

pull() {
	[ -n "${NETIF:-}" ] || fail "NETIF not set" || return
	carrier "$NETIF" || fail "$NETIF has no carrier before the pull" || return
	wire_and_wait 0 down "$NETIF" || return
	peer_sees 0
}

no_traffic_while_down() {
	carrier "$NETIF" 0 || fail "cable 0 is not pulled" || return
	local rx0
	rx0=$(peer_stats "$REMOTE_IF" | awk '{print $1}')
	if ping -c 3 -i 0.2 -w 2 -I "$NETIF" "$REMOTE_V4" >/dev/null 2>&1; then
		fail "ping got through a pulled cable"
		return
	fi
	local rx1
	rx1=$(peer_stats "$REMOTE_IF" | awk '{print $1}')
	[ "$rx1" -eq "$rx0" ] || fail "peer received $((rx1 - rx0)) packets over a pulled cable" || return
	echo "no replies and peer rx_packets unchanged ($rx1) while the cable is out"
}

restore() {
	wire_and_wait 0 up "$NETIF" || return
	peer_sees 1
}

ping_after_restore() {
	carrier "$NETIF" || fail "no carrier" || return
	ping -c 3 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" || fail "ping $REMOTE_V4 after restore" || return
	ping -c 3 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V6" || fail "ping $REMOTE_V6 after restore" || return
}

other_port_unaffected() {
	need_port 1 || return
	[ -n "${NETIF1:-}" ] || fail "NETIF1 not set" || return
	wire_and_wait 1 down "$NETIF1" || return
	carrier "$NETIF" || fail "port 0 ($NETIF) lost carrier when port 1 was pulled" || return
	ping -c 2 -i 0.2 -w 10 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "port 0 ping with port 1 pulled" || return
	echo "port 0 kept carrier and traffic with port 1 pulled"
	wire_and_wait 1 up "$NETIF1" || return
	ping -c 2 -i 0.2 -w 10 -I "$NETIF1" "$REMOTE1_V4" >/dev/null || fail "port 1 ping after restore" || return
}

bad_request() {
	local out
	if out=$(inic-wire 99 down 2>&1); then
		fail "inic-wire 99 down succeeded"
		return
	fi
	echo "inic-wire 99 down: $out"
	[[ $out == *"no port 99"* ]] || fail "unexpected message" || return
}

ktap_plan 6
run_test cable_pull_carrier_off pull
run_test cable_pulled_no_traffic no_traffic_while_down
run_test cable_restore_carrier_on restore
run_test cable_restore_ping ping_after_restore
run_test cable_pull_other_port_unaffected other_port_unaffected
run_test cable_wire_bad_port bad_request
ktap_finish
