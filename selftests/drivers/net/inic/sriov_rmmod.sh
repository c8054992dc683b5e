#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod inic with VFs enabled while the device's SR-IOV state is read and
# used: netlink readers (inictl dev/vf/port show), rtnetlink readers (ip
# link show, which calls ndo_get_vf_config/stats) and VF mailbox traffic
# both ways (VF MTU changes, PF link-state events). The teardown must take
# the device out of netlink, the VFs and the mailbox service down, the
# netdevs out and the interrupt off before it frees anything they reach.
# Repeated SRIOV_RMMOD_CYCLES times; the kernel log must stay clean.
# KFENCE (in Debian's kernel, off by default) samples allocations meanwhile,
# so a use after free of a sampled object is reported. Runs late (it
# reloads the driver, which renames the netdevs).
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

CYCLES=${SRIOV_RMMOD_CYCLES:-6}
PORTS=${INIC_PORTS:-2}
KLOG0=$(dmesg | wc -l)

nports() { [ "$(inic_ports | wc -l)" -eq "$1" ]; }

MARK=/tmp/sriov-rmmod.torn

# readers PF BUS: netlink and rtnetlink readers of the device and its VFs,
# in a loop until killed; errors (module gone) are expected. A device that
# netlink still lists must still have its SR-IOV state: a reply with the
# "sriov" capability but no total-vfs means DEV_GET ran after the state
# was freed (it is marked in $MARK).
readers() {
	local out
	while :; do
		out=$(inictl -j dev show 2>/dev/null) &&
			! jq -e 'all(.[]; (.caps | index("sriov")) == null or has("total-vfs"))' \
				<<<"$out" >/dev/null 2>&1 && [ -n "$out" ] && [ "$out" != "[]" ] &&
			echo "$out" >>"$MARK"
		inictl -j vf show
		inictl -j vf show dev "$2" vf 0
		inictl -j port show
		ip -s link show "$1"
		ip link show
	done >/dev/null 2>&1
}

# vf_traffic VFDEV PF: mailbox requests from a VF (MTU changes) and PF
# messages to the VFs (link state events), until killed. (No debugfs
# file: an open one would make rmmod fail with EBUSY.)
vf_traffic() {
	local i=0
	while :; do
		ip link set "$1" mtu $((1400 + i % 2 * 100))
		ip link set "$2" vf $((i % 2)) state $([ $((i % 4)) -lt 2 ] && echo enable || echo auto)
		i=$((i + 1))
	done >/dev/null 2>&1
}

load() {
	local out
	out=$(timeout 60 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 nports "$PORTS" || fail "$PORTS port netdevs did not appear within 15 s" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $out" || return
	refresh_env
}

rmmod_cycles() {
	local i pf sysdev bus vfdev pids t0 out
	refresh_env
	[ -e "/sys/class/net/$NETIF/device/sriov_totalvfs" ] || skip "no SR-IOV (VFS=0?)" || return
	rm -f "$MARK"
	for ((i = 1; i <= CYCLES; i++)); do
		refresh_env
		pf=$NETIF
		sysdev=$(readlink -f "/sys/class/net/$pf/device")
		bus=$(basename "$sysdev")
		echo 2 >"$sysdev/sriov_numvfs" || fail "cycle $i: enable 2 VFs" || return
		poll 15 test -d "$sysdev/virtfn1/net" || fail "cycle $i: no VF netdev" || return
		vfdev=$(ls "$sysdev/virtfn0/net" | head -n 1)
		ip link set "$vfdev" up
		pids=()
		readers "$pf" "$bus" &
		pids+=($!)
		readers "$pf" "$bus" &
		pids+=($!)
		vf_traffic "$vfdev" "$pf" &
		pids+=($!)
		sleep 1
		t0=$(now_ms)
		out=$(timeout 60 rmmod inic 2>&1)
		local rc=$?
		kill "${pids[@]}" 2>/dev/null
		wait "${pids[@]}" 2>/dev/null
		[ $rc -eq 0 ] || fail "cycle $i: rmmod inic: $out" || return
		[ ! -s "$MARK" ] || fail "cycle $i: DEV_GET answered without the SR-IOV state: $(head -c 300 "$MARK")" || return
		[ ! -e /sys/module/inic ] || fail "cycle $i: /sys/module/inic still there" || return
		echo "cycle $i: rmmod with 2 VFs, 2 readers and VF mailbox traffic: $(($(now_ms) - t0)) ms"
		inic-klog-check --since "$KLOG0" || fail "cycle $i: kernel log" || return
		load || { echo "cycle $i"; return 1; }
	done
	echo "$CYCLES rmmods raced by readers and mailbox traffic, kernel log clean"
}

KFENCE=/sys/module/kfence/parameters/sample_interval
kfence0=$(cat "$KFENCE" 2>/dev/null)
[ -w "$KFENCE" ] && echo 1 >"$KFENCE" 2>/dev/null
ktap_plan 1
run_test sriov_rmmod_readers_mbox rmmod_cycles
[ -n "$kfence0" ] && echo "$kfence0" >"$KFENCE" 2>/dev/null
# Leave the VM as it was found: driver loaded, ports up with addresses.
if [ ! -e /sys/module/inic ]; then
	modprobe inic && poll 15 nports "$PORTS" && inic-vm-net setup-local >/dev/null 2>&1
fi
ktap_finish
