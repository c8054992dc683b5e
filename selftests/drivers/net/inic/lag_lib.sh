# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers of the link aggregation tests (lag.sh) and of `make bench`'s lag
# test, sourced after lib.sh. Not a test program (not executable).
#
# The LAG topology (Documentation/test-vm.rst, "LAG topology"): inic ports
# 0 and 1 enslaved to a bond (LAG_BOND, default bond0) that carries port
# 0's addresses (192.0.2.1/24, 2001:db8:1::1/64); in netns peer a bridge
# (LAG_BR, default lagbr0; STP off, forward delay 0, a MAC of its own) over the two peer
# NICs, carrying the peer's (192.0.2.2/24, 2001:db8:1::2/64): the peer is
# one station reachable over either cable, and the bridge learns on which
# cable the bond's MAC is. lag_down restores the standard topology
# (inic-vm-net setup).
#
#   lag_up MODE [BOND OPTIONS...]   bridge + bond (e.g. lag_up active-backup
#                                   miimon 100)
#   lag_down                        everything back as the VM set it up
#   lag_vf_up / lag_vf_down         VF 0 of port 0 in netns LAG_VFNS
#                                   (192.0.2.11/24)
#   lag_flow_start [vf] / lag_flow_stop
#                                   the sequenced UDP flow (lag_flow.py),
#                                   LAG_PPS (1000) a second, from the PF (the
#                                   bond) or VF 0 to the peer
#   lag_pull                        one cable pull on the port carrying the
#                                   flow (appends the window to LAG_WINDOWS)
#   lag_flow_analyze                per pull: sent, lost, dup, reorder, gap
#   lag_param / lag_param_set 0|1   the driver's lag_offload parameter
#                                   ("none" while the driver has none)
#
# The lag_offload_* functions at the end are for the driver's bonding
# offload: nothing calls them yet.

LAG_BOND=${LAG_BOND:-bond0}
LAG_BR=${LAG_BR:-lagbr0}
LAG_BR_MAC=02:00:00:1c:0a:00
LAG_VFNS=${LAG_VFNS:-lagvf}
LAG_V4=192.0.2.1 LAG_PEER_V4=192.0.2.2 LAG_VF_V4=192.0.2.11
LAG_V6=2001:db8:1::1 LAG_PEER_V6=2001:db8:1::2
LAG_PPS=${LAG_PPS:-1000}
LAG_UDP_PORT=${LAG_UDP_PORT:-9300}
# How long a pulled cable may take to stop hurting the flow: the flow must
# be back (a datagram sent after the pull received) within this many
# seconds, else the pull counts as "not resumed" and the cable goes back.
LAG_RESUME_S=${LAG_RESUME_S:-3}
LAG_DIR=${LAG_DIR:-/tmp/lag}
LAG_LIB_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
LAG_FLOW="python3 $LAG_LIB_DIR/lag_flow.py"

