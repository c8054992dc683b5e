#!/usr/bin/env bash
# Run every test tier and end with one line: `N passed, N failed[, N skipped]`.
# Each tier script prints `TIER <name>: N passed, N failed, N skipped` last
# and exits non-zero on failure. A tier that dies without that line counts
# as one failure. Tiers run in order even when an earlier one fails, so one
# run shows everything that is broken. `make check` runs after `make setup`,
# so nothing has a reason to skip: a skipped test counts as a failure
# (INIC_ALLOW_SKIP=1 reports skips as skips, for runs of a partial setup).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tiers=${INIC_TIERS:-"unit-device unit-driver unit-inictl kunit qtest fuzz vm"}
logdir="$top/build/check"
mkdir -p "$logdir"

pass=0 fail=0 skip=0
summary=()
t0=$SECONDS
for t in $tiers; do
	echo "=== tier $t ==="
	s=$SECONDS
	"$top/scripts/tier-$t.sh" 2>&1 | tee "$logdir/$t.log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E "^TIER $t: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" \
		"$logdir/$t.log" | tail -n 1)
	if [ -n "$line" ]; then
		read -r p f k < <(echo "$line" |
			sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped/\1 \2 \3/')
	else
		p=0 f=0 k=0
	fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# the tier failed outside any test it counted
	fi
	if [ "$k" -gt 0 ] && [ "${INIC_ALLOW_SKIP:-0}" != 1 ]; then
		echo "check: tier $t skipped $k test(s), counted as failed:"
		grep -E '# SKIP|^\[  SKIPPED \]|^skipped: ' "$logdir/$t.log" | sed 's/^/check:   /'
		f=$((f + k)) k=0
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + k))
	summary+=("$(printf '%-12s %4d passed %4d failed %4d skipped  %4ds  (rc %d)' \
		"$t" "$p" "$f" "$k" $((SECONDS - s)) "$rc")")
done

echo "=== summary ($((SECONDS - t0)) s) ==="
printf '%s\n' "${summary[@]}"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
