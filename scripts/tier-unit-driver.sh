#!/usr/bin/env bash
# Tier "unit-driver": the driver's C++ core in user space (GoogleTest, ASan,
# UBSan), plus the kernel-module build checks: the module builds with no
# warnings, C++ objects carry no forbidden sections, modinfo shows the PCI
# alias, checkpatch is clean on the C files, policy/ includes only what
# the C++ boundary allows. Builds everything it needs.
# Last stdout line: TIER unit-driver: N passed, N failed, N skipped
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/build/unit-driver
mkdir -p "$out"
pass=0 fail=0 skip=0
ok()   { pass=$((pass + 1)); echo "ok - $*"; }
bad()  { fail=$((fail + 1)); echo "not ok - $*"; }

# 1. GoogleTest of the core.
if nice make -s -C "$top/drivers/net/inic/tests" O="$out" all >"$out/gtest-build.log" 2>&1; then
	ok "gtest build"
	"$out/inic_core_tests" --gtest_brief=0 >"$out/gtest.log" 2>&1
	rc=$?
	gp=$(grep -c '^\[       OK \]' "$out/gtest.log")
	gf=$(grep -E '^\[  FAILED  \] [A-Za-z]+\.' "$out/gtest.log" | sed 's/ (.*//' | sort -u | wc -l)
	grep -E '^\[( +OK|  FAILED) +\] [A-Za-z]' "$out/gtest.log" | sed 's/ ([0-9]* ms)//'
	pass=$((pass + gp)); fail=$((fail + gf))
	if [ "$rc" -ne 0 ] && [ "$gf" -eq 0 ]; then
		bad "gtest run exited $rc (sanitizer?)"; tail -30 "$out/gtest.log"
	fi
else
	bad "gtest build"; tail -30 "$out/gtest-build.log"
fi

# 2. Kernel module build against Debian's 6.12 headers (fetched and
# installed here when missing: a fresh machine has none yet).
rel=$(nice "$top/scripts/fetch-kernel.sh" 2>"$out/fetch-kernel.log") || rel=
kdir=/usr/src/linux-headers-$rel
if [ -z "$rel" ] || [ ! -e "$kdir/Makefile" ]; then
	bad "module build (cannot fetch the kernel headers)"; tail -n 20 "$out/fetch-kernel.log"
else
	# Build from scratch in a copy of the sources under build/, so every
	# object is compiled (and any warning seen) on every run without
	# touching the checkout's own build products.
	ksrc=$out/ksrc
	rm -rf "$ksrc"
	mkdir -p "$ksrc/drivers/net/inic"
	cp "$top/Kbuild" "$ksrc/"
	cp -r "$top/include" "$ksrc/"
	(cd "$top/drivers/net/inic" &&
		cp Kbuild *.mk *.c *.h *.hpp *.cpp "$ksrc/drivers/net/inic/" 2>/dev/null
		cp -r policy "$ksrc/drivers/net/inic/")
	rm -f "$ksrc"/drivers/net/inic/*.mod.c
	log=$out/module-build.log
	if nice make -C "$kdir" M="$ksrc" modules >"$log" 2>&1; then
		ok "module build"
		if grep -Eiq 'warning|error' "$log"; then
			bad "module build has warnings"; grep -Ei 'warning|error' "$log"
		else
			ok "module build has no warnings"
		fi
	else
		bad "module build"; tail -30 "$log"
	fi
	ko=$ksrc/drivers/net/inic/inic.ko
	if [ -e "$ko" ]; then
		if modinfo "$ko" | grep -q 'alias: *pci:v00001234d00001A1C'; then
			ok "modinfo alias for the PF"
		else
			bad "modinfo alias for the PF"
		fi
		bad_secs=0
		for o in "$ksrc"/drivers/net/inic/*.o "$ksrc"/drivers/net/inic/policy/*.o; do
			case $o in *.mod.o) continue;; esac
			[ -e "${o%.o}.cpp" ] || continue
			if objdump -h "$o" | grep -Eq '\.(init_array|ctors|eh_frame|gcc_except_table)'; then
				bad_secs=1; echo "# forbidden section in $o"
			fi
		done
		if objdump -h "$ko" | grep -Eq '\.(init_array|ctors|eh_frame|gcc_except_table)'; then
			bad_secs=1; echo "# forbidden section in inic.ko"
		fi
		[ $bad_secs -eq 0 ] && ok "no ctors/eh sections in C++ objects" ||
			bad "no ctors/eh sections in C++ objects"
		if grep -q 'g++' "$ksrc"/drivers/net/inic/policy/.plan.o.cmd 2>/dev/null; then
			ok "policy/.plan.o.cmd written by the C++ rule"
		else
			bad "policy/.plan.o.cmd written by the C++ rule"
		fi
	fi
fi

# 3. checkpatch on the C sources.
cp=
for d in "${INIC_CACHE:-$HOME/.cache/inic}/linux-source-6.12" "$out/linux-source-6.12"; do
	[ -e "$d/scripts/checkpatch.pl" ] && { cp=$d/scripts/checkpatch.pl; break; }
done
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -1)
if [ -z "$cp" ] && [ -n "$tarball" ]; then
	# Only checkpatch and its data files, into build/unit-driver/.
	nice tar -xf "$tarball" -C "$out" \
		linux-source-6.12/scripts/checkpatch.pl \
		linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch 2>/dev/null &&
		cp=$out/linux-source-6.12/scripts/checkpatch.pl
fi
if [ -z "$cp" ]; then
	bad "checkpatch (no linux-source-6.12 tarball: run make setup)"
else
	cpbad=0
	cd "$top" || exit 1
	# Relative paths: checkpatch applies its drivers/net/ (strict) rules.
	for f in drivers/net/inic/*.c drivers/net/inic/*.h drivers/net/inic/policy/*.h; do
		case $f in *.mod.c) continue;; esac
		if ! perl "$cp" --no-tree -q --terse -f "$f" >"$out/checkpatch.log" 2>&1 ||
		   grep -q 'WARNING\|ERROR\|CHECK' "$out/checkpatch.log"; then
			cpbad=1; cat "$out/checkpatch.log"
		fi
	done
	[ $cpbad -eq 0 ] && ok "checkpatch clean" || bad "checkpatch clean"
fi

# 4. The C++ boundary: a policy component includes only policy/*.h,
# inic_cxx.hpp and inic_hw.h (policy/types.h alone picks the kernel's or
# the C library's fixed-width types), never a kernel header: the kernel
# API stays in the C glue.
incbad=$(cd "$top" && grep -Hn '^[[:space:]]*#[[:space:]]*include' \
		drivers/net/inic/policy/*.cpp drivers/net/inic/policy/*.h |
	grep -Ev '#[[:space:]]*include[[:space:]]+"(policy/[a-z_]+\.h|inic_cxx\.hpp|inic_hw\.h)"' |
	grep -Ev '^drivers/net/inic/policy/types\.h:[0-9]+:#include <(linux/types|stdbool|stdint)\.h>')
if [ -z "$incbad" ]; then
	ok "policy/ includes only policy/*.h, inic_cxx.hpp and inic_hw.h"
else
	printf '%s\n' "$incbad" | sed 's/^/# /'
	bad "policy/ includes only policy/*.h, inic_cxx.hpp and inic_hw.h"
fi

echo "TIER unit-driver: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