# The port and peer netdevs, read before anything is enslaved (the names
# do not change while the driver stays loaded).
lag_names() {
	mapfile -t LAG_PORTS < <(inic-vm-net ports)
	mapfile -t LAG_PEERS < <(inic-vm-net peers)
	[ ${#LAG_PORTS[@]} -ge 2 ] && [ ${#LAG_PEERS[@]} -ge 2 ] ||
		fail "need 2 inic ports and 2 peers (have ${LAG_PORTS[*]:-none} / ${LAG_PEERS[*]:-none})"
}

ns_ts() { local t=${EPOCHREALTIME/./}; echo "${t}000"; }	# realtime ns

# ------------------------------------------------------------ topology

lag_peer_bridge_up() {
	local p
	ip -n "$NS" link del "$LAG_BR" 2>/dev/null
	# A MAC of its own: with a port's (the default) inic-vm-net would take
	# the bridge for that peer NIC.
	ip -n "$NS" link add "$LAG_BR" address "$LAG_BR_MAC" type bridge stp_state 0 forward_delay 0 ||
		fail "cannot create bridge $LAG_BR in netns $NS" || return
	for p in "${LAG_PEERS[@]:0:2}"; do
		ip -n "$NS" addr flush dev "$p" scope global
		ip -n "$NS" link set dev "$p" master "$LAG_BR" || fail "enslave $p to $LAG_BR" || return
		ip -n "$NS" link set dev "$p" up
	done
	ip -n "$NS" addr add "$LAG_PEER_V4/24" dev "$LAG_BR"
	ip -n "$NS" addr add "$LAG_PEER_V6/64" dev "$LAG_BR" nodad
	ip -n "$NS" link set dev "$LAG_BR" up
}

# bond_slave_up DEV: the bond counts DEV's link as up (MII Status)
bond_slave_up() {
	awk -v d="$1" '$1 == "Slave" && $3 == d { s = 1; next }
		s && /^MII Status:/ { print $3; exit }' "/proc/net/bonding/$LAG_BOND" 2>/dev/null | grep -qx up
}

# bond_active: the bond's active slave (active-backup), "" otherwise
bond_active() {
	sed -n 's/^Currently Active Slave: //p' "/proc/net/bonding/$LAG_BOND" 2>/dev/null
}

lag_bond_carrier() { carrier "$LAG_BOND"; }

# lag_bond_up MODE [OPTIONS...]: the bond over ports 0 and 1, addressed
lag_bond_up() {
	local mode=$1 p
	shift
	[ -d /sys/module/bonding ] || modprobe bonding max_bonds=0 ||
		fail "modprobe bonding" || return
	ip link del "$LAG_BOND" 2>/dev/null
	ip link add "$LAG_BOND" type bond mode "$mode" "$@" ||
		fail "ip link add $LAG_BOND type bond mode $mode $*" || return
	for p in "${LAG_PORTS[@]:0:2}"; do
		ip addr flush dev "$p" scope global
		ip link set dev "$p" down
		ip link set dev "$p" master "$LAG_BOND" || fail "enslave $p to $LAG_BOND" || return
	done
	ip link set dev "$LAG_BOND" up
	ip addr add "$LAG_V4/24" dev "$LAG_BOND"
	ip addr add "$LAG_V6/64" dev "$LAG_BOND" nodad
	poll 10 lag_bond_carrier || fail "$LAG_BOND has no carrier 10 s after setup" || return
	for p in "${LAG_PORTS[@]:0:2}"; do
		poll 10 bond_slave_up "$p" || fail "$LAG_BOND: slave $p not up after 10 s" || return
	done
}

# lag_up MODE [BOND OPTIONS...]: the peer's bridge and the bond; ping
# works both ways before it returns
lag_up() {
	lag_names || return
	inic-wire 0 up >/dev/null && inic-wire 1 up >/dev/null || fail "inic-wire up" || return
	lag_peer_bridge_up || return
	lag_bond_up "$@" || return
	poll 10 peer_carrier "$LAG_BR" || fail "bridge $LAG_BR has no carrier" || return
	ping -c 1 -W 1 -w 15 "$LAG_PEER_V4" >/dev/null ||
		fail "no ping $LAG_PEER_V4 over $LAG_BOND after setup" || return
	echo "LAG up: $LAG_BOND ($* over ${LAG_PORTS[*]:0:2}) -> $NS/$LAG_BR (${LAG_PEERS[*]:0:2})"
}

# lag_down: no flow, no VF, no bond, no bridge; cables in; the standard
# topology and env back
lag_down() {
	local rc=0
	lag_flow_stop >/dev/null 2>&1
	lag_vf_down
	inic-wire 0 up >/dev/null 2>&1
	inic-wire 1 up >/dev/null 2>&1
	ip link del "$LAG_BOND" 2>/dev/null
	ip -n "$NS" link del "$LAG_BR" 2>/dev/null
	inic-vm-net setup >/dev/null || rc=1
	refresh_env
	return $rc
}

# ------------------------------------------------------------ VF

lag_sysdev() { echo "/sys/class/net/${LAG_PORTS[0]}/device"; }

lag_vf_carrier() {
	[ "$(ip netns exec "$LAG_VFNS" cat "/sys/class/net/$LAG_VF/carrier" 2>/dev/null)" = 1 ]
}

# lag_vf_up: one VF (on port 0, whose netdev administers them, as in
# sriov.sh) in netns LAG_VFNS with 192.0.2.11/24, carrier waited for
lag_vf_up() {
	local sd
	sd=$(lag_sysdev)
	[ -e "$sd/sriov_totalvfs" ] || fail "no SR-IOV on ${LAG_PORTS[0]}" || return
	[ "$(cat "$sd/sriov_numvfs")" = 0 ] || echo 0 >"$sd/sriov_numvfs"
	echo 1 >"$sd/sriov_numvfs" || fail "cannot enable a VF" || return
	poll 10 test -d "$sd/virtfn0/net" || fail "no VF netdev after 10 s" || return
	LAG_VF=$(ls "$sd/virtfn0/net" | head -n 1)
	ip netns del "$LAG_VFNS" 2>/dev/null
	ip netns add "$LAG_VFNS" || return
	ip link set "$LAG_VF" netns "$LAG_VFNS" || fail "move $LAG_VF to $LAG_VFNS" || return
	ip -n "$LAG_VFNS" link set lo up
	ip -n "$LAG_VFNS" addr add "$LAG_VF_V4/24" dev "$LAG_VF"
	ip -n "$LAG_VFNS" link set "$LAG_VF" up
	poll 10 lag_vf_carrier || fail "VF $LAG_VF has no carrier after 10 s" || return
	echo "VF 0 of ${LAG_PORTS[0]}: $LAG_VF in netns $LAG_VFNS, $LAG_VF_V4"
}

lag_vf_down() {
	local p
	ip netns del "$LAG_VFNS" 2>/dev/null
	# every inic port's device (the names may be stale after a reload)
	for p in $(inic-vm-net ports); do
		[ -e "/sys/class/net/$p/device/sriov_numvfs" ] &&
			[ "$(cat "/sys/class/net/$p/device/sriov_numvfs")" != 0 ] &&
			echo 0 >"/sys/class/net/$p/device/sriov_numvfs"
	done
	return 0
}

# ------------------------------------------------------------ the flow

# lag_flow_start [vf]: receiver in netns peer, sender on the bond (or VF
# 0); returns once datagrams arrive
lag_flow_start() {
	local where=${1:-pf}
	lag_flow_stop >/dev/null 2>&1
	mkdir -p "$LAG_DIR"
	rm -f "$LAG_DIR"/send.log "$LAG_DIR"/recv.log
	LAG_WINDOWS=() LAG_PULL_LOG=()
	LAG_RCVBUF0=$(lag_rcvbuf_errors)
	ip netns exec "$NS" $LAG_FLOW recv "$LAG_UDP_PORT" "$LAG_DIR/recv.log" &
	LAG_RECV_PID=$!
	poll 10 lag_listening || fail "flow receiver not listening" || return
	if [ "$where" = vf ]; then
		ip netns exec "$LAG_VFNS" $LAG_FLOW send "$LAG_PEER_V4" "$LAG_UDP_PORT" "$LAG_PPS" "$LAG_DIR/send.log" &
	else
		$LAG_FLOW send "$LAG_PEER_V4" "$LAG_UDP_PORT" "$LAG_PPS" "$LAG_DIR/send.log" &
	fi
	LAG_SEND_PID=$!
	lag_flow_after "$(ns_ts)" 10 || fail "the flow ($where) does not arrive at the peer within 10 s" || return
}

lag_rcvbuf_errors() {
	ip netns exec "$NS" awk '$1 == "Udp:" && $2 ~ /^[0-9]/ { print $6; exit }' /proc/net/snmp
}

lag_listening() {
	ip netns exec "$NS" ss -Huln "sport = :$LAG_UDP_PORT" | grep -q .
}

# lag_last_sent_ns: send time of the last datagram the peer received
lag_last_sent_ns() {
	local l
	l=$(tail -n 1 "$LAG_DIR/recv.log" 2>/dev/null)
	set -- $l
	echo "${2:-0}"
}

lag_sent_after() { [ "$(lag_last_sent_ns)" -gt "$1" ]; }

# lag_flow_after T_NS TIMEOUT_S: the peer received a datagram sent after T_NS
lag_flow_after() { poll "$2" lag_sent_after "$1"; }

lag_flow_stop() {
	local p
	for p in ${LAG_SEND_PID:-} ${LAG_RECV_PID:-}; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in ${LAG_SEND_PID:-} ${LAG_RECV_PID:-}; do
		wait "$p" 2>/dev/null
	done
	LAG_SEND_PID='' LAG_RECV_PID=''
}

# lag_peer_rx: "rx0 rx1" packets of the two peer NICs
lag_peer_rx() {
	local p a=()
	for p in "${LAG_PEERS[@]:0:2}"; do
		a+=("$(peer_stats "$p" | cut -d' ' -f1)")
	done
	echo "${a[*]}"
}

# lag_active_port: the port whose cable carries the flow now: the one whose
# peer NIC received most of it over a 300 ms sample (the bond's view is no
# use for a VF, nor for the device's own failover)
lag_active_port() {
	local a0 a1 b0 b1 t
	read -r a0 a1 < <(lag_peer_rx)
	t=$(ns_ts)
	lag_flow_after $((t + 300000000)) 5 || return 1
	read -r b0 b1 < <(lag_peer_rx)
	b0=$((b0 - a0)) b1=$((b1 - a1))
	if [ $b0 -ge $((2 * b1)) ] && [ $b0 -gt 0 ]; then
		echo 0
	elif [ $b1 -ge $((2 * b0)) ] && [ $b1 -gt 0 ]; then
		echo 1
	else
		echo "no clear active port: peer rx +$b0 / +$b1" >&2
		return 1
	fi
}

# lag_pull: pull the cable of the port carrying the flow (inic-wire), wait
# until a datagram sent after the cable is out (inic-wire has returned: the
# host has done set_link) arrives (at most LAG_RESUME_S s),
# let the flow run on for 100 ms' worth of datagrams, restore the cable,
# wait until both ends have carrier, the bond (if any) has the slave back,
# and a datagram sent after all that arrived. Appends "T0 T1" (ns) to
# LAG_WINDOWS and a line to LAG_PULL_LOG; returns 1 if the flow did not
# come back after the restore (a broken run), 0 otherwise (check
# LAG_RESUMED: 1 when it resumed with the cable out).
lag_pull() {
	local port t0 tw tr t1 dev peer resumed=0 rc=0 fo_ms=-
	port=$(lag_active_port) || fail "cannot tell which cable carries the flow" || return
	dev=${LAG_PORTS[$port]} peer=${LAG_PEERS[$port]}
	t0=$(ns_ts)
	inic-wire "$port" down >/dev/null || fail "inic-wire $port down" || return
	tw=$(ns_ts)
	if lag_flow_after "$tw" "$LAG_RESUME_S"; then
		resumed=1
		tr=$(ns_ts)
		fo_ms=$(((tr - tw) / 1000000))
		lag_flow_after $((tr + 100000000)) 5
	fi
	inic-wire "$port" up >/dev/null || fail "inic-wire $port up" || rc=1
	poll 5 carrier "$dev" || fail "$dev: no carrier 5 s after the restore" || rc=1
	poll 5 peer_carrier "$peer" || fail "peer $peer: no carrier 5 s after the restore" || rc=1
	if [ -d "/proc/net/bonding" ] && [ -e "/proc/net/bonding/$LAG_BOND" ]; then
		poll 5 bond_slave_up "$dev" || fail "$LAG_BOND: $dev not up 5 s after the restore" || rc=1
	fi
	# the flow after the restore (covers a failback), then 100 ms more
	t1=$(ns_ts)
	if lag_flow_after "$t1" 10 && lag_flow_after $(($(ns_ts) + 100000000)) 5; then
		t1=$(ns_ts)
	else
		fail "the flow did not come back within 10 s of restoring cable $port"
		rc=1
		t1=$(ns_ts)
	fi
	LAG_RESUMED=$resumed
	LAG_WINDOWS+=("$t0" "$t1")
	LAG_PULL_LOG+=("port $port ($dev) pulled for $(((t1 - t0) / 1000000)) ms in all: inic-wire took $(((tw - t0) / 1000000)) ms; flow back with the cable out: $([ $resumed = 1 ] && echo "yes, within $fo_ms ms of inic-wire's return" || echo "no (within ${LAG_RESUME_S} s)")$([ -e "/proc/net/bonding/$LAG_BOND" ] && echo "; bond active now $(bond_active)")")
	return $rc
}

# lag_flow_analyze: stop the flow, print one JSON line per pull (and a
# total), as lag_flow.py analyze does. Not in a subshell (it waits for
# the flow's processes): lag_flow_analyze >FILE
lag_flow_analyze() {
	lag_flow_stop
	[ -s "$LAG_DIR/send.log" ] || fail "the sender wrote no log" || return
	echo "receiver: UDP RcvbufErrors in netns $NS +$(($(lag_rcvbuf_errors) - LAG_RCVBUF0)) (datagrams the receiver itself dropped)" >&2
	$LAG_FLOW analyze "$LAG_DIR/send.log" "$LAG_DIR/recv.log" "${LAG_WINDOWS[@]}"
}

# ------------------------------------------------------------ TCP stream

LAG_TCP_PORT=${LAG_TCP_PORT:-9301}
lag_tcp_listening() {
	ip netns exec "$NS" ss -Htln "sport = :$LAG_TCP_PORT" | grep -q .
}

# ------------------------------------------------------------ the driver

# lag_param: the lag_offload module parameter (Y/N/1/0), "none"
# when the driver has none (software bonding only)
# lag_nports N: the driver has (at least) N port netdevs
lag_nports() { [ "$(inic-vm-net ports | wc -l)" -ge "$1" ]; }

lag_param() {
	local f=/sys/module/inic/parameters/lag_offload
	if [ -r $f ]; then cat $f; else echo none; fi
}

# lag_param_set 0|1: set lag_offload (writable parameter, or reload the
# driver with it); fails when the driver has no such parameter
lag_param_set() {
	local f=/sys/module/inic/parameters/lag_offload
	[ -e $f ] || return 1
	if [ -w $f ] && echo "$1" >$f 2>/dev/null; then
		return 0
	fi
	rmmod inic || return 1
	modprobe inic lag_offload="$1" || return 1
	poll 15 lag_nports 2 || return 1
	inic-vm-net setup-local >/dev/null || return 1
	refresh_env
}

# ====================================================================
# Offload-only checks (lag_offload=1): `inictl -j lag show` is one object
# per device: offloaded (1/0), upper, why, mode, hash, member [{port-index,
# link, rx-frames, tx-frames}], primary, active, failback, pf-pinned,
# vf-pinned [VF...], failovers, last-failover {from, to, reason, at-ns},
# announces, tx-moved, tx-no-port. With the group offloaded a member's
# carrier is the group's, so bonding sees no failover: the device moves
# the traffic and bonding's active slave stays (driver.rst "Bonding
# offload (LAG)").
# ====================================================================

lag_ctl() { inictl -j lag show 2>/dev/null; }
lag_offloaded() { lag_ctl | jq -e '.[0].offloaded == 1' >/dev/null; }

# lag_offload_state_offloaded: with the bond up over both ports the group
# is offloaded, upper = the bond, members ports 0 and 1, and the device's
# active port is the bond's active slave
lag_offload_state_offloaded() {
	local j act
	j=$(lag_ctl) || fail "inictl lag show -j failed" || return
	inictl lag show | sed 's/^/  /'
	jq -e --arg b "$LAG_BOND" '.[0] | .offloaded == 1 and .upper == $b' <<<"$j" >/dev/null ||
		fail "group not reported offloaded with upper $LAG_BOND" || return
	jq -e '[.[0].member[]."port-index"] == [0, 1]' <<<"$j" >/dev/null ||
		fail "members are not ports 0 and 1" || return
	act=$(bond_active)
	[ "${LAG_PORTS[$(jq -r '.[0].active' <<<"$j")]}" = "$act" ] ||
		fail "device active port $(jq -r '.[0].active' <<<"$j") is not the bond's active slave $act" || return
}

# lag_offload_state_off: the group is not offloaded and a reason is given
lag_offload_state_off() {
	local j
	j=$(lag_ctl) || fail "inictl lag show -j failed" || return
	inictl lag show | sed 's/^/  /'
	jq -e '.[0].offloaded == 0 and (.[0].why // "" | length > 0)' <<<"$j" >/dev/null ||
		fail "group offloaded, or no reason: $j" || return
}

# lag_member_link PORT up|down: the device's view of the member's link
lag_member_link() {
	lag_ctl | jq -e --argjson p "$1" --arg l "$2" \
		'.[0].member[] | select(."port-index" == $p) | .link == $l' >/dev/null
}

# lag_offload_carrier_follows: pull one cable: once the driver has seen it
# (the member's link is down), neither member netdev has lost its
# carrier, not even for a moment (carrier_down_count), and bonding's
# active slave is unchanged; pull both: carrier goes; restore
lag_offload_carrier_follows() {
	local d0 d1 p act
	act=$(bond_active)
	d0=$(cat "/sys/class/net/${LAG_PORTS[0]}/carrier_down_count")
	d1=$(cat "/sys/class/net/${LAG_PORTS[1]}/carrier_down_count")
	inic-wire 0 down >/dev/null || fail "inic-wire 0 down" || return
	poll 5 lag_member_link 0 down || fail "port 0's link still up 5 s after the pull" || return
	echo "port 0 out: carrier_down_count ${LAG_PORTS[0]} $d0 -> $(cat "/sys/class/net/${LAG_PORTS[0]}/carrier_down_count"), ${LAG_PORTS[1]} $d1 -> $(cat "/sys/class/net/${LAG_PORTS[1]}/carrier_down_count"); bond active $(bond_active)"
	[ "$(cat "/sys/class/net/${LAG_PORTS[0]}/carrier_down_count")" = "$d0" ] &&
		[ "$(cat "/sys/class/net/${LAG_PORTS[1]}/carrier_down_count")" = "$d1" ] ||
		fail "a member netdev lost carrier while port 1 had link" || return
	[ "$(bond_active)" = "$act" ] || fail "bonding changed its active slave: $act -> $(bond_active)" || return
	inic-wire 1 down >/dev/null
	poll 5 carrier "${LAG_PORTS[0]}" 0 || fail "carrier stays with both cables out" || return
	echo "both out: carrier ${LAG_PORTS[0]} $(cat "/sys/class/net/${LAG_PORTS[0]}/carrier") ${LAG_PORTS[1]} $(cat "/sys/class/net/${LAG_PORTS[1]}/carrier")"
	inic-wire 0 up >/dev/null
	inic-wire 1 up >/dev/null
	for p in "${LAG_PORTS[@]:0:2}"; do
		poll 5 carrier "$p" || fail "$p: carrier not back" || return
	done
	poll 5 lag_member_link 0 up && poll 5 lag_member_link 1 up || fail "members' links not back"
}

# lag_offload_failover_counted: one pull of the device's active port under
# `inictl -j monitor`: the device counts one more failover, its last move
# is from that port to the other with reason link-down, the monitor group
# carries a lag-failover event saying the same, and the kernel log a line
lag_offload_failover_counted() {
	local j f0 f1 act mpid k0 ev k
	j=$(lag_ctl) || fail "inictl lag show -j failed" || return
	f0=$(jq -r '.[0].failovers' <<<"$j")
	act=$(jq -r '.[0].active' <<<"$j")
	k0=$(dmesg | wc -l)
	mkdir -p "$LAG_DIR"
	inictl -j monitor >"$LAG_DIR/monitor" 2>&1 &
	mpid=$!
	# subscribed once it reports a link event: flap the other cable until
	# it does (a flap before inictl has joined the group goes unseen)
	for k in 1 2 3 4 5; do
		inic-wire $((1 - act)) down >/dev/null && inic-wire $((1 - act)) up >/dev/null
		poll 2 grep -q '"link-change"' "$LAG_DIR/monitor" && break
	done
	grep -q '"link-change"' "$LAG_DIR/monitor" || { kill $mpid; fail "monitor saw no link event after 5 flaps"; return 1; }
	poll 5 lag_member_link $((1 - act)) up || { kill $mpid; fail "port $((1 - act)) not back"; return 1; }
	j=$(lag_ctl); f0=$(jq -r '.[0].failovers' <<<"$j")
	inic-wire "$act" down >/dev/null || { kill $mpid; fail "inic-wire $act down"; return 1; }
	poll 5 grep -q '"lag-failover"' "$LAG_DIR/monitor"
	kill $mpid 2>/dev/null; wait $mpid 2>/dev/null
	j=$(lag_ctl)
	inic-wire "$act" up >/dev/null
	f1=$(jq -r '.[0].failovers' <<<"$j")
	ev=$(grep '"lag-failover"' "$LAG_DIR/monitor" | tail -1)
	echo "failovers $f0 -> $f1, last $(jq -c '.[0]."last-failover"' <<<"$j"), active $(jq -r '.[0].active' <<<"$j")"
	echo "event: $ev"
	dmesg | tail -n +$((k0 + 1)) | grep 'lag: failover' | sed 's/^/  /'
	[ "$f1" = $((f0 + 1)) ] || fail "failovers moved by $((f1 - f0)), want 1" || return
	jq -e --argjson a "$act" '.[0]."last-failover" | .from == $a and .to == 1 - $a and .reason == "link-down"' \
		<<<"$j" >/dev/null || fail "the last failover is not a link-down move $act -> $((1 - act))" || return
	jq -e --argjson a "$act" '."lag-from" == $a and ."lag-to" == 1 - $a and ."lag-reason" == "link-down"' \
		<<<"${ev:-null}" >/dev/null || fail "no lag-failover event $act -> $((1 - act))" || return
	dmesg | tail -n +$((k0 + 1)) | grep -q "lag: failover port $act -> port $((1 - act)) (link down)" ||
		fail "no kernel log line for the failover"
}

# lag_offload_vf_pinned: a pinned VF (inictl vf set ... lag pin) stays on
# its own port: pulling port 0 stops its flow until the cable is back
# (bounded wait for the evidence: a datagram sent 1 s after the pull must
# not arrive while the cable is out); following again, a pull no longer
# stops it
lag_offload_vf_pinned() {
	local t rc=0
	inictl vf set dev "${LAG_PORTS[0]}" vf 0 lag pin || fail "cannot pin VF 0" || return
	lag_ctl | jq -e '.[0]."vf-pinned" == [0]' >/dev/null ||
		fail "VF 0 not reported pinned: $(lag_ctl | jq -c '.[0]."vf-pinned"')" || return
	lag_flow_start vf || return
	lag_flow_after "$(ns_ts)" 5 || fail "VF flow not running" || return
	inic-wire 0 down >/dev/null
	t=$(ns_ts)
	if lag_flow_after $((t + 1000000000)) 3; then
		fail "a pinned VF's flow went on over port 1"
		rc=1
	else
		echo "pinned VF 0: no datagram sent 1 s after the pull arrived in 3 s"
	fi
	inic-wire 0 up >/dev/null
	lag_flow_after "$(ns_ts)" 10 || { fail "pinned VF flow not back after the restore"; rc=1; }
	inictl vf set dev "${LAG_PORTS[0]}" vf 0 lag follow || { fail "cannot unpin VF 0"; rc=1; }
	lag_ctl | jq -e '(.[0]."vf-pinned" // []) == []' >/dev/null || { fail "VF 0 still pinned"; rc=1; }
	poll 5 carrier "${LAG_PORTS[0]}"
	inic-wire 0 down >/dev/null
	t=$(ns_ts)
	lag_flow_after "$t" 3 || { fail "a following VF's flow stopped on the pull"; rc=1; }
	inic-wire 0 up >/dev/null
	lag_flow_stop
	# bad input: no such VF, a port given
	inictl vf set dev "${LAG_PORTS[0]}" vf 7 lag pin 2>&1 && { fail "vf 7 pinned"; rc=1; }
	inictl vf set dev "${LAG_PORTS[0]}" vf 0 lag pin 1 2>&1 && { fail "lag pin 1 accepted"; rc=1; }
	return $rc
}

# lag_offload_unsupported_mode MODE...: a bond the device cannot carry
# (e.g. balance-rr) is not offloaded, the reason is in `inictl lag show`
# and in one kernel log line, and bonding still passes traffic
lag_offload_unsupported_mode() {
	local k0 line
	k0=$(dmesg | wc -l)
	lag_bond_up "$@" || return
	lag_offload_state_off || return
	line=$(dmesg | tail -n +$((k0 + 1)) | grep "lag: $LAG_BOND stays in software" | tail -1)
	echo "kernel: ${line#*] }"
	[ -n "$line" ] || fail "no kernel log line saying why" || return
	ping -c 3 -i 0.2 -W 2 -w 15 "$LAG_PEER_V4" >/dev/null || fail "$* in software: no ping"
}
