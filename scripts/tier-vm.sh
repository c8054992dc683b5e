#!/usr/bin/env bash
# Test tier `vm`: build the module and QEMU, boot the test VM once and run the
# in-VM selftests (selftests/drivers/net/inic/run_tests.sh, KTAP). Counts the
# KTAP results of the test programs (the nested `# ok N name` lines) and ends
# with `TIER vm: N passed, N failed, N skipped`. A program that fails with no
# failed result of its own (crash, timeout, kernel WARN after its tests), a
# program that never ran, and a VM that fails (kernel log check, panic,
# timeout) each count one failure.
#
# The main boot is on $CABLE (run-vm's default: tap). Short boots of their
# own then keep the other paths tested (their KTAP joins the count):
#   - the cable kind the main boot is not: on dgram (main on tap) iperf3.sh,
#     cable.sh and lro.sh, the device segmenting and checksumming with no
#     virtio-net header (frame for frame at the peer) and merging the
#     peer's wire segments into large receives; on tap (main on dgram)
#     lro.sh, the header's GSO passthrough;
#   - lro.sh on tap with the device's vnet-hdr off (run-vm --vnet-hdr off):
#     GSO passthrough off, the same byte-exact transfers both ways with the
#     device segmenting and the host cutting the peer's TSO frames.
#
# Env: CABLE (tap|dgram: the cable kind of the main VM run and of the
# runner's own checks but its per-kind cases; default run-vm's);
# INIC_VM_TESTS="ping.sh cable.sh" runs a subset (main boot only);
# INIC_VM_TIMEOUT (default 3600 s) bounds each VM run; INIC_VM_NO_BUILD=1
# skips the build (use what is built).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
logdir=$top/build/vm
mkdir -p "$logdir"
tests=${INIC_VM_TESTS:-}	# empty: run_tests.sh runs every test program
t0=$SECONDS

tier_line() {
	echo "TIER vm: $1 passed, $2 failed, $3 skipped"
}

echo "# vm: building module, qemu and tools (log: build/vm/build.log)"
if [ "${INIC_VM_NO_BUILD:-0}" = 1 ]; then
	echo "# vm: INIC_VM_NO_BUILD=1: using the module and QEMU as built"
elif ! nice make --no-print-directory module qemu tools >"$logdir/build.log" 2>&1; then
	tail -n 30 "$logdir/build.log" | sed 's/^/# /'
	echo "not ok 1 vm: build (make module qemu tools)"
	tier_line 0 1 0
	exit 1
fi
echo "# vm: build done in $((SECONDS - t0)) s"
echo "# vm: CABLE=${CABLE:-} (empty: run-vm's default; each run's cable is in its timing line)"

# The runner's own contract (output byte for byte, the command's status),
# checked from the host with short VM runs.
s=$SECONDS
selftests/vm/tests/runner.sh 2>&1 | tee "$logdir/runner.log"
rrc=${PIPESTATUS[0]}
echo "# vm: runner checks took $((SECONDS - s)) s"
read -r rpass rfail < <(awk '/^# ok [0-9]+ /{p++} /^# not ok [0-9]+ /{f++}
	END { printf "%d %d\n", p, f }' "$logdir/runner.log")
if [ "$rrc" -ne 0 ] && [ "$rfail" -eq 0 ]; then
	rfail=1
fi

# The upstream NIC selftests run from the extracted kernel tree.
selftests/drivers/net/inic/upstream.sh --prepare >/dev/null ||
	echo "# vm: no kernel tree; upstream.sh will extract in the guest (slow)"

s=$SECONDS
INIC_VM_TIMING=1 selftests/vm/run-vm --ports 2 --queues 4 --vfs 8 \
	--timeout "${INIC_VM_TIMEOUT:-3600}" \
	--cmd "selftests/drivers/net/inic/run_tests.sh $tests" 2>&1 |
	tee "$logdir/selftests.log"
rc=${PIPESTATUS[0]}
echo "# vm: VM run took $((SECONDS - s)) s, run-vm exit status $rc"

# extra_run NAME RUN-VM-OPTIONS... -- PROGRAMS...: one more short boot; its
# log joins the main log's count.
extra_run() {
	local name=$1 opts=() erc
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	s=$SECONDS
	INIC_VM_TIMING=1 selftests/vm/run-vm "${opts[@]}" --ports 2 --queues 4 \
		--timeout "${INIC_VM_TIMEOUT:-3600}" \
		--cmd "selftests/drivers/net/inic/run_tests.sh $*" 2>&1 |
		tee "$logdir/selftests-$name.log"
	erc=${PIPESTATUS[0]}
	echo "# vm: $name VM run ($*) took $((SECONDS - s)) s, run-vm exit status $erc"
	[ "$erc" -eq 0 ] || rc=$erc
	cat "$logdir/selftests-$name.log" >>"$logdir/selftests.log"
}

if [ -z "$tests" ]; then
	main_cable=${CABLE:-$(sed -n 's/^DEFAULT_CABLE = "\(.*\)"$/\1/p' selftests/vm/run-vm)}
	if [ "$main_cable" = tap ]; then
		extra_run dgram --cable dgram -- iperf3.sh cable.sh lro.sh
	else
		extra_run tap --cable tap -- lro.sh
	fi
	extra_run vnet-off --cable tap --vnet-hdr off -- lro.sh
fi

# Count the nested results per program.
read -r pass fail skip progs < <(awk '
	/^# (not )?ok [0-9]+ / {
		if ($0 ~ /# SKIP/) skip++
		else if ($2 == "ok") pass++
		else { fail++; pfail++ }
		next
	}
	/^(not )?ok [0-9]+ selftests: / {
		progs++
		if ($1 == "not" && pfail == 0) fail++
		pfail = 0
	}
	END { printf "%d %d %d %d\n", pass, fail, skip, progs }
' "$logdir/selftests.log")
# every VM run's plan (the main run's and the extra ones')
want=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$logdir/selftests.log" | awk '{ s += $1 } END { print s + 0 }')
[ "$want" -gt 0 ] || want=1
if [ "$progs" -lt "$want" ]; then
	echo "# vm: only $progs of $want test programs reported a result"
	fail=$((fail + want - progs))
fi
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	echo "# vm: run-vm failed (exit $rc) outside any counted test"
	fail=1
fi
pass=$((pass + rpass)) fail=$((fail + rfail))
echo "# vm: tier took $((SECONDS - t0)) s"
tier_line "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ]
