#!/usr/bin/env bash
# Tier "unit-device": GoogleTest unit tests of the inic device's C++ core
# (qemu-device/inic_*.cpp; tests in qemu-device/tests/unit/*_test.cpp) with
# a fake guest memory and fake QEMU callbacks, under AddressSanitizer and
# UndefinedBehaviorSanitizer.
# Last stdout line: TIER unit-device: N passed, N failed, N skipped
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${INIC_CACHE:-$HOME/.cache/inic}
out="$cache/unit-device"
name=unit-device
tier() { echo "TIER $name: $1 passed, $2 failed, $3 skipped"; }

if ! nice make -s -C "$top/qemu-device/tests/unit" O="$out" >&2; then
	echo "tier-unit-device: build failed" >&2
	tier 0 1 0
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	timeout 600 nice "$out/inic_core_test" --gtest_color=no >"$log" 2>&1
rc=$?
cat "$log"

pass=$(grep -cE '^\[       OK \]' "$log" | tr -d ' ')
# Count each failed test once: the inline line carries its duration.
fail=$(grep -cE '^\[  FAILED  \] [A-Za-z0-9_/]+\.[A-Za-z0-9_/]+.* \([0-9]+ ms\)$' "$log" | tr -d ' ')
skip=$(grep -cE '^\[  SKIPPED \] [A-Za-z0-9_]+\.' "$log" | tr -d ' ')
total=$(sed -nE 's/^\[==========\] Running ([0-9]+) tests?.*/\1/p' "$log" | head -n 1)
# A sanitizer abort ends the run early: count what did not finish as failed.
if [ -n "$total" ] && [ $((pass + fail + skip)) -lt "$total" ]; then
	fail=$((total - pass - skip))
fi
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
fi
tier "$pass" "$fail" "$skip"
[ "$rc" -eq 0 ] && [ "$fail" -eq 0 ]
