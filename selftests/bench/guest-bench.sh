#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of `make bench` (scripts/bench.sh boots the test VM with the
# extra NICs and runs this). Measures the same traffic over every NIC under
# test (DUT): inic port 0 (NETIF, cabled to its virtio-net peer REMOTE_IF)
# and each extra NIC scripts/bench.sh added (MAC 52:54:00:1c:02:0K, cabled
# to a virtio-net peer with MAC 52:54:00:1c:03:0K). All peers live in netns
# "peer"; the DUT side sends, the peer receives:
#
#   tcp1   iperf3 TCP, 1 stream, BENCH_TIME s      (receiver's Gbit/s)
#   tcp4   iperf3 TCP, 4 streams (-P 4)
#   udp64  iperf3 UDP, 64-byte payloads, -b 0       (packets/s the peer's
#          netdev counted as received)
#   tcp1r, tcp4r, udp64r  the same in the other direction (iperf3 -R: the
#          peer sends, the NIC under test receives; udp64r counts the
#          packets the DUT's netdev received)
#   xdpdrop receive capacity with a sender that costs the guest nothing:
#          the host floods 64-byte-payload UDP datagrams into the DUT's
#          cable (inic-flood, BENCH_XDP_PPS a second, default 100,000),
#          once into the plain stack (a socat socket: datagrams delivered
#          per second) and once into a native XDP program that drops them
#          (bpf/xdp_count_drop.bpf.c, loaded by iproute2 with libbpf; its
#          own count). NICs whose driver has no native XDP (e1000e) give
#          the stack figure and report XDP "unavailable"
#   cls    inic only: the classifier's cost. The peer sends iperf3 UDP
#          64-byte payloads to inic port 0 (packets/s its netdev counted
#          as received) with 0, then 1,024, then 65,536 tc flower skip_sw
#          rules installed (drop UDP to 10.99.X.Y: rules the flow misses,
#          one mask: the exact table); BENCH_CLS_RUNS runs (default 3) at each step; and
#          the install rate of those rules through tc -b (rules/s)
#   contain inic only: containment. A TCP stream from the peer to inic
#          port 0 (receiver's Gbit/s), alone, then under a UDP flood from
#          the wire (the host sends BENCH_FLOOD_PPS 64-byte frames a second
#          into port 0's cable: inic-flood), then under the same flood with
#          a tc flower rule steering it into standby ring 3 (RSS spreads
#          over rings 0-2) and policing it to 100 kbit/s; BENCH_CONTAIN_RUNS
#          rounds (default 3) of the three
#   toe    inic only: the TOE connection handoff (toe_lib.sh, as toe.sh
#          measures it); BENCH_TOE_RUNS rounds (default 3) with the
#          handoff on, then off: connections per second of one client
#          loop (connect + GET served within 1 s, BENCH_TOE_SECS s,
#          default 4), and the same loop under a SYN flood (hping3
#          1,000/s, random sources): served within 1 s, the host's
#          SyncookiesSent/ListenDrops, guest softirq time
#   lag    inic only, once, after the other tests: failover on a cable pull. inic ports 0 and 1 in an
#          active-backup bond (miimon BENCH_LAG_MIIMON, default 100), the
#          peer's two NICs bridged (selftests/drivers/net/inic/lag_lib.sh);
#          a 1,000 pps sequenced UDP flow from the PF (the bond) and then
#          from a VF of port 0 to the peer, BENCH_LAG_PULLS pulls (default
#          10) each of the cable that carries it (inic-wire): per pull the
#          datagrams lost and the longest arrival gap. Software bonding
#          (lag_offload=0; today's driver has no such parameter and is
#          always software) and the device's offload (lag_offload=1, only
#          when the driver has the parameter)
#
# plus, for every run, the guest CPU time from /proc/stat (all CPUs,
# user+nice+system+irq+softirq+steal). Runs are interleaved (each test over
# every NIC in turn) so that a change of host load hits all NICs alike.
# Each result is one line `BENCH-RESULT {json}` on stdout; everything else
# is commentary. Exit status: 0 when every run produced a figure, 1 when a
# run broke (a NIC missing, iperf3 failing): figures never fail it.
#
# Usage: guest-bench.sh "NAME:MODEL:K ..." (K: the index in the MACs; the
#        inic port is always measured first as NAME inic).
# Env: BENCH_TIME (s per run, default 10), BENCH_TESTS (default
#      "tcp1 tcp4 udp64 tcp1r tcp4r udp64r xdpdrop contain cls toe lag"), BENCH_REPEAT (rounds of all tests, default 1;
#      the report takes the median per NIC and test), BENCH_PERF (NICs to
#      profile with perf in the guest during each run, e.g. "inic e1000e").
set -u
NS=${REMOTE_ARGS:-peer}
[ -r /run/inic-vm/env ] && . /run/inic-vm/env
T=${BENCH_TIME:-10}
TESTS=${BENCH_TESTS:-"tcp1 tcp4 udp64 tcp1r tcp4r udp64r xdpdrop contain cls toe lag"}
REPEAT=${BENCH_REPEAT:-1}
broken=0

