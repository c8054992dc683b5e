#!/usr/bin/env bash
# Test tier: inictl unit tests (GoogleTest, ASan/UBSan) of the argument
# parsing and output formatting in tools/inictl/cli.cpp, plus a build of
# inictl itself and its manual page, and a staleness check of the files
# generated from the netlink spec (the kernel's and inictl's attribute
# tables, tools/inictl/nl_gen.*; tests/nlgen_test.cpp checks the tables
# against the spec). Last line:
#   TIER unit-inictl: N passed, N failed, N skipped
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$top/build/unit-inictl
mkdir -p "$out"
pass=0 fail=0 skip=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
bad() { echo "FAILED: $*"; fail=$((fail + 1)); }

# 1. inictl and its man page build.
if nice make -s -C "$top/tools/inictl" O="$out" "$out/inictl" >"$out/build.log" 2>&1; then
	ok "inictl builds"
else
	cat "$out/build.log"; bad "inictl builds"
fi
if command -v rst2man >/dev/null; then
	if nice make -s -C "$top/tools/inictl" O="$out" "$out/inictl.8" >"$out/man.log" 2>&1 &&
	   man -l "$out/inictl.8" 2>/dev/null | grep -q 'inictl'; then
		ok "inictl.8 renders"
	else
		cat "$out/man.log"; bad "inictl.8 renders"
	fi
else
	bad "inictl.8 renders (no rst2man: run make setup)"
fi

# 2. The generated netlink files match the spec.
if "$top/scripts/gen-netlink.sh" --check >"$out/gen.log" 2>&1; then
	ok "generated netlink files up to date"
else
	cat "$out/gen.log"; bad "generated netlink files up to date"
fi

# 3. GoogleTest: every test case counts.
if nice make -s -C "$top/tools/inictl" O="$out" "$out/build-test/inictl_tests" >"$out/gtest-build.log" 2>&1; then
	"$out/build-test/inictl_tests" --gtest_brief=0 >"$out/gtest.log" 2>&1
	cat "$out/gtest.log"
	p=$(grep -c '^\[       OK \]' "$out/gtest.log")
	f=$(grep -c '^\[  FAILED  \] .*\.' "$out/gtest.log")
	f=$((f / 2))	# each failure is listed twice (inline and in the summary)
	[ "$p" -gt 0 ] || f=$((f + 1))
	pass=$((pass + p)) fail=$((fail + f))
else
	cat "$out/gtest-build.log"; bad "inictl unit tests build"
fi

echo "TIER unit-inictl: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
