# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# TOE handoff helpers shared by toe.sh and make bench's toe section
# (selftests/bench/guest-bench.sh): an http.server behind port PORT, the
# device's TOE counters, nstat, a client loop that counts requests served
# within 1 s, and a SYN flood round with the host's counters. Needs lib.sh
# (NETIF, NS, LOCAL_V4, poll).
PORT=8080
UPORT=8081	# uploads (socat)
WEB=/tmp/toe-web
SRV_PID=/tmp/toe-http.pid

toe_json() {	# toe_json JQ: a field of the device's toe show -j
	inictl -j toe show dev "$NETIF" | jq -r ".[0]$1"
}

# port_stat NAME: the TOE counter NAME of NETIF's port
port_stat() {
	inictl -j toe show dev "$NETIF" |
		jq -r --arg i "$NETIF" ".[0].port[] | select(.ifname == \$i) | .\"$1\""
}

nstat_get() {	# nstat_get COUNTER: its absolute value
	nstat -as "$1" 2>/dev/null | awk -v c="$1" '$1 == c { print $2; f = 1 } END { if (!f) print 0 }'
}

listening() {
	ss -Htln "sport = :$PORT" | grep -q .
}

start_server() {
	mkdir -p "$WEB"
	if [ ! -s "$WEB/file" ]; then
		head -c 1048576 /dev/urandom >"$WEB/file"
	fi
	echo ok >"$WEB/small"
	(cd "$WEB" && exec python3 -m http.server "$PORT" --bind :: \
		>/tmp/toe-http.log 2>&1) &
	echo $! >$SRV_PID
	poll 30 listening || fail "http.server not listening after 30 s"
}

stop_server() {
	[ -s $SRV_PID ] && kill "$(cat $SRV_PID)" 2>/dev/null
	rm -f $SRV_PID
}

del_all() {
	inictl toe listen del dev "$NETIF" port $PORT >/dev/null 2>&1
	inictl toe listen del dev "$NETIF" port $PORT family inet >/dev/null 2>&1
	inictl toe listen del dev "$NETIF" port $PORT family inet6 >/dev/null 2>&1
	return 0
}

attached() {
	tc filter show dev "$NETIF" ingress 2>/dev/null | grep -q inic_toe
}

# connect_loop SECONDS: "tried ok connect_ms total_ms" (means over the ok
# ones) of a client loop in the peer: each try
# connects, asks for /small and counts when the server's status line came
# back within 1 s of the connect (the server accepted and served it).
connect_loop() {
	ip netns exec "$NS" python3 - "$LOCAL_V4" $PORT "$1" <<'EOF'
import socket, sys, time
host, port, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + secs
tried = ok = 0
t_conn = t_all = 0.0
while time.monotonic() < end:
    tried += 1
    t0 = time.monotonic()
    s = socket.socket()
    s.settimeout(1.0)
    try:
        s.connect((host, port))
        t1 = time.monotonic()
        s.sendall(b"GET /small HTTP/1.0\r\n\r\n")
        got = b""
        while b"\r\n" not in got and time.monotonic() - t0 < 1.0:
            s.settimeout(max(0.01, 1.0 - (time.monotonic() - t0)))
            d = s.recv(256)
            if not d:
                break
            got += d
        if got.startswith(b"HTTP/1.0 200") and time.monotonic() - t0 <= 1.0:
            ok += 1
            t_conn += t1 - t0
            t_all += time.monotonic() - t0
    except OSError:
        pass
    finally:
        s.close()
print(tried, ok, int(t_conn * 1000 / max(ok, 1)), int(t_all * 1000 / max(ok, 1)))
EOF
}

# cpu_ticks: "softirq total" jiffies of all CPUs (/proc/stat)
cpu_ticks() {
	awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print $8, t }' /proc/stat
}

# flood_run LABEL: spoofed SYNs (hping3, 1,000/s, random sources) at PORT
# while connect_loop runs FLOOD_SECS (default 8) seconds: one table row,
# and FLOOD_* for the caller
flood_run() {
	local label=$1 fpid tried ok ss0 ld0 po0 sa0 ss ld po sa lo0 lo
	local si0 tt0 si1 tt1
	ss0=$(nstat_get TcpExtSyncookiesSent) ld0=$(nstat_get TcpExtListenDrops)
	po0=$(nstat_get TcpPassiveOpens) sa0=$(port_stat syn-answered)
	lo0=$(nstat_get TcpExtListenOverflows)
	local secs=${FLOOD_SECS:-8}
	ip netns exec "$NS" timeout $((secs + 4)) hping3 -q -S -p $PORT -i u1000 --rand-source "$LOCAL_V4" \
		>/dev/null 2>&1 &
	fpid=$!
	sleep 1
	read -r si0 tt0 < <(cpu_ticks)
	read -r tried ok _ < <(connect_loop "$secs")
	read -r si1 tt1 < <(cpu_ticks)
	kill $fpid 2>/dev/null
	wait $fpid 2>/dev/null
	ss=$(nstat_get TcpExtSyncookiesSent) ld=$(nstat_get TcpExtListenDrops)
	po=$(nstat_get TcpPassiveOpens) sa=$(port_stat syn-answered)
	lo=$(nstat_get TcpExtListenOverflows)
	# Guest CPU time in softirq over the client loop (all CPUs; the
	# peer's receive of the SYN-ACKs counts too): milliseconds, and the
	# share of all CPU time.
	local clk si_ms si_pct
	clk=$(getconf CLK_TCK)
	si_ms=$(((si1 - si0) * 1000 / clk))
	si_pct=$(awk -v s=$((si1 - si0)) -v t=$((tt1 - tt0)) 'BEGIN { printf "%.1f", t ? 100 * s / t : 0 }')
	printf '%-4s served within 1 s %4s/%-4s (%s%%) host: SyncookiesSent +%s ListenDrops +%s ListenOverflows +%s PassiveOpens +%s; device syn-answered +%s; softirq %s ms (%s%% of CPU time)\n' \
		"$label" "$ok" "$tried" "$(( tried ? ok * 100 / tried : 0 ))" \
		$((ss - ss0)) $((ld - ld0)) $((lo - lo0)) $((po - po0)) $((sa - sa0)) \
		"$si_ms" "$si_pct"
	FLOOD_OK=$ok FLOOD_TRIED=$tried FLOOD_SS=$((ss - ss0)) FLOOD_LD=$((ld - ld0))
	FLOOD_LO=$((lo - lo0)) FLOOD_PO=$((po - po0)) FLOOD_SA=$((sa - sa0))
	FLOOD_SI_MS=$si_ms FLOOD_SI_PCT=$si_pct
}