say() { echo "bench: $*"; }

# mac_dev MAC [NS]: the netdev with that MAC (in the root ns or NS)
mac_dev() {
	ip ${2:+-n "$2"} -o link show | awk -v m="$1" '$0 ~ "link/ether " m " " {
		sub(/:$/, "", $2); sub(/@.*/, "", $2); print $2; exit }'
}

has_carrier() {	# DEV [NS]
	[[ $(ip ${2:+-n "$2"} -o link show dev "$1" 2>/dev/null) == *LOWER_UP* ]]
}

wait_carrier() {	# DEV NS TIMEOUT
	local end=$((SECONDS + $3))
	until has_carrier "$1" "$2"; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

cpu_busy() {	# busy and total jiffies, all CPUs
	awk '/^cpu / { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6; exit }' /proc/stat
}

peer_rx() {	# DEV: rx_packets of the peer netdev
	ip -n "$NS" -s -j link show dev "$1" | jq -r '.[0].stats64.rx.packets'
}

# ---------------------------------------------------------------- set-up
declare -A DEV PEERDEV LADDR RADDR MODEL DRV CABLE
NICS=(inic)
DEV[inic]=${NETIF:-} PEERDEV[inic]=${REMOTE_IF:-}
LADDR[inic]=${LOCAL_V4:-} RADDR[inic]=${REMOTE_V4:-}
MODEL[inic]=inic CABLE[inic]=0	# inic-flood: port 0

modprobe -q e1000e 2>/dev/null
modprobe -q igb 2>/dev/null
for spec in ${1:-}; do
	IFS=: read -r name model k <<<"$spec"
	NICS+=("$name")
	MODEL[$name]=$model
	CABLE[$name]=bw$k	# scripts/bench.sh's --extra-cable bwK,bpK
	LADDR[$name]=10.201.$k.1 RADDR[$name]=10.201.$k.2
	mac=$(printf '52:54:00:1c:02:%02x' "$k") pmac=$(printf '52:54:00:1c:03:%02x' "$k")
	# Driver probe is asynchronous enough without udev: give it a moment.
	end=$((SECONDS + 20))
	while d=$(mac_dev "$mac") && [ -z "$d" ] && [ $SECONDS -lt $end ]; do sleep 0.1; done
	p=$(mac_dev "$pmac" "$NS")
	if [ -z "$p" ]; then
		p=$(mac_dev "$pmac")
		[ -n "$p" ] && ip link set dev "$p" netns "$NS"
	fi
	DEV[$name]=$d PEERDEV[$name]=$p
	if [ -z "$d" ] || [ -z "$p" ]; then
		say "$name ($model): netdev ${d:-missing}, peer ${p:-missing}"
		continue
	fi
	ip addr flush dev "$d"
	ip addr add "${LADDR[$name]}/24" dev "$d"
	ip link set dev "$d" up
	ip -n "$NS" addr flush dev "$p"
	ip -n "$NS" addr add "${RADDR[$name]}/24" dev "$p"
	ip -n "$NS" link set dev "$p" up
done

ok_nics=()
for n in "${NICS[@]}"; do
	d=${DEV[$n]} p=${PEERDEV[$n]}
	if [ -z "$d" ] || [ -z "$p" ]; then
		say "SKIPPED $n: no netdev (dut '${d}', peer '${p}')"
		broken=1
		continue
	fi
	if ! wait_carrier "$d" "" 20 || ! wait_carrier "$p" "$NS" 20; then
		say "SKIPPED $n: no carrier on $d or peer $p"
		broken=1
		continue
	fi
	DRV[$n]=$(ethtool -i "$d" 2>/dev/null | awk '/^driver:/ { print $2 }')
	# Reachability (ARP) before the clock starts.
	if ! ping -c 1 -W 5 "${RADDR[$n]}" >/dev/null 2>&1 &&
	   ! ping -c 1 -W 5 "${RADDR[$n]}" >/dev/null 2>&1; then
		say "SKIPPED $n: ${RADDR[$n]} unreachable over $d"
		broken=1
		continue
	fi
	ok_nics+=("$n")
	q=$(ls -d /sys/class/net/"$d"/queues/tx-* 2>/dev/null | wc -l)
	# The offloads that matter for these figures, as the driver set them.
	feat=$(ethtool -k "$d" 2>/dev/null | awk -F': ' '
		/^(tx-checksumming|scatter-gather|tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|rx-checksumming):/ {
			split($2, v, " "); printf "%s%s=%s", sep, $1, v[1]; sep = "," }')
	say "$n: $d (driver ${DRV[$n]}, ${q} tx queues, model ${MODEL[$n]}) ${LADDR[$n]} -> peer $p ${RADDR[$n]}"
	say "$n: offloads $feat"
	echo "BENCH-NIC $(jq -cn --arg n "$n" --arg d "$d" --arg p "$p" --arg drv "${DRV[$n]}" \
		--arg m "${MODEL[$n]}" --argjson q "$q" --arg f "$feat" \
		'{nic:$n, dev:$d, peer:$p, driver:$drv, model:$m, txqueues:$q, offloads:$f}')"
done

# ---------------------------------------------------------------- runs
port_of() {	# a distinct iperf3 port per NIC
	local i
	for i in "${!NICS[@]}"; do [ "${NICS[$i]}" = "$1" ] && echo $((5301 + i)); done
}

start_server() {	# NIC
	local port
	port=$(port_of "$1")
	ip netns exec "$NS" iperf3 -s -D -B "${RADDR[$1]}" -p "$port" \
		-I "/tmp/bench-iperf3-$1.pid" --logfile "/tmp/bench-iperf3-$1.log" || return 1
	local end=$((SECONDS + 10))
	until ip netns exec "$NS" ss -Htln "sport = :$port" | grep -q .; do
		[ $SECONDS -lt $end ] || return 1
		sleep 0.05
	done
}

stop_servers() {
	local f
	for f in /tmp/bench-iperf3-*.pid; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
		rm -f "$f"
	done
}
trap stop_servers EXIT

for n in "${ok_nics[@]}"; do
	start_server "$n" || { say "cannot start iperf3 -s for $n"; broken=1; }
done

# BENCH_PERF="NIC ...": a guest profile (perf record -a, cpu-clock, call
# graphs) over each run of those NICs; its flat top (symbols over all CPUs,
# 1% and above) is printed as "bench: perf TEST NIC: ..." lines.
PERF_PID=""
perf_start() {	# TEST NIC
	PERF_PID=""
	case " ${BENCH_PERF:-} " in *" $2 "*) ;; *) return 0 ;; esac
	command -v perf >/dev/null || { say "perf: not installed"; return 0; }
	perf record -q -a -g -e cpu-clock -F 499 -o "/tmp/bench-perf-$1-$2.data" \
		-- sleep "$T" >/dev/null 2>&1 &
	PERF_PID=$!
}
perf_report() {	# TEST NIC
	[ -n "$PERF_PID" ] || return 0
	wait "$PERF_PID"
	PERF_PID=""
	perf report -i "/tmp/bench-perf-$1-$2.data" --stdio --no-children -g none \
		--sort sym --percent-limit 1 2>/dev/null | grep -v '^#' | grep -v '^$' |
		head -n 40 | sed "s/^/bench: perf $1 $2: /"
	perf report -i "/tmp/bench-perf-$1-$2.data" --stdio --no-children -g none \
		--sort dso --percent-limit 1 2>/dev/null | grep -v '^#' | grep -v '^$' |
		head -n 10 | sed "s/^/bench: perf-dso $1 $2: /"
	rm -f "/tmp/bench-perf-$1-$2.data"
}

