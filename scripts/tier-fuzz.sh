#!/usr/bin/env bash
# Tier "fuzz": a regression smoke of both fuzzers of the inic device.
#   core-corpus     replay qemu-device/tests/fuzz/corpus/core (+ seeds)
#   core-crashes    replay every reproducer in qemu-device/tests/fuzz/crashes:
#                   passes once fixed; one listed in crashes/KNOWN that still
#                   crashes is skipped (a known, open defect), others fail
#   core-smoke      fuzz the core for FUZZ_SMOKE_TIME s (default 30)
#   generic-corpus  replay corpus/generic with QEMU's generic-fuzz
#   generic-smoke   fuzz -device inic with generic-fuzz for FUZZ_SMOKE_TIME s
# FUZZERS="core generic" (default) selects the fuzzers.
# Crashes found by a smoke are kept in build/fuzz/smoke/.
#
# INIC_FUZZ_WORK_LIMIT (the core harness's hang bound: DMA callbacks and
# frames per call) is 100000, as for the crash reproducers.
# Last stdout line: TIER fuzz: N passed, N failed, N skipped
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/fuzz-lib.sh"
name=fuzz
smoke=${FUZZ_SMOKE_TIME:-30}
fuzzers=" ${FUZZERS:-core generic} "
work_limit=${INIC_FUZZ_WORK_LIMIT:-100000}
fdir="$top/qemu-device/tests/fuzz"
out="$top/build/fuzz/smoke"
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0 skip=0
result() {	# name, pass|fail|skip, detail
	echo "$2: $1${3:+ ($3)}"
	case $2 in
	pass) pass=$((pass + 1)) ;;
	fail) fail=$((fail + 1)) ;;
	skip) skip=$((skip + 1)) ;;
	esac
}
# Reproducers of known, open defects: first word of each KNOWN line.
known=$(grep -v '^#' "$fdir/crashes/KNOWN" 2>/dev/null | awk '{print $1}')
tier() { echo "TIER $name: $pass passed, $fail failed, $skip skipped"; }

# Replay inputs (files or dirs) once; $1 fuzzer, $2 log, rest inputs.
replay() {
	local f=$1 bin=$2 log=$3
	shift 3
	(fuzz_env "$f"; export INIC_FUZZ_WORK_LIMIT=${WL:-$work_limit}
	 timeout 600 nice "$bin" $(fuzz_args "$f") -runs=0 \
		-timeout=25 -artifact_prefix="$out/$f-replay-" "$@") >"$log" 2>&1
}

# A short fuzzing run from the committed corpus into a scratch corpus.
smoke_run() {
	local f=$1 bin=$2 log=$3 t0=$SECONDS
	shift 3
	mkdir -p "$out/corpus-$f"
	(fuzz_env "$f"; export INIC_FUZZ_WORK_LIMIT=$work_limit
	 timeout $((smoke + 600)) nice "$bin" $(fuzz_args "$f") \
		-max_total_time="$smoke" -timeout=25 -print_final_stats=1 \
		-artifact_prefix="$out/$f-" "$out/corpus-$f" "$@") >"$log" 2>&1
	local rc=$?
	grep -E '^#[0-9]+.*(DONE|INITED)' "$log" | tail -n 1
	echo "($f: $((SECONDS - t0)) s)"
	return $rc
}

# ---- core ----
t=$SECONDS
if [[ $fuzzers != *" core "* ]]; then
	result core skip "not in FUZZERS"
elif bin=$(fuzz_build core); then
	fuzz_seeds core "$out/seeds"
	if replay core "$bin" "$out/core-corpus.log" "$fdir/corpus/core" "$out/seeds"; then
		result core-corpus pass "$(ls "$fdir/corpus/core" | wc -l) inputs"
	else
		tail -n 40 "$out/core-corpus.log"
		result core-corpus fail "see $out/core-corpus.log"
	fi
	for c in "$fdir"/crashes/core-*; do
		[ -f "$c" ] || continue
		b=$(basename "$c")
		if WL=100000 replay core "$bin" "$out/$b.log" "$c"; then
			result "crash $b" pass "fixed"
		elif grep -qx "$b" <<<"$known"; then
			result "crash $b" skip "known defect, still reproduces"
		else
			tail -n 30 "$out/$b.log"
			result "crash $b" fail "see $out/$b.log"
		fi
	done
	if smoke_run core "$bin" "$out/core-smoke.log" "$fdir/corpus/core" "$out/seeds"; then
		result core-smoke pass "${smoke}s"
	else
		tail -n 40 "$out/core-smoke.log"
		result core-smoke fail "reproducer in $out, log $out/core-smoke.log"
	fi
else
	result core-build fail "clang-14 and libclang-rt-14-dev installed?"
fi
echo "(core: $((SECONDS - t)) s)"

# ---- generic-fuzz in QEMU ----
t=$SECONDS
if [[ $fuzzers != *" generic "* ]]; then
	result generic skip "not in FUZZERS"
elif bin=$(fuzz_build generic 2>"$out/generic-build.log"); then
	fuzz_seeds generic "$out/seeds-generic"
	if replay generic "$bin" "$out/generic-corpus.log" "$fdir/corpus/generic" \
		"$out/seeds-generic"; then
		result generic-corpus pass "$(ls "$fdir/corpus/generic" | wc -l) inputs"
	else
		tail -n 40 "$out/generic-corpus.log"
		result generic-corpus fail "see $out/generic-corpus.log"
	fi
	for c in "$fdir"/crashes/generic-*; do
		[ -f "$c" ] || continue
		b=$(basename "$c")
		if replay generic "$bin" "$out/$b.log" "$c"; then
			result "crash $b" pass "fixed"
		elif grep -qx "$b" <<<"$known"; then
			result "crash $b" skip "known defect, still reproduces"
		else
			tail -n 30 "$out/$b.log"
			result "crash $b" fail "see $out/$b.log"
		fi
	done
	if smoke_run generic "$bin" "$out/generic-smoke.log" "$fdir/corpus/generic" \
		"$out/seeds-generic"; then
		result generic-smoke pass "${smoke}s"
	else
		tail -n 40 "$out/generic-smoke.log"
		result generic-smoke fail "reproducer in $out, log $out/generic-smoke.log"
	fi
else
	tail -n 40 "$out/generic-build.log"
	result generic-build fail "see $out/generic-build.log"
fi
echo "(generic: $((SECONDS - t)) s)"

tier
[ "$fail" -eq 0 ]
