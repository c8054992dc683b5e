#!/usr/bin/env bash
# `make fuzz`: run both fuzzers of the inic device for FUZZ_TIME seconds each
#   core     libFuzzer harness of the C++ core alone (qemu-device/tests/fuzz)
#   generic  QEMU's generic-fuzz target against -device inic on a hub that
#            loops port 0 to port 1 (TX of one port is RX of the other)
# Each starts from the committed corpus (qemu-device/tests/fuzz/corpus/<f>/)
# plus a working corpus kept in the fuzz cache, and afterwards merges what
# adds coverage back into the committed corpus (-merge=1: `git status` shows
# the new inputs). Crashes land in build/fuzz/crashes/; the script exits
# non-zero if any fuzzer crashed.
#
# Environment: FUZZ_TIME (seconds per fuzzer, default 300), FUZZERS (default
# "core generic"), INIC_FUZZ_WORK_LIMIT (core hang bound: DMA callbacks
# and frames per call, default 100000; 0 = off),
# INIC_FUZZ_CACHE (default $INIC_CACHE/fuzz).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/fuzz-lib.sh"

time_s=${FUZZ_TIME:-300}
export INIC_FUZZ_WORK_LIMIT=${INIC_FUZZ_WORK_LIMIT:-100000}
fuzzers=${FUZZERS:-core generic}
crashdir="$top/build/fuzz/crashes"
mkdir -p "$crashdir"
rc=0

for f in $fuzzers; do
	echo "=== fuzz $f: ${time_s}s ==="
	bin=$(fuzz_build "$f") || { echo "fuzz: building $f failed" >&2; rc=1; continue; }
	work="$FUZZ_CACHE/corpus-$f"
	committed="$top/qemu-device/tests/fuzz/corpus/$f"
	mkdir -p "$work" "$committed"
	fuzz_seeds "$f" "$FUZZ_CACHE/seeds-$f"
	seeds=("$FUZZ_CACHE/seeds-$f")
	s=$SECONDS
	fuzz_env "$f"
	nice "$bin" $(fuzz_args "$f") -max_total_time="$time_s" -timeout=25 \
		-print_final_stats=1 -artifact_prefix="$crashdir/$f-" \
		"$work" "$committed" "${seeds[@]}" 2>&1 | fuzz_filter |
		tee "$FUZZ_CACHE/last-$f.log" |
		grep -E 'pulse|INITED|DONE|ERROR|SUMMARY|HANG|inic-fuzz|Test unit written|^Done'
	frc=${PIPESTATUS[0]}
	echo "fuzz $f: exit $frc after $((SECONDS - s)) s"
	[ "$frc" -eq 0 ] || rc=1
	# Keep only what adds coverage (edges, not hit counts: a small corpus)
	# to the committed corpus.
	before=$(ls "$committed" | wc -l)
	nice "$bin" $(fuzz_args "$f") -merge=1 -use_counters=0 -timeout=25 \
		-artifact_prefix="$crashdir/$f-merge-" "$committed" "$work" \
		"${seeds[@]}" >"$FUZZ_CACHE/merge-$f.log" 2>&1 ||
		echo "fuzz $f: merge failed, see $FUZZ_CACHE/merge-$f.log" >&2
	after=$(ls "$committed" | wc -l)
	grep -E '^#[0-9]+.*(DONE|INITED)' "$FUZZ_CACHE/last-$f.log" | tail -n 1
	echo "fuzz $f: committed corpus $before -> $after inputs"
done

if ls "$crashdir" | grep -q .; then
	echo "fuzz: reproducers in $crashdir:"
	ls -l "$crashdir"
fi
exit $rc