run_one() {	# TEST NIC ROUND
	local test=$1 n=$2 round=$3 port args json=/tmp/bench-$1-$2.json
	port=$(port_of "$n")
	case $test in
	tcp1) args=(-P 1) ;;
	tcp4) args=(-P 4) ;;
	udp64) args=(-u -l 64 -b 0) ;;
	tcp1r) args=(-R -P 1) ;;
	tcp4r) args=(-R -P 4) ;;
	udp64r) args=(-R -u -l 64 -b 0) ;;
	*) say "unknown test $test"; return 1 ;;
	esac
	local b0 t0 b1 t1 p0 p1 d0 d1 s0 s1 rc
	p0=$(peer_rx "${PEERDEV[$n]}")
	d0=$(dev_rx "${DEV[$n]}")
	read -r b0 t0 < <(cpu_busy)
	s0=$EPOCHREALTIME
	perf_start "$test" "$n"
	timeout $((T + 40)) iperf3 -c "${RADDR[$n]}" -p "$port" -B "${LADDR[$n]}" -t "$T" \
		--connect-timeout 5000 -J "${args[@]}" >"$json" 2>&1
	rc=$?
	s1=$EPOCHREALTIME
	perf_report "$test" "$n"
	read -r b1 t1 < <(cpu_busy)
	p1=$(peer_rx "${PEERDEV[$n]}")
	d1=$(dev_rx "${DEV[$n]}")
	local err
	err=$(jq -r '.error // empty' "$json" 2>/dev/null)
	if [ $rc -ne 0 ] || [ -n "$err" ]; then
		say "$test over $n FAILED (rc $rc): ${err:-$(head -c 300 "$json")}"
		echo "BENCH-RESULT $(jq -cn --arg n "$n" --arg t "$test" --arg e "rc $rc ${err}" \
			--argjson r "$round" '{nic:$n, test:$t, round:$r, error:$e}')"
		return 1
	fi
	# Figures: bytes and rate as the receiver saw them (TCP; with -R the
	# receiver is the client here, and sum_received is still its count),
	# packets the receiving netdev counted (UDP: the peer's for udp64, the
	# DUT's for udp64r), CPU seconds over the wall time of the run.
	jq -c --arg n "$n" --arg t "$test" --argjson round "$round" --argjson wall "$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')" \
		--argjson busy "$(( b1 - b0 ))" --argjson total "$(( t1 - t0 ))" \
		--argjson prx "$(( p1 - p0 ))" --argjson drx "$(( d1 - d0 ))" --argjson hz "$(getconf CLK_TCK)" '
		.end as $e |
		(if $t == "udp64" or $t == "udp64r" then $e.sum else $e.sum_received end) as $s |
		{nic: $n, test: $t, round: $round, wall_s: $wall,
		 secs: $s.seconds, bytes: $s.bytes, gbps: ($s.bits_per_second / 1e9),
		 retransmits: ($e.sum_sent.retransmits // null),
		 sent_packets: ($e.sum.packets // null),
		 peer_rx_packets: $prx,
		 peer_rx_pps: (if $s.seconds > 0 then $prx / $s.seconds else null end),
		 dut_rx_packets: $drx,
		 dut_rx_pps: (if $s.seconds > 0 then $drx / $s.seconds else null end),
		 cpu_busy_s: ($busy / $hz), cpu_total_s: ($total / $hz),
		 cpu_util: (if $total > 0 then $busy / $total else null end),
		 cpu_s_per_gbit: (if $s.bytes > 0 then ($busy / $hz) / ($s.bytes * 8 / 1e9) else null end)}
		| "BENCH-RESULT " + tojson' -r "$json"
}

# ---------------------------------------------------------------- xdpdrop
XDP_OBJ=$(dirname "$(readlink -f "$0")")/../drivers/net/inic/bpf/xdp_count_drop.bpf.o

xdp_drops() {	# DEV: the datagrams DEV's program dropped, all CPUs
	local id map
	id=$(ip -j -d link show dev "$1" | jq -r '.[0].xdp.prog.id // empty')
	[ -n "$id" ] || return 1
	map=$(bpftool -j prog show id "$id" | jq -r '.map_ids[0] // empty')
	[ -n "$map" ] || return 1
	bpftool -j map lookup id "$map" key 0 0 0 0 |
		jq -r '[(.formatted.values // .values)[] | .value] | add'
}

udp_in() {	# the host's UDP InDatagrams (datagrams delivered to sockets)
	awk '$1 == "Udp:" && $2 ~ /^[0-9]+$/ { print $2; exit }' /proc/net/snmp
}

# xdp_phase NIC PHASE: the host floods 64-byte-payload UDP datagrams into
# the NIC's cable for T s; prints "SENT LOST" of the flood
xdp_phase() {
	local n=$1 d=${DEV[$1]} pps=${BENCH_XDP_PPS:-100000} mac out
	mac=$(cat "/sys/class/net/$d/address")
	inic-flood --udp4 "${CABLE[$n]}" "$pps" "$T" "$mac" "${RADDR[$n]}" \
		"${LADDR[$n]}" 5399 106 >/dev/null || return 1
	sleep "$T"
	# the host's flood thread ends by itself after T s; stop reports it
	out=$(inic-flood "${CABLE[$n]}" stop) || return 1
	echo "$out"
}

# run_xdpdrop NIC ROUND: the receive capacity of the NIC under test, from
# a sender that costs the guest nothing: the host floods BENCH_XDP_PPS
# (default 100,000) 64-byte-payload UDP datagrams a second into its cable
# (inic-flood) for T s, twice: the plain stack (a socat socket reading
# them: datagrams delivered, /proc/net/snmp) and native XDP dropping them
# (bpf/xdp_count_drop.bpf.c, its own per-CPU count). Both are rates of
# datagrams the guest took, whatever the flood offered beyond them.
run_xdpdrop() {
	local n=$1 round=$2 d=${DEV[$1]} out u0 u1 f1 f2 c0 c1 sp
	command -v inic-flood >/dev/null || { say "xdpdrop: no inic-flood"; return 1; }
	socat -u "UDP4-RECV:5399,bind=${LADDR[$n]}" /dev/null &
	sp=$!
	u0=$(udp_in)
	f1=$(xdp_phase "$n" stack)
	u1=$(udp_in)
	kill "$sp" 2>/dev/null
	wait "$sp" 2>/dev/null
	if [ -z "$f1" ]; then
		say "xdpdrop over $n FAILED: the host flood did not run"
		echo "BENCH-RESULT $(jq -cn --arg n "$n" --argjson r "$round" \
			'{nic:$n, test:"xdpdrop", round:$r, error:"inic-flood"}')"
		return 1
	fi
	if ! out=$(ip link set dev "$d" xdpdrv obj "$XDP_OBJ" sec xdp 2>&1); then
		say "xdpdrop over $n: no native XDP: $(tr '\n' ' ' <<<"$out" | head -c 200)"
		echo "BENCH-RESULT $(jq -cn --arg n "$n" --argjson r "$round" --arg why "$(head -n 1 <<<"$out")" \
			--argjson secs "$T" --argjson stack "$((u1 - u0))" --arg f "$f1" '
			{nic:$n, test:"xdpdrop", round:$r, unavailable:$why, secs:$secs,
			 stack_rx:$stack, stack_rx_pps:($stack / $secs),
			 flood_sent_stack:($f | split(" ")[0] | tonumber)}')"
		return 0
	fi
	c0=$(xdp_drops "$d") || c0=0
	f2=$(xdp_phase "$n" xdp)
	c1=$(xdp_drops "$d") || c1=
	ip link set dev "$d" xdpdrv off 2>/dev/null
	if [ -z "$f2" ] || [ -z "$c1" ]; then
		say "xdpdrop over $n FAILED (flood '$f2', drops '${c1}')"
		echo "BENCH-RESULT $(jq -cn --arg n "$n" --argjson r "$round" \
			'{nic:$n, test:"xdpdrop", round:$r, error:"xdp phase"}')"
		return 1
	fi
	say "xdpdrop over $n: flood sent/lost at the cable: stack $f1, xdp $f2"
	echo "BENCH-RESULT $(jq -cn --arg n "$n" --argjson r "$round" --argjson secs "$T" \
		--argjson stack "$((u1 - u0))" --argjson dropped "$((c1 - c0))" \
		--arg f1 "$f1" --arg f2 "$f2" '
		{nic:$n, test:"xdpdrop", round:$r, secs:$secs,
		 stack_rx:$stack, stack_rx_pps:($stack / $secs),
		 xdp_dropped:$dropped, xdp_drop_pps:($dropped / $secs),
		 flood_sent_stack:($f1 | split(" ")[0] | tonumber),
		 flood_sent_xdp:($f2 | split(" ")[0] | tonumber)}')"
}

# ---------------------------------------------------------------- cls
dev_rx() {	# DEV: rx_packets of a root-namespace netdev
	cat "/sys/class/net/$1/statistics/rx_packets"
}

# cls_rx RULES RUN: one receive run, peer -> inic port 0, UDP 64 B
cls_rx() {
	local d=${DEV[inic]} json=/tmp/bench-cls.json r0 r1 s0 s1 rc
	r0=$(dev_rx "$d")
	s0=$EPOCHREALTIME
	timeout $((T + 40)) ip netns exec "$NS" iperf3 -c "${LADDR[inic]}" -p 5390 \
		-t "$T" -u -l 64 -b 0 --connect-timeout 5000 -J >"$json" 2>&1
	rc=$?
	s1=$EPOCHREALTIME
	r1=$(dev_rx "$d")
	if [ $rc -ne 0 ]; then
		say "cls rx with $1 rules FAILED (rc $rc): $(head -c 300 "$json")"
		echo "BENCH-RESULT $(jq -cn --arg e "rc $rc" --argjson r "$1" \
			'{nic:"inic", test:"cls", rules:$r, error:$e}')"
		return 1
	fi
	jq -c --argjson rules "$1" --argjson run "$2" --argjson rx "$((r1 - r0))" \
		--argjson wall "$(awk -v a="$s0" -v b="$s1" 'BEGIN { print b - a }')" '
		.end.sum as $s |
		{nic: "inic", test: "cls", rules: $rules, run: $run, secs: $s.seconds,
		 wall_s: $wall, sent_packets: ($s.packets // null), rx_packets: $rx,
		 rx_pps: (if $s.seconds > 0 then $rx / $s.seconds else null end)}
		| "BENCH-RESULT " + tojson' -r "$json"
}

# cls_install FROM TO: tc -b adds rules FROM..TO-1 (drop UDP to
# 10.99.X.Y, never the measured flow's address); a cls_install result
cls_install() {
	local f=/tmp/bench-cls.batch i t0 t1
	for ((i = $1; i < $2; i++)); do
		echo "filter add dev ${DEV[inic]} ingress protocol ip prio 100 handle $((i + 1)) flower skip_sw dst_ip 10.99.$((i >> 8)).$((i & 255)) ip_proto udp action drop"
	done >"$f"
	t0=$EPOCHREALTIME
	tc -b "$f" || return 1
	t1=$EPOCHREALTIME
	rm -f "$f"
	echo "BENCH-RESULT $(jq -cn --argjson n "$(($2 - $1))" --argjson to "$2" \
		--argjson s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
		'{nic:"inic", test:"cls_install", rules:$to, added:$n, secs:$s, rules_per_s:($n / $s)}')"
}

run_cls() {
	local runs=${BENCH_CLS_RUNS:-3} step prev k t0 t1
	[ -n "${DEV[inic]}" ] || return 1
	iperf3 -s -D -B "${LADDR[inic]}" -p 5390 -I /tmp/bench-iperf3-cls.pid \
		--logfile /tmp/bench-iperf3-cls.log || return 1
	# Interleaved rounds: each round starts from an empty table and
	# measures 0, 1,024 and 65,536 rules, so a slow spell of the host
	# touches every step alike instead of one.
	for ((k = 1; k <= runs; k++)); do
		t0=$EPOCHREALTIME
		tc qdisc del dev "${DEV[inic]}" ingress 2>/dev/null
		t1=$EPOCHREALTIME
		[ "$k" -eq 1 ] || echo "BENCH-RESULT $(jq -cn --argjson n "$prev" \
			--argjson s "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
			'{nic:"inic", test:"cls_flush", rules:$n, secs:$s, rules_per_s:($n / $s)}')"
		tc qdisc add dev "${DEV[inic]}" ingress || return 1
		prev=0
		for step in 0 1024 65536; do
			if [ "$step" -gt "$prev" ]; then
				say "cls: round $k/$runs: installing rules $prev..$((step - 1))"
				cls_install "$prev" "$step" || { say "cls: tc -b failed"; return 1; }
				prev=$step
			fi
			say "cls: round $k/$runs: UDP 64 B receive with $step rules, $T s"
			cls_rx "$step" "$k" || return 1
		done
	done
	say "cls: $(head -1 /sys/kernel/debug/inic/*/cls 2>/dev/null)"
	kill "$(cat /tmp/bench-iperf3-cls.pid 2>/dev/null)" 2>/dev/null
}

