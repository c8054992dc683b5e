#!/usr/bin/env bash
# `make bench`: inic side by side with the NICs a user would compare it with,
# in one VM run, same QEMU build, same topology. See Documentation/benchmark.rst.
#
# Boots the test VM (selftests/vm/run-vm, PORTS=2 QUEUES=4 as `make run`)
# with QEMU_EXTRA adding, for each comparison model (virtio-net-pci, e1000e,
# igb), one NIC under test behind its own pcie-root-port (as inic is),
# cabled (run-vm --extra-cable) to a virtio-net peer that the guest moves
# into netns "peer" -- exactly how inic's ports are cabled. Once per cable
# kind of BENCH_CABLES (run-vm --cable): tap (tap devices with vnet_hdr and
# a bridge per cable, in a private network namespace: the backend users
# run) and dgram (unix datagram sockets: no virtio-net header, so no
# offload crosses the cable). The guest (selftests/bench/guest-bench.sh)
# runs iperf3 TCP 1 and 4 streams and UDP 64-byte packets from each NIC to
# its peer and samples /proc/stat; selftests/bench/report.py prints the
# table (absolute figures and inic / each peer) and writes results.json,
# results.csv and chart.png into build/bench/<timestamp>/<cable>/.
#
# Figures never fail the benchmark; a broken run does (VM not booting, a
# NIC missing, iperf3 failing): exit 1.
#
# Env: BENCH_CABLES (cable kinds, in order; default "tap dgram"),
# BENCH_TIME (s per run, default 10), BENCH_TESTS (default
# "tcp1 tcp4 udp64 tcp1r tcp4r udp64r xdpdrop contain cls toe lag"), BENCH_REPEAT (rounds, default 1; figures are the
# median), BENCH_MODELS (default "virtio-net-pci e1000e igb"),
# BENCH_XDP_PPS (xdpdrop host flood, default 100000), BENCH_LAG_PULLS
# (cable pulls per lag case, default 10), BENCH_LAG_MIIMON
# (the bond's miimon, default 100), BENCH_TOE_RUNS and BENCH_TOE_SECS
# (rounds of the toe section, default 3, and its client loop's seconds,
# default 4), BENCH_PERF (NICs to profile in the
# guest, e.g. "inic e1000e": perf's top symbols in guest.log),
# BENCH_HOST_PERF (NICs to profile from the host: QEMU's samples during
# round 1 of each of their runs, guest code named by guest kernel
# function, hostperf.txt), BENCH_OUT (results folder), PORTS, QUEUES, VFS (inic device, default
# 2/4/8), BENCH_SMP (vCPUs, default 2), BENCH_TIMEOUT (VM run, default 1500).
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top" || exit 1
stamp=$(date +%Y%m%d-%H%M%S)
out=${BENCH_OUT:-$top/build/bench/$stamp}
models=${BENCH_MODELS:-"virtio-net-pci e1000e igb"}
ports=${PORTS:-2} queues=${QUEUES:-4} vfs=${VFS:-8}
mkdir -p "$out" || exit 1

die() { echo "bench: $*" >&2; exit 1; }
[ -f "$top/drivers/net/inic/inic.ko" ] ||
	die "drivers/net/inic/inic.ko missing (make module)"
/usr/bin/python3 -c 'import matplotlib' 2>/dev/null ||
	echo "bench: python3-matplotlib missing: no chart (apt-get install python3-matplotlib)" >&2

extra="" spec="" cabling="" k=0
for m in $models; do
	k=$((k + 1))
	case $m in
	virtio-net-pci) name=virtio-net ;;
	*) name=$m ;;
	esac
	# The cable bwK-bpK itself (both -netdev options) is run-vm's, of the
	# --cable kind.
	cabling+=" --extra-cable bw$k,bp$k"
	extra+=" -device pcie-root-port,id=brp$k,chassis=$((10 + k))"
	extra+=" -device $m,bus=brp$k,netdev=bw$k,mac=$(printf '52:54:00:1c:02:%02x' $k)"
	extra+=" -device virtio-net-pci,netdev=bp$k,mac=$(printf '52:54:00:1c:03:%02x' $k)"
	spec+=" $name:$m:$k"
done
# BENCH_QEMU_EXTRA: more QEMU options, e.g. "-global inic.x-tx-inline=off"
# to measure a device property's effect against the same peers.
extra+=" ${BENCH_QEMU_EXTRA:-}"
# BENCH_HOST_PERF: QEMU names its generated code by guest address
# (-perfmap) for selftests/bench/hostperf.sh's host-side profiles.
hostperf=${BENCH_HOST_PERF:-}
if [ -n "$hostperf" ]; then
	command -v perf >/dev/null || die "BENCH_HOST_PERF: no perf on the host (apt-get install linux-perf)"
	extra+=" -perfmap"
fi
cables=${BENCH_CABLES:-tap dgram}
for c in $cables; do
	case $c in
	tap | dgram) ;;
	*) die "BENCH_CABLES: $c is not a cable kind (tap, dgram)" ;;
	esac
done

