#!/usr/bin/env bash
# Tier "qtest": the inic device's qtests (qemu-device/tests/inic-test.c),
# built in QEMU's tree and run against the freshly built emulator.
# Last stdout line: TIER qtest: N passed, N failed, N skipped
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
name=qtest
tier() { echo "TIER $name: $1 passed, $2 failed, $3 skipped"; }

if ! qemu=$(nice "$top/scripts/build-qemu.sh"); then
	echo "tier-qtest: building QEMU failed" >&2
	tier 0 1 0
	exit 1
fi
bld=$(dirname "$qemu")
if ! nice ninja -C "$bld" tests/qtest/inic-test >&2; then
	echo "tier-qtest: building inic-test failed" >&2
	tier 0 1 0
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# QEMU needs the firmware of Debian's packages. A wrapper keeps the binary's
# name (libqtest derives the target arch from it).
wrap="${INIC_CACHE:-$HOME/.cache/inic}/qtest-wrap"
mkdir -p "$wrap"
cat >"$wrap/qemu-system-x86_64.tmp" <<WRAP
#!/bin/sh
exec "$qemu" -L /usr/share/seabios -L /usr/lib/ipxe/qemu -L /usr/share/qemu "\$@"
WRAP
chmod +x "$wrap/qemu-system-x86_64.tmp"
mv -f "$wrap/qemu-system-x86_64.tmp" "$wrap/qemu-system-x86_64"
# The qtest binary speaks TAP.
(cd "$bld" && QTEST_QEMU_BINARY="$wrap/qemu-system-x86_64" \
	timeout 600 ./tests/qtest/inic-test --tap -k) >"$log" 2>&1
rc=$?
cat "$log"

pass=$(grep -cE '^ok [0-9]+' "$log" | tr -d ' ')
skip=$(grep -cE '^ok [0-9]+.*# (SKIP|skip)' "$log" | tr -d ' ')
fail=$(grep -cE '^not ok [0-9]+' "$log" | tr -d ' ')
pass=$((pass - skip))
# A crash ends the TAP stream early: count the missing tests as failed.
plan=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$log" | head -n 1)
if [ -n "$plan" ] && [ $((pass + fail + skip)) -lt "$plan" ]; then
	fail=$((plan - pass - skip))
fi
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
fi
tier "$pass" "$fail" "$skip"
[ "$fail" -eq 0 ] && [ "$rc" -eq 0 ]