# ---------------------------------------------------------------- contain
# contain_tcp CASE RUN: one TCP stream peer -> inic port 0; a result line
contain_tcp() {
	local json=/tmp/bench-contain.json rc extra=${3:-}
	[ -n "$extra" ] || extra='{}'
	timeout $((T + 40)) ip netns exec "$NS" iperf3 -c "${LADDR[inic]}" -p 5391 \
		-t "$T" --connect-timeout 5000 -J >"$json" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		say "contain: TCP ($1) FAILED (rc $rc): $(head -c 300 "$json")"
		echo "BENCH-RESULT $(jq -cn --arg c "$1" --arg e "rc $rc" \
			'{nic:"inic", test:"contain", case:$c, error:$e}')"
		return 1
	fi
	jq -c --arg c "$1" --argjson run "$2" --argjson extra "$extra" '
		.end.sum_received as $s |
		{nic: "inic", test: "contain", case: $c, run: $run, secs: $s.seconds,
		 gbps: ($s.bits_per_second / 1e9)} + $extra
		| "BENCH-RESULT " + tojson' -r "$json"
}

# contain_flooded CASE RUN: the same under the flood; adds what the
# flood did (frames sent/lost at the cable, rule counters, ring 3)
contain_flooded() {
	local d=${DEV[inic]} mac pps=${BENCH_FLOOD_PPS:-5000} out r3a r3b st rc
	mac=$(cat "/sys/class/net/$d/address")
	r3a=$(ethtool -S "$d" | awk '$1 == "rx3_packets:" { print $2 }')
	inic-flood --udp4 0 "$pps" $((T + 30)) "$mac" 192.0.2.99 "${LADDR[inic]}" 9 64 ||
		{ say "contain: inic-flood failed"; return 1; }
	sleep 1		# the flood at full rate before the clock starts
	contain_tcp "$1" "$2" "$(jq -cn --argjson p "$pps" '{flood_pps:$p}')" >/tmp/bench-contain.line
	rc=$?
	out=$(inic-flood 0 stop)
	r3b=$(ethtool -S "$d" | awk '$1 == "rx3_packets:" { print $2 }')
	st=$(tc -s -j filter show dev "$d" ingress 2>/dev/null | jq -c '[.[] | .options.actions? // empty | .[] | .stats] | .[0] // {}')
	say "contain ($1): flood $pps pps, sent/lost at the cable: $out; ring 3 +$((r3b - r3a)); rule stats $st"
	[ $rc -eq 0 ] || { cat /tmp/bench-contain.line; return 1; }
	sed "s/}\$/,\"flood_sent\":${out%% *},\"flood_lost\":${out##* },\"ring3_rx\":$((r3b - r3a))}/" \
		/tmp/bench-contain.line
}

