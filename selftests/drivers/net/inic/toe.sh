#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# TOE connection handoff (Documentation/driver.rst "TOE connection
# handoff"): the device answers SYNs to a listener registered with
# `inictl toe listen add` with SYN cookies, and the ACK that completes the
# handshake reaches the host with the negotiated parameters; inictl's
# tc-ingress program turns it into a request socket of the listener, so an
# unmodified server accepts the connection.
#
#   toe_bad_input     refusals: TCP port 0, a duplicate, deleting what is
#                     not there, an unknown netdev, tcp_syncookies=0: one
#                     readable line, exit 1, nothing registered
#   toe_attach        the first listener attaches the program to clsact
#                     ingress, the last one leaving detaches it
#   toe_http_v4/v6    python3 -m http.server behind a listener; curl from
#                     the peer fetches a 1 MB file byte-exact (sha256),
#                     and uploads it to a socat server; the device counted the
#                     SYN-ACKs and handshakes, the host sent no SYN-ACK of
#                     its own (TcpExtSyncookiesSent unchanged) and its
#                     TcpPassiveOpens grew by the device's handshakes
#   toe_vlan          the same through a VLAN subinterface (id 77) on the
#                     port and on the peer, IPv4 and IPv6
#   toe_options       ss -tie of a handed-off connection: MSS, window
#                     scaling, SACK and timestamps on the server are the
#                     client's view mirrored
#   toe_iperf3        an iperf3 server: its control and data connections
#                     are both handed off (syn-answered +2, passive opens
#                     +2); the host saw no SYN and sent no SYN-ACK
#   toe_listener_closed  a scapy client gets the SYN-ACK, the server
#                     stops, then the ACK comes: the host resets it, no
#                     socket is left
#   toe_flood         spoofed SYNs (hping3 --rand-source) at the listener
#                     while a client loop connects: the fraction that
#                     are served within 1 s, and the host's SYN counters,
#                     handoff on, then off; on: >= 95% (goal 99%, TCG
#                     stalls), the host sent no cookie and dropped no SYN
#   toe_flood_add_del listeners added and removed 10 times under a SYN
#                     flood: toe show, the engine and the program agree
#                     each time; a listener and a connection work after
#   toe_accept_rate   connections per second of a client loop, handoff on
#                     vs off (diagnostics)
#   toe_netdev_gone   listeners go with the module: rmmod with listeners
#                     present leaves no WARN (run_tests.sh checks the log)
#                     and the reloaded driver starts with none
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"
. "$dir/toe_lib.sh"

# refused WHAT EXPECT CMD...: CMD exits 1 with one line matching EXPECT
refused() {
	local what=$1 expect=$2 out rc
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	[ $rc -eq 1 ] || fail "$what: exit $rc (want 1): $out" || return
	[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] ||
		fail "$what: more than one line: $out" || return
	[[ $out == *"$expect"* ]] || fail "$what: \"$out\" lacks \"$expect\"" || return
	echo "$what: $out"
}

toe_bad_input() {
	local sc
	del_all
	refused "port 0" "TCP port 0" inictl toe listen add dev "$NETIF" port 0 family inet || return
	inictl toe listen add dev "$NETIF" port $PORT family inet || fail "add" || return
	refused "duplicate" "already registered" \
		inictl toe listen add dev "$NETIF" port $PORT family inet || return
	refused "del of nothing" "no such listener" \
		inictl toe listen del dev "$NETIF" port $((PORT + 1)) family inet || return
	refused "unknown netdev" "no network device" \
		inictl toe listen add dev nosuchdev0 port $PORT || return
	refused "not an inic port" "no inic port" \
		inictl toe listen add dev lo port $PORT || return
	inictl toe listen del dev "$NETIF" port $PORT family inet || fail "del" || return
	sc=$(sysctl -n net.ipv4.tcp_syncookies)
	sysctl -qw net.ipv4.tcp_syncookies=0
	refused "tcp_syncookies=0" "tcp_syncookies is 0" \
		inictl toe listen add dev "$NETIF" port $PORT family inet
	local r=$?
	sysctl -qw net.ipv4.tcp_syncookies="$sc"
	[ $r -eq 0 ] || return 1
	[ "$(toe_json '.listener | length')" = 0 ] ||
		fail "listeners left after the refusals: $(inictl toe show dev "$NETIF")" || return
	[ "$(toe_json .enabled)" = 0 ] || fail "engine on with no listener" || return
}

