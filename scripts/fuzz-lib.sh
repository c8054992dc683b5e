# Shared by scripts/fuzz.sh (`make fuzz`) and scripts/tier-fuzz.sh: how to
# build, configure and invoke the two fuzzers. Source it; it sets FUZZ_CACHE.
top=${top:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
INIC_CACHE=${INIC_CACHE:-$HOME/.cache/inic}
FUZZ_CACHE=${INIC_FUZZ_CACHE:-$INIC_CACHE/fuzz}
export INIC_CACHE INIC_FUZZ_CACHE=$FUZZ_CACHE
mkdir -p "$FUZZ_CACHE"

# The device under generic-fuzz: two ports on one hub, so each frame one
# port sends arrives on the other (TX feeds RX); VFs exist (TotalVFs 2) but
# generic-fuzz cannot enable them (see qemu-device/tests/fuzz/README.md).
GENERIC_ARGS="-machine q35 -nodefaults -L /usr/share/seabios -L /usr/share/qemu -device inic,ports=2,queues=2,vfs=2,netdev0=n0,netdev1=n1 -netdev hubport,hubid=0,id=n0 -netdev hubport,hubid=0,id=n1"
GENERIC_OBJECTS="inic"

# Build fuzzer $1 (core | generic) and print its path.
fuzz_build() {
	case $1 in
	core)
		nice make -s -C "$top/qemu-device/tests/fuzz" O="$FUZZ_CACHE/core" >&2 &&
			echo "$FUZZ_CACHE/core/inic_core_fuzz" ;;
	generic)
		"$top/scripts/build-qemu-fuzz.sh" ;;
	*)
		echo "fuzz: unknown fuzzer $1" >&2; return 1 ;;
	esac
}

# Environment fuzzer $1 needs (call in the shell that runs it).
fuzz_env() {
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	if [ "$1" = generic ]; then
		export QEMU_FUZZ_ARGS="$GENERIC_ARGS" QEMU_FUZZ_OBJECTS="$GENERIC_OBJECTS"
		# QEMU leaks by design at exit; leaks are not what we look for there.
		export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
	fi
}

# Arguments before libFuzzer's own.
fuzz_args() {
	case $1 in
	core) echo "-max_len=4096 -len_control=20" ;;
	generic) echo "--fuzz-target=generic-fuzz -max_len=4096 -len_control=20" ;;
	esac
}

# Hand-made seeds of fuzzer $1 into $2.
fuzz_seeds() {
	mkdir -p "$2"
	case $1 in
	core) python3 "$top/qemu-device/tests/fuzz/gen_seeds.py" "$2" ;;
	generic) python3 "$top/qemu-device/tests/fuzz/gen_generic_seeds.py" "$2" ;;
	esac
}

# generic-fuzz prints qtest traffic ([R +t], [S +t], [I +t], [DMA]); keep
# the log short.
fuzz_filter() {
	grep --line-buffered -v -E '^\[(R|S|I) [+0-9.]+\]|^(\[DMA\] ?)+$' || true
}