run_contain() {
	local d=${DEV[inic]} runs=${BENCH_CONTAIN_RUNS:-3} k
	[ -n "$d" ] || return 1
	command -v inic-flood >/dev/null || { say "contain: no inic-flood"; return 1; }
	iperf3 -s -D -B "${LADDR[inic]}" -p 5391 -I /tmp/bench-iperf3-contain.pid \
		--logfile /tmp/bench-iperf3-contain.log || return 1
	ethtool -X "$d" equal 3 || return 1
	tc qdisc del dev "$d" ingress 2>/dev/null
	tc qdisc add dev "$d" ingress || return 1
	for ((k = 1; k <= runs; k++)); do
		say "contain: round $k/$runs: TCP alone, $T s"
		contain_tcp alone "$k" || return 1
		say "contain: round $k/$runs: TCP under the flood, no rule"
		contain_flooded flood "$k" || return 1
		tc filter add dev "$d" ingress protocol ip prio 1 flower skip_sw \
			ip_proto udp dst_port 9 \
			action police rate 100kbit burst 8k conform-exceed drop/pipe \
			action skbedit queue_mapping 3 skip_sw || return 1
		say "contain: round $k/$runs: TCP under the flood, policed into ring 3"
		contain_flooded contained "$k" || return 1
		tc filter del dev "$d" ingress
	done
	tc qdisc del dev "$d" ingress
	ethtool -X "$d" default
	kill "$(cat /tmp/bench-iperf3-contain.pid)" 2>/dev/null
}

