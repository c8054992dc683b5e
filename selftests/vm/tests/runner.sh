#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Host-side test of the VM runner's contract: whatever a command prints
# (nothing, no final newline, binary bytes, one very long line), its output
# arrives byte for byte and its own exit status comes back, through
# `selftests/vm/run-vm --cmd` and through `make run CMD=...`.
# Prints KTAP lines (`# ok N runner: ...`, nested like the in-VM programs'
# so that tier-vm.sh counts them) and exits 1 when a case failed.
#
# Env: INIC_RUNNER_TIMEOUT (default 300 s) bounds each VM run.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$top" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
to=${INIC_RUNNER_TIMEOUT:-300}
n=0 failed=0

res() {	# res OK|FAIL name [why]
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "# ok $n runner: $2"
	else
		echo "# not ok $n runner: $2${3:+ ($3)}"
		failed=$((failed + 1))
	fi
}

# vmcase NAME WANT_RC WANT_FILE CMD: run CMD in the VM, compare stdout with
# WANT_FILE byte for byte and the exit status with WANT_RC.
vmcase() {
	local name=$1 want_rc=$2 want=$3 cmd=$4 rc
	selftests/vm/run-vm --ports 1 --queues 1 --vfs 0 --timeout "$to" \
		--cmd "$cmd" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want_rc" ]; then
		res FAIL "run-vm $name" "exit $rc, want $want_rc: $(tail -n 2 "$tmp/err" | tr '\n' ' ')"
	elif ! cmp -s "$want" "$tmp/out"; then
		res FAIL "run-vm $name" "output differs: $(wc -c <"$tmp/out") bytes, want $(wc -c <"$want")"
	else
		res OK "run-vm $name"
	fi
}

printf abc >"$tmp/abc"
: >"$tmp/empty"
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 64)' >"$tmp/bin"
head -c 300000 /dev/zero | tr '\0' x >"$tmp/long"

vmcase "no final newline, status 0" 0 "$tmp/abc" 'printf abc'
vmcase "no final newline, status 3" 3 "$tmp/abc" 'printf abc; exit 3'
vmcase "binary output (all 256 byte values), status 0" 0 "$tmp/bin" \
	"python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 64)'"
vmcase "one 300000-byte line, status 7" 7 "$tmp/long" \
	"head -c 300000 /dev/zero | tr '\\0' x; exit 7"
vmcase "no output, status 0" 0 "$tmp/empty" 'true'
vmcase "no output, status 5" 5 "$tmp/empty" 'exit 5'

# A guest that stops (here: every process but the command stopped, so the
# heartbeat stops) is diagnosed and killed after --stall seconds, not at the
# overall timeout: exit 124, the vCPUs' RIPs symbolized from System.map.
stallcase() {
	local rc t0=$SECONDS
	selftests/vm/run-vm --ports 1 --queues 1 --vfs 0 --timeout "$to" --stall 40 \
		--cmd 'kill -STOP -1; sleep 100000' >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 124 ]; then
		res FAIL "run-vm stalled guest" "exit $rc, want 124: $(tail -n 2 "$tmp/err" | tr '\n' ' ')"
	elif ! grep -q "heartbeat stopped" "$tmp/err"; then
		res FAIL "run-vm stalled guest" "not reported as a stall (timeout instead?)"
	elif ! grep -Eq "round 0 cpu 0: RIP [0-9a-f]+ [a-z_]+[a-z0-9_.]*\+0x" "$tmp/err"; then
		res FAIL "run-vm stalled guest" "no symbolized RIP: $(grep -m1 'cpu 0' "$tmp/err")"
	else
		grep -E "round 0 cpu|QEMU answers" "$tmp/err" | sed 's/^ */# /'
		res OK "run-vm stalled guest (killed after $((SECONDS - t0)) s)"
	fi
}
stallcase

# make run: make's own output comes first; the command's output ends stdout,
# and its status is the recipe's (`Error N`).
makecase() {
	local name=$1 want_err=$2 want=$3 cmd=$4 rc tailb
	make --no-print-directory run PORTS=1 QUEUES=1 VFS=0 CMD="$cmd" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	tailb=$(tail -c "$(wc -c <"$want")" "$tmp/out" | od -An -c | tr -s ' ')
	if [ -z "$want_err" ] && [ "$rc" -ne 0 ]; then
		res FAIL "make run $name" "make exit $rc: $(tail -n 1 "$tmp/err")"
	elif [ -n "$want_err" ] && ! grep -q "Error $want_err\$" "$tmp/err"; then
		res FAIL "make run $name" "no 'Error $want_err' from make (exit $rc)"
	elif [ "$tailb" != "$(od -An -c <"$want" | tr -s ' ')" ]; then
		res FAIL "make run $name" "stdout does not end with the command's output"
	else
		res OK "make run $name"
	fi
}
makecase "CMD='printf abc'" "" "$tmp/abc" 'printf abc'
makecase "CMD='printf abc; exit 4'" 4 "$tmp/abc" 'printf abc; exit 4'

