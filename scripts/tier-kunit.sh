#!/usr/bin/env bash
# Test tier 2: KUnit. Builds the driver's C++ core (drivers/net/inic/*.cpp)
# and the KUnit suites of drivers/net/inic/kunit/ inside Debian's 6.12 kernel
# source and runs them with kunit.py on UML.
#
#   1. extracts /usr/src/linux-source-6.12.tar.xz once into
#      $INIC_CACHE/linux-source-6.12 (atomically; reused when present),
#   2. mirrors our sources into <tree>/drivers/net/inic_kunit/ (a build
#      artifact: the checkout stays the source) and wires
#      CONFIG_INIC_KUNIT_TEST into drivers/net/Kconfig and Makefile,
#   3. runs kunit.py with a cached build directory, so a rerun only
#      recompiles what changed,
#   4. prints "TIER kunit: N passed, N failed, N skipped" as the last line
#      and exits 0 iff every test passed.
#
# Environment: INIC_CACHE (default ~/.cache/inic), KUNIT_JOBS (default 2),
# KUNIT_TIMEOUT (seconds the tests may run, default 300).
set -uo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${INIC_CACHE:-$HOME/.cache/inic}
build=$cache/kunit-build
jobs=${KUNIT_JOBS:-2}
kunit_dir=$top/drivers/net/inic/kunit
core_dir=$top/drivers/net/inic
log=$cache/kunit.log

tier() {
	echo "TIER kunit: $1 passed, $2 failed, $3 skipped"
	[ "$2" -eq 0 ] && [ "$1" -gt 0 ]
	exit
}

die() {
	echo "tier-kunit: $*" >&2
	tier 0 1 0
}

mkdir -p "$cache" || die "cannot create $cache"

# One run at a time per cache: the tree and the build dir are shared.
exec 9>"$cache/kunit.lock"
flock 9 || die "cannot lock $cache/kunit.lock"

# ---- 1. kernel source ----
tree=$("$top/scripts/linux-source.sh") || die "no kernel tree (scripts/linux-source.sh)"

# ---- 2. our sources inside the tree ----
[ -f "$core_dir/policy/types.h" ] || die "$core_dir/policy/types.h missing"
dst=$tree/drivers/net/inic_kunit
mkdir -p "$dst/src/drivers/net/inic/policy" "$dst/src/include" || die "mkdir $dst"
# -c without -t: only files whose content changed are rewritten (and get a
# new mtime, so Kbuild rebuilds them even when the content went back in time).
if ! rsync -rc --delete --include='*.c' --include='*.h' --include='*.hpp' \
	--include='*.cpp' --include=Kconfig --include=Makefile --exclude='*' \
	"$kunit_dir/" "$dst/" ||
   ! rsync -rc --delete --include=policy/ --include='*.cpp' --include='*.h' \
	--include='*.hpp' --include='*.mk' --exclude='*' \
	"$core_dir/" "$dst/src/drivers/net/inic/" ||
   ! rsync -rc --delete "$top/include/" "$dst/src/include/"; then
	die "cannot copy sources into $dst"
fi

kconfig_line='source "drivers/net/inic_kunit/Kconfig"'
# shellcheck disable=SC2016 # a make variable, not a shell one
make_line='obj-$(CONFIG_INIC_KUNIT_TEST) += inic_kunit/'
if ! grep -qxF "$kconfig_line" "$tree/drivers/net/Kconfig"; then
	printf '\n# inic KUnit tests (added by inic scripts/tier-kunit.sh)\n%s\n' \
		"$kconfig_line" >> "$tree/drivers/net/Kconfig" || die "Kconfig"
fi
if ! grep -qxF "$make_line" "$tree/drivers/net/Makefile"; then
	printf '\n# inic KUnit tests (added by inic scripts/tier-kunit.sh)\n%s\n' \
		"$make_line" >> "$tree/drivers/net/Makefile" || die "Makefile"
fi

# ---- 3. build and run ----
start=$SECONDS
(cd "$tree" && nice python3 tools/testing/kunit/kunit.py run \
	--kunitconfig="$kunit_dir/.kunitconfig" --build_dir="$build" \
	--jobs="$jobs" --timeout="${KUNIT_TIMEOUT:-300}") 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
echo "tier-kunit: kunit.py exited $rc after $((SECONDS - start)) s (log: $log)" >&2

# ---- 4. result ----
# kunit.py's summary: "Testing complete. Ran N tests: passed: X, failed: Y,
# crashed: Z, skipped: W, errors: E" (zero counts left out).
plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
summary=$(grep -E 'Testing complete\. Ran [0-9]+ tests' <<<"$plain" | tail -1)
if [ -z "$summary" ]; then
	die "no test results (build or boot failed, see $log)"
fi
count() {
	local n
	n=$(sed -nE "s/.*[ :,]$1: ([0-9]+).*/\\1/p" <<<"$summary")
	echo "${n:-0}"
}
passed=$(count passed)
failed=$(( $(count failed) + $(count crashed) + $(count errors) ))
skipped=$(count skipped)

# Every suite of ours must have run: a suite that silently vanished (not
# linked, config dropped) is a failure, not a smaller pass count.
suites=$(sed -nE 's/^[[:space:]]*\.name = "(inic_[a-z0-9_]+)",$/\1/p' "$kunit_dir"/*.c)
[ -n "$suites" ] || die "no inic KUnit suite found in $kunit_dir"
while read -r suite; do
	if ! grep -qE "=+ $suite \(" <<<"$plain"; then
		echo "tier-kunit: suite $suite did not run" >&2
		failed=$((failed + 1))
	fi
done <<<"$suites"
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	echo "tier-kunit: kunit.py failed although no test did" >&2
	failed=1
fi
tier "$passed" "$failed" "$skipped"