toe_attach() {
	del_all
	attached && fail "program attached with no listener" && return
	inictl toe listen add dev "$NETIF" port $PORT || fail "add" || return
	attached || fail "no program on $NETIF ingress after the first listener" || return
	[ "$(toe_json '.listener | length')" = 2 ] ||
		fail "want an IPv4 and an IPv6 listener: $(inictl toe show dev "$NETIF")" || return
	[ "$(toe_json .enabled)" = 1 ] || fail "engine off with listeners" || return
	inictl toe listen add dev "$NETIF" port $((PORT + 1)) addr "$LOCAL_V4" || fail "add 2" || return
	inictl toe listen del dev "$NETIF" port $PORT || fail "del" || return
	attached || fail "program detached while a listener is left" || return
	inictl toe listen del dev "$NETIF" port $((PORT + 1)) addr "$LOCAL_V4" || fail "del 2" || return
	attached && fail "program still attached after the last listener left" && return
	[ "$(toe_json .enabled)" = 0 ] || fail "engine on with no listener" || return
	echo "attached with the first listener, detached with the last"
}

# fetch HOST: download 1 MB from the http.server through the handoff
fetch() {
	local host=$1 out=/tmp/toe-got
	local sum got
	rm -f $out
	ip netns exec "$NS" timeout 60 curl -gsS --max-time 50 -o $out "http://$host:$PORT/file" ||
		fail "curl http://$host:$PORT/file failed" || return
	sum=$(sha256sum <"$WEB/file")
	got=$(sha256sum <$out)
	[ "$sum" = "$got" ] || fail "downloaded file differs ($got vs $sum)" || return
	echo "GET http://$host:$PORT/file: 1 MB byte-exact"
}

up_listening() {
	ss -Htln "sport = :$UPORT" | grep -q .
}

# upload HOST (IPv4, or [IPv6]): the peer sends 1 MB to a socat server
# through the handoff
upload() {
	local addr=$1 spid sum got	# addr: as socat takes it
	rm -f /tmp/toe-up
	timeout 60 socat -u TCP6-LISTEN:$UPORT,ipv6only=0,reuseaddr OPEN:/tmp/toe-up,creat,trunc &
	spid=$!
	poll 10 up_listening || { kill $spid; fail "socat not listening"; return; }
	ip netns exec "$NS" timeout 50 socat -u OPEN:"$WEB/file" TCP:"$addr":$UPORT ||
		{ kill $spid; fail "upload to $addr:$UPORT failed"; return; }
	wait $spid || fail "socat server failed" || return
	sum=$(sha256sum <"$WEB/file")
	got=$(sha256sum </tmp/toe-up)
	[ "$sum" = "$got" ] || fail "uploaded file differs" || return
	echo "upload to $addr:$UPORT: 1 MB byte-exact"
}

http_case() {
	local host=$1 sa0 hs0 po0 ss0 sa hs po ss
	del_all
	start_server || { stop_server; return 1; }
	inictl toe listen add dev "$NETIF" port $PORT || { stop_server; fail "listen add"; return; }
	inictl toe listen add dev "$NETIF" port $UPORT || { stop_server; del_all; fail "listen add"; return; }
	sa0=$(port_stat syn-answered) hs0=$(port_stat handshakes)
	po0=$(nstat_get TcpPassiveOpens) ss0=$(nstat_get TcpExtSyncookiesSent)
	fetch "$host" && upload "$host"
	local rc=$?
	sa=$(port_stat syn-answered) hs=$(port_stat handshakes)
	po=$(nstat_get TcpPassiveOpens) ss=$(nstat_get TcpExtSyncookiesSent)
	stop_server
	del_all
	inictl toe listen del dev "$NETIF" port $UPORT >/dev/null 2>&1
	[ $rc -eq 0 ] || return 1
	echo "device: syn-answered +$((sa - sa0)) handshakes +$((hs - hs0)); host: TcpPassiveOpens +$((po - po0)) TcpExtSyncookiesSent +$((ss - ss0))"
	# Two connections: two SYNs the device answered, two sockets the host
	# made of them. The device marks every segment that returns the
	# cookie (the handshake's ACK, then the request, which carries the
	# same numbers): handshakes counts those, at least two.
	[ $((sa - sa0)) -eq 2 ] || fail "the device answered $((sa - sa0)) SYNs (want 2)" || return
	[ $((hs - hs0)) -ge 2 ] || fail "the device completed $((hs - hs0)) handshakes (want 2+)" || return
	[ $((po - po0)) -eq 2 ] ||
		fail "host passive opens +$((po - po0)) for two connections" || return
	[ $((ss - ss0)) -eq 0 ] || fail "the host sent SYN cookies of its own" || return
}