# ---------------------------------------------------------------- toe
# toe_result CASE HANDOFF RUN JSON-FIELDS: one BENCH-RESULT line
toe_result() {
	echo "BENCH-RESULT $(jq -cn --arg c "$1" --arg h "$2" --argjson run "$3" \
		--argjson f "$4" '{nic: "inic", test: "toe", case: $c, handoff: $h, run: $run} + $f')"
}

# run_toe: the TOE handoff (selftests/drivers/net/inic/toe_lib.sh, as
# toe.sh measures it), BENCH_TOE_RUNS rounds (default 3), each with the
# handoff on, then off: the accept rate of one client loop (connect + GET
# served within 1 s, BENCH_TOE_SECS s, default 4), and the same loop
# under a SYN flood (hping3 1,000/s, random sources, BENCH_TOE_SECS * 2
# s): served within 1 s, the host's SYN counters, guest softirq time.
# In a subshell: toe_lib.sh's helpers (start_server...) stay out of ours.
run_toe() (
	local d=selftests/drivers/net/inic runs=${BENCH_TOE_RUNS:-3} k h
	local secs=${BENCH_TOE_SECS:-4} tried ok c a
	[ -r "$d/toe_lib.sh" ] || { say "toe: no $d/toe_lib.sh"; exit 1; }
	# shellcheck source=/dev/null
	. "$d/lib.sh"
	# shellcheck source=/dev/null
	. "$d/toe_lib.sh"
	inictl toe show >/dev/null 2>&1 || { say "toe: inictl toe show failed (no TOE engine?)"; exit 1; }
	command -v hping3 >/dev/null || { say "toe: no hping3"; exit 1; }
	del_all
	start_server || { stop_server; say "toe: http.server did not start"; exit 1; }
	FLOOD_SECS=$((secs * 2))
	for ((k = 1; k <= runs; k++)); do
		for h in on off; do
			del_all
			if [ $h = on ]; then
				inictl toe listen add dev "$NETIF" port $PORT family inet ||
					{ stop_server; say "toe: listen add failed"; exit 1; }
			fi
			read -r tried ok c a < <(connect_loop "$secs")
			say "toe: round $k/$runs handoff $h: accept $ok of $tried in $secs s, mean connect $c ms, connect-to-response $a ms"
			toe_result accept $h "$k" "$(jq -cn --argjson t "$tried" --argjson o "$ok" \
				--argjson s "$secs" --argjson c "$c" --argjson a "$a" \
				'{secs: $s, tried: $t, ok: $o, cps: ($o / $s), connect_ms: $c, response_ms: $a}')"
			# not in $(...): flood_run leaves FLOOD_* for us
			flood_run $h >/tmp/bench-toe-flood.txt
			say "toe: round $k/$runs handoff $h: $(cat /tmp/bench-toe-flood.txt)"
			toe_result flood $h "$k" "$(jq -cn --argjson t "$FLOOD_TRIED" --argjson o "$FLOOD_OK" \
				--argjson s "$FLOOD_SECS" --argjson ss "$FLOOD_SS" --argjson ld "$FLOOD_LD" \
				--argjson lo "$FLOOD_LO" --argjson po "$FLOOD_PO" --argjson sa "$FLOOD_SA" \
				--argjson si "$FLOOD_SI_MS" --argjson sp "$FLOOD_SI_PCT" \
				'{secs: $s, tried: $t, ok: $o, served_pct: (if $t > 0 then 100 * $o / $t else 0 end),
				  syncookies_sent: $ss, listen_drops: $ld, listen_overflows: $lo,
				  passive_opens: $po, syn_answered: $sa, softirq_ms: $si, softirq_pct: $sp}')"
		done
	done
	del_all
	stop_server
	exit 0
)

