#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Driver load/unload: rmmod inic removes every port netdev, modprobe inic
# brings them back with carrier and working traffic; then 20 load/unload
# cycles, the second half while the peer floods port 0 and the host side
# floods port 1, and the kernel log must stay clean (no WARN, BUG, leak).
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

CYCLES=${LOAD_CYCLES:-20}
PORTS=${INIC_PORTS:-2}
KLOG0=$(dmesg | wc -l)

nports() { [ "$(inic_ports | wc -l)" -eq "$1" ]; }

unload() {
	local out
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic: $out" || return
	[ ! -e /sys/module/inic ] || fail "/sys/module/inic still there after rmmod" || return
	nports 0 || fail "inic netdevs left after rmmod: $(inic_ports | xargs)" || return
}

load() {
	local out ifc
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 nports "$PORTS" || fail "$PORTS port netdevs did not appear within 15 s (have: $(inic_ports | xargs))" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $out" || return
	refresh_env
	for ifc in $(inic_ports); do
		carrier "$ifc" || fail "$ifc has no carrier after load" || return
	done
}

reload_once() {
	unload || return
	echo "rmmod: no inic netdevs left"
	load || return
	echo "modprobe: $(inic_ports | xargs) back with carrier"
	ping -c 2 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no ping after reload" || return
	echo "ping $REMOTE_V4 over $NETIF works after reload"
}

cycles() {	# cycles FIRST LAST
	local i t0
	for ((i = $1; i <= $2; i++)); do
		t0=$(now_ms)
		unload || { echo "cycle $i"; return 1; }
		load || { echo "cycle $i"; return 1; }
		echo "cycle $i: $(($(now_ms) - t0)) ms"
	done
}

flood_summary() {	# flood_summary LOG: "transmitted received"
	sed -nE 's/^([0-9]+) packets transmitted, ([0-9]+) received.*/\1 \2/p' "$1"
}

cycles_with_traffic() {
	local half=$((CYCLES / 2)) f0 f1 rc=0 tx rx
	refresh_env
	# Peer -> port 0 (RX path, replies on TX) and host -> port 1 (TX path).
	ip netns exec "$NS" ping -f -q -w 900 "$LOCAL_V4" >/tmp/flood0.log 2>&1 &
	f0=$!
	if [ "$PORTS" -gt 1 ]; then
		ping -f -q -w 900 "$REMOTE1_V4" >/tmp/flood1.log 2>&1 &
		f1=$!
	fi
	poll 10 flowing || { fail "flood traffic not flowing"; rc=1; }
	[ $rc -eq 0 ] && { cycles $((half + 1)) "$CYCLES" || rc=1; }
	# Traffic must run again once the driver is back.
	[ $rc -eq 0 ] && { poll 10 flowing || { fail "no traffic after the last reload"; rc=1; }; }
	kill -INT $f0 ${f1:-} 2>/dev/null
	wait $f0 ${f1:-}
	read -r tx rx < <(flood_summary /tmp/flood0.log)
	echo "flood peer->port0: ${tx:-?} sent, ${rx:-?} answered"
	[ "${rx:-0}" -gt 0 ] || { fail "flood to port 0 got no replies: $(tail -n 3 /tmp/flood0.log)"; rc=1; }
	if [ -n "${f1:-}" ]; then
		read -r tx rx < <(flood_summary /tmp/flood1.log)
		echo "flood host->port1: ${tx:-?} sent, ${rx:-?} answered"
		[ "${rx:-0}" -gt 0 ] || { fail "flood over port 1 got no replies: $(tail -n 3 /tmp/flood1.log)"; rc=1; }
	fi
	return $rc
}

# flowing: the inic port 0 is receiving (its rx_packets move within 0.2 s)
flowing() {
	local ifc a b
	ifc=$(inic_ports | head -n 1)
	[ -n "$ifc" ] || return 1
	a=$(dev_stat "$ifc" rx_packets) || return 1
	sleep 0.2
	b=$(dev_stat "$ifc" rx_packets) || return 1
	[ $((b - a)) -gt 0 ]
}

klog_clean() {
	inic-klog-check --since "$KLOG0" || return
	echo "no WARN/BUG/oops/leak/call trace in the kernel log since the test started"
}

ktap_plan 4
run_test load_unload_reload reload_once
run_test load_unload_cycles_idle cycles 1 $((CYCLES / 2))
run_test load_unload_cycles_traffic cycles_with_traffic
run_test load_unload_kernel_log_clean klog_clean
# Leave the VM as it was found: driver loaded, ports up with addresses.
if [ ! -e /sys/module/inic ]; then
	modprobe inic && poll 15 nports "$PORTS" && inic-vm-net setup-local >/dev/null 2>&1
fi
ktap_finish
