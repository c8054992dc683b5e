#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dim: adaptive RX interrupt moderation (ethtool -C adaptive-rx) with the
# kernel's DIM library. `ethtool -c` reports the mode; with it on, DIM's
# profile reaches the ring's ITR registers while traffic flows (debugfs
# inic/<bdf>/dim shows the driver's choice next to what the registers
# hold); with it off the static rx-usecs/rx-frames come back. The
# interrupts per received frame under a bulk stream, off and on, are
# printed for the record (TCG timing: not asserted).
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
DBG=/sys/kernel/debug/inic
SRV=/tmp/dim-iperf3.pid

bdf() { basename "$(readlink -f "/sys/class/net/$IF/device")"; }
dimf() { echo "$DBG/$(bdf)/dim"; }
# port0: the debugfs lines of $IF's port (port 0 of the device)
port0() { grep '^port 0 ' "$(dimf)"; }
adaptive_rx() { ethtool -c "$IF" | awk -F': *' '/^Adaptive RX/ { print $2; exit }' | awk '{ print $1 }'; }

# every ring's registers hold what the driver chose
regs_follow() {
	port0 | awk '{ for (i = 1; i < NF; i++) v[$i] = $(i + 1)
		if (v["usecs"] != v["hw_usecs"] || v["frames"] != v["hw_frames"]) bad = 1 }
		END { exit bad }'
}

# the sum of the 'changes' column of port 0
changes() { port0 | awk '{ for (i = 1; i < NF; i++) if ($i == "changes") s += $(i + 1) } END { print s + 0 }'; }

# rx interrupts of $IF's ring vectors (/proc/interrupts, all CPUs)
irqs() {
	awk -v n="$IF-txrx-" 'index($NF, n) == 1 { for (i = 2; i < NF; i++) if ($i ~ /^[0-9]+$/) s += $i }
		END { print s + 0 }' /proc/interrupts
}

start_server() {
	iperf3 -s -D -B "$LOCAL_V4" -p 5231 -I $SRV --logfile /tmp/dim-iperf3.log || return 1
	poll 10 eval 'ss -Htln "sport = :5231" | grep -q .'
}

stop_server() {
	[ -s $SRV ] && kill "$(cat $SRV)" 2>/dev/null
	rm -f $SRV
}

# bulk SECONDS: the peer sends TCP to the inic port; prints "irqs frames"
bulk() {
	local i0 r0 i1 r1
	i0=$(irqs) r0=$(dev_stat "$IF" rx_packets)
	timeout $(($1 + 30)) ip netns exec "$NS" iperf3 -c "$LOCAL_V4" -p 5231 -t "$1" \
		--connect-timeout 5000 >/tmp/dim-client.log 2>&1 || return 1
	i1=$(irqs) r1=$(dev_stat "$IF" rx_packets)
	echo "$((i1 - i0)) $((r1 - r0))"
}

modes() {
	[ -r "$(dimf)" ] || fail "no $(dimf)" || return
	ethtool -C "$IF" adaptive-rx off rx-usecs 30 rx-frames 7 || fail "ethtool -C off failed" || return
	[ "$(adaptive_rx)" = off ] || fail "ethtool -c: adaptive RX $(adaptive_rx), not off" || return
	regs_follow || fail "static moderation not in the registers: $(port0 | head -1)" || return
	port0 | grep -q ' hw_usecs 30 hw_frames 7 ' || fail "rx-usecs 30 rx-frames 7 not in the registers: $(port0 | head -1)" || return
	ethtool -C "$IF" adaptive-rx on || fail "ethtool -C adaptive-rx on failed" || return
	[ "$(adaptive_rx)" = on ] || fail "ethtool -c: adaptive RX $(adaptive_rx), not on" || return
	port0 | grep -q ' adaptive 1 ' || fail "debugfs: adaptive not on: $(port0 | head -1)" || return
	regs_follow || fail "DIM's profile not in the registers: $(port0 | head -1)" || return
	echo "adaptive on: $(port0 | head -1)"
	ethtool -C "$IF" adaptive-rx off || fail "ethtool -C adaptive-rx off failed" || return
	port0 | grep -q ' adaptive 0 ' || fail "debugfs: still adaptive" || return
	port0 | grep -q ' hw_usecs 30 hw_frames 7 ' || fail "static values not restored: $(port0 | head -1)" || return
	echo "adaptive off: static rx-usecs 30 rx-frames 7 restored"
}

changed_since() { [ "$(changes)" -gt "$1" ]; }

follows_load() {
	local off c0 c1 pid i0 r0 i1 r1
	ethtool -C "$IF" adaptive-rx off rx-usecs 0 rx-frames 0 || return 1
	start_server || { stop_server; fail "iperf3 -s not listening on $LOCAL_V4"; return; }
	off=$(bulk 4) || { stop_server; fail "iperf3 (adaptive off): $(tail -3 /tmp/dim-client.log)"; return; }
	ethtool -C "$IF" adaptive-rx on || { stop_server; return 1; }
	# a stream of up to 30 s; DIM measures every 64 interrupts and moves
	# one profile a step: wait (bounded) for the first move
	c0=$(changes) i0=$(irqs) r0=$(dev_stat "$IF" rx_packets)
	ip netns exec "$NS" iperf3 -c "$LOCAL_V4" -p 5231 -t 30 \
		--connect-timeout 5000 >/tmp/dim-client.log 2>&1 &
	pid=$!
	poll 30 changed_since "$c0"
	c1=$(changes) i1=$(irqs) r1=$(dev_stat "$IF" rx_packets)
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	stop_server
	read -r oi of <<<"$off"
	echo "bulk receive: adaptive off, 4 s: $oi irqs / $of frames; on, until DIM moved: $((i1 - i0)) irqs / $((r1 - r0)) frames; DIM profile changes $((c1 - c0))"
	echo "rings: $(port0 | xargs)"
	[ $((r1 - r0)) -gt 1000 ] || fail "only $((r1 - r0)) frames received with adaptive-rx on" || return
	[ $((c1 - c0)) -gt 0 ] || fail "DIM never changed the moderation in 30 s of a bulk stream" || return
	regs_follow || fail "DIM's profile not in the registers after the stream" || return
	ethtool -C "$IF" adaptive-rx off rx-usecs 0 rx-frames 0
}

cleanup() {
	stop_server
	ethtool -C "$IF" adaptive-rx off rx-usecs 0 rx-frames 0 2>/dev/null
}
trap cleanup EXIT

[ -n "$IF" ] || { echo "NETIF unset"; exit 1; }
ktap_plan 2
run_test dim_modes modes
run_test dim_follows_load follows_load
ktap_finish