toe_http_v4() {
	http_case "$LOCAL_V4"
}

toe_http_v6() {
	[ -n "${LOCAL_V6:-}" ] || skip "no IPv6 address on $NETIF" || return
	http_case "[$LOCAL_V6]"
}

# ss_opts: "mss wscale sack ts" of the one established connection (ss -tie)
ss_opts() {
	local l mss ws sack ts
	l=$("$@" ss -tieHn state established "( sport = :$PORT or dport = :$PORT )" 2>/dev/null |
		tr -s ' ')
	[ -n "$l" ] || return 1
	mss=$(grep -o ' mss:[0-9]*' <<<"$l" | head -1 | cut -d: -f2)
	ws=$(grep -o ' wscale:[0-9]*,[0-9]*' <<<"$l" | cut -d: -f2)
	sack=$(grep -qw sack <<<"$l" && echo sack || echo nosack)
	ts=$(grep -qw ts <<<"$l" && echo ts || echo nots)
	echo "${mss:-?} ${ws:-none} $sack $ts"
}

toe_options() {
	local srv cli cpid
	del_all
	start_server || { stop_server; return 1; }
	inictl toe listen add dev "$NETIF" port $PORT family inet || { stop_server; fail "listen add"; return; }
	# A connection that stays open while both ends are looked at.
	ip netns exec "$NS" timeout 20 socat -u EXEC:"sleep 8" TCP:"$LOCAL_V4":$PORT &
	cpid=$!
	poll 5 ss_opts >/dev/null || { kill $cpid; stop_server; del_all; fail "no established connection"; return; }
	srv=$(ss_opts)
	cli=$(ss_opts ip netns exec "$NS")
	kill $cpid 2>/dev/null
	wait $cpid 2>/dev/null
	stop_server
	del_all
	echo "server: $srv"
	echo "client: $cli"
	local sm sw ssk sts cm cw csk cts
	read -r sm sw ssk sts <<<"$srv"
	read -r cm cw csk cts <<<"$cli"
	[ "$ssk" = "$csk" ] && [ "$ssk" = sack ] || fail "SACK: server $ssk, client $csk" || return
	[ "$sts" = "$cts" ] && [ "$sts" = ts ] || fail "timestamps: server $sts, client $cts" || return
	# wscale:SND,RCV: the server's send shift is the client's receive shift
	[ "$sw" != none ] && [ "${sw%,*}" = "${cw#*,}" ] && [ "${sw#*,}" = "${cw%,*}" ] ||
		fail "window scale: server $sw, client $cw (want mirrored)" || return
	[ "$sm" = "$cm" ] || fail "MSS: server $sm, client $cm" || return
}