# ---------------------------------------------------------------- lag
# lag_measure MODE FROM: BENCH_LAG_PULLS pulls under the flow from FROM
# (pf|vf); one BENCH-RESULT line per pull
lag_measure() {
	local mode=$1 from=$2 pulls=${BENCH_LAG_PULLS:-10} i line
	if [ "$from" = vf ]; then
		lag_vf_up >/tmp/bench-lag-vf.log 2>&1 || { say "lag: VF set-up failed: $(tr '\n' ' ' </tmp/bench-lag-vf.log)"; return 1; }
		say "lag: $(tail -n 1 /tmp/bench-lag-vf.log)"
	fi
	lag_flow_start "$from" || return 1
	for ((i = 1; i <= pulls; i++)); do
		lag_pull || { say "lag: $mode $from: pull $i broke: the flow did not come back"; lag_flow_stop; return 1; }
		say "lag: $mode $from pull $i: ${LAG_PULL_LOG[$((i - 1))]}"
		LAG_RES[$i]=$LAG_RESUMED
	done
	lag_flow_analyze >/tmp/bench-lag.json 2>/tmp/bench-lag.err || return 1
	say "lag: $mode $from: $(cat /tmp/bench-lag.err)"
	while read -r line; do
		if [[ $line == *'"pull": "total"'* ]]; then
			say "lag: $mode $from whole flow: $line"
			continue
		fi
		i=$(jq -r .pull <<<"$line")
		echo "BENCH-RESULT $(jq -c --arg m "$mode" --arg f "$from" --argjson r "${LAG_RES[$i]:-0}" \
			--argjson mii "${BENCH_LAG_MIIMON:-100}" \
			'{nic: "inic", test: "lag", mode: $m, from: $f, resumed: ($r == 1), miimon: $mii} + .' <<<"$line")"
	done </tmp/bench-lag.json
	[ "$from" = vf ] && lag_vf_down
	return 0
}

