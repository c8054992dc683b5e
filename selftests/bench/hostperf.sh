#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# hostperf.sh DIR QEMU_BIN SECS "NIC ..." : scripts/bench.sh's host-side
# profiler (BENCH_HOST_PERF). Started beside one VM run of the benchmark,
# it watches DIR/guest.log; when round 1 of a test starts over one of the
# NICs, it records the VM's QEMU process (perf record -p, 999 Hz, all its
# threads) for SECS seconds, then keeps the samples as text in
# DIR/hostperf/TEST-NIC.script (thread, address, symbol, object), with
# QEMU's -perfmap (its JIT code named by guest address) and the guest's
# kallsyms (left in the run directory by the guest), so that
# selftests/bench/hostprof.py can name the guest kernel functions the
# vCPUs ran. Ends when the VM is gone.
set -u
dir=$1 qemu_bin=$2 secs=$3 nics=$4
out=$dir/hostperf
log=$dir/guest.log
mkdir -p "$out" || exit 1
declare -A seen

qemu_pid() {	# the newest QEMU that run-vm started (its run directory)
	local p
	for p in $(pgrep -f 'id=rundir,path=/tmp/inic-vm-' 2>/dev/null); do
		[ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$qemu_bin" ] && echo "$p"
	done | tail -n 1
}

record() {	# PID TEST NIC
	local pid=$1 k=$2-$3 rd
	# let the run settle (iperf3 connects, the flows ramp up)
	sleep 1.5
	perf record -q -F 999 -p "$pid" -o "$out/$k.data" -- sleep "$secs" \
		>/dev/null 2>"$out/$k.err" || { echo "hostperf: perf record failed for $k: $(head -c 200 "$out/$k.err")" >&2; return; }
	rd=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null |
		sed -n 's/.*id=rundir,path=\([^,]*\).*/\1/p' | head -n 1)
	[ -n "$rd" ] && cp -f "$rd/kallsyms" "$out/kallsyms" 2>/dev/null
	perf script -i "$out/$k.data" -F tid,ip,sym,dso >"$out/$k.script" 2>/dev/null
	rm -f "$out/$k.data" "$out/$k.err"
}

started=$SECONDS
while :; do
	pid=$(qemu_pid)
	if [ -z "$pid" ]; then
		# not yet started (boot), or gone (the run ended)
		[ $((SECONDS - started)) -gt 120 ] && [ ${#seen[@]} -gt 0 ] && exit 0
		[ $((SECONDS - started)) -gt 3600 ] && exit 0
		sleep 0.5
		continue
	fi
	# the test running now: the guest's last "round R/N: TEST over NIC" line
	cur=$(grep -o 'round [0-9]*/[0-9]*: [a-z0-9]* over [a-z0-9-]* ' "$log" 2>/dev/null | tail -n 1)
	read -r _ rnd t _ n <<<"$cur"
	if [ "${rnd%%/*}" = 1 ] && [ -z "${seen[$t-$n]:-}" ]; then
		case " $nics " in *" $n "*)
			case $t in tcp1 | tcp4 | udp64 | tcp1r | tcp4r | udp64r)
				seen[$t-$n]=1
				record "$pid" "$t" "$n" ;;
			esac ;;
		esac
	fi
	sleep 0.3
done