toe_flood() {
	command -v hping3 >/dev/null || skip "hping3 missing (scripts/setup-host.sh installs it)" || return
	del_all
	start_server || { stop_server; return 1; }
	inictl toe listen add dev "$NETIF" port $PORT || { stop_server; fail "listen add"; return; }
	flood_run on
	local on_ok=$FLOOD_OK on_tried=$FLOOD_TRIED on_ss=$FLOOD_SS on_ld=$FLOOD_LD
	del_all
	flood_run off
	stop_server
	inictl toe show dev "$NETIF" | sed 's/^/  /'
	[ "$on_tried" -gt 0 ] || fail "no connect tried" || return
	# The goal is 99%; a TCG guest on a loaded machine stalls now and
	# then for over a second whatever the handoff does (off loses as
	# many), so the bound is 95%. Measured with the handoff on
	# (2026-12, 4 workers on the machine): 87/88, 193/193 and 57/57
	# served within 1 s, no SYN retransmitted by the clients, no
	# synack-drops: the one miss was a stall, not a lost SYN-ACK. What the handoff must do without fail:
	# the host sees none of the flood.
	[ $((on_ok * 100)) -ge $((on_tried * 95)) ] ||
		fail "handoff on: only $on_ok of $on_tried served within 1 s" || return
	[ "$on_ss" -eq 0 ] || fail "handoff on: the host sent $on_ss SYN cookies" || return
	[ "$on_ld" -eq 0 ] || fail "handoff on: the host dropped $on_ld SYNs (ListenDrops)" || return
}

# Handoff on and off in turn, twice (4 s each): the machine's load moves
# under TCG, so each side gets the same share of it.
toe_accept_rate() {
	local tried ok on=0 off=0 i c a con=0 aon=0 coff=0 aoff=0
	del_all
	start_server || { stop_server; return 1; }
	for i in 1 2; do
		inictl toe listen add dev "$NETIF" port $PORT family inet ||
			{ stop_server; fail "listen add"; return; }
		read -r tried ok c a < <(connect_loop 4)
		on=$((on + ok)) con=$((con + c)) aon=$((aon + a))
		del_all
		read -r tried ok c a < <(connect_loop 4)
		off=$((off + ok)) coff=$((coff + c)) aoff=$((aoff + a))
	done
	stop_server
	echo "accept rate (connect + GET /small served within 1 s, one client, 2 x 4 s each, TCG guest): handoff on $((on / 8))/s ($on), off $((off / 8))/s ($off)"
	echo "mean connect() / connect-to-response: on $((con / 2)) / $((aon / 2)) ms, off $((coff / 2)) / $((aoff / 2)) ms"
	[ "$on" -gt 0 ] || fail "no connection accepted with the handoff on" || return
}

# toe_vlan: http_case through a VLAN subinterface (802.1Q, id 77) on the
# port and on the peer, IPv4 and IPv6: the device answers the tagged SYN
# with a tagged SYN-ACK, and the ACK, its tag stripped by the device, is
# handed off on the port's netdev before the VLAN device takes it.
VLAN=77
vlan_down() {
	ip link del toev$VLAN 2>/dev/null
	ip -n "$NS" link del toev$VLAN 2>/dev/null
	return 0
}

toe_vlan() {
	local rc
	vlan_down
	{ ip link add link "$NETIF" name toev$VLAN type vlan id $VLAN &&
		ip addr add 10.77.0.1/24 dev toev$VLAN &&
		ip addr add fd77::1/64 dev toev$VLAN nodad &&
		ip link set toev$VLAN up &&
		ip -n "$NS" link add link "$REMOTE_IF" name toev$VLAN type vlan id $VLAN &&
		ip -n "$NS" addr add 10.77.0.2/24 dev toev$VLAN &&
		ip -n "$NS" addr add fd77::2/64 dev toev$VLAN nodad &&
		ip -n "$NS" link set toev$VLAN up; } ||
		{ vlan_down; fail "VLAN $VLAN set-up"; return; }
	poll 20 ip netns exec "$NS" ping -c1 -W1 10.77.0.1 >/dev/null ||
		{ vlan_down; fail "no ping through VLAN $VLAN"; return; }
	http_case 10.77.0.1 && http_case "[fd77::1]"
	rc=$?
	vlan_down
	return $rc
}

# sniff_start IFACE OUT: tcp_sniff.py on IFACE (this namespace) into OUT,
# for TCP port PORT; sniff_stop ends it.
sniff_start() {
	/usr/bin/python3 "$dir/tcp_sniff.py" "$1" $PORT >"$2" 2>"$2.err" &
	SNIFF_PID=$!
	poll 30 grep -q ready "$2.err" || { sniff_stop; fail "tcp_sniff.py not ready"; }
}