run_lag() {
	local d=selftests/drivers/net/inic mode param rc=0 f
	[ -r "$d/lag_lib.sh" ] || { say "lag: no $d/lag_lib.sh"; return 1; }
	# shellcheck source=/dev/null
	. "$d/lib.sh"
	# shellcheck source=/dev/null
	. "$d/lag_lib.sh"
	declare -gA LAG_RES
	param=$(lag_param)
	for mode in software offload; do
		if [ "$param" = none ]; then
			if [ "$mode" = offload ]; then
				say "lag: the driver has no lag_offload parameter: no offload to measure"
				for f in pf vf; do
					echo "BENCH-RESULT $(jq -cn --arg f "$f" '{nic:"inic", test:"lag", mode:"offload", from:$f, unavailable:"driver has no offload"}')"
				done
				continue
			fi
		else
			lag_param_set "$([ $mode = offload ] && echo 1 || echo 0)" ||
				{ say "lag: cannot set lag_offload for $mode"; rc=1; continue; }
		fi
		say "lag: $mode (lag_offload $(lag_param)): active-backup miimon ${BENCH_LAG_MIIMON:-100}, ${BENCH_LAG_PULLS:-10} pulls, PF then VF"
		if ! lag_up active-backup miimon "${BENCH_LAG_MIIMON:-100}" >/tmp/bench-lag-up.log 2>&1; then
			say "lag: $mode: set-up failed: $(tr '\n' ' ' </tmp/bench-lag-up.log)"
			rc=1
			lag_down
			continue
		fi
		# what the driver made of the bond (once it has the offload)
		[ "$param" = none ] || say "lag: $mode: inictl lag show: $(inictl -j lag show 2>&1 | head -c 400)"
		for f in pf vf; do
			lag_measure "$mode" "$f" || {
				echo "BENCH-RESULT $(jq -cn --arg m "$mode" --arg f "$f" '{nic:"inic", test:"lag", mode:$m, from:$f, error:"pulls broke"}')"
				rc=1
			}
		done
		lag_down || { say "lag: the standard topology did not come back"; rc=1; }
	done
	[ "$param" = none ] || lag_param_set "$param" >/dev/null 2>&1
	return $rc
}

for ((round = 1; round <= REPEAT; round++)); do
	for test in $TESTS; do
		# lag runs once, after everything else: it may reload the
		# driver (lag_offload), which renames inic's netdevs
		[ "$test" = lag ] && continue
		if [ "$test" = contain ]; then
			[ "$round" -eq 1 ] || continue
			run_contain || broken=1
			continue
		fi
		if [ "$test" = toe ]; then
			# once, not per round: it has rounds of its own
			[ "$round" -eq 1 ] || continue
			run_toe || broken=1
			continue
		fi
		if [ "$test" = cls ]; then
			# once, not per round: its steps only add rules
			[ "$round" -eq 1 ] || continue
			run_cls || broken=1
			continue
		fi
		for n in "${ok_nics[@]}"; do
			say "round $round/$REPEAT: $test over $n (${DEV[$n]}), $T s"
			if [ "$test" = xdpdrop ]; then
				run_xdpdrop "$n" "$round" || broken=1
			else
				run_one "$test" "$n" "$round" || broken=1
			fi
		done
	done
done
case " $TESTS " in *" lag "*) run_lag || broken=1 ;; esac
stop_servers
exit $broken
