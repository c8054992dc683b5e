#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Soak: driver reload cycles and VF enable/disable cycles with traffic
# flowing, VF and classifier configuration present (ethtool ntuple rules,
# an RSS context, tc flower rules), and netlink readers running all the
# time from another network namespace and as an unprivileged user; RTNL is
# probed every 5 ms throughout (rtnl_probe.py) and its longest wait is
# reported. After every rmmod the device's page pools must be gone (no
# pages left in flight, from the kernel's netdev netlink page-pool dump);
# the kernel log must stay clean (no WARN, BUG, oops, leak; module exit
# warns about anything its memory ledger still counts). The ledger
# (debugfs inic/memory: live objects and bytes by kind) must read the same
# after every cycle: nothing grows from one cycle to the next.
#
# SOAK_CYCLES (default 5) reload cycles, SOAK_VF_CYCLES (default 5) VF
# cycles; `make soak` runs 100 of each.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

CYCLES=${SOAK_CYCLES:-5}
VF_CYCLES=${SOAK_VF_CYCLES:-5}
PORTS=${INIC_PORTS:-2}
NVF=2
OTHER=soakother
OUT=/tmp/soak.$$
KLOG0=$(dmesg | wc -l)
TOP=${INIC_TOP:-$(cd "$dir/../../../.." && pwd)}
YNL=
for c in "${INIC_CACHE:-}/linux-source-6.12/tools/net/ynl/cli.py" \
	 "$HOME/.cache/inic/linux-source-6.12/tools/net/ynl/cli.py" \
	 /root/.cache/inic/linux-source-6.12/tools/net/ynl/cli.py; do
	[ -z "$YNL" ] && [ -f "$c" ] && YNL=$c
