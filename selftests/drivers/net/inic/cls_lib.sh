# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Helpers of the classifier selftests (cls_ntuple.sh, cls_flower.sh),
# sourced after lib.sh, with IF the port under test.

# stat NAME: one ethtool -S counter of port 0 (0 when absent)
stat() {
	ethtool -S "$IF" | awk -v n="$1:" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }'
}

# stat_at_least NAME VALUE: ethtool -S counter NAME has reached VALUE
stat_at_least() {
	[ "$(stat "$1")" -ge "$2" ]
}

# rx_at_least DEV VALUE: DEV's rx_packets has reached VALUE
rx_at_least() {
	[ "$(dev_stat "$1" rx_packets)" -ge "$2" ]
}

channels() {
	ethtool -l "$IF" | awk '/^Combined:/ { v = $2 } END { print v }'
}

# rings_rx: "rx0 rx1 ..." packet counters of the active rings
rings_rx() {
	local q out=""
	for ((q = 0; q < $(channels); q++)); do out="$out $(stat rx${q}_packets)"; done
	echo $out
}

# peer_send KIND DST PORT COUNT: COUNT frames from the peer namespace.
# KIND udp4|udp6 (datagrams to PORT), udp4m (the same, each from its own
# source port), tcp4|tcp6 (connection attempts:
# one SYN each, answered by a RST), ether (EtherType PORT to DST's MAC).
peer_send() {
	ip netns exec "$NS" python3 - "$@" "${REMOTE_IF:-}" <<'EOF'
import socket, sys, time
kind, dst, port, count, rif = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), int(sys.argv[4]), sys.argv[5]
if kind in ("udp4", "udp6"):
    fam = socket.AF_INET if kind == "udp4" else socket.AF_INET6
    s = socket.socket(fam, socket.SOCK_DGRAM)
    for i in range(count):
        s.sendto(b"inic-cls %d" % i, (dst, port))
        time.sleep(0.002)
elif kind == "udp4m":	# a new socket (source port) per datagram: many flows
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"inic-cls %d" % i, (dst, port))
        s.close()
        time.sleep(0.002)
elif kind in ("tcp4", "tcp6"):
    fam = socket.AF_INET if kind == "tcp4" else socket.AF_INET6
    for i in range(count):
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(2)
        try:
            s.connect((dst, port))
        except OSError:
            pass
        s.close()
else:
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((rif, 0))
    src = s.getsockname()[4]
    mac = bytes.fromhex(dst.replace(":", ""))
    for i in range(count):
        s.send(mac + src + port.to_bytes(2, "big") + b"inic-cls".ljust(46, b"\0"))
        time.sleep(0.002)
EOF
}

# With r0 and r1 (rings_rx before and after) set by the caller:
# rings_delta prints " rx0 +N rx1 +M ..."; rings_check RING COUNT checks
# that ring RING got at least COUNT and every other ring at most NOISE.
rings_delta() {
	local q
	for q in "${!r0[@]}"; do printf ' rx%d +%d' "$q" $((r1[q] - r0[q])); done
}

rings_check() {
	local q
	for q in "${!r0[@]}"; do
		if [ "$q" -eq "$1" ]; then
			[ $((r1[q] - r0[q])) -ge "$2" ] ||
				fail "ring $q received $((r1[q] - r0[q])), not at least $2" || return
		else
			[ $((r1[q] - r0[q])) -le $NOISE ] ||
				fail "ring $q received $((r1[q] - r0[q])) though the rule steers to ring $1" || return
		fi
	done
}
