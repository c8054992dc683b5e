#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run the inic selftests inside the test VM, kselftest style: one KTAP
# document whose results are the test programs, each program's own KTAP
# output nested as `# ` lines. A program fails when it exits non-zero, runs
# past its timeout, or leaves a WARN/BUG/oops/leak/call trace in the kernel
# log. Usage: run_tests.sh [PROGRAM...]. Default: every executable *.sh
# here (test programs; lib.sh and helpers in other languages are not),
# ping, iperf3 and cable first, cls_flower, cls_ntuple, sriov_rmmod, vnic, lag,
# devlink, xdp, af_xdp, toe, soak and load_unload (they reload the driver, which renames
# netdevs) last.
set -u
dir=$(dirname "$(readlink -f "$0")")
TIMEOUT=${INIC_TEST_TIMEOUT:-$(sed -n 's/^timeout=//p' "$dir/settings" 2>/dev/null)}
TIMEOUT=${TIMEOUT:-300}
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
	first=(ping.sh iperf3.sh cable.sh)
	last=(cls_flower.sh cls_ntuple.sh sriov_rmmod.sh vnic.sh lag.sh devlink.sh xdp.sh af_xdp.sh toe.sh soak.sh load_unload.sh)
	tests=("${first[@]}")
	for f in "$dir"/*.sh; do
		f=${f##*/}
		[ -x "$dir/$f" ] || continue
		case " ${first[*]} ${last[*]} run_tests.sh " in *" $f "*) continue ;; esac
		tests+=("$f")
	done
	tests+=("${last[@]}")
fi

echo "TAP version 13"
echo "1..${#tests[@]}"
n=0 failed=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	name="selftests: drivers/net/inic: $t"
	echo "# $name"
	k0=$(dmesg | wc -l)
	s=$SECONDS
	timeout -k 10 "$TIMEOUT" "$dir/$t" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	[ $rc -eq 124 ] && echo "# TIMEOUT: $t ran longer than $TIMEOUT s"
	if ! klog=$(inic-klog-check --since "$k0"); then
		printf '%s\n' "$klog" | sed 's/^/# /'
		[ $rc -eq 0 ] && rc=1
	fi
	echo "# $t: $((SECONDS - s)) s"
	if [ $rc -eq 0 ]; then
		echo "ok $n $name"
	elif [ $rc -eq 4 ]; then
		echo "ok $n $name # SKIP"
	else
		echo "not ok $n $name # exit=$rc"
		failed=$((failed + 1))
	fi
done
[ $failed -eq 0 ]