done
mkdir -p "$OUT"
: >"$OUT/phases"
pids=()
cleanup() {
	touch "$OUT/stop"
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	ip netns del "$OTHER" 2>/dev/null
	rm -rf "$OUT"
	# Killed mid-cycle (timeout): leave the VM as it was found.
	if [ ! -e /sys/module/inic ]; then
		modprobe inic && poll 15 nports "$PORTS" &&
			inic-vm-net setup-local >/dev/null 2>&1
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

nports() { [ "$(inic_ports | wc -l)" -eq "$1" ]; }
sysdev() { echo "/sys/class/net/$NETIF/device"; }

# Page pools the kernel still holds for a netdev that is gone: destroyed
# by the driver but with pages in flight ("detach-time"), or never destroyed
# and moved to loopback when the netdev unregistered. Prints their count.
detached_pools() {
	python3 "$YNL" --spec "${YNL%/tools/net/ynl/cli.py}/Documentation/netlink/specs/netdev.yaml" \
		--dump page-pool-get --output-json 2>/dev/null |
		jq '[.[] | select(."detach-time" != null or (.ifindex // 1) == 1)] | length'
}
no_detached_pools() { [ "$(detached_pools)" = 0 ]; }

# Phases on the RTNL probe's clock (/proc/uptime), to attribute its stalls.
phase() {
	local up
	read -r up _ </proc/uptime
	echo "$up $*" >>"$OUT/phases"
}

# The driver's memory ledger: "kind live bytes" for every kind.
MEMF=/sys/kernel/debug/inic/memory
ledger() { awk 'NR > 1 { printf "%s %s %s; ", $1, $2, $3 }' "$MEMF"; }

nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# Background readers: never stop reading while the driver comes and goes.
readers() {
	ip netns add "$OTHER" || return 1
	ip -n "$OTHER" link set lo up
	(	# another namespace: the family answers, our objects stay hidden
		while [ ! -e "$OUT/stop" ]; do
			ip netns exec "$OTHER" inictl -j dev show
			ip netns exec "$OTHER" inictl -j vf show
			ip netns exec "$OTHER" inictl -j stats show
			sleep 0.05
		done >/dev/null 2>&1
	) &
	pids+=($!)
	# nobody may not reach the checkout (e.g. one under /root, mode 700):
	# it runs a copy of inictl, and must be able to before the soak starts.
	cp "$(command -v inictl)" "$OUT/inictl" && chmod 0755 "$OUT" "$OUT/inictl" || return 1
	nobody ip -d link show >/dev/null || return 1
	nobody "$OUT/inictl" -j port show >/dev/null || return 1
	(	# an unprivileged user: ip link (VF info under RTNL) and inictl
		while [ ! -e "$OUT/stop" ]; do
			nobody ip -d link show
			nobody "$OUT/inictl" -j vf show
			nobody "$OUT/inictl" -j port show
			sleep 0.05
		done >/dev/null 2>&1
	) &
	pids+=($!)
	python3 "$dir/rtnl_probe.py" "$OUT/stop" >"$OUT/rtnl.json" 2>&1 &
	pids+=($!)
	ip netns exec "$NS" ping -f -q -w 3600 "$LOCAL_V4" >"$OUT/flood.log" 2>&1 &
	pids+=($!)
}

unload() {
	local out
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic: $out" || return
	nports 0 || fail "inic netdevs left after rmmod" || return
	poll 10 no_detached_pools ||
		fail "page pools still hold pages 10 s after rmmod: $(detached_pools) pool(s)" || return
}

load() {
	local out
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	poll 15 nports "$PORTS" || fail "port netdevs did not come back" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $out" || return
	refresh_env
}

# VF configuration present at rmmod time: 2 VFs with MAC and VLAN set.
vf_config() {
	echo "$NVF" >"$(sysdev)/sriov_numvfs" || fail "enable $NVF VFs" || return
	poll 10 test -d "$(sysdev)/virtfn$((NVF - 1))/net" || fail "no VF netdev" || return
	ip link set "$NETIF" vf 0 mac 02:00:00:5e:00:01 || fail "vf 0 mac" || return
	ip link set "$NETIF" vf 1 vlan 7 || fail "vf 1 vlan" || return
}

# Classifier configuration present at rmmod time and through the VF
# cycles: ethtool ntuple rules (to a ring, to VF 0, into an RSS context)
# and tc flower rules (drop; police into a ring).
nt() {
	local out
	out=$(ethtool -N "$NETIF" "$@" 2>&1) && [[ $out != *Cannot* ]] ||
		fail "ethtool -N $NETIF $*: $out"
}
cls_config() {
	local ctx
	nt flow-type udp4 dst-port 7001 action 1 loc 1 || return
	nt flow-type udp4 dst-port 7002 vf 0 queue 0 loc 2 || return
	ctx=$(ethtool -X "$NETIF" equal 2 context new 2>&1 | sed -n 's/^New RSS context is //p')
	[ -n "$ctx" ] || fail "RSS context" || return
	nt flow-type udp4 dst-port 7003 context "$ctx" action 0 loc 3 || return
	tc qdisc add dev "$NETIF" ingress 2>/dev/null
	tc filter replace dev "$NETIF" ingress protocol ip prio 1 handle 1 flower skip_sw \
		ip_proto udp dst_port 7004 action drop || fail "tc drop rule" || return
	tc filter replace dev "$NETIF" ingress protocol ip prio 2 handle 1 flower skip_sw \
		ip_proto udp dst_port 7005 action police rate 1mbit burst 10k \
		conform-exceed drop/pipe action skbedit queue_mapping 2 skip_sw ||
		fail "tc police rule" || return
}

t_setup() {
	[ -n "$YNL" ] || fail "no YNL CLI (linux-source-6.12 tools/net/ynl/cli.py)" || return
	no_detached_pools || fail "detached page pools before the soak: $(detached_pools)" || return
	[ "$READERS" = started ] || fail "cannot start the readers" || return
	echo "readers: another netns, uid 65534, RTNL probe, flood peer->port 0"
}

t_reload() {
	local i t0 worst=0 ms m0= m
	refresh_env
	for ((i = 1; i <= CYCLES; i++)); do
		t0=$(now_ms)
		phase "reload $i: enable and configure VFs"
		vf_config || { echo "cycle $i"; return 1; }
		cls_config || { echo "cycle $i"; return 1; }
		phase "reload $i: rmmod"
		unload || { echo "cycle $i"; return 1; }
		phase "reload $i: modprobe and set up"
		load || { echo "cycle $i"; return 1; }
		phase "reload $i: done"
		ms=$(($(now_ms) - t0))
		[ "$ms" -gt "$worst" ] && worst=$ms
		# Freshly loaded and set up: the same ledger every time.
		m=$(ledger) || fail "cycle $i: no $MEMF" || return
		[ -n "$m0" ] || { m0=$m; echo "ledger after load: $m0"; }
		[ "$m" = "$m0" ] || fail "cycle $i: ledger after load is $m, was $m0" || return
	done
	ping -c 2 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no ping after the cycles" || return
	echo "$CYCLES reload cycles with 2 configured VFs, 3 ntuple rules, an RSS context, 2 tc rules, readers and a flood; slowest cycle $worst ms"
}

t_vf_cycles() {
	local i m0 m
	refresh_env
	# rules first (the VF rule needs VF 0 once); they stay throughout
	vf_config || return
	cls_config || return
	echo 0 >"$(sysdev)/sriov_numvfs" || fail "disable VFs" || return
	m0=$(ledger) || fail "no $MEMF" || return
	echo "ledger without VFs, with the rules: $m0"
	for ((i = 1; i <= VF_CYCLES; i++)); do
		phase "VF cycle $i: enable and configure VFs"
		vf_config || { echo "cycle $i"; return 1; }
		phase "VF cycle $i: disable VFs"
		[ "$i" = 1 ] && echo "ledger with $NVF VFs: $(ledger)"
		echo 0 >"$(sysdev)/sriov_numvfs" || fail "cycle $i: disable VFs" || return
		[ ! -e "$(sysdev)/virtfn0" ] || fail "cycle $i: VFs left" || return
		phase "VF cycle $i: done"
		m=$(ledger)
		[ "$m" = "$m0" ] || fail "cycle $i: ledger after the VFs went is $m, was $m0" || return
	done
	ping -c 2 -i 0.2 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "no PF ping after the VF cycles" || return
	echo "$VF_CYCLES VF enable/configure/disable cycles with the rules (one steering to VF 0), readers and a flood"
}

# Runs in the main shell: the readers are its children.
stop_readers() {
	touch "$OUT/stop"
	poll 10 test -s "$OUT/rtnl.json"
	[ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	pids=()
}

t_rtnl() {
	local j ms at
	j=$(cat "$OUT/rtnl.json")
	echo "RTNL probe: $j"
	jq -e '.samples > 0' <<<"$j" >/dev/null || fail "RTNL probe took no samples" || return
	# Where the longest waits fell: the phase each began in.
	jq -r '.longest[] | "\(.[0]) \(.[1])"' <<<"$j" | while read -r ms at; do
		echo "RTNL wait $ms ms at ${at}s: $(awk -v t="$at" '$1 <= t { p = $0 } END {
			sub(/^[^ ]* /, "", p); print (p == "" ? "before the cycles" : p) }' "$OUT/phases" 2>/dev/null)"
	done
}

t_klog() {
	inic-klog-check --since "$KLOG0" || return
	echo "no WARN/BUG/oops/leak/call trace in the kernel log since the soak started"
}

READERS=
readers >"$OUT/readers.log" 2>&1 && READERS=started
ktap_plan 5
run_test soak_setup t_setup
run_test soak_reload_cycles t_reload
run_test soak_vf_cycles t_vf_cycles
stop_readers
run_test soak_rtnl t_rtnl
run_test soak_kernel_log_clean t_klog
refresh_env
echo 0 >"$(sysdev)/sriov_numvfs" 2>/dev/null
ktap_finish