sniff_stop() {
	if [ -n "${SNIFF_PID:-}" ]; then
		kill "$SNIFF_PID" 2>/dev/null
		wait "$SNIFF_PID" 2>/dev/null
	fi
	SNIFF_PID=
	return 0
}

# toe_iperf3: an unmodified iperf3 server behind a listener: its control
# and data connections are both handed off (two SYNs answered by the
# device, two passive opens on the host), the host saw no SYN and sent no
# SYN-ACK (a packet socket on the port's netdev saw none), and the data
# went through.
toe_iperf3() {
	local sa0 po0 sa po out spid syn synack rc bytes
	del_all
	inictl toe listen add dev "$NETIF" port $PORT || fail "listen add" || return
	timeout 90 iperf3 -s -1 -p $PORT >/tmp/toe-iperf3.log 2>&1 &
	spid=$!
	poll 30 listening || { kill $spid; del_all; fail "iperf3 server not listening"; return; }
	sniff_start "$NETIF" /tmp/toe-sniff || { kill $spid; del_all; return 1; }
	sa0=$(port_stat syn-answered) po0=$(nstat_get TcpPassiveOpens)
	out=$(ip netns exec "$NS" timeout 60 iperf3 -c "$LOCAL_V4" -p $PORT -t 2 -J 2>&1)
	rc=$?
	wait $spid 2>/dev/null
	sa=$(port_stat syn-answered) po=$(nstat_get TcpPassiveOpens)
	sniff_stop
	del_all
	[ $rc -eq 0 ] || fail "iperf3 client failed: $(tail -n 3 <<<"$out")" || return
	bytes=$(jq -r '.end.sum_received.bytes // 0' <<<"$out")
	syn=$(awk '$3 == "S"' /tmp/toe-sniff | wc -l)
	synack=$(awk '$3 == "S."' /tmp/toe-sniff | wc -l)
	echo "iperf3: $bytes bytes received; device syn-answered +$((sa - sa0)); host: TcpPassiveOpens +$((po - po0)), SYNs seen $syn, SYN-ACKs sent $synack"
	[ "${bytes%.*}" -gt 0 ] || fail "iperf3 moved no data" || return
	[ $((sa - sa0)) -eq 2 ] ||
		fail "the device answered $((sa - sa0)) SYNs (want 2: control and data)" || return
	[ $((po - po0)) -eq 2 ] || fail "host passive opens +$((po - po0)) (want 2)" || return
	[ "$syn" -eq 0 ] && [ "$synack" -eq 0 ] ||
		fail "the host saw $syn SYNs and sent $synack SYN-ACKs" || return
}

# toe_listener_closed: a scapy client in the peer (from an address of the
# subnet that the peer's kernel does not own, so it does not reset what
# scapy does by hand) sends a SYN and gets the device's SYN-ACK; the
# server is stopped; then the client sends the ACK. The device validates
# the cookie and hands the ACK to the host, the program finds no listener
# and passes it, and the host answers with a reset. No socket is left.
LC_SPORT=40123
lc_cleanup() {
	[ -n "${LC_SRV:-}" ] && kill "$LC_SRV" 2>/dev/null && wait "$LC_SRV" 2>/dev/null
	[ -n "${LC_CLI:-}" ] && kill "$LC_CLI" 2>/dev/null && wait "$LC_CLI" 2>/dev/null
	LC_SRV='' LC_CLI=''
	ip neigh del "$LC_ADDR" dev "$NETIF" 2>/dev/null
	rm -f /tmp/toe-lc.go
	del_all
}

toe_listener_closed() {
	local hs0 hs sa0 sa peer_mac mac left
	LC_ADDR=${REMOTE_V4%.*}.99
	del_all
	rm -f /tmp/toe-lc.go /tmp/toe-lc.out
	peer_mac=$(ip -n "$NS" -j link show dev "$REMOTE_IF" | jq -r '.[0].address')
	mac=$(cat "/sys/class/net/$NETIF/address")
	ip neigh replace "$LC_ADDR" lladdr "$peer_mac" dev "$NETIF" nud permanent ||
		fail "neighbour entry for $LC_ADDR" || return
	python3 -c "
import socket, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('0.0.0.0', $PORT))
s.listen(8)
time.sleep(300)" &
	LC_SRV=$!
	poll 30 listening || { lc_cleanup; fail "server not listening"; return; }
	inictl toe listen add dev "$NETIF" port $PORT family inet ||
		{ lc_cleanup; fail "listen add"; return; }
	hs0=$(port_stat handshakes) sa0=$(port_stat syn-answered)
	ip netns exec "$NS" timeout 120 /usr/bin/python3 - "$REMOTE_IF" "$LC_ADDR" \
		"$LOCAL_V4" $PORT $LC_SPORT "$mac" >/tmp/toe-lc.out 2>&1 <<'EOF' &
