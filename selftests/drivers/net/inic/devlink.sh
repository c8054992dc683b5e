#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# devlink: the PF is a devlink instance (pci/<bdf>) with one physical port
# per device port, linked to its netdev, which takes its phys_port_name
# (p<index>) from devlink; `devlink dev info` names the driver, the
# device and the register ABI it runs (as `ethtool -i` reports it); the
# eswitch is in legacy mode. Requests the device cannot do (port split,
# switchdev mode) are refused with a message and change nothing. rmmod
# removes the instance and modprobe brings it back with its ports.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

IF=${NETIF:-}
PORTS=${INIC_PORTS:-2}

nports() { [ "$(inic_ports | wc -l)" -eq "$PORTS" ]; }

bdf() { basename "$(readlink -f "/sys/class/net/$IF/device")"; }

# ports_lines: devlink's ports of our instance, as "index flavour number netdev"
ports_lines() {
	devlink -j port show | jq -r --arg dl "pci/$(bdf)/" '
		.port | to_entries[] | select(.key | startswith($dl)) |
		"\(.key | ltrimstr($dl)) \(.value.flavour) \(.value.port) \(.value.netdev // "-")"'
}

instance() {
	local b
	b=$(bdf)
	devlink -j dev show | jq -e --arg d "pci/$b" '.dev | has($d)' >/dev/null ||
		fail "devlink dev show does not list pci/$b: $(devlink dev show | xargs)" || return
	echo "devlink instance pci/$b"
}

ports() {
	local -a nd
	local p got want
	mapfile -t nd < <(inic_ports)
	got=$(ports_lines | sort -n)
	want=$(for ((p = 0; p < PORTS; p++)); do echo "$p physical $p ${nd[$p]}"; done)
	echo "$got"
	[ "$got" = "$want" ] || fail "devlink ports: want \"$want\"" || return
	for ((p = 0; p < PORTS; p++)); do
		got=$(cat "/sys/class/net/${nd[$p]}/phys_port_name" 2>&1)
		[ "$got" = "p$p" ] || fail "${nd[$p]}: phys_port_name \"$got\", not p$p" || return
	done
	echo "phys_port_name: p0..p$((PORTS - 1))"
}

info() {
	local j fw abi
	j=$(devlink -j dev info "pci/$(bdf)") || fail "devlink dev info failed" || return
	echo "$j" | jq -c .
	[ "$(echo "$j" | jq -r '.info[].driver')" = inic ] || fail "driver is not inic" || return
	fw=$(echo "$j" | jq -r '.info[].versions.running.fw // empty')
	abi=$(ethtool -i "$IF" | sed -n 's/^firmware-version: abi //p')
	[ -n "$fw" ] && [ "$fw" = "$abi" ] || fail "running fw \"$fw\", ethtool says abi \"$abi\"" || return
	[ "$(echo "$j" | jq -r '.info[].versions.fixed."asic.id" // empty')" = \
	  "$(cat "/sys/class/net/$IF/device/vendor" | cut -c3-):$(cat "/sys/class/net/$IF/device/device" | cut -c3-)" ] ||
		fail "asic.id is not the PCI vendor:device" || return
}

eswitch() {
	local m
	m=$(devlink -j dev eswitch show "pci/$(bdf)" | jq -r '.dev[].mode')
	[ "$m" = legacy ] || fail "eswitch mode \"$m\", not legacy" || return
	echo "eswitch mode legacy"
}

refused() {
	local before out
	before=$(ports_lines)
	if out=$(devlink port split "pci/$(bdf)/0" count 2 2>&1); then
		fail "port split accepted: $out"; return
	fi
	echo "port split: $out"
	[ -n "$out" ] || fail "port split refused without a message" || return
	if out=$(devlink dev eswitch set "pci/$(bdf)" mode switchdev 2>&1); then
		fail "switchdev mode accepted: $out"; return
	fi
	echo "eswitch set switchdev: $out"
	[[ $out == *"only legacy mode"* ]] || fail "switchdev refused without the driver's reason" || return
	[ "$(ports_lines)" = "$before" ] || fail "the ports changed" || return
	eswitch
}

reload() {
	local b out
	b=$(bdf)
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic: $out" || return
	if devlink -j dev show | jq -e --arg d "pci/$b" '.dev | has($d)' >/dev/null; then
		fail "pci/$b still listed after rmmod"; return
	fi
	echo "rmmod: pci/$b gone"
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 nports || fail "$PORTS port netdevs did not come back within 15 s" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "setup after reload: $out" || return
	refresh_env
	IF=$NETIF
	[ "$(ports_lines | wc -l)" -eq "$PORTS" ] || fail "ports after reload: $(ports_lines | xargs)" || return
	echo "modprobe: pci/$b back with $PORTS ports"
}

[ -n "$IF" ] || { echo "NETIF unset"; exit 1; }
ktap_plan 6
run_test devlink_instance instance
run_test devlink_ports ports
run_test devlink_info info
run_test devlink_eswitch_legacy eswitch
run_test devlink_refused refused
run_test devlink_reload reload
ktap_finish