qemu_bin=$(selftests/vm/run-vm --print-cmdline --cmd true 2>/dev/null | awk '{ print $1 }')
qemu_bin=$(readlink -f "$qemu_bin")
guest_cmd="BENCH_TIME=${BENCH_TIME:-10} BENCH_REPEAT=${BENCH_REPEAT:-1}"
guest_cmd+=" BENCH_TESTS='${BENCH_TESTS:-tcp1 tcp4 udp64 tcp1r tcp4r udp64r xdpdrop contain cls toe lag}'"
guest_cmd+=" BENCH_CLS_RUNS=${BENCH_CLS_RUNS:-3} BENCH_CONTAIN_RUNS=${BENCH_CONTAIN_RUNS:-3}"
guest_cmd+=" BENCH_TOE_RUNS=${BENCH_TOE_RUNS:-3} BENCH_TOE_SECS=${BENCH_TOE_SECS:-4}"
guest_cmd+=" BENCH_PERF='${BENCH_PERF:-}'"
guest_cmd+=" BENCH_FLOOD_PPS=${BENCH_FLOOD_PPS:-5000}"
guest_cmd+=" BENCH_XDP_PPS=${BENCH_XDP_PPS:-100000}"
guest_cmd+=" BENCH_LAG_PULLS=${BENCH_LAG_PULLS:-10} BENCH_LAG_MIIMON=${BENCH_LAG_MIIMON:-100}"
guest_cmd+=" selftests/bench/guest-bench.sh '${spec# }'"
echo "bench: results in ${out#"$top"/}/{${cables// /,}}; cables: $cables"
echo "bench: ${BENCH_TIME:-10} s per run, ${BENCH_REPEAT:-1} round(s); tests ${BENCH_TESTS:-tcp1 tcp4 udp64 tcp1r tcp4r udp64r xdpdrop contain cls toe lag}; NICs inic$spec"

# bench_cable CABLE: one VM run on that cable kind, results in $out/CABLE.
bench_cable() {
	local c=$1 d=$out/$1 rc prc s
	mkdir -p "$d" || return 1
	{
		echo "date: $(date -Is)"
		echo "cable: $c"
		echo "host: $(uname -srm), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 " kB" }' /proc/meminfo)"
		echo "load before: $(cat /proc/loadavg)"
		echo "qemu: $qemu_bin ($(stat -c %y "$qemu_bin" 2>/dev/null | cut -d. -f1))"
		echo "inic.ko sha256: $(sha256sum drivers/net/inic/inic.ko | cut -c1-16)"
		echo "git: $(git -C "$top" describe --always --dirty 2>/dev/null)"
		echo "topology: inic ports=$ports queues=$queues; models: $models"
		echo "qemu extra:$extra"
		echo "run-vm:$cabling --cable $c"
	} >"$d/meta.txt"
	echo "bench: cable $c: load $(cut -d' ' -f1-3 /proc/loadavg)"
	s=$SECONDS
	local hp=""
	if [ -n "$hostperf" ]; then
		# profiles round 1 of each run over those NICs, 2 s short of it
		: >"$d/guest.log"
		selftests/bench/hostperf.sh "$d" "$qemu_bin" \
			"$(((${BENCH_TIME:-10} > 3) ? ${BENCH_TIME:-10} - 2 : 1))" "$hostperf" &
		hp=$!
	fi
	# One host thread per vCPU: the sender and the receiver run in parallel,
	# as on real CPUs (the test VM's default is one thread for all).
	# shellcheck disable=SC2086 # $cabling is a list of options
	INIC_VM_TIMING=1 selftests/vm/run-vm --tcg-thread "${BENCH_TCG_THREAD:-multi}" \
		--cable "$c" $cabling \
		--ports "$ports" --queues "$queues" --vfs "$vfs" \
		--smp "${BENCH_SMP:-2}" --timeout "${BENCH_TIMEOUT:-1500}" --qemu-extra "$extra" \
		--cmd "$guest_cmd" 2>&1 | tee "$d/guest.log"
	rc=${PIPESTATUS[0]}
	echo "load after: $(cat /proc/loadavg)" >>"$d/meta.txt"
	echo "vm: run-vm exit $rc after $((SECONDS - s)) s" >>"$d/meta.txt"
	echo "bench: cable $c: VM run took $((SECONDS - s)) s (run-vm exit $rc); load $(cut -d' ' -f1-3 /proc/loadavg)"

	/usr/bin/python3 selftests/bench/report.py "$d"
	prc=$?
	if [ -n "$hp" ]; then
		kill "$hp" 2>/dev/null
		wait "$hp" 2>/dev/null
		/usr/bin/python3 selftests/bench/hostprof.py "$d"
	fi
	if [ "$rc" -ne 0 ] || [ "$prc" -ne 0 ]; then
		echo "bench: cable $c: broken run (run-vm $rc, report $prc)"
		return 1
	fi
}

bad=""
for c in $cables; do
	bench_cable "$c" || bad+=" $c"
done
# Every table again, one after the other, for the comparison.
for c in $cables; do
	[ -f "$out/$c/table.txt" ] || continue
	echo
	echo "=== cable $c (${out#"$top"/}/$c/table.txt)"
	cat "$out/$c/table.txt"
done
[ -z "$bad" ] || { echo "bench: broken run on cable(s):$bad"; exit 1; }