import os, sys, time
from scapy.all import Ether, IP, TCP, AsyncSniffer, conf, sendp
conf.verb = 0
ifc, src, dst, port, sport, mac = sys.argv[1:7]
port, sport = int(port), int(sport)
def ours(p):
    return TCP in p and p[TCP].sport == port and p[TCP].dport == sport
got = []	# AsyncSniffer's results exist only after stop(): our own list
sn = AsyncSniffer(iface=ifc, lfilter=ours, prn=got.append, store=False)
sn.start()
time.sleep(2)
l2 = Ether(dst=mac) / IP(src=src, dst=dst)
opts = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1000, 0)),
        ("NOP", None), ("WScale", 7)]
def wait_for(flags, secs):
    end = time.monotonic() + secs
    while time.monotonic() < end:
        for p in list(got):
            if p[TCP].flags & flags == flags:
                return p
        time.sleep(0.05)
    return None
sendp(l2 / TCP(sport=sport, dport=port, flags="S", seq=7000, options=opts),
      iface=ifc)
sa = wait_for(0x12, 20)
if sa is None:
    print("no SYN-ACK", flush=True)
    sys.exit(1)
ts = dict((o[0], o[1]) for o in sa[TCP].options if o[0] == "Timestamp")
print("SYN-ACK", flush=True)
end = time.monotonic() + 60
while not os.path.exists("/tmp/toe-lc.go") and time.monotonic() < end:
    time.sleep(0.05)
tsval = ts["Timestamp"][0] if ts else 0
sendp(l2 / TCP(sport=sport, dport=port, flags="A", seq=7001, ack=sa[TCP].seq + 1,
               options=[("NOP", None), ("NOP", None),
                        ("Timestamp", (1100, tsval))]), iface=ifc)
rst = wait_for(0x04, 20)
sn.stop()
print("RST" if rst is not None else "no RST", flush=True)
EOF
	LC_CLI=$!
	poll 60 grep -q "SYN-ACK" /tmp/toe-lc.out ||
		{ cat /tmp/toe-lc.out; lc_cleanup; fail "the client got no SYN-ACK"; return; }
	sa=$(port_stat syn-answered)
	# The server goes between the SYN-ACK and the ACK.
	kill "$LC_SRV"
	wait "$LC_SRV" 2>/dev/null
	LC_SRV=
	poll 10 sh -c "! ss -Htln 'sport = :$PORT' | grep -q ." ||
		{ lc_cleanup; fail "the server still listens"; return; }
	touch /tmp/toe-lc.go
	wait "$LC_CLI"
	LC_CLI=
	hs=$(port_stat handshakes)
	left=$(ss -Htan "( sport = :$PORT and dport = :$LC_SPORT )" | wc -l)
	lc_cleanup
	sed 's/^/client: /' /tmp/toe-lc.out
	echo "device: syn-answered +$((sa - sa0)) handshakes +$((hs - hs0)); sockets left for the tuple: $left"
	[ $((sa - sa0)) -eq 1 ] || fail "the device answered $((sa - sa0)) SYNs (want 1)" || return
	[ $((hs - hs0)) -eq 1 ] || fail "the device handed off $((hs - hs0)) ACKs (want 1)" || return
	grep -qx RST /tmp/toe-lc.out || fail "the client got no reset" || return
	[ "$left" -eq 0 ] || fail "$left sockets left for the closed listener's tuple" || return
}