# --cable tap: the run's network namespace (inic-vm-<run-vm pid>) and its
# devices exist while the VM runs and are gone afterwards, whatever ended
# the run; nothing of it ever shows in the host's namespace.
host_links() {	# the run's device names (inic-*, inicbr*) in the host's namespace
	ip -o link show | awk -F': ' '$2 ~ /^inic(-|br)/ { sub(/@.*/, "", $2); print $2 }'
}
ns_exists() {
	ip netns list | awk -v n="$1" '$1 == n { f = 1 } END { exit !f }'
}
# wait_for SECS CMD...: until CMD succeeds (0) or SECS pass (1).
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}
out_has_up() { grep -q '^up$' "$tmp/out"; }
pid_gone() {	# no such process, or a zombie nobody reaped yet
	[ ! -e "/proc/$1" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# tapcase NAME HOW: start a tap run whose command prints "up" and sleeps,
# check its namespace has the cable devices once the guest is up, end it
# HOW (exit: let the command end; kill-qemu: SIGKILL QEMU; term: SIGTERM
# the runner; kill-runner: SIGKILL the runner), then check the status and
# that nothing is left.
tapcase() {
	local name=$1 how=$2 pid qpid ns rc want links left cmd
	: >"$tmp/out"
	if [ "$how" = exit ]; then
		cmd='echo up; sleep 3'
	else
		cmd='echo up; sleep 600'
	fi
	selftests/vm/run-vm --cable tap --ports 1 --queues 1 --vfs 0 --timeout "$to" \
		--cmd "$cmd" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	ns=inic-vm-$pid
	if ! wait_for "$to" out_has_up; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid"
		res FAIL "run-vm --cable tap, $name" "the guest never printed up: $(tail -n 2 "$tmp/err" | tr '\n' ' ')"
		return
	fi
	links=$(ip -n "$ns" -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | tr '\n' ' ')
	qpid=$(pgrep -P "$pid" -f qemu-system | head -n 1)
	case $how in
	exit) want=0 ;;
	kill-qemu) kill -KILL "$qpid"; want=125 ;;
	term) kill -TERM "$pid"; want=130 ;;
	kill-runner) kill -KILL "$pid"; want=137 ;;
	esac
	# (bash would report the SIGKILLed job on stderr: expected here)
	wait "$pid" 2>/dev/null
	rc=$?
	left=""
	if [ "$how" = kill-runner ]; then
		# Nothing could clean up: QEMU dies with its parent (PDEATHSIG),
		# the next tap run removes the namespace (checked there).
		wait_for 30 pid_gone "${qpid:-0}" || left+="QEMU pid $qpid still running; "
		stale_ns=$ns
	else
		ns_exists "$ns" && left+="namespace $ns; "
		[ -n "$qpid" ] && ! pid_gone "$qpid" && left+="QEMU pid $qpid; "
		[ -n "$stale_ns" ] && ns_exists "$stale_ns" &&
			left+="stale namespace $stale_ns of the killed runner; "
		[ -z "$(host_links)" ] || left+="host links $(host_links | tr '\n' ' '); "
	fi
	if [ "$rc" -ne "$want" ]; then
		res FAIL "run-vm --cable tap, $name" "exit $rc, want $want: $(tail -n 2 "$tmp/err" | tr '\n' ' ')"
	elif [[ " $links " != *" inic-w0 "* || " $links " != *" inic-pw0 "* ||
		" $links " != *" inicbr0 "* ]]; then
		res FAIL "run-vm --cable tap, $name" "namespace $ns had no cable devices while running: $links"
	elif [ -z "$qpid" ]; then
		res FAIL "run-vm --cable tap, $name" "no QEMU child of run-vm $pid"
	elif [ -n "$left" ]; then
		res FAIL "run-vm --cable tap, $name" "left behind: $left"
	else
		res OK "run-vm --cable tap, $name: nothing left (${links% })"
	fi
}
stale_ns=""
tapcase "runner SIGKILLed: QEMU ends with it" kill-runner
tapcase "normal exit (and the killed runner's namespace swept)" exit
tapcase "QEMU SIGKILLed" kill-qemu
tapcase "runner SIGTERMed" term

# floodcase CABLE: inic-flood into an --extra-cable's first end reaches the
# NIC on it (its rx_packets grow by the frames the host sent), and a flood
# into a cable that is not there is refused with a readable line.
floodcase() {
	local cable=$1 frame cmd rc
	frame=ffffffffffff02c0ffee000188b5$(printf '%092d' 0)
	# shellcheck disable=SC2016  # expanded in the guest
	cmd='d=$(grep -l 52:54:00:1c:0f:01 /sys/class/net/*/address | cut -d/ -f5)
ip link set dev "$d" up
r0=$(cat /sys/class/net/$d/statistics/rx_packets)
inic-flood xa 200 2 '"$frame"' || exit 10
end=$((SECONDS + 30))
until [ $(( $(cat /sys/class/net/$d/statistics/rx_packets) - r0 )) -ge 300 ]; do
	[ $SECONDS -lt $end ] || { echo "rx +$(( $(cat /sys/class/net/$d/statistics/rx_packets) - r0 ))"; exit 11; }
	sleep 0.2
done
echo rx-ok
out=$(inic-flood xz 200 2 '"$frame"' 2>&1) && exit 12
echo "$out"'
	selftests/vm/run-vm --cable "$cable" --ports 1 --queues 1 --vfs 0 --timeout "$to" \
		--extra-cable xa,xb --qemu-extra "-device virtio-net-pci,netdev=xa,mac=52:54:00:1c:0f:01 -device virtio-net-pci,netdev=xb,mac=52:54:00:1c:0f:02" \
		--cmd "$cmd" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		res FAIL "inic-flood into an extra cable ($cable)" "exit $rc: $(tr '\n' ' ' <"$tmp/out" | tail -c 200) $(tail -n 2 "$tmp/err" | tr '\n' ' ')"
	elif ! grep -q '^rx-ok$' "$tmp/out" || ! grep -q 'no cable xz' "$tmp/out"; then
		res FAIL "inic-flood into an extra cable ($cable)" "output: $(tr '\n' ' ' <"$tmp/out" | tail -c 200)"
	else
		res OK "inic-flood into an extra cable ($cable): frames arrive, an unknown cable is refused"
	fi
}
floodcase dgram
floodcase tap

[ "$failed" -eq 0 ]