# toe_flood_add_del: listeners added and removed in turn while spoofed
# SYNs flood the port: each state is what toe show says (listener count,
# engine, program), the device answered SYNs while a listener was there,
# and afterwards a listener and a real connection work as before.
toe_flood_add_del() {
	command -v hping3 >/dev/null || skip "hping3 missing (scripts/setup-host.sh installs it)" || return
	local fpid i n sa0 sa1 hs0 hs1 rc=0
	del_all
	start_server || { stop_server; return 1; }
	sa0=$(port_stat syn-answered)
	ip netns exec "$NS" timeout 60 hping3 -q -S -p $PORT -i u1000 --rand-source "$LOCAL_V4" \
		>/dev/null 2>&1 &
	fpid=$!
	for i in $(seq 1 10); do
		inictl toe listen add dev "$NETIF" port $PORT &&
			inictl toe listen add dev "$NETIF" port $((PORT + 1)) addr "$LOCAL_V4" ||
			{ fail "round $i: listen add"; rc=1; break; }
		n=$(toe_json '.listener | length')
		[ "$n" = 3 ] && [ "$(toe_json .enabled)" = 1 ] && attached ||
			{ fail "round $i: $n listeners, engine $(toe_json .enabled) after adding 3"; rc=1; break; }
		inictl toe listen del dev "$NETIF" port $PORT &&
			inictl toe listen del dev "$NETIF" port $((PORT + 1)) addr "$LOCAL_V4" ||
			{ fail "round $i: listen del"; rc=1; break; }
		n=$(toe_json '.listener | length')
		[ "$n" = 0 ] && [ "$(toe_json .enabled)" = 0 ] && ! attached ||
			{ fail "round $i: $n listeners, engine $(toe_json .enabled) after removing all"; rc=1; break; }
	done
	sa1=$(port_stat syn-answered)
	kill $fpid 2>/dev/null
	wait $fpid 2>/dev/null
	echo "10 rounds of add/del under the flood: the device answered $((sa1 - sa0)) SYNs meanwhile"
	[ $rc -eq 0 ] || { stop_server; del_all; return 1; }
	[ $((sa1 - sa0)) -gt 0 ] || { stop_server; fail "the flood never met a listener"; return; }
	# After the flood: a listener, and one real connection through it.
	inictl toe listen add dev "$NETIF" port $PORT || { stop_server; fail "listen add after"; return; }
	sa0=$(port_stat syn-answered) hs0=$(port_stat handshakes)
	ip netns exec "$NS" timeout 30 curl -sS --max-time 20 -o /dev/null "http://$LOCAL_V4:$PORT/small"
	rc=$?
	sa1=$(port_stat syn-answered) hs1=$(port_stat handshakes)
	stop_server
	del_all
	[ $rc -eq 0 ] || fail "curl after the flood failed" || return
	echo "after: one curl, syn-answered +$((sa1 - sa0)) handshakes +$((hs1 - hs0))"
	[ $((sa1 - sa0)) -eq 1 ] && [ $((hs1 - hs0)) -ge 1 ] ||
		fail "the last connection was not handed off" || return
}

toe_netdev_gone() {
	local out
	inictl toe listen add dev "$NETIF" port $PORT || fail "listen add" || return
	attached || fail "program not attached" || return
	out=$(timeout 30 rmmod inic 2>&1) || fail "rmmod inic: $out" || return
	out=$(timeout 30 modprobe inic 2>&1) || fail "modprobe inic: $out" || return
	out=$(inic-vm-net setup-local 2>&1) || fail "address/up/carrier: $out" || return
	refresh_env
	[ "$(toe_json '.listener | length')" = 0 ] || fail "listeners after reload" || return
	echo "rmmod with 2 listeners; after modprobe: none"
}

ktap_plan 12
run_test toe_bad_input toe_bad_input
run_test toe_attach toe_attach
run_test toe_http_v4 toe_http_v4
run_test toe_http_v6 toe_http_v6
run_test toe_vlan toe_vlan
run_test toe_options toe_options
run_test toe_iperf3 toe_iperf3
run_test toe_listener_closed toe_listener_closed
run_test toe_flood toe_flood
run_test toe_flood_add_del toe_flood_add_del
run_test toe_accept_rate toe_accept_rate
run_test toe_netdev_gone toe_netdev_gone
del_all
ktap_finish
